"""The Slack-side set-up: the manifest asks for exactly what the app uses; bad settings fail at start."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.adapters.slack.listeners import COMMAND
from bot.adapters.slack.runtime import BOT_SCOPES, EVENTS_PATH, REDIRECT_PATH
from bot.errors import ConfigurationError
from bot.settings import load_settings

MANIFEST = yaml.safe_load((Path(__file__).parents[3] / "manifest.yaml").read_text(encoding="utf-8"))
EVENTS = {"app_home_opened", "app_uninstalled", "member_joined_channel", "message.channels", "message.groups",
          "tokens_revoked"}


def test_the_manifest_asks_for_exactly_the_scopes_the_app_uses() -> None:
    assert sorted(MANIFEST["oauth_config"]["scopes"]["bot"]) == sorted(BOT_SCOPES)


def test_the_manifest_subscribes_to_exactly_the_events_the_app_listens_to() -> None:
    assert set(MANIFEST["settings"]["event_subscriptions"]["bot_events"]) == EVENTS


def test_the_manifest_points_everything_at_our_endpoints() -> None:
    [command] = MANIFEST["features"]["slash_commands"]
    assert command["command"] == COMMAND and command["url"].endswith(EVENTS_PATH)
    assert MANIFEST["settings"]["interactivity"]["request_url"].endswith(EVENTS_PATH)
    assert MANIFEST["settings"]["event_subscriptions"]["request_url"].endswith(EVENTS_PATH)
    assert MANIFEST["oauth_config"]["redirect_urls"][0].endswith(REDIRECT_PATH)
    assert MANIFEST["features"]["app_home"]["home_tab_enabled"] is True


@pytest.mark.parametrize("variables, expected", [
    ({"slack_bot_token": "xoxb-1"}, ["SLACK_SIGNING_SECRET: required when SLACK_BOT_TOKEN is set"]),
    ({"slack_client_id": "1.2"}, ["SLACK_CLIENT_SECRET: required", "SLACK_SIGNING_SECRET: required"]),
    ({"slack_client_id": "1.2", "slack_client_secret": "s", "slack_signing_secret": "s", "slack_bot_token": "xoxb-1"},
     ["SLACK_BOT_TOKEN: leave empty when SLACK_CLIENT_ID is set"]),
    ({"slack_bot_token": "xoxp-user", "slack_signing_secret": "s"}, ["SLACK_BOT_TOKEN: must start with xoxb-"]),
    ({"slack_app_token": "xapp-1"}, ["SLACK_BOT_TOKEN: required when SLACK_APP_TOKEN is set"]),
])
def test_incomplete_slack_settings_fail_with_one_line_per_problem(variables: dict, expected: list[str]) -> None:
    with pytest.raises(ConfigurationError) as error:
        load_settings(_env_file=None, **variables)
    assert len(error.value.lines) == len(expected)
    for line, start in zip(error.value.lines, expected, strict=True):
        assert line.startswith(start)
    assert "xoxp-user" not in str(error.value) and "xoxb-1" not in str(error.value)


@pytest.mark.parametrize("variables", [
    {"slack_bot_token": "xoxb-1", "slack_signing_secret": "s"},
    {"slack_bot_token": "xoxb-1", "slack_app_token": "xapp-1"},
    {"slack_client_id": "1.2", "slack_client_secret": "s", "slack_signing_secret": "s"},
])
def test_complete_slack_settings_load(variables: dict) -> None:
    load_settings(_env_file=None, **variables)
