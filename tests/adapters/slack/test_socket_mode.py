"""Socket Mode: with SLACK_APP_TOKEN the app connects when the web app starts and handles envelopes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from bot.adapters.slack import mount
from bot.adapters.web import create_web_app
from bot.bootstrap import build
from bot.clock import ManualClock
from bot.settings import Settings
from tests.adapters.slack.mock_slack import TEAM, MockSlack


@asynccontextmanager
async def _no_migrations(_: Any) -> AsyncIterator[None]:
    yield  # the test database already has the schema


async def test_socket_mode_connects_on_start_acks_envelopes_and_closes_on_stop(
        settings: Settings, clock: ManualClock, mock_slack: MockSlack) -> None:
    socket = settings.model_copy(update={"slack_bot_token": "xoxb-test-token", "slack_app_token": "xapp-test",
                                         "slack_api_url": mock_slack.url})
    mock_slack.socket_envelopes.append({
        "type": "events_api", "envelope_id": "env-1", "accepts_response_payload": False,
        "payload": {"type": "event_callback", "team_id": TEAM, "api_app_id": "A1", "event_id": "EvSock",
                    "event": {"type": "app_home_opened", "user": "U7", "tab": "home"},
                    "authorizations": [{"team_id": TEAM, "user_id": "UBOT", "is_bot": True}]},
    })
    container = build(socket, clock=clock)
    web = create_web_app(container, run_scheduler=False)
    web.router.lifespan_context = _no_migrations
    assert mount(web, container, socket)
    assert not [r for r in web.routes if getattr(r, "path", "") == "/slack/events"]  # no signing secret: no HTTP
    async with web.router.lifespan_context(web):
        for _ in range(200):
            if mock_slack.called("views.publish") and mock_slack.socket_acks:
                break
            await asyncio.sleep(0.02)
    assert [a["envelope_id"] for a in mock_slack.socket_acks] == ["env-1"]
    assert mock_slack.called("apps.connections.open")[0].token == "xapp-test"
    assert mock_slack.called("views.publish")[0].params["user_id"] == "U7"
    await container.close()
