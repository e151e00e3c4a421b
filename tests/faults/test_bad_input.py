"""Bad input at the edge, sent over HTTP exactly as Slack signs it: NUL and other control characters, numbers
longer than any id, malformed Bolt payloads, a reset connection on a direct reply. Each gets a friendly answer
in the user's language or a quiet 200 — never a 5xx, never a traceback, never the apology for a bug."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator

import pytest

from bot.clock import ManualClock
from bot.settings import Settings
from tests.adapters.slack.conftest import SIGNING_SECRET, SlackHarness, open_harness
from tests.adapters.slack.mock_slack import TEAM, MockSlack
from tests.faults import ledger


@pytest.fixture
async def harness(settings: Settings, clock: ManualClock) -> AsyncIterator[SlackHarness]:
    mock = MockSlack(clock)
    await mock.start()
    opened = await open_harness(settings.model_copy(update={
        "slack_bot_token": "xoxb-test-token", "slack_signing_secret": SIGNING_SECRET, "slack_api_url": mock.url,
        "slack_channel_interval_seconds": 0.0, "slack_max_wait_seconds": 0.5}), clock, mock)
    yield opened
    await opened.http.aclose()
    await opened.app.close()
    await mock.stop()


def _answers(harness: SlackHarness) -> list[str]:
    return [json.dumps(r, ensure_ascii=False) for r in harness.mock.responses]


def _no_bug(harness: SlackHarness, caplog: pytest.LogCaptureFixture) -> None:
    bug = harness.app.ctx.t("nb", "errors.bug")
    assert not [a for a in _answers(harness) if bug in a]
    ours = [r for r in caplog.records if r.name != "aiohttp.server"]  # the mock's own log of the reset it made
    assert not [r for r in ours if r.levelno >= logging.ERROR or r.exc_info], caplog.text


async def _group(harness: SlackHarness) -> None:
    await harness.command("oppsett Bodø\x00")
    await harness.command("bli-med skole", user="U2", name="ola")


@pytest.mark.parametrize("command", [
    "oppsett Bo\x00dø", "refleksjon Vi lærte\x00 mye\x07 i dag", "milepæl ny 15.12 Møte\x00 med rådmannen",
    "ordliste ny KPI\x00 = nøkkeltall", "status\x1b[31m",
])
async def test_control_characters_are_removed_and_the_command_works(
        harness: SlackHarness, caplog: pytest.LogCaptureFixture, command: str) -> None:
    await _group(harness)
    response = await harness.command(command)
    assert response.status_code == 200
    ledger.record({"control_characters": 1})
    _no_bug(harness, caplog)
    assert "\\u0000" not in _answers(harness)[-1]


@pytest.mark.parametrize("number", ["9" * 11, "9" * 20, "9" * 5000])
async def test_oversized_numbers_get_a_friendly_answer(harness: SlackHarness, caplog: pytest.LogCaptureFixture,
                                                       number: str) -> None:
    await _group(harness)
    await harness.command(f"milepæl ferdig {number}")
    await harness.press("answer#0", number, user="U2", block_id="ctx:C1")
    await harness.command(f"refleksjon Saksnummer {number}")
    ledger.record({"oversized_number": 3})
    _no_bug(harness, caplog)
    assert len(harness.mock.responses) >= 3  # every one answered


async def test_malformed_bolt_payloads_get_a_quiet_200(harness: SlackHarness, caplog: pytest.LogCaptureFixture
                                                       ) -> None:
    user = {"id": "U1", "name": "kari"}
    payloads = [
        {"type": "view_submission", "team": {"id": TEAM}, "user": user, "api_app_id": "A1",
         "view": {"id": "V1", "callback_id": "reflection", "state": {"values": {}}}},  # no view type
        {"type": "block_actions", "team": {"id": TEAM}, "user": user, "api_app_id": "A1", "actions": []},
        {"type": "block_actions", "team": {"id": TEAM}, "user": user, "api_app_id": "A1",
         "actions": [{"action_id": "answer#0", "value": "1", "block_id": "ctx:C\x001"}], "view": {"id": "V2"}},
        {"type": "view_submission", "team": {"id": TEAM}, "user": {"id": "U\x001"}, "api_app_id": "A1",
         "view": {"type": "modal", "callback_id": "reflection", "private_metadata": "9" * 30}},
    ]
    for payload in payloads:
        response = await harness.interaction(payload)
        assert response.status_code == 200, payload
    ledger.record({"malformed_payload": len(payloads)})
    _no_bug(harness, caplog)


async def test_a_reset_connection_on_a_direct_reply_is_logged_not_raised(
        harness: SlackHarness, caplog: pytest.LogCaptureFixture) -> None:
    await _group(harness)
    harness.mock.reset_responses = 2  # slack_sdk retries a reset response_url once
    response = await harness.command("status")
    assert response.status_code == 200
    ledger.record({"reply_reset": 1})
    _no_bug(harness, caplog)
    assert "slack reply failed" in caplog.text
