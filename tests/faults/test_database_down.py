"""The database goes away for a while: people get the friendly apology (never a traceback, never silence),
the dispatcher sends nothing and loses nothing, and due items go out once the database is back."""

from __future__ import annotations

import json
import socket
from collections import Counter
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from sqlalchemy import text

from bot.adapters.memory import MemoryChat
from bot.bootstrap import Container, build
from bot.clock import ManualClock
from bot.kernel.chat.events import CommandEvent, MessageEvent
from bot.settings import Settings
from tests.adapters.slack.conftest import open_harness, signed_headers
from tests.adapters.slack.mock_slack import MockSlack
from tests.fakes import Conversation, actor
from tests.faults import ledger
from tests.faults.rows import seed, statuses

COMMANDS = ("status", "oppgave send", "refleksjon Vi lærte mye", "bli-med skole", "milepæl liste")


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # nothing listens there once the probe is closed


def _down(settings: Settings, tmp_path: object) -> Settings:
    """The same settings with the database unreachable (a closed port, or a file that cannot be opened)."""
    if settings.is_sqlite:
        url = f"sqlite+aiosqlite:///{tmp_path}/missing-dir/none.db"
    else:
        url = f"postgresql+asyncpg://postgres@127.0.0.1:{_closed_port()}/gone"
    return settings.model_copy(update={"database_url": url})


async def _group_with_due_rows(convo: Conversation, app: Container) -> list[str]:
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    await convo.say("/samskaping bli-med skole", as_="ola")
    keys = [f"down:{i}" for i in range(5)]
    await seed(app, "console", "T-local", keys, channels=["C-bodo"])
    return keys


async def test_while_the_database_is_down_people_get_the_apology_and_rows_wait(
        app: Container, chat: MemoryChat, convo: Conversation, clock: ManualClock, settings: Settings,
        tmp_path: object, caplog: pytest.LogCaptureFixture) -> None:
    keys = await _group_with_due_rows(convo, app)
    down = build(_down(settings, tmp_path), clock=clock, ports={"console": chat})
    apology = app.ctx.t("nb", "errors.bug")
    replies = []
    for command in COMMANDS:
        replies += await down.router.handle(CommandEvent(actor("kari"), "C-bodo", f"/samskaping {command}"))
    replies += await down.router.handle(MessageEvent(actor("ola"), "C-bodo", "Vi har KPI-er og KOSTRA"))
    answered = [r.message.text for r in replies if r.message is not None]
    assert answered == [apology] * len(COMMANDS)  # the chat message gets no hint, and no apology either
    with pytest.raises(Exception):  # noqa: B017 - any driver error: the scheduler logs it and rings again
        await down.dispatcher.tick()
    await down.close()
    ledger.record({"database_down": len(COMMANDS) + 2})
    assert not [p for p in chat.transcript if p.key.startswith("down:")]
    clock.advance(timedelta(minutes=1))  # the database is back
    await app.dispatcher.tick()
    assert Counter(p.key for p in chat.transcript if p.key.startswith("down:")) == Counter(keys)
    assert set((await statuses(app)).values()) == {"sent"}


async def test_after_postgres_kills_every_connection_the_bot_answers_and_delivers(
        app: Container, chat: MemoryChat, convo: Conversation, clock: ManualClock, settings: Settings) -> None:
    if settings.is_sqlite:
        pytest.skip("terminating backends needs PostgreSQL")
    keys = await _group_with_due_rows(convo, app)
    async with app.engine.connect() as connection:
        await connection.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                      "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
    answers = [await convo.say(f"/samskaping {command}", as_="kari") for command in COMMANDS[:2]]
    apology = app.ctx.t("nb", "errors.bug")
    assert all(a and "Traceback" not in a for a in answers)  # an answer or the apology, never silence
    assert answers[0] == apology or "Bodø" in answers[0]  # status: the apology at worst, then it works again
    clock.advance(timedelta(minutes=1))
    await app.dispatcher.tick()
    ledger.record({"backends_terminated": 1})
    assert Counter(p.key for p in chat.transcript if p.key.startswith("down:")) == Counter(keys)


async def test_a_slash_command_over_http_while_the_database_is_down_gets_the_apology(
        settings: Settings, clock: ManualClock, tmp_path: object) -> None:
    mock = MockSlack(clock)
    await mock.start()
    slack_settings = _down(settings, tmp_path).model_copy(update={
        "slack_bot_token": "xoxb-test-token", "slack_signing_secret": "test-signing-secret",
        "slack_api_url": mock.url})
    harness = await open_harness(slack_settings, clock, mock)
    try:
        body = urlencode({"command": "/samskaping", "text": "status", "user_id": "U1", "user_name": "kari",
                          "channel_id": "C1", "team_id": "T1", "trigger_id": "t1",
                          "response_url": mock.response_url(1), "api_app_id": "A1"})
        response = await harness.post(body, signed_headers(body, secret="test-signing-secret"))  # noqa: S106
        assert response.status_code < 500
        said = json.dumps(mock.responses, ensure_ascii=False) + response.text
        ledger.record({"database_down": 1})
        assert harness.app.ctx.t("nb", "errors.bug") in said, said
        assert "Traceback" not in said
    finally:
        await harness.http.aclose()
        await harness.app.close()
        await mock.stop()
