"""Migrations build exactly the schema the code declares, on each database backend."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, inspect
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


def _schema(connection: Connection) -> dict[str, object]:
    """Everything a schema declares, table by table, as the database reports it."""
    inspector = inspect(connection)
    return {table: {
        "columns": sorted((c["name"], str(c["type"]), c["nullable"], str(c.get("default"))) for c in
                          inspector.get_columns(table)),  # by name: a migration appends a column
        "primary key": inspector.get_pk_constraint(table)["constrained_columns"],
        "foreign keys": sorted((tuple(f["constrained_columns"]), f["referred_table"], tuple(f["referred_columns"]),
                                str(f.get("options"))) for f in inspector.get_foreign_keys(table)),
        "indexes": sorted((i["name"], tuple(i["column_names"]), bool(i["unique"])) for i in
                          inspector.get_indexes(table)),
        "unique": sorted(tuple(u["column_names"]) for u in inspector.get_unique_constraints(table)),
        "checks": sorted(str(c["sqltext"]) for c in inspector.get_check_constraints(table)),
    } for table in sorted(inspector.get_table_names())}


async def test_a_new_database_built_from_the_tables_equals_one_built_by_the_migrations(
        tmp_path: object, postgres_url: str | None) -> None:
    urls = [f"sqlite+aiosqlite:///{tmp_path}/fresh.db"] + ([postgres_url] if postgres_url else [])
    table_modules()
    for url in urls:
        schemas = []
        for fresh_schema in (None, SQLModel.metadata):
            engine = create_engine(url)
            async with engine.begin() as connection:
                await connection.run_sync(SQLModel.metadata.drop_all)
                await connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
            await migrate.upgrade(url, fresh_schema=fresh_schema)
            async with engine.connect() as connection:
                schemas.append(await connection.run_sync(_schema))
            assert await migrate.is_current(engine)
            await engine.dispose()
        migrated, created = schemas
        assert created.keys() == migrated.keys()
        for table in migrated:
            assert created[table] == migrated[table], f"{url.split(':')[0]}: {table} differs"
