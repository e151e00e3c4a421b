"""The research export pseudonymises members and carries texts only with consent; the CLI on a migrated database."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.bootstrap import Container, build
from bot.cli import app as cli
from bot.clock import ManualClock
from bot.features.digest.export import export_rows, to_csv, to_json
from bot.kernel.storage import migrate
from bot.settings import Settings
from tests.conftest import START
from tests.features.digest.digest_fixture import SECRET, seed_programme
from tests.features.digest.test_digest import assert_no_person


async def _rows(app: Container, salt: str = "salt-1"):  # noqa: ANN202
    async with app.ctx.uow() as uow:
        programme = await seed_programme(uow)
        return programme, await export_rows(uow.session, programme, salt)


async def test_export_pseudonymises_members_and_keeps_only_consented_texts(app: Container) -> None:
    programme, rows = await _rows(app)
    assert len(rows) == 13  # Bodø 4 + 4, Tromsø 2, Vik 2, Alta 1; the lead's answer is not research data
    assert all(r.member.startswith("m_") and len(r.member) == 18 for r in rows)
    assert len({r.member for r in rows}) == 8  # kari, ola, siri, per; tor; vera, vidar; aud
    assert sorted(r.text[:8] for r in rows if r.text) == ["Samarbei", "Som innb"]
    assert [r.length for r in rows if r.municipality == "Bodø" and r.answered_at.startswith("2026-12-03")] == [10]
    for text in (to_csv(rows), to_json(programme, rows)):
        assert_no_person(text)
        assert SECRET not in text and "T-local" not in text


async def test_pseudonyms_are_stable_per_installation_and_differ_between_installations(app: Container) -> None:
    async with app.ctx.uow() as uow:
        programme = await seed_programme(uow)
        first = await export_rows(uow.session, programme, "salt-1")
        again = await export_rows(uow.session, programme, "salt-1")
        other = await export_rows(uow.session, programme, "salt-2")
    assert [r.member for r in first] == [r.member for r in again]
    assert not {r.member for r in first} & {r.member for r in other}


def test_the_cli_writes_the_report_and_exports_csv_and_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/cli.db"

    async def prepare() -> None:
        await migrate.upgrade(url)  # the real migrations, 0004_digest included
        app = build(Settings(database_url=url, _env_file=None), clock=ManualClock(START))  # type: ignore[call-arg]
        async with app.ctx.uow() as uow:
            await seed_programme(uow)
        await app.close()

    asyncio.run(prepare())
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("DIGEST_MIN_GROUP_SIZE", "3")  # the hand-made groups are small
    runner = CliRunner()
    missing_salt = runner.invoke(cli, ["export", "--programme", "pilot"])
    assert missing_salt.exit_code == 2 and "EXPORT_PSEUDONYM_SALT" in missing_salt.output
    monkeypatch.setenv("EXPORT_PSEUDONYM_SALT", "cli-salt")
    exported = runner.invoke(cli, ["export", "--programme", "pilot", "--format", "csv"])
    assert exported.exit_code == 0, exported.output
    assert len(list(csv.DictReader(io.StringIO(exported.stdout)))) == 13
    as_json = runner.invoke(cli, ["export", "-p", "pilot", "-f", "json"])
    assert json.loads(as_json.stdout)["pseudonymised"] is True
    report = tmp_path / "report.html"
    written = runner.invoke(cli, ["digest", "--programme", "pilot", "--week", "2026-W49", "--html", str(report)])
    assert written.exit_code == 0, written.output
    assert "<svg" in report.read_text(encoding="utf-8")
    text = runner.invoke(cli, ["digest", "--programme", "pilot", "--week", "2026-W49"])
    assert "Alta" in text.stdout and "45 %" in text.stdout
    unknown = runner.invoke(cli, ["digest", "--programme", "nope"])
    assert unknown.exit_code == 1 and "Kjente programmer: pilot" in unknown.output
