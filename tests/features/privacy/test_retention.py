"""Retention: the scheduler deletes what is past its time — answer texts a year after the group's last prompt,
message contents after 30 days, the hint log after 14, audit entries after 24 months — and nothing younger;
bad settings (0, negative) are refused with a clear message; `samskaping retention --dry-run` changes nothing."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from bot.cli import app as cli
from bot.errors import ConfigurationError
from bot.features.audit.tables import AuditEntry
from bot.features.language.tables import HintLog
from bot.features.privacy import retention
from bot.features.privacy.erasure import EMPTY_PAYLOAD
from bot.features.prompts.tables import Reflection
from bot.kernel.storage import migrate
from bot.kernel.storage.tables import Outbox
from bot.settings import load_settings
from tests.fakes import Conversation
from tests.features.prompts.programme_helpers import group_on_demo_programme

ANSWER = "Vi lærte mye om hverandres hverdag i dag."


async def _a_week_of_activity(convo: Conversation) -> None:
    await group_on_demo_programme(convo)
    await convo.wait(timedelta(days=1, hours=2))
    await convo.say(f"/samskaping refleksjon {ANSWER}", as_="ola")
    await convo.say("Vi må sikre god forankring i ledelsen før neste samling.", as_="siri")  # a hint is logged
    await convo.say("/samskaping milepæl ny 15.12.2027 Møte med rådmannen", as_="kari")  # an audit entry


async def _state(convo: Conversation) -> dict[str, object]:
    async with convo.app.ctx.uow() as uow:
        s = uow.session
        return {"answers": [r.text for r in (await s.exec(select(Reflection))).all()],
                "hints": len((await s.exec(select(HintLog))).all()),
                "audit": len((await s.exec(select(AuditEntry))).all()),
                "emptied": sum(o.payload == EMPTY_PAYLOAD for o in (await s.exec(select(Outbox))).all()),
                "outbox": len((await s.exec(select(Outbox))).all())}


async def test_nothing_young_is_touched_and_old_things_go_in_their_own_time(convo: Conversation) -> None:
    await _a_week_of_activity(convo)
    fresh = await _state(convo)
    assert fresh["answers"] == [ANSWER] and fresh["hints"] == 1 and fresh["audit"] and fresh["emptied"] == 0
    settings, now = convo.app.ctx.settings, convo.app.ctx.clock.now()
    async with convo.app.ctx.uow() as uow:
        assert await retention.enforce(uow, settings, now) == 0
        counted = dict((rule.what, n) for rule, n in await retention.due(uow, settings, now + timedelta(days=31)))
        assert counted["outbox"] > 0  # the messages sent in the first days
        assert counted["hint_log"] == 1 and counted["answers"] == 0 and counted["audit"] == 0
        await retention.enforce(uow, settings, now + timedelta(days=31))
        await uow.commit()
    month = await _state(convo)
    assert month["answers"] == [ANSWER] and month["hints"] == 0 and month["audit"] == fresh["audit"]
    assert month["emptied"] == counted["outbox"] and month["outbox"] == fresh["outbox"]  # rows (keys) stay
    async with convo.app.ctx.uow() as uow:
        await retention.enforce(uow, settings, now + timedelta(days=3 * 365))
        await uow.commit()
    later = await _state(convo)
    assert later["answers"] == [""] and later["audit"] == 0  # the demo programme ended long before


async def test_the_scheduler_enforces_retention_on_its_tick(convo: Conversation) -> None:
    await _a_week_of_activity(convo)
    convo.app.ctx.clock.set(convo.app.ctx.clock.now() + timedelta(days=3 * 365))  # type: ignore[attr-defined]
    await convo.app.tick()
    state = await _state(convo)
    assert state["answers"] == [""] and state["hints"] == 0


@pytest.mark.parametrize("name", ["RETENTION_ANSWERS_MONTHS", "RETENTION_OUTBOX_DAYS", "RETENTION_AUDIT_MONTHS"])
@pytest.mark.parametrize("value", ["0", "-3", "tolv"])
def test_zero_negative_or_words_are_refused_clearly(name: str, value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigurationError) as refused:
        load_settings(_env_file=None)
    [line] = refused.value.lines
    assert line.startswith(f"{name}: must be")
    assert ("0 or less would delete everything" in line) or ("whole number" in line)


def test_the_hint_log_keeps_at_least_the_budgets_week(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RETENTION_HINT_LOG_DAYS", "3")
    with pytest.raises(ConfigurationError, match="at least 8"):
        load_settings(_env_file=None)


def test_the_cli_dry_run_shows_and_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/retention.db"
    asyncio.run(migrate.upgrade(url))
    monkeypatch.setenv("DATABASE_URL", url)
    runner = CliRunner()
    shown = runner.invoke(cli, ["retention", "--dry-run"])
    assert shown.exit_code == 0 and "Dry run: nothing was changed." in shown.output
    assert "answers" in shown.output and "RETENTION_ANSWERS_MONTHS" in shown.output and "would go" in shown.output
    monkeypatch.setenv("RETENTION_OUTBOX_DAYS", "0")
    refused = runner.invoke(cli, ["retention", "--dry-run"])
    assert refused.exit_code == 2 and "RETENTION_OUTBOX_DAYS: must be at least 1" in refused.output
    assert "Traceback" not in refused.output


def test_docs_privacy_has_the_retention_table_of_the_default_settings() -> None:
    docs = (Path(__file__).resolve().parents[3] / "docs" / "privacy.md").read_text(encoding="utf-8")
    shown = docs.split("<!-- retention:start -->\n")[1].split("<!-- retention:end -->")[0]
    assert shown.strip() == retention.markdown_table(load_settings(_env_file=None)).strip(), \
        "regenerate the table with `samskaping retention --markdown`"
