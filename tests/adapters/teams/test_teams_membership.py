"""Joining: the bot introduces itself when added; a new member gets a welcome 1:1 asking for their sector."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.adapters.platforms import mount_platforms
from bot.adapters.web import create_web_app
from bot.bootstrap import build
from bot.clock import ManualClock
from bot.kernel.rules.people import Sector
from bot.kernel.storage.tables import Member
from bot.kernel.storage.tables_teams import TeamsUser
from tests.adapters.teams.conftest import (
    CHANNEL,
    KARI,
    NEW,
    TEAM,
    Teams,
    buttons_of,
    conversation_of,
    teams_settings_for,
    text_of,
)
from tests.adapters.teams.mock_connector import MockConnector


async def test_when_the_bot_is_added_it_explains_oppsett(teams: Teams) -> None:
    await teams.send(teams.activity("conversation_update_bot_added"))
    [intro] = teams.mock.activities()
    assert conversation_of(intro) == TEAM and "oppsett" in text_of(intro)


async def test_a_new_team_member_gets_a_welcome_1_to_1_with_sector_buttons(teams: Teams) -> None:
    await teams.say("oppsett Bodø", as_=KARI)  # a group in a channel of the team
    before = len(teams.mock.activities())
    assert (await teams.send(teams.activity("conversation_update_members_added"))).status_code == 200
    [created] = [r for r in teams.mock.requests if r.path == "/v3/conversations"]
    assert created.body["members"] == [{"id": NEW}]
    [welcome] = teams.mock.activities()[before:]
    assert conversation_of(welcome) == f"a:personal-{NEW}" and "Bodø" in text_of(welcome)
    sectors = buttons_of(welcome)
    assert sectors and all(b["data"]["samskaping"]["c"] == CHANNEL for b in sectors)
    assert {b["data"]["samskaping"]["v"] for b in sectors} == {s.value for s in Sector}  # all nine reachable
    async with teams.container.ctx.uow() as uow:
        stored = (await uow.session.exec(select(TeamsUser).where(TeamsUser.user_id == NEW))).one()
    assert stored.personal_conversation_id == f"a:personal-{NEW}"


async def test_pressing_a_sector_in_the_welcome_joins_the_group(teams: Teams) -> None:
    await teams.say("oppsett Bodø", as_=KARI)
    await teams.send(teams.activity("conversation_update_members_added"))
    response = await teams.send(teams.activity("invoke_card_action", user=NEW))
    body = response.json()
    assert body["type"] == "application/vnd.microsoft.activity.message" and "Skole" in body["value"]
    async with teams.container.ctx.uow() as uow:
        member = (await uow.session.exec(select(Member).where(Member.user_id == NEW))).one()
    assert member.sector == "skole"


async def test_an_action_submit_button_arrives_as_a_message_with_value(teams: Teams) -> None:
    await teams.say("oppsett Bodø", as_=KARI)
    await teams.send(teams.activity("message_card_submit", user=NEW, root="1733558472345"))
    async with teams.container.ctx.uow() as uow:
        member = (await uow.session.exec(select(Member).where(Member.user_id == NEW))).one()
    assert member.sector == "skole"


async def test_no_welcome_when_the_team_has_no_group(teams: Teams) -> None:
    await teams.send(teams.activity("conversation_update_members_added"))
    assert teams.mock.activities() == []


async def test_serve_mounts_teams_and_initializes_it_in_the_lifespan(tmp_path: object, clock: ManualClock,
                                                                     mock: MockConnector) -> None:
    """`samskaping serve` with TEAMS_CLIENT_ID: migrations (0003_teams too) and App.initialize() at start."""
    import httpx

    settings = teams_settings_for(f"sqlite+aiosqlite:///{tmp_path}/serve.db", mock)
    container = build(settings, clock=clock)
    web = create_web_app(container, run_scheduler=False)
    assert mount_platforms(web, container, settings) == ["teams"]
    assert "teams" in container.ports and container.ports["teams"].verifiable is False
    async with web.router.lifespan_context(web):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=web), base_url="http://t") as client:
            teams = Teams(container, None, mock, client)  # type: ignore[arg-type]
            response = await teams.send(teams.activity("message_channel_mention"))
    assert response.status_code == 200 and len(mock.activities()) == 1


async def test_a_welcome_refused_with_429_is_sent_later_by_the_outbox_once(teams: Teams, clock: ManualClock) -> None:
    await teams.say("oppsett Bodø", as_=KARI)
    before = len(teams.mock.activities())
    teams.mock.fail("/activities", 429, {"Retry-After": "3"})
    assert (await teams.send(teams.activity("conversation_update_members_added"))).status_code == 200
    assert teams.mock.activities()[before:] == []  # refused for now ...
    clock.advance(timedelta(seconds=3))
    [welcome] = await teams.tick()  # ... and delivered from the outbox, to the new member's 1:1
    assert conversation_of(welcome) == f"a:personal-{NEW}" and "Bodø" in text_of(welcome)
    clock.advance(timedelta(minutes=5))
    assert await teams.tick() == []
