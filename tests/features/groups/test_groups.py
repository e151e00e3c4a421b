"""Groups: setting up a group in a channel, joining it with a sector, and what others are told."""

from __future__ import annotations

from sqlmodel import select

from bot.kernel.chat.events import CommandEvent
from bot.kernel.storage.tables import Member
from tests.fakes import Conversation, actor


async def set_up(convo: Conversation) -> None:
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    await convo.say("/samskaping bli-med skole", as_="ola")
    await convo.say("/samskaping bli-med barnehage", as_="siri")


async def test_coordinator_sets_up_a_group_and_becomes_coordinator(convo: Conversation) -> None:
    text = await convo.say("/samskaping oppsett Bodø", as_="kari")
    assert "Bodø" in text and "Kari" in text
    async with convo.app.ctx.uow() as uow:
        members = (await uow.session.exec(select(Member))).all()
    assert [(m.user_id, m.role) for m in members] == [("kari", "coordinator")]


async def test_a_second_setup_in_the_same_channel_is_refused_and_changes_nothing(convo: Conversation) -> None:
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    text = await convo.say("/samskaping oppsett Tromsø", as_="ola")
    assert "allerede gruppa for Bodø" in text
    assert "Tromsø" not in (await convo.say("/samskaping status", as_="kari"))


async def test_members_join_with_a_sector_or_get_buttons_to_choose_one(convo: Conversation) -> None:
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    assert "som Skole" in await convo.say("/samskaping bli-med skole", as_="ola")
    replies = await convo.send(CommandEvent(actor("siri"), convo.channel, "/samskaping bli-med"))
    assert [b.value for b in replies[0].message.buttons][:2] == ["barnehage", "skole"]
    pressed = await convo.press("set_sector", "kulturskole", as_="siri")
    assert "som Kulturskole" in "\n".join(r.message.text for r in pressed)


async def test_unknown_sector_lists_the_choices(convo: Conversation) -> None:
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    text = await convo.say("/samskaping bli-med rektorat", as_="ola")
    assert "rektorat" in text and "barnehage" in text and "kulturskole" in text


async def test_commands_in_a_channel_that_is_not_set_up_explain_how_to_start(convo: Conversation) -> None:
    assert "oppsett <kommune>" in await convo.say("/samskaping status", as_="ola")


async def test_non_members_are_told_how_to_join(convo: Conversation) -> None:
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    assert "bli-med" in await convo.say("/samskaping status", as_="per")
