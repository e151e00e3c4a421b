"""Under a burst, requests are still accepted (and so acknowledged) while only a few are handled at a time."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.bootstrap import Container
from bot.kernel.chat.events import Actor, CommandEvent
from bot.kernel.chat.messages import Reply
from bot.kernel.commands.inbox import Inbox


class SlowRouter:
    """Holds every request until released, counting how many it holds at once."""

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.now = 0
        self.most = 0

    async def handle(self, event: Any) -> list[Reply]:
        self.now += 1
        self.most = max(self.most, self.now)
        await self.release.wait()
        self.now -= 1
        return []


async def test_a_burst_is_accepted_at_once_and_handled_a_few_at_a_time(app: Container) -> None:
    router = SlowRouter()
    inbox = Inbox(app.ctx, router, worker="burst")  # type: ignore[arg-type]
    events = [CommandEvent(Actor("console", "T1", f"u{n}"), "C1", "/samskaping status") for n in range(30)]
    accepted = [await inbox.accept(f"burst:{n}", event) for n, event in enumerate(events)]
    assert all(request_id is not None for request_id in accepted)
    handling = [asyncio.create_task(inbox.handle(request_id, event))
                for request_id, event in zip(accepted, events, strict=True) if request_id is not None]
    await asyncio.sleep(0.2)
    assert router.most == inbox.handling_at_once  # the others wait their turn …
    late = await inbox.accept("burst:late", events[0])  # … and a new request is still committed at once
    assert late is not None and router.most == inbox.handling_at_once
    router.release.set()
    await asyncio.gather(*handling)
    assert router.now == 0
