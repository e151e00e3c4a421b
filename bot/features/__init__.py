"""Features: one folder each, with its rules, use cases, commands, tables and `feature.py` declaration.

`bot.features.enabled.FEATURES` is the one list bootstrap composes; a feature never registers itself.
"""
