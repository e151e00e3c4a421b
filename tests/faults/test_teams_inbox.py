"""The inbound inbox on Teams, at the wire: an activity is committed before it is handled, so a replica killed
while handling it leaves it to another (applied once, answered through the outbox), and an activity Teams
delivers again (same activity id) does nothing twice."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlmodel import func, select

from bot.clock import ManualClock
from bot.features.milestones.tables import Milestone
from bot.kernel.chat.events import InboundEvent
from bot.kernel.chat.messages import Reply
from bot.kernel.commands.inbox import LEASE
from bot.kernel.storage.tables import Group, InboundRequest, Member
from tests.adapters.teams.conftest import KARI, NEW, TENANT, Teams, open_teams, text_of
from tests.adapters.teams.mock_connector import MockConnector, serve
from tests.faults import ledger


class Crash(BaseException):
    """The replica dies (nothing in the bot catches a BaseException)."""


@pytest.fixture(scope="module")
def key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def connector(key: rsa.RSAPrivateKey) -> Iterator[MockConnector]:
    mock = MockConnector(key=key)
    server, thread = serve(mock)
    yield mock
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
async def teams(database_url: str, clock: ManualClock, connector: MockConnector) -> AsyncIterator[Teams]:
    async with open_teams(database_url, clock, connector) as opened:
        yield opened


async def _count(teams: Teams, table: type) -> int:
    async with teams.container.ctx.uow() as uow:
        return int((await uow.session.exec(select(func.count()).select_from(table))).one())


def _mention(teams: Teams, text: str) -> dict[str, object]:
    activity = teams.activity("message_channel_mention", user=KARI)
    activity["text"] = f"<at>Samskaping</at> {text}"
    return activity


@pytest.mark.parametrize("crash_after_effect", [False, True], ids=["before-handling", "after-effect"])
async def test_a_replica_killed_while_handling_an_activity_leaves_it_to_another_and_it_is_applied_once(
        teams: Teams, clock: ManualClock, monkeypatch: pytest.MonkeyPatch, crash_after_effect: bool) -> None:
    inbox, router = teams.container.inbox, teams.container.router
    real_route = router.handle

    async def dies_before(event: InboundEvent) -> list[Reply]:
        raise Crash  # before the router has done anything

    async def dies_after(event: InboundEvent) -> list[Reply]:
        await real_route(event)  # the effect is committed, and "done" with it in the same transaction
        raise Crash

    monkeypatch.setattr(*((router, "handle", dies_after) if crash_after_effect else (router, "handle", dies_before)))
    activity = _mention(teams, "oppsett Bodø")
    assert (await teams.send(activity)).status_code == 200  # acknowledged; the replica dies while handling it
    monkeypatch.setattr(router, "handle", real_route)  # another replica (or this one, restarted) carries on
    assert await _count(teams, InboundRequest) == 1  # committed before any work
    assert (await teams.send(activity)).status_code == 200  # Teams delivers it again: nothing twice
    assert await _count(teams, Group) == int(crash_after_effect)
    clock.advance(LEASE + timedelta(seconds=1))
    assert await inbox.recover() == int(not crash_after_effect)
    sent = await teams.tick()
    ledger.record({"kill_while_handling": 1, "redelivered_activity": 1})
    assert await _count(teams, Group) == 1
    if not crash_after_effect:  # the answer comes late, through the outbox
        assert len(sent) == 1 and "Bodø" in text_of(sent[0])
    assert await inbox.recover() == 0


async def test_a_redelivered_message_activity_does_nothing_twice(teams: Teams) -> None:
    await teams.say("oppsett Bodø")
    activity = _mention(teams, "milepæl ny 15.12.2026 Møte med rådmannen")
    before = len(teams.mock.activities())
    for _ in range(3):  # the same activity id, as when Teams retries after a timeout
        assert (await teams.send(activity)).status_code == 200
    ledger.record({"redelivered_activity": 2})
    assert await _count(teams, Milestone) == 1
    answers = [a for a in teams.mock.activities()[before:] if "Møte med rådmannen" in text_of(a)]
    assert len(answers) == 1


async def test_a_redelivered_card_action_invoke_does_nothing_twice(teams: Teams) -> None:
    await teams.say("oppsett Bodø")
    await teams.send(teams.activity("conversation_update_members_added"))
    press = teams.activity("invoke_card_action", user=NEW)
    first = await teams.send(press)
    assert "Skole" in first.json()["value"]
    again = await teams.send(press)
    ledger.record({"redelivered_invoke": 1})
    assert again.status_code == 200 and not again.content  # acknowledged, not answered again
    async with teams.container.ctx.uow() as uow:
        members = (await uow.session.exec(select(Member).where(Member.user_id == NEW))).all()
        keys = (await uow.session.exec(select(InboundRequest.key))).all()
    assert [m.sector for m in members] == ["skole"]
    assert f"teams:{TENANT}:{press['id']}" in keys


async def test_a_redelivered_members_added_activity_welcomes_once(teams: Teams) -> None:
    await teams.say("oppsett Bodø")
    added = teams.activity("conversation_update_members_added")
    before = len(teams.mock.activities())
    for _ in range(2):
        assert (await teams.send(added)).status_code == 200
    ledger.record({"redelivered_members_added": 1})
    welcomes = [a for a in teams.mock.activities()[before:] if a.path.endswith("/activities")]
    assert len(welcomes) == 1
