"""The kernel: what every feature shares (chat port, commands, delivery, storage, texts, programme, rules).

It imports no feature: tests/test_architecture.py checks it.
"""
