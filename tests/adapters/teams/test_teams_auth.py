"""Only Microsoft may talk to /api/messages: every kind of bad token gets 401 and changes nothing."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.adapters.teams.conftest import KARI, TENANT, Teams


async def test_a_correctly_signed_command_is_answered(teams: Teams) -> None:
    response = await teams.send(teams.activity("message_channel_mention"))
    assert response.status_code == 200
    assert len(teams.mock.activities()) == 1


async def test_the_bot_fetches_its_own_token_with_the_client_credentials_grant(teams: Teams) -> None:
    await teams.say("hjelp")
    await teams.say("hjelp")
    [grant] = [r for r in teams.mock.requests if r.path.endswith("/oauth2/v2.0/token")]
    assert grant.path == f"/{TENANT}/oauth2/v2.0/token"  # single-tenant: the token comes from its own tenant
    assert grant.body["grant_type"] == ["client_credentials"]
    assert grant.body["scope"] == ["https://api.botframework.com/.default"]
    [sent] = teams.mock.activities()[:1]
    assert sent.headers["Authorization"].startswith("Bearer ey")  # cached: one grant for two sends


def _forged_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.mark.parametrize("case", ["missing", "not bearer", "garbage", "forged", "expired", "wrong audience",
                                  "wrong issuer", "service url mismatch", "unknown key id"])
async def test_bad_tokens_are_refused_with_401_and_nothing_is_sent(teams: Teams, case: str) -> None:
    authorization = {
        "missing": None,
        "not bearer": "Basic a2FyaTpzZWNyZXQ=",
        "garbage": "Bearer not.a.jwt",
        "forged": teams.bearer(key=_forged_key()),
        "expired": teams.bearer(expires_in=-3600),
        "wrong audience": teams.bearer(aud="11111111-2222-3333-4444-555555555555"),
        "wrong issuer": teams.bearer(issuer="https://evil.example"),
        "service url mismatch": teams.bearer(service_url="https://smba.example/emea/"),
        "unknown key id": teams.bearer(kid="another-key"),
    }[case]
    response = await teams.send(teams.activity("message_channel_mention", user=KARI), authorization=authorization)
    assert response.status_code == 401
    assert teams.mock.activities() == []


async def test_malformed_json_gets_400(teams: Teams) -> None:
    assert (await teams.send('{"type": "message", ')).status_code == 400
    assert (await teams.send("[1, 2, 3]")).status_code == 400


@pytest.mark.parametrize("name", ["installation_update_add_upgrade", "unknown_type"])
async def test_activities_the_sdk_cannot_parse_get_200_not_500(teams: Teams, name: str) -> None:
    response = await teams.send(teams.activity(name))
    assert response.status_code == 200


async def test_an_activity_without_tenant_or_sender_gets_200_and_is_ignored(teams: Teams) -> None:
    activity = teams.activity("message_channel_mention")
    del activity["conversation"]["tenantId"]
    del activity["channelData"]["tenant"]
    assert (await teams.send(activity)).status_code == 200
    assert teams.mock.activities() == []
