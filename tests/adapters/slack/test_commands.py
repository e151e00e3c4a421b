"""Slash commands over HTTP: signed, acked, routed, and answered natively."""

from __future__ import annotations

import json

from slack_sdk.models.blocks import Block

from tests.adapters.slack.conftest import SlackHarness, signed_headers


def _texts(payload: dict) -> str:
    return json.dumps(payload.get("blocks") or [], ensure_ascii=False) + payload.get("text", "")


async def set_up_group(slack: SlackHarness) -> None:
    await slack.command("oppsett Bodø", user="U1", name="kari")
    await slack.command("bli-med skole", user="U2", name="ola")


async def test_url_verification_answers_the_challenge(slack: SlackHarness) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "abc123", "token": "x"})
    response = await slack.post(body, signed_headers(body, content_type="application/json"))
    assert response.status_code == 200 and response.json() == {"challenge": "abc123"}


async def test_setup_join_and_status_reach_slack_as_native_messages(slack: SlackHarness) -> None:
    response = await slack.command("oppsett Bodø", user="U1", name="kari")
    assert response.status_code == 200
    [announcement] = slack.mock.called("chat.postMessage")
    assert announcement.params["channel"] == "C1" and "Bodø" in _texts(announcement.params)
    await slack.command("bli-med skole", user="U2", name="ola")
    assert "som Skole" in _texts(slack.mock.responses[-1])
    assert slack.mock.responses[-1]["response_type"] == "ephemeral"
    await slack.command("status", user="U1")
    status = slack.mock.responses[-1]
    assert "Status for Bodø" in _texts(status) and status["response_type"] == "ephemeral"
    assert slack.mock.invalid == []


async def test_prompt_send_posts_through_the_outbox_with_metadata_and_valid_blocks(slack: SlackHarness) -> None:
    await set_up_group(slack)
    await slack.command("oppgave send", user="U1")
    assert "postes i kanalen" in _texts(slack.mock.responses[-1])
    before = len(slack.mock.called("chat.postMessage"))
    result = await slack.app.tick()
    assert result.sent >= 1
    [post] = [c for c in slack.mock.called("chat.postMessage")[before:] if c.params["channel"] == "C1"]
    assert post.params["metadata"]["event_type"] == "samskaping_outbox"
    assert post.params["metadata"]["event_payload"]["k"].startswith("prompt:")
    blocks = Block.parse_all(post.params["blocks"])
    assert [b.to_dict()["type"] for b in blocks][0] == "header"
    actions = [b for b in post.params["blocks"] if b["type"] == "actions"][0]
    assert actions["elements"][0]["action_id"] == "answer#0" and actions["block_id"] == "ctx:C1"
    assert slack.mock.invalid == []


async def test_a_command_in_a_channel_that_is_not_a_group_explains_how_to_set_one_up(slack: SlackHarness) -> None:
    await slack.command("status", user="U5", channel="C-random")
    assert "oppsett &lt;kommune&gt;" in _texts(slack.mock.responses[-1])


async def test_help_lists_the_commands(slack: SlackHarness) -> None:
    await slack.command("hjelp")
    assert "bli-med" in _texts(slack.mock.responses[-1])


async def test_a_bad_signature_is_rejected(slack: SlackHarness) -> None:
    body = "command=%2Fsamskaping&text=status&user_id=U1&channel_id=C1&team_id=T1"
    response = await slack.post(body, signed_headers(body, secret="wrong"))
    assert response.status_code == 401
    assert slack.mock.responses == []


async def test_a_stale_timestamp_is_rejected(slack: SlackHarness) -> None:
    body = "command=%2Fsamskaping&text=status&user_id=U1&channel_id=C1&team_id=T1"
    stale = str(int(__import__("slack_sdk.signature", fromlist=["Clock"]).Clock().now()) - 600)
    response = await slack.post(body, signed_headers(body, timestamp=stale))
    assert response.status_code == 401


async def test_a_mention_as_slack_escapes_it_changes_the_role_of_that_user(slack: SlackHarness) -> None:
    await set_up_group(slack)
    await slack.command("bli-med kulturskole", user="U3", name="siri")
    # should_escape: true (manifest.yaml): Slack sends <@U…|name>, or <@U…> for accounts without a username
    await slack.command("rolle <@U2|ola> koordinator", user="U1")
    await slack.command("rolle <@U3> koordinator", user="U1")
    await slack.command("logg", user="U3")  # only coordinators may read the log: U3 is one now
    assert "rolle [set-role] user U2 (user_id=U2, role=coordinator)" in _texts(slack.mock.responses[-1])
    assert "rolle [set-role] user U3 (user_id=U3, role=coordinator)" in _texts(slack.mock.responses[-1])
