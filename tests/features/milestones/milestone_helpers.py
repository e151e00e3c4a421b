"""Shared steps for the milestone and anchoring conversation tests."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import select

from bot.adapters.memory import Posted
from bot.features.milestones.tables import Milestone
from bot.kernel.chat.events import CommandEvent
from bot.kernel.chat.messages import Reply
from bot.kernel.storage.tables import Outbox
from tests.fakes import Conversation, actor

OSLO = ZoneInfo("Europe/Oslo")


def oslo(*parts: int) -> datetime:
    """A wall-clock moment in Oslo (year, month, day, hour[, minute])."""
    return datetime(*parts, tzinfo=OSLO)  # type: ignore[misc]


async def set_up(convo: Conversation) -> None:
    """Bodø: Kari coordinates, Ola (skole) and Siri (barnehage) take part."""
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    await convo.say("/samskaping bli-med skole", as_="ola")
    await convo.say("/samskaping bli-med barnehage", as_="siri")


async def at(convo: Conversation, when: datetime) -> None:
    """Move the clock to `when` and ring the scheduler's bell once."""
    convo.app.ctx.clock.set(when)  # type: ignore[attr-defined]
    await convo.app.tick()


def dms(convo: Conversation, user: str, prefix: str = "milestone:") -> list[Posted]:
    """The private messages a user got whose outbox key starts with `prefix` (not digests and the like)."""
    return [p for p in convo.seen_by(user) if p.kind == "dm" and p.key.startswith(prefix)]


async def milestones(convo: Conversation) -> list[Milestone]:
    async with convo.app.ctx.uow() as uow:
        return list((await uow.session.exec(select(Milestone).order_by(Milestone.id))).all())


async def outbox_rows(convo: Conversation, prefix: str) -> list[Outbox]:
    async with convo.app.ctx.uow() as uow:
        rows = await uow.session.exec(select(Outbox).where(Outbox.idempotency_key.startswith(prefix)))  # type: ignore[attr-defined]
        return list(rows.all())


async def command(convo: Conversation, text: str, *, as_: str) -> Reply:
    """Send a command and return its one reply (to look at buttons and forms)."""
    [reply] = await convo.send(CommandEvent(actor(as_), convo.channel, text, trigger="t"))
    return reply


def text_of(replies: list[Reply]) -> str:
    return "\n".join(r.message.text for r in replies if r.message is not None)
