"""`samskaping audit --since … --format csv|json`: the operator's export of the audit log."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.bootstrap import build
from bot.cli import app
from bot.features.audit.tables import AuditEntry
from bot.kernel.storage import migrate
from bot.kernel.storage.tables import Workspace
from bot.settings import Settings


def _seed(url: str) -> None:
    async def seed() -> None:
        await migrate.upgrade(url)
        container = build(Settings(database_url=url, _env_file=None))  # type: ignore[call-arg]
        async with container.ctx.uow() as uow:
            ws = Workspace(platform="console", external_id="T", created_at=datetime(2026, 11, 1, tzinfo=UTC))
            uow.session.add(ws)
            await uow.flush()
            for day, verb in ((1, "set-up"), (3, "milestone-done"), (5, "milestone-delete")):
                uow.session.add(AuditEntry(workspace_id=ws.id, actor_user_id="U1", actor_role="coordinator",
                                           action="milepæl", verb=verb, target="#5",
                                           at=datetime(2026, 12, day, 9, tzinfo=UTC)))
            await uow.commit()
        await container.close()

    asyncio.run(seed())


def test_since_filters_and_verb_and_target_are_columns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/audit.db"
    _seed(url)
    monkeypatch.setenv("DATABASE_URL", url)
    runner = CliRunner()
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["audit", "--since", "2026-12-03"]).output)))
    assert [(r["verb"], r["target"]) for r in rows] == [("milestone-done", "#5"), ("milestone-delete", "#5")]
    as_json = json.loads(runner.invoke(app, ["audit", "--since", "2026-12-05T09:30+00:00", "--format", "json"]).output)
    assert as_json == []
    assert len(json.loads(runner.invoke(app, ["audit", "--format", "json"]).output)) == 3
    bad = runner.invoke(app, ["audit", "--since", "i går"])
    assert bad.exit_code == 2 and "is not a date" in bad.output and "Traceback" not in bad.output
