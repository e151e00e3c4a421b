"""Inbound hardening: retries handled once, malformed input acknowledged, never a 5xx."""

from __future__ import annotations

import json
import logging

import pytest
from sqlmodel import col, select

from bot.features.prompts.tables import Reflection
from bot.kernel.storage.tables import InboundRequest, Workspace
from tests.adapters.slack.conftest import SlackHarness, signed_headers
from tests.adapters.slack.test_commands import set_up_group
from tests.adapters.slack.test_interactions import post_prompt


async def test_a_retried_event_is_processed_once(slack: SlackHarness) -> None:
    post = await post_prompt(slack)
    event = {"type": "message", "user": "U2", "channel": "C1", "text": "Svar i tråd.", "ts": "1700000001.000001",
             "thread_ts": post["ts"]}
    first = await slack.event(event, event_id="EvSame")
    again = await slack.event(event, event_id="EvSame", retry=1)
    later = await slack.event(event, event_id="EvSame", retry=2)
    assert [r.status_code for r in (first, again, later)] == [200, 200, 200]
    assert len(slack.mock.called("chat.postEphemeral")) == 1
    async with slack.app.ctx.uow() as uow:
        assert len((await uow.session.exec(select(Reflection))).all()) == 1
        [seen] = (await uow.session.exec(select(InboundRequest).where(col(InboundRequest.key).like("%EvSame")))).all()
    assert (seen.key, seen.status) == ("slack:T1:EvSame", "done")


async def test_the_same_event_id_from_another_workspace_is_its_own_event(slack: SlackHarness) -> None:
    await slack.event({"type": "app_home_opened", "user": "U7", "tab": "home"}, event_id="Ev1")
    slack.team = "T9"
    await slack.event({"type": "app_home_opened", "user": "U7", "tab": "home"}, event_id="Ev1")
    assert len(slack.mock.called("views.publish")) == 2


@pytest.mark.parametrize("body, content_type", [
    ("payload=not-json", "application/x-www-form-urlencoded"),
    ("{not json", "application/json"),
    ('["a", "list"]', "application/json"),
    ("payload=" + json.dumps({"type": "block_actions", "team": {"id": "T1"}}), "application/x-www-form-urlencoded"),
    ("payload=" + json.dumps({"type": "block_actions", "team": {"id": "T1"}, "user": {"id": "U1"},
                              "actions": [{"action_id": "no-such-action", "value": "x"}]}),
     "application/x-www-form-urlencoded"),
    ("payload=" + json.dumps({"type": "view_submission", "team": {"id": "T1"}, "user": {"id": "U1"},
                              "view": {"callback_id": "unknown-form", "private_metadata": "{{{"}}),
     "application/x-www-form-urlencoded"),
    (json.dumps({"type": "event_callback", "team_id": "T1", "event_id": "EvX", "event": {"type": "message"}}),
     "application/json"),
    ("command=%2Fsamskaping&team_id=T1", "application/x-www-form-urlencoded"),
])
async def test_malformed_or_unknown_payloads_get_200_and_a_warning(
        slack: SlackHarness, body: str, content_type: str, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        response = await slack.post(body, signed_headers(body, content_type=content_type))
    assert response.status_code == 200
    assert slack.mock.invalid == []


async def test_malformed_and_unsigned_is_rejected(slack: SlackHarness) -> None:
    response = await slack.post("{not json", signed_headers("{not json", secret="nope",
                                                            content_type="application/json"))
    assert response.status_code == 401


async def test_app_uninstalled_marks_the_workspace_inactive(slack: SlackHarness) -> None:
    await set_up_group(slack)
    await slack.event({"type": "app_uninstalled"})
    async with slack.app.ctx.uow() as uow:
        [workspace] = (await uow.session.exec(select(Workspace).where(Workspace.platform == "slack"))).all()
    assert workspace.active is False


async def test_logs_hold_no_token_secret_or_message_text(slack: SlackHarness, caplog: pytest.LogCaptureFixture
                                                         ) -> None:
    with caplog.at_level(logging.DEBUG):
        post = await post_prompt(slack)
        await slack.say("Hemmelig refleksjon om kulturskolen", user="U2", thread=post["ts"])
    # Ours and the Slack libraries' (which log request bodies at DEBUG, so the adapter keeps them at INFO).
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith(("bot.", "slack_bolt", "slack_sdk")))
    for secret in ("xoxb-test-token", "test-signing-secret", "Hemmelig refleksjon"):
        assert secret not in logged
