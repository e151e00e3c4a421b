"""Persistence: SQLModel tables, the async engine, the unit of work and Alembic migrations.

Importing this package registers every table on `SQLModel.metadata` (for Alembic and the tests).
"""

from bot.storage import (  # noqa: F401 - each module registers its tables
    tables,
    tables_audit,
    tables_delivery,
    tables_digest,
    tables_language,
    tables_milestones,
    tables_slack,
    tables_teams,
)
