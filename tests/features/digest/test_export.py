"""The research export pseudonymises members and carries texts only with consent; the CLI on a migrated database."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from pathlib import Path

import pytest
from sqlmodel import col, select
from typer.testing import CliRunner

from bot.bootstrap import Container, build
from bot.cli import app as cli
from bot.clock import ManualClock
from bot.features.digest.export import export_rows, generalise, to_csv, to_json
from bot.features.digest.tables import ResearchConsent
from bot.kernel.storage import migrate
from bot.kernel.storage.tables import Member
from bot.settings import Settings
from tests.conftest import START
from tests.fakes import Conversation
from tests.features.digest.digest_fixture import SECRET, seed_programme
from tests.features.digest.test_digest import assert_no_person


async def _consent(uow, *users: str) -> None:  # noqa: ANN001
    members = (await uow.session.exec(select(Member).where(col(Member.user_id).in_(users)))).all()
    for member in members:
        uow.session.add(ResearchConsent(workspace_id=member.workspace_id, member_id=member.id, given_at=START))
    await uow.commit()


RESEARCHERS = ("kari", "ola", "per", "tor", "vera", "vidar")  # not siri (quote consent only), aud, or the lead


async def _rows(app: Container, salt: str = "salt-1"):  # noqa: ANN202
    async with app.ctx.uow() as uow:
        programme = await seed_programme(uow)
        await _consent(uow, *RESEARCHERS)
        return programme, await export_rows(uow.session, programme, salt)


async def test_export_has_only_research_consented_members_with_keyed_pseudonyms(app: Container) -> None:
    programme, rows = await _rows(app)
    assert len(rows) == 10  # kari 2, ola 3, per 1 (Bodø); tor 2; vera 1, vidar 1 — never siri, aud or lena
    assert all(r.member.startswith("m_") and len(r.member) == 18 for r in rows)
    assert len({r.member for r in rows}) == 6
    assert {r.week for r in rows} == {"2026-W48", "2026-W49"}  # weeks, not moments
    # no (municipality, sector) pair covers five of the six, so both are generalised for everyone
    assert {(r.municipality, r.sector) for r in rows} == {("*", "*")}
    for text in (to_csv(rows), to_json(programme, rows)):
        assert_no_person(text)
        assert SECRET not in text and "T-local" not in text and "Bodø" not in text


def test_places_are_generalised_until_five_share_them_or_left_out() -> None:
    people = {n: ("Bodø", "skole") for n in range(5)} | {5: ("Bodø", "barnehage"), 6: ("Bodø", "kulturskole")}
    people |= {n: ("Voss", "skole") for n in range(7, 10)}
    # five skole people in Bodø keep both; (Bodø, *) would be two people and (Voss, *) three, so those five
    # are published as (*, *)
    assert generalise(people) == {**{n: ("Bodø", "skole") for n in range(5)}, **{n: ("*", "*") for n in range(5, 10)}}
    assert generalise({1: ("Voss", "skole"), 2: ("Voss", "skole")}) == {}  # too few even as (*, *): left out


async def test_research_consent_is_given_shown_and_withdrawn_in_chat(convo: Conversation) -> None:
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    assert "ikke med i forskningsuttrekket" in await convo.say("/samskaping forskning", as_="kari")
    assert "Takk!" in await convo.say("/samskaping forskning ja", as_="kari")
    assert "Takk!" in await convo.say("/samskaping forskning", as_="kari")
    assert "ikke med i forskningsuttrekket" in await convo.say("/samskaping forskning nei", as_="kari")
    assert "forskning ja" in await convo.say("/samskaping forskning kanskje", as_="kari")
    assert "ikke med i gruppa" in await convo.say("/samskaping forskning ja", as_="ola")
    async with convo.app.ctx.uow() as uow:
        assert (await uow.session.exec(select(ResearchConsent))).all() == []


async def test_pseudonyms_are_stable_per_installation_and_differ_between_installations(app: Container) -> None:
    async with app.ctx.uow() as uow:
        programme = await seed_programme(uow)
        await _consent(uow, *RESEARCHERS)
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
            await _consent(uow, *RESEARCHERS)
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
    assert len(list(csv.DictReader(io.StringIO(exported.stdout)))) == 10
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
