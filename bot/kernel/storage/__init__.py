"""Persistence: the kernel's SQLModel tables, the async engine, the unit of work and the migration runner.

Feature tables live in their features; `bot.bootstrap.table_modules()` lists every table module (for Alembic
and the tests).
"""
