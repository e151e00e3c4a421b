"""Shared set-up for tests that run a group on the demo programme."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.clock import ManualClock
from tests.fakes import Conversation

OSLO_0800 = datetime(2026, 12, 7, 7, 0, tzinfo=UTC)


async def group_on_demo_programme(convo: Conversation) -> None:
    assert isinstance(convo.app.ctx.clock, ManualClock)
    convo.app.ctx.clock.set(OSLO_0800)
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    await convo.say("/samskaping bli-med skole", as_="ola")
    await convo.say("/samskaping bli-med barnehage", as_="siri")
    await convo.say("/samskaping program demo", as_="kari")


def prompt_posts(convo: Conversation) -> list[str]:
    return [p.key for p in convo.in_channel() if p.key.startswith("prompt:")]
