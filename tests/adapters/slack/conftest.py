"""The real app over HTTP with correctly signed requests, against the mock Slack Web API."""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from fastapi import FastAPI
from slack_sdk.signature import Clock as SignatureClock
from slack_sdk.signature import SignatureVerifier

from bot.adapters.slack import mount
from bot.adapters.slack.runtime import SlackRuntime
from bot.adapters.web import create_web_app
from bot.bootstrap import Container, build
from bot.clock import ManualClock
from bot.kernel.storage import tables_slack  # noqa: F401 - registers the Slack tables for the test schema
from bot.settings import Settings
from tests.adapters.slack.mock_slack import TEAM, MockSlack

SIGNING_SECRET = "test-signing-secret"  # noqa: S105 - a test value
_ids = itertools.count(1)


@pytest.fixture
async def mock_slack(clock: ManualClock) -> AsyncIterator[MockSlack]:
    mock = MockSlack(clock)
    await mock.start()
    yield mock
    await mock.stop()
    assert mock.invalid == [], "Slack would refuse these payloads"


@pytest.fixture
def slack_settings(settings: Settings, mock_slack: MockSlack) -> Settings:
    return settings.model_copy(update={
        "slack_bot_token": "xoxb-test-token", "slack_signing_secret": SIGNING_SECRET, "slack_api_url": mock_slack.url,
        "slack_channel_interval_seconds": 0.0, "slack_max_wait_seconds": 0.5, "slack_tier4_per_minute": 6000,
    })


def signed_headers(body: str, *, secret: str = SIGNING_SECRET, timestamp: str | None = None,
                   content_type: str = "application/x-www-form-urlencoded") -> dict[str, str]:
    ts = timestamp or str(int(SignatureClock().now()))
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    return {"x-slack-request-timestamp": ts, "x-slack-signature": signature or "", "content-type": content_type}


@dataclass
class SlackHarness:
    """Drives the app like Slack would; `mock` shows what the bot sent."""

    app: Container
    web: FastAPI
    http: httpx.AsyncClient
    mock: MockSlack
    team: str = TEAM
    sent: list[httpx.Response] = field(default_factory=list)

    @property
    def runtime(self) -> SlackRuntime:
        return self.web.state.slack

    async def settle(self) -> None:
        """Wait until the work Bolt started after its acks is done."""
        for _ in range(3):
            await asyncio.sleep(0.01)
            await asyncio.wait_for(self.runtime.listeners.tracker.idle(), 10)
            assert await self.app.inbox.idle(10)

    async def post(self, body: str, headers: dict[str, str]) -> httpx.Response:
        response = await self.http.post("/slack/events", content=body, headers=headers)
        await self.settle()
        return response

    async def command(self, text: str, *, user: str = "U1", name: str = "kari", channel: str = "C1") -> httpx.Response:
        n = next(_ids)
        body = urlencode({"command": "/samskaping", "text": text, "user_id": user, "user_name": name,
                          "channel_id": channel, "team_id": self.team, "trigger_id": f"trig{n}",
                          "response_url": self.mock.response_url(n), "api_app_id": "A1"})
        return await self.post(body, signed_headers(body))

    async def interaction(self, payload: dict[str, Any]) -> httpx.Response:
        body = urlencode({"payload": json.dumps(payload)})
        return await self.post(body, signed_headers(body))

    async def press(self, action_id: str, value: str, *, user: str = "U1", channel: str = "C1",
                    block_id: str = "b", view: dict[str, Any] | None = None) -> httpx.Response:
        n = next(_ids)
        payload: dict[str, Any] = {
            "type": "block_actions", "team": {"id": self.team}, "user": {"id": user, "name": user.lower()},
            "api_app_id": "A1", "trigger_id": f"trig{n}",
            "actions": [{"action_id": action_id, "value": value, "block_id": block_id, "type": "button"}],
        }
        if view is None:
            payload |= {"channel": {"id": channel}, "container": {"type": "message", "channel_id": channel},
                        "response_url": self.mock.response_url(n)}
        else:
            payload |= {"view": view, "container": {"type": "view"}}
        return await self.interaction(payload)

    async def submit(self, view: dict[str, Any], values: dict[str, str], *, user: str = "U1") -> httpx.Response:
        state = {name: {name: {"type": "plain_text_input", "value": value}} for name, value in values.items()}
        payload = {"type": "view_submission", "team": {"id": self.team}, "user": {"id": user, "name": user.lower()},
                   "api_app_id": "A1", "view": {**view, "id": "V1", "team_id": self.team, "state": {"values": state}}}
        return await self.interaction(payload)

    async def event(self, event: dict[str, Any], *, event_id: str | None = None, retry: int | None = None
                    ) -> httpx.Response:
        envelope = {"type": "event_callback", "team_id": self.team, "api_app_id": "A1", "event": event,
                    "event_id": event_id or f"Ev{next(_ids)}", "event_time": 1,
                    "authorizations": [{"team_id": self.team, "user_id": "UBOT", "is_bot": True}]}
        body = json.dumps(envelope)
        headers = signed_headers(body, content_type="application/json")
        if retry is not None:
            headers |= {"x-slack-retry-num": str(retry), "x-slack-retry-reason": "http_timeout"}
        return await self.post(body, headers)

    async def say(self, text: str, *, user: str = "U2", channel: str = "C1", thread: str | None = None,
                  **extra: Any) -> httpx.Response:
        n = next(_ids)
        event = {"type": "message", "user": user, "channel": channel, "text": text, "ts": f"1700000000.{n:06d}",
                 "channel_type": "channel", **({"thread_ts": thread} if thread else {}), **extra}
        return await self.event(event)


async def open_harness(settings: Settings, clock: ManualClock, mock: MockSlack) -> SlackHarness:
    container = build(settings, clock=clock)
    web = create_web_app(container, run_scheduler=False)
    assert mount(web, container, settings)
    http = httpx.AsyncClient(transport=httpx.ASGITransport(app=web), base_url="http://testserver")
    return SlackHarness(container, web, http, mock)


@pytest.fixture
async def slack(slack_settings: Settings, clock: ManualClock, mock_slack: MockSlack) -> AsyncIterator[SlackHarness]:
    harness = await open_harness(slack_settings, clock, mock_slack)
    yield harness
    await harness.http.aclose()
    await harness.app.close()
