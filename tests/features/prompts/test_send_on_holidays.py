"""`oppgave send` on a public holiday, in a quiet period or during the group's pause asks first: post at the next
working moment, or now anyway (the coordinator's explicit choice, logged); on an ordinary day it posts at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import select

from bot.clock import ManualClock
from bot.features.audit.tables import AuditEntry
from bot.kernel.commands.registry import RUN_COMMAND
from tests.fakes import Conversation
from tests.features.prompts.programme_helpers import group_on_demo_programme

CHRISTMAS_DAY = datetime(2026, 12, 25, 10, 0, tzinfo=UTC)  # Friday 11:00 in Oslo, Første juledag


async def _group(convo: Conversation, at: datetime) -> None:
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    await convo.say("/samskaping bli-med skole", as_="ola")
    assert isinstance(convo.app.ctx.clock, ManualClock)
    convo.app.ctx.clock.set(at)


def _posts(convo: Conversation) -> list[str]:
    return [p.key for p in convo.in_channel() if p.key.startswith("prompt:")]


async def test_on_christmas_day_it_asks_and_can_wait_for_the_next_working_morning(convo: Conversation) -> None:
    await _group(convo, CHRISTMAS_DAY)
    [asked] = await convo.send_command("/samskaping oppgave send", as_="kari")
    assert asked.message is not None and _posts(convo) == []
    assert "Merk: i dag er det Første juledag" in asked.message.text
    assert "mandag 28. desember kl. 08:00" in asked.message.text
    later, anyway = asked.message.buttons
    assert later.action_id == anyway.action_id == RUN_COMMAND
    answer = "\n".join(r.message.text for r in await convo.press(RUN_COMMAND, later.value, as_="kari") if r.message)
    assert "postes mandag 28. desember kl. 08:00" in answer and "Frist: mandag 4. januar" in answer
    await convo.wait(timedelta(days=2))
    assert _posts(convo) == []
    await convo.wait(timedelta(days=1))  # Monday 28 December 11:00
    assert len(_posts(convo)) == 1
    async with convo.app.ctx.uow() as uow:
        entries = (await uow.session.exec(select(AuditEntry).where(AuditEntry.action == "oppgave"))).all()
    assert [e.detail for e in entries] == [f"prompt_id={later.value.split()[2]}, when=later"]  # the press is logged


async def test_now_anyway_posts_at_once(convo: Conversation) -> None:
    await _group(convo, CHRISTMAS_DAY)
    answer = await convo.say("/samskaping oppgave send likevel", as_="kari")
    assert "postes i kanalen nå" in answer and len(_posts(convo)) == 1


async def test_in_a_quiet_period_and_in_a_pause_it_asks_too(convo: Conversation) -> None:
    await group_on_demo_programme(convo)  # Monday 7 December 08:00
    await convo.say("/samskaping stille 8.12 til 9.12: Budsjettuke", as_="kari")
    assert isinstance(convo.app.ctx.clock, ManualClock)
    convo.app.ctx.clock.set(datetime(2026, 12, 8, 9, 0, tzinfo=UTC))  # Tuesday 10:00, in the quiet period
    asked = await convo.say("/samskaping oppgave send", as_="kari")
    assert "gruppa er i en stille periode (Budsjettuke)" in asked and "torsdag 10. desember kl. 08:00" in asked
    await convo.say("/samskaping pause 11.12", as_="kari")
    asked = await convo.say("/samskaping oppgave send", as_="kari")
    assert "gruppa har pause til og med fredag 11. desember 2026" in asked and "mandag 14. desember" in asked
    await convo.say("/samskaping språk en", as_="kari")
    assert "now anyway, or Monday 14 December" in await convo.say("/samskaping prompt send", as_="kari")
    assert _posts(convo) == []


async def test_on_an_ordinary_working_day_it_posts_without_asking(convo: Conversation) -> None:
    await _group(convo, datetime(2026, 12, 8, 9, 0, tzinfo=UTC))
    assert "postes i kanalen nå" in await convo.say("/samskaping oppgave send", as_="kari")
    assert "/samskaping oppgave" in await convo.say("/samskaping oppgave send a b likevel", as_="kari")
