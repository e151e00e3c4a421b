"""Group conversations on Teams: a bot cannot start a group chat, so each person gets a 1:1 message."""

from __future__ import annotations

from bot.kernel.chat.messages import Address, Message
from bot.kernel.delivery.outbox import Envelope, enqueue
from bot.kernel.storage import queries
from tests.adapters.teams.conftest import KARI, OLA, TENANT, Teams, conversation_of, text_of


async def test_a_group_row_reaches_each_person_in_their_1_to_1_chat_once(teams: Teams) -> None:
    ctx = teams.container.ctx
    async with ctx.uow() as uow:
        workspace = await queries.workspace_for(uow.session, "teams", TENANT, now=ctx.clock.now())
        await enqueue(uow.session, Envelope(workspace.id, "intro:1:1:1", "introduction", "group",
                                            Message("Hei, Kari og Ola!"), ctx.clock.now(), user_ids=(KARI, OLA)),
                      now=ctx.clock.now())
        await uow.commit()
    sent = await teams.tick()
    assert sorted(conversation_of(s) for s in sent) == sorted(f"a:personal-{u}" for u in (KARI, OLA))
    assert all(text_of(s) == "Hei, Kari og Ola!" for s in sent)
    assert await teams.tick() == []


async def test_a_group_of_one_is_refused_without_sending(teams: Teams) -> None:
    chat = teams.container.ports["teams"]
    try:
        await chat.send_group(Address(TENANT, users=(OLA,)), Message("Alene"), key="intro:1:1:2")
    except Exception as exc:  # noqa: BLE001 - the one error class is checked below
        assert getattr(exc, "permanent", False)
    else:
        raise AssertionError("a group of one was accepted")
    assert await teams.tick() == []
