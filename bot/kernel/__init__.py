"""The kernel: what every feature shares (chat port, commands, delivery, storage, texts, programme, rules); it imports no feature."""
