"""A committed unit of work costs no extra ROLLBACK when its connection goes back to the pool; an uncommitted
one is still rolled back (by the session itself)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from bot.kernel.storage.engine import create_engine, session_factory


async def test_the_pool_adds_no_rollback_after_a_commit_and_an_unfinished_transaction_is_undone(
        database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = create_engine(database_url)
    rollbacks: list[Any] = []
    real = engine.dialect.do_rollback
    monkeypatch.setattr(engine.dialect, "do_rollback", lambda connection: (rollbacks.append(1), real(connection)))
    sessions = session_factory(engine)
    try:
        async with sessions() as session:
            await session.exec(text("CREATE TABLE pool_probe (x INTEGER)"))  # type: ignore[call-overload]
            await session.commit()
        rollbacks.clear()  # the driver's first connection may roll back while it is set up
        for _ in range(5):
            async with sessions() as session:
                await session.exec(text("INSERT INTO pool_probe VALUES (1)"))  # type: ignore[call-overload]
                await session.commit()
        assert rollbacks == []  # one round trip fewer per committed unit of work
        async with sessions() as session:  # not committed: undone when the session closes
            await session.exec(text("INSERT INTO pool_probe VALUES (2)"))  # type: ignore[call-overload]
        async with sessions() as session:
            values = (await session.exec(text("SELECT x FROM pool_probe"))).all()  # type: ignore[call-overload]
        assert sorted(v[0] for v in values) == [1] * 5
        assert rollbacks  # by the session, not the pool
        async with sessions() as session:
            await session.exec(text("DROP TABLE pool_probe"))  # type: ignore[call-overload]
            await session.commit()
    finally:
        await engine.dispose()
