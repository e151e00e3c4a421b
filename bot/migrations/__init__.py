"""Alembic migrations of every table: the kernel's and the features' (listed by `bot.bootstrap.table_modules`)."""
