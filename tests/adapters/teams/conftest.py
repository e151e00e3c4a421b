"""Teams at the wire: signed activities into the real FastAPI app, a mock Bot Connector on 127.0.0.1."""

from __future__ import annotations

import itertools
import json
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from bot.adapters.teams import TeamsMount, mount
from bot.adapters.web import create_web_app
from bot.bootstrap import Container, build
from bot.clock import ManualClock
from bot.settings import Settings
from tests.adapters.teams.mock_connector import MockConnector, Recorded, serve

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "teams"
CLIENT_ID = "6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e"
BOT = f"28:{CLIENT_ID}"
TENANT = "4f6c1e9a-2b7d-4a8e-9c3f-0d5e6a7b8c9d"
TEAM = "19:Ai3f8bFk2sQ7eXn0pLr9tYw4uVz6cDg1hJm5oK8@thread.tacv2"
CHANNEL = "19:4a1b2c3d4e5f60718293a4b5c6d7e8f9@thread.tacv2"
KARI = "29:1kAr1NoRdMaNnXyZ-aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"
OLA = "29:1oLaHaNsEnXyZ-aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789ab"
SIRI = "29:1sIrIlUnDxYz-aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abc"
NEW = "29:1nEwPeRsOnXyZ-aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789ab"
_ids = itertools.count(1)
NAMES = {KARI: "Kari Nordmann", OLA: "Ola Hansen", SIRI: "Siri Lund", NEW: "Ny Deltaker"}


def load(name: str, **values: str) -> dict[str, Any]:
    """A fixture activity with its {{placeholders}} filled in."""
    text = (FIXTURES / f"{name}.json").read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", json.dumps(value)[1:-1])
    return json.loads(text)


@pytest.fixture(scope="session")
def signing_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def mock(signing_key: rsa.RSAPrivateKey) -> Iterator[MockConnector]:
    connector = MockConnector(key=signing_key)
    server, thread = serve(connector)
    yield connector
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
    assert connector.invalid == [], "Teams would hide parts of these cards"


def teams_settings_for(database_url: str, mock: MockConnector, **extra: Any) -> Settings:
    return Settings(
        database_url=database_url, teams_client_id=CLIENT_ID, teams_client_secret="not-a-real-secret",  # noqa: S106
        teams_tenant_id=TENANT,
        teams_login_endpoint=mock.url, teams_openid_metadata_url=f"{mock.url}/v1/.well-known/openidconfiguration",
        teams_service_url=mock.url, _env_file=None, **extra,  # type: ignore[call-arg]
    )


@dataclass
class Teams:
    """Drives the Teams endpoint like Microsoft would and reads what the mock Bot Connector received."""

    container: Container
    mounted: TeamsMount
    mock: MockConnector
    client: httpx.AsyncClient

    def activity(self, name: str, *, user: str = KARI, **values: str) -> dict[str, Any]:
        defaults = {"service_url": f"{self.mock.url}/", "bot": BOT, "tenant": TENANT, "team": TEAM,
                    "channel": CHANNEL, "user": user, "personal": f"a:personal-{user}", "root": "0",
                    "post": "0", "text": "", "new_member": NEW}
        activity = load(name, **{**defaults, **values})
        activity["from"]["name"] = NAMES.get(user, "")
        activity["id"] = f"{activity['id']}{next(_ids)}"  # each activity Teams delivers has its own id
        return activity

    def bearer(self, **claims: Any) -> str:
        claims.setdefault("aud", CLIENT_ID)
        claims.setdefault("service_url", f"{self.mock.url}/")
        return f"Bearer {self.mock.token(**claims)}"

    async def send(self, activity: dict[str, Any] | str, *, authorization: str | None = "good") -> httpx.Response:
        headers = {} if authorization is None else {
            "Authorization": self.bearer() if authorization == "good" else authorization}
        body = activity if isinstance(activity, str) else json.dumps(activity)
        response = await self.client.post("/api/messages", content=body,
                                          headers={**headers, "Content-Type": "application/json"})
        assert await self.container.inbox.idle(10)  # a message's work runs after the 200
        return response

    async def say(self, text: str, *, as_: str = KARI, personal: bool = False) -> list[Recorded]:
        """A command: `@Samskaping <text>` in the channel, or `<text>` in a personal chat; returns what was sent."""
        before = len(self.mock.activities())
        if personal:
            activity = self.activity("message_personal", user=as_)
            activity["text"] = text
        else:
            activity = self.activity("message_channel_mention", user=as_)
            activity["text"] = f"<at>Samskaping</at> {text}"
        response = await self.send(activity)
        assert response.status_code == 200, response.text
        return self.mock.activities()[before:]

    async def tick(self) -> list[Recorded]:
        before = len(self.mock.activities())
        await self.container.tick()
        return self.mock.activities()[before:]


def text_of(item: Recorded) -> str:
    """Everything a person would read in one sent activity (text, or the card's text blocks and facts)."""
    body = item.body or {}
    parts = [body.get("text") or ""]
    for attachment in body.get("attachments") or []:
        for element in (attachment.get("content") or {}).get("body", []):
            parts.append(element.get("text") or "")
            parts += [f"{f['title']}: {f['value']}" for f in element.get("facts", [])]
    return "\n".join(p for p in parts if p)


def buttons_of(item: Recorded) -> list[dict[str, Any]]:
    """Every action of the activity's cards: the card's own and those in action sets of its body."""
    body = item.body or {}
    cards = [att.get("content") or {} for att in body.get("attachments") or []]
    in_sets = [a for card in cards for element in card.get("body") or [] if element.get("type") == "ActionSet"
               for a in element.get("actions") or []]
    return [a for card in cards for a in card.get("actions") or []] + in_sets


def conversation_of(item: Recorded) -> str:
    return item.path.split("/")[3]


@asynccontextmanager
async def open_teams(database_url: str, clock: ManualClock, mock: MockConnector) -> AsyncIterator[Teams]:
    """The real app with Teams mounted, driven over HTTP (also for the fault suite)."""
    settings = teams_settings_for(database_url, mock)
    container = build(settings, clock=clock)
    web = create_web_app(container, run_scheduler=False)
    mounted = mount(web, container, settings)
    await mounted.app.initialize()  # what the lifespan does in `samskaping serve`
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=web), base_url="http://testserver") as client:
        yield Teams(container, mounted, mock, client)
    await container.close()


@pytest.fixture
async def teams(database_url: str, clock: ManualClock, mock: MockConnector) -> AsyncIterator[Teams]:
    async with open_teams(database_url, clock, mock) as opened:
        yield opened
