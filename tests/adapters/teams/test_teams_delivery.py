"""Proactive delivery through the outbox: scheduled sends, private hints (1:1 or targeted), 429, 403."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from sqlmodel import select

from bot.adapters.teams import mount
from bot.adapters.web import create_web_app
from bot.bootstrap import build
from bot.clock import ManualClock
from bot.kernel.chat.messages import Message
from bot.kernel.delivery.outbox import Envelope, Target, enqueue
from bot.kernel.storage import queries
from bot.kernel.storage.tables import Outbox, OutboxStatus, Workspace
from bot.kernel.storage.tables_teams import TeamsConversation
from tests.adapters.teams.conftest import (
    CHANNEL,
    KARI,
    OLA,
    TENANT,
    Teams,
    conversation_of,
    teams_settings_for,
    text_of,
)
from tests.adapters.teams.mock_connector import MockConnector


async def queue(teams: Teams, key: str, target: Target, *, user: str | None = None, text: str = "Hei!",
                kind: str = "test") -> None:
    """An outbox row, as a service (planner, jargon hint, reminder) would write it."""
    ctx = teams.container.ctx
    async with ctx.uow() as uow:
        workspace = await queries.workspace_for(uow.session, "teams", TENANT, now=ctx.clock.now())
        await enqueue(uow.session, Envelope(workspace.id, key, kind, target, Message(text), ctx.clock.now(),  # type: ignore[arg-type]
                                            channel_id=CHANNEL, user_id=user), now=ctx.clock.now())
        await uow.commit()


async def row(teams: Teams, key: str) -> Outbox:
    async with teams.container.ctx.uow() as uow:
        return (await uow.session.exec(select(Outbox).where(Outbox.idempotency_key == key))).one()


async def test_a_scheduled_send_goes_out_with_no_request_in_flight(teams: Teams) -> None:
    await queue(teams, "k-channel", "channel", text="Ny oppgave denne uka.")
    [sent] = await teams.tick()  # the scheduler's bell: no inbound request, no conversation reference yet
    assert conversation_of(sent) == CHANNEL and text_of(sent) == "Ny oppgave denne uka."
    assert sent.headers["Authorization"].startswith("Bearer ")
    stored = await row(teams, "k-channel")
    assert stored.status == OutboxStatus.SENT.value and (stored.platform_ref or "").isdigit()  # the activity id


async def test_a_hint_goes_to_the_members_1_to_1_chat(teams: Teams) -> None:
    await queue(teams, "k-hint", "private", user=OLA, text="Et hint bare til deg.")
    [sent] = await teams.tick()
    assert conversation_of(sent) == f"a:personal-{OLA}" and not sent.is_targeted


async def test_429_waits_for_retry_after_then_sends_once(teams: Teams, clock: ManualClock) -> None:
    teams.mock.fail("/activities", 429, {"Retry-After": "7"})
    await queue(teams, "k-429", "channel")
    assert await teams.tick() == []
    waiting = await row(teams, "k-429")
    assert waiting.status == OutboxStatus.PENDING.value and waiting.due_at == clock.now() + timedelta(seconds=7)
    clock.advance(timedelta(seconds=3))
    assert await teams.tick() == []  # nothing before Retry-After has passed
    clock.advance(timedelta(seconds=4))
    assert len(await teams.tick()) == 1
    assert (await row(teams, "k-429")).status == OutboxStatus.SENT.value
    clock.advance(timedelta(minutes=5))
    assert await teams.tick() == []  # and never twice
    assert len(teams.mock.activities(CHANNEL)) == 1


@pytest.mark.parametrize("status", [412, 502, 503, 504])
async def test_transient_errors_are_retried_with_backoff(teams: Teams, clock: ManualClock, status: int) -> None:
    teams.mock.fail("/activities", status)
    await queue(teams, "k-transient", "channel")
    await teams.tick()
    waiting = await row(teams, "k-transient")
    assert waiting.status == OutboxStatus.PENDING.value and waiting.due_at > clock.now()
    clock.advance(timedelta(hours=1))
    assert len(await teams.tick()) == 1


async def test_403_after_uninstall_marks_the_channel_unreachable_and_stops_sending(teams: Teams) -> None:
    await teams.say("hjelp", as_=KARI)  # the channel becomes known
    teams.mock.fail("/activities", 403)
    await queue(teams, "k-403", "channel")
    await teams.tick()
    assert (await row(teams, "k-403")).status == OutboxStatus.FAILED.value
    async with teams.container.ctx.uow() as uow:
        ref = (await uow.session.exec(select(TeamsConversation).where(
            TeamsConversation.conversation_id == CHANNEL))).one()
    assert ref.unreachable
    calls = len(teams.mock.requests)
    await queue(teams, "k-after", "channel")
    await teams.tick()
    assert (await row(teams, "k-after")).status == OutboxStatus.FAILED.value
    assert len(teams.mock.requests) == calls  # no crash loop: Teams is not asked again


async def test_uninstall_then_a_scheduled_send_is_not_attempted(teams: Teams) -> None:
    await teams.send(teams.activity("installation_update_add"))
    await teams.say("hjelp", as_=KARI)
    await teams.send(teams.activity("installation_update_remove"))
    calls = len(teams.mock.activities())
    await queue(teams, "k-removed", "channel")
    await teams.tick()
    assert (await row(teams, "k-removed")).status == OutboxStatus.FAILED.value
    assert len(teams.mock.activities()) == calls


async def test_a_maybe_sent_teams_row_becomes_uncertain_not_resent(teams: Teams, clock: ManualClock) -> None:
    await queue(teams, "k-crash", "channel")
    async with teams.container.ctx.uow() as uow:  # a replica claimed it and died mid-send
        stored = (await uow.session.exec(select(Outbox).where(Outbox.idempotency_key == "k-crash"))).one()
        stored.status, stored.lease_until = OutboxStatus.CLAIMED.value, clock.now() - timedelta(seconds=1)
        stored.attempted_at, stored.claimed_by = clock.now() - timedelta(seconds=40), "dead:1"
        stored.send_started_at = stored.attempted_at  # the call to Teams had begun
        uow.session.add(stored)
        await uow.commit()
    assert await teams.tick() == []
    assert (await row(teams, "k-crash")).status == OutboxStatus.UNCERTAIN.value


@pytest.fixture
async def targeted(database_url: str, clock: ManualClock, mock: MockConnector) -> AsyncIterator[Teams]:
    settings = teams_settings_for(database_url, mock, teams_targeted_messages=True)
    container = build(settings, clock=clock)
    web = create_web_app(container, run_scheduler=False)
    mounted = mount(web, container, settings)
    await mounted.app.initialize()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=web), base_url="http://testserver") as client:
        yield Teams(container, mounted, mock, client)
    await container.close()


async def test_with_targeted_messages_a_hint_is_shown_in_the_channel_to_one_person(targeted: Teams) -> None:
    await queue(targeted, "k-targeted", "private", user=OLA)
    [sent] = await targeted.tick()
    assert sent.is_targeted and conversation_of(sent) == CHANNEL
    assert sent.body["recipient"] == {"id": OLA, "isTargeted": True}


async def test_a_targeted_message_that_fails_falls_back_to_1_to_1(targeted: Teams) -> None:
    targeted.mock.fail("/activities", 404)
    await queue(targeted, "k-fallback", "private", user=OLA)
    [sent] = await targeted.tick()
    assert conversation_of(sent) == f"a:personal-{OLA}" and not sent.is_targeted
    assert (await row(targeted, "k-fallback")).status == OutboxStatus.SENT.value


async def test_installation_add_sets_the_workspace_up_and_remove_marks_it_inactive(teams: Teams) -> None:
    await teams.send(teams.activity("installation_update_add"))
    async with teams.container.ctx.uow() as uow:
        assert (await uow.session.exec(select(Workspace.active).where(Workspace.external_id == TENANT))).one()
    await teams.send(teams.activity("installation_update_remove"))
    async with teams.container.ctx.uow() as uow:
        assert not (await uow.session.exec(select(Workspace.active).where(Workspace.external_id == TENANT))).one()
    await teams.send(teams.activity("installation_update_add"))
    async with teams.container.ctx.uow() as uow:
        assert (await uow.session.exec(select(Workspace.active).where(Workspace.external_id == TENANT))).one()


async def test_an_answer_refused_with_429_is_sent_later_by_the_outbox_once(teams: Teams, clock: ManualClock) -> None:
    teams.mock.fail("/activities", 429, {"Retry-After": "3"})
    assert await teams.say("oppsett Bodø", as_=KARI) == []  # the answer could not go out at once ...
    clock.advance(timedelta(seconds=3))
    [later] = await teams.tick()  # ... so it goes out from the outbox, into the same thread
    assert conversation_of(later) == f"{CHANNEL};messageid=1733558472345" and "Bodø" in text_of(later)
    clock.advance(timedelta(minutes=5))
    assert await teams.tick() == []
