"""The Teams adapter's parts on their own: pacing, the token provider, settings, environment and parsing."""

from __future__ import annotations

import pytest

from bot.adapters.teams.activity import command_text, split_thread, threaded
from bot.adapters.teams.auth import ClientCredentialsProvider
from bot.adapters.teams.pacing import Pacer
from bot.adapters.teams.render import form_card
from bot.adapters.teams.sdk import check_environment
from bot.errors import ConfigurationError, TokenError
from bot.kernel.chat.messages import Form, FormInput
from bot.settings import Settings, load_settings
from tests.adapters.teams.card_rules import card_problems
from tests.adapters.teams.conftest import CHANNEL, KARI, OLA, TENANT, Teams
from tests.adapters.teams.mock_connector import MockConnector


class FakeTime:
    """time.monotonic and asyncio.sleep for the pacer, without waiting."""

    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


async def test_the_pacer_keeps_to_7_a_second_and_60_per_30_seconds_per_conversation() -> None:
    clock = FakeTime()
    pacer = Pacer(now=clock.monotonic, sleep=clock.sleep)
    times = []
    for _ in range(61):
        await pacer.acquire("tenant", "19:c@thread.tacv2")
        times.append(clock.now)
    assert times[6] == 0.0 and times[7] == pytest.approx(1.0)  # the eighth waits a second
    assert all(sum(1 for t in times if start <= t < start + 1.0) <= 7 for start in times)
    assert times[60] >= 30.0  # the 61st waits for the 30-second window


async def test_the_pacer_keeps_to_50_a_second_per_tenant_across_conversations() -> None:
    clock = FakeTime()
    pacer = Pacer(now=clock.monotonic, sleep=clock.sleep)
    for index in range(51):
        await pacer.acquire("tenant", f"a:chat-{index}")
    assert clock.now == pytest.approx(1.0)
    other = FakeTime()
    assert await Pacer(now=other.monotonic, sleep=other.sleep).acquire("another tenant", "x") == 0.0


async def test_the_token_is_fetched_once_and_cached_until_shortly_before_expiry(mock: MockConnector) -> None:
    provider = ClientCredentialsProvider(client_id="id", client_secret="s", login_endpoint=mock.url,  # noqa: S106
                                         tenant_id="my-tenant")
    first = await provider("https://api.botframework.com/.default", None)
    assert await provider("https://api.botframework.com/.default", "other") == first
    grants = [r for r in mock.requests if r.path.endswith("/token")]
    assert [g.path for g in grants] == ["/my-tenant/oauth2/v2.0/token"]
    assert "client_secret" not in repr(provider)  # never in a log line by accident


async def test_a_refused_token_request_raises_without_the_secret(mock: MockConnector) -> None:
    mock.fail("/token", 401)
    provider = ClientCredentialsProvider(client_id="id", client_secret="very-secret", login_endpoint=mock.url)  # noqa: S106
    with pytest.raises(TokenError) as caught:
        await provider(None, None)
    assert "very-secret" not in str(caught.value)


def test_a_client_id_without_a_secret_is_one_clear_line() -> None:
    with pytest.raises(ConfigurationError) as caught:
        load_settings(teams_client_id="abc", _env_file=None)
    assert caught.value.lines == ["TEAMS_CLIENT_SECRET: required when TEAMS_CLIENT_ID is set"]


def test_teams_urls_must_be_http_urls() -> None:
    with pytest.raises(ConfigurationError) as caught:
        load_settings(teams_service_url="smba.trafficmanager.net", _env_file=None)
    assert caught.value.lines[0].startswith("TEAMS_SERVICE_URL: must be an http(s) URL")


@pytest.mark.parametrize(("name", "value"), [("CLIENT_SECRET", "x"), ("CLIENT_ID", "other"), ("TENANT_ID", "t"),
                                             ("DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS", "true")])
def test_generic_sdk_variables_that_would_change_our_setup_stop_the_start(
        monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    settings = Settings(teams_client_id="id", teams_client_secret="s", teams_multi_tenant=True,  # noqa: S106
                        _env_file=None)  # type: ignore[call-arg]
    with pytest.raises(ConfigurationError) as caught:
        check_environment(settings)
    assert caught.value.lines[0].startswith(name)


def test_a_teams_bot_without_tenant_id_does_not_start_unless_it_says_it_is_multi_tenant() -> None:
    settings = Settings(teams_client_id="id", teams_client_secret="s", _env_file=None)  # type: ignore[call-arg]  # noqa: S106
    with pytest.raises(ConfigurationError) as caught:
        check_environment(settings)
    assert caught.value.lines[0].startswith("TEAMS_TENANT_ID: set it")
    check_environment(settings.model_copy(update={"teams_multi_tenant": True}))
    check_environment(settings.model_copy(update={"teams_tenant_id": "my-tenant"}))


def test_thread_ids_split_and_join() -> None:
    assert split_thread("19:x@thread.tacv2;messageid=42") == ("19:x@thread.tacv2", "42")
    assert split_thread("a:1abc") == ("a:1abc", None)
    assert threaded("19:x@thread.tacv2", "42") == "19:x@thread.tacv2;messageid=42"


def test_html_and_entities_are_removed_from_commands() -> None:
    activity = {"text": "<p><at>Samskaping</at>&nbsp;oppsett Bodø &amp; Salten</p>",
                "entities": [{"type": "mention", "text": "<at>Samskaping</at>", "mentioned": {"id": "28:b"}}]}
    assert command_text(activity, "28:b") == "oppsett Bodø & Salten"


async def test_members_come_from_the_connector_roster(teams: Teams) -> None:
    from bot.kernel.chat.messages import Address

    teams.mock.members[CHANNEL] = [{"id": KARI, "name": "Kari Nordmann"}, {"id": OLA, "name": "Ola Hansen"}]
    people = await teams.mounted.chat.members(Address(TENANT, CHANNEL))
    assert [(p.user_id, p.display_name) for p in people] == [(KARI, "Kari Nordmann"), (OLA, "Ola Hansen")]


def test_the_sdk_never_logs_at_debug(teams: Teams) -> None:
    import logging

    assert logging.getLogger("microsoft_teams").getEffectiveLevel() >= logging.INFO


def test_required_dialog_inputs_say_what_is_missing_and_optional_ones_stay_quiet() -> None:
    form = Form("milestone", "Milepæl", "Lagre", (FormInput("title", "Tittel", required_message="Fyll inn Tittel."),
                                                   FormInput("date", "Frist"), FormInput("owner", "Ansvarlig",
                                                                                       optional=True)))
    card = form_card(form)
    assert card_problems(card) == []
    messages = {e["id"]: e.get("errorMessage") for e in card["body"] if e["type"] == "Input.Text"}
    assert messages == {"title": "Fyll inn Tittel.", "date": "Frist", "owner": None}
