"""Pure rules: no I/O, no SDKs, no sessions."""
