"""Migrations build exactly the schema the code declares, on each database backend."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

from bot.bootstrap import table_modules
from bot.kernel.storage import migrate
from bot.kernel.storage.engine import create_engine


async def test_upgrade_creates_the_schema_the_tables_declare(tmp_path: object, postgres_url: str | None) -> None:
    urls = [f"sqlite+aiosqlite:///{tmp_path}/migrated.db"]
    if postgres_url:
        urls.append(postgres_url.rsplit("/", 1)[0] + "/" + postgres_url.rsplit("/", 1)[1])
    assert len(table_modules()) >= 10  # every table module, named explicitly, is on the metadata
    for url in urls:
        engine = create_engine(url)
        async with engine.begin() as connection:
            await connection.run_sync(SQLModel.metadata.drop_all)
            await connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        await migrate.upgrade(url)
        async with engine.connect() as connection:
            diff = await connection.run_sync(
                lambda c: compare_metadata(MigrationContext.configure(c, opts={"compare_type": False}),
                                           SQLModel.metadata))
        assert await migrate.is_current(engine)
        await engine.dispose()
        assert diff == [], f"{url.split(':')[0]}: migrations and tables differ: {diff}"
