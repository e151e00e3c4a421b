"""The inbound inbox over HTTP, as Slack signs requests: a command or an event acknowledged is never lost (a
replica that dies after the ack leaves it to another), and a retried or replayed signed request does nothing
twice."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
from sqlmodel import func, select

from bot.clock import ManualClock
from bot.features.milestones.tables import Milestone
from bot.kernel.chat.events import InboundEvent
from bot.kernel.chat.messages import Reply
from bot.kernel.commands.inbox import LEASE
from bot.kernel.storage.tables import Group
from bot.settings import Settings
from tests.adapters.slack.conftest import SIGNING_SECRET, SlackHarness, open_harness, signed_headers
from tests.adapters.slack.mock_slack import MockSlack
from tests.adapters.slack.test_interactions import post_prompt, reflections
from tests.faults import ledger


class Crash(BaseException):
    """The replica dies (nothing in the bot catches a BaseException)."""


@pytest.fixture
async def harness(settings: Settings, clock: ManualClock) -> AsyncIterator[SlackHarness]:
    mock = MockSlack(clock)
    await mock.start()
    opened = await open_harness(settings.model_copy(update={
        "slack_bot_token": "xoxb-test-token", "slack_signing_secret": SIGNING_SECRET, "slack_api_url": mock.url,
        "slack_channel_interval_seconds": 0.0, "slack_max_wait_seconds": 0.5, "slack_tier4_per_minute": 6000}),
        clock, mock)
    yield opened
    await opened.http.aclose()
    await opened.app.close()
    await mock.stop()


async def _count(harness: SlackHarness, table: type) -> int:
    async with harness.app.ctx.uow() as uow:
        return int((await uow.session.exec(select(func.count()).select_from(table))).one())


def _command_body(harness: SlackHarness, text: str, n: int) -> str:
    return urlencode({"command": "/samskaping", "text": text, "user_id": "U1", "user_name": "kari",
                      "channel_id": "C1", "team_id": harness.team, "trigger_id": f"replay{n}",
                      "response_url": harness.mock.response_url(900 + n), "api_app_id": "A1"})


@pytest.mark.parametrize("crash_after_effect", [False, True], ids=["before-handling", "after-effect"])
async def test_a_replica_killed_after_the_ack_leaves_the_command_to_another_and_it_is_applied_once(
        harness: SlackHarness, clock: ManualClock, monkeypatch: pytest.MonkeyPatch,
        crash_after_effect: bool) -> None:
    inbox, router = harness.app.inbox, harness.app.router
    real_route = router.handle

    async def dies_before(event: InboundEvent) -> list[Reply]:
        raise Crash  # before the router has done anything

    async def dies_after(event: InboundEvent) -> list[Reply]:
        await real_route(event)  # the effect is committed, and "done" with it in the same transaction
        raise Crash

    if crash_after_effect:
        monkeypatch.setattr(router, "handle", dies_after)
    else:
        monkeypatch.setattr(router, "handle", dies_before)
    response = await harness.command("oppsett Bodø")
    assert response.status_code == 200  # acknowledged: Slack shows nothing wrong; the replica then dies
    monkeypatch.setattr(router, "handle", real_route)  # another replica (or this one, restarted) carries on
    assert await _count(harness, Group) == int(crash_after_effect)
    clock.advance(LEASE + timedelta(seconds=1))
    assert await inbox.recover() == int(not crash_after_effect)
    await harness.app.dispatcher.tick()
    ledger.record({"kill_after_ack": 1})
    assert await _count(harness, Group) == 1
    if not crash_after_effect:  # the answer comes late, through the outbox (here to the channel, as asked)
        answers = [c for c in harness.mock.calls if c.method in ("chat.postMessage", "chat.postEphemeral")]
        assert len(answers) == 1 and "Bodø" in json.dumps(answers[0].params, ensure_ascii=False)
    assert await inbox.recover() == 0


async def test_a_replayed_signed_command_does_nothing_twice(harness: SlackHarness) -> None:
    await harness.command("oppsett Bodø")
    body = _command_body(harness, "milepæl ny 15.12.2026 Møte med rådmannen", 1)
    headers = signed_headers(body)
    for _ in range(3):  # the same body, timestamp and signature, within Slack's five minutes
        response = await harness.post(body, headers)
        assert response.status_code == 200
    ledger.record({"replayed_command": 2})
    assert await _count(harness, Milestone) == 1
    assert len([r for r in harness.mock.responses if "Møte med rådmannen" in json.dumps(r, ensure_ascii=False)]) == 1


async def test_a_replayed_button_press_does_nothing_twice(harness: SlackHarness) -> None:
    await harness.command("oppsett Bodø")
    payload = {"type": "block_actions", "team": {"id": harness.team}, "user": {"id": "U1", "name": "kari"},
               "api_app_id": "A1", "trigger_id": "press1", "channel": {"id": "C1"},
               "container": {"type": "message", "channel_id": "C1"}, "response_url": harness.mock.response_url(77),
               "actions": [{"action_id": "set_reminders#0", "value": "off", "block_id": "ctx:C1", "type": "button"}]}
    body = urlencode({"payload": json.dumps(payload)})
    headers = signed_headers(body)
    before = len(harness.mock.responses)
    for _ in range(2):
        assert (await harness.post(body, headers)).status_code == 200
    ledger.record({"replayed_press": 1})
    assert len(harness.mock.responses) - before == 1  # answered the first time only


def _thread_reply(post: dict[str, Any]) -> dict[str, Any]:
    return {"type": "message", "user": "U2", "channel": "C1", "text": "Vi prøvde det på skolen.",
            "ts": "1700000001.000001", "thread_ts": post["ts"], "channel_type": "channel"}


@pytest.mark.parametrize("crash_after_effect", [False, True], ids=["before-handling", "after-effect"])
async def test_an_event_acknowledged_by_a_replica_killed_before_handling_it_is_applied_once_and_retries_do_nothing(
        harness: SlackHarness, clock: ManualClock, monkeypatch: pytest.MonkeyPatch,
        crash_after_effect: bool) -> None:
    post = await post_prompt(harness)
    inbox, router = harness.app.inbox, harness.app.router
    real_route = router.handle

    async def dies_before(event: InboundEvent) -> list[Reply]:
        raise Crash  # before the router has done anything

    async def dies_after(event: InboundEvent) -> list[Reply]:
        await real_route(event)
        raise Crash

    monkeypatch.setattr(*((router, "handle", dies_after) if crash_after_effect else (router, "handle", dies_before)))
    before = len(harness.mock.called("chat.postEphemeral"))
    assert (await harness.event(_thread_reply(post), event_id="EvKilled")).status_code == 200  # acked; it dies
    monkeypatch.setattr(router, "handle", real_route)
    for retry in (1, 2):  # Slack retries the event (same event_id): already taken care of
        assert (await harness.event(_thread_reply(post), event_id="EvKilled", retry=retry)).status_code == 200
    assert len(await reflections(harness)) == int(crash_after_effect)
    clock.advance(LEASE + timedelta(seconds=1))
    assert await inbox.recover() == int(not crash_after_effect)
    await harness.app.dispatcher.tick()
    ledger.record({"kill_after_event_ack": 1, "retried_event": 2})
    assert len(await reflections(harness)) == 1
    thanks = harness.mock.called("chat.postEphemeral")[before:]
    assert len(thanks) == int(not crash_after_effect)  # recovered: the answer comes through the outbox
    assert await inbox.recover() == 0


async def test_a_retried_member_joined_event_welcomes_once(harness: SlackHarness) -> None:
    await harness.command("oppsett Bodø")
    joined = {"type": "member_joined_channel", "user": "U5", "channel": "C1", "team": harness.team}
    before = len(harness.mock.calls)
    for retry in (None, 1, 2):
        assert (await harness.event(joined, event_id="EvJoin", retry=retry)).status_code == 200
    ledger.record({"retried_event": 2})
    welcomes = [c for c in harness.mock.calls[before:] if c.method in ("chat.postMessage", "chat.postEphemeral")]
    assert len(welcomes) == 1
