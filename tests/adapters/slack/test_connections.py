"""The serving process keeps one HTTP session for its Slack calls: opened with the web app, shared by Bolt's
per-request clients, the chat port's clients and response_url answers, and closed after the app stops."""

from __future__ import annotations

from bot.clock import ManualClock
from bot.settings import Settings
from tests.adapters.slack.conftest import open_harness
from tests.adapters.slack.mock_slack import MockSlack


async def test_one_session_serves_every_slack_call_while_the_app_runs(slack_settings: Settings, clock: ManualClock,
                                                                      mock_slack: MockSlack) -> None:
    harness = await open_harness(slack_settings, clock, mock_slack)
    runtime = harness.runtime
    chat_client = runtime.chat.client("xoxb-test-token")
    assert runtime.connections.session is None and chat_client.session is None  # before the app starts
    await runtime.connections.open()  # what the web app's lifespan does when it starts
    session = runtime.connections.session
    assert session is not None and not session.closed
    assert runtime.bolt.client.session is session and chat_client.session is session
    assert runtime.chat.client("xoxb-another-token").session is session  # clients made later share it too
    response = await harness.command("hjelp")
    assert response.status_code == 200
    assert harness.mock.responses  # the answer went out through the response_url, over the session
    await runtime.connections.close()  # … and after it has stopped
    assert session.closed
    assert runtime.connections.session is None and chat_client.session is None
    await harness.http.aclose()
    await harness.app.close()
