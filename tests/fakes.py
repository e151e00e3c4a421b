"""Conversation tests that read like chat: `await convo.say("/samskaping status", as_="kari")`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.adapters.memory import MemoryChat, Posted
from bot.bootstrap import Container
from bot.clock import ManualClock
from bot.kernel.chat.events import (
    ActionEvent,
    Actor,
    CommandEvent,
    FormSubmitted,
    InboundEvent,
    MemberJoined,
    MessageEvent,
)
from bot.kernel.chat.messages import Reply

WORKSPACE = "T-local"


def actor(user: str, workspace: str = WORKSPACE) -> Actor:
    return Actor("console", workspace, user, user.capitalize())


@dataclass
class Conversation:
    """Drives the router like a chat platform would and collects what people saw."""

    app: Container
    chat: MemoryChat
    channel: str = "C-bodo"
    #: ring the scheduler's bell after every event, as a running bot soon would; sweeping tests that only
    #: compare database state switch it off and tick once per round (hundreds of commands per test)
    ticking: bool = True

    async def send(self, event: InboundEvent) -> list[Reply]:
        replies = await self.app.router.handle(event)
        if self.ticking:
            await self.app.tick()
        return replies

    async def say(self, text: str, *, as_: str, channel: str | None = None, workspace: str = WORKSPACE) -> str:
        """A command or message; returns the text of the replies (forms show their intro)."""
        where = channel or self.channel
        if text.startswith("/samskaping"):
            event: InboundEvent = CommandEvent(actor(as_, workspace), where, text, trigger="t")
        else:
            event = MessageEvent(actor(as_, workspace), where, text)
        return _reply_text(await self.send(event))

    async def send_command(self, text: str, *, as_: str, channel: str | None = None) -> list[Reply]:
        """A command, returning the replies themselves (their buttons and forms)."""
        return await self.send(CommandEvent(actor(as_), channel or self.channel, text, trigger="t"))

    async def press(self, action_id: str, value: str, *, as_: str, channel: str | None = None) -> list[Reply]:
        return await self.send(ActionEvent(actor(as_), channel or self.channel, action_id, value, trigger="t"))

    async def submit(self, form_id: str, text: str, metadata: str, *, as_: str) -> list[Reply]:
        return await self.send(FormSubmitted(actor(as_), form_id, {"text": text}, metadata))

    async def reply_in_thread(self, thread: str, text: str, *, as_: str) -> str:
        return _reply_text(await self.send(
            MessageEvent(actor(as_), self.channel, text, thread=thread, message_id="x")))

    async def joins(self, user: str, *, channel: str | None = None) -> list[Reply]:
        return await self.send(MemberJoined(actor(user), channel or self.channel))

    async def wait(self, delta: timedelta) -> None:
        """Let simulated time pass, then ring the scheduler's bell once."""
        assert isinstance(self.app.ctx.clock, ManualClock)
        self.app.ctx.clock.advance(delta)
        await self.app.tick()

    def seen_by(self, user: str) -> list[Posted]:
        return self.chat.sent_to(user=user)

    def in_channel(self, channel: str | None = None) -> list[Posted]:
        return self.chat.sent_to(channel=channel or self.channel, kind="channel")


def _reply_text(replies: list[Reply]) -> str:
    parts = []
    for reply in replies:
        if reply.message is not None:
            fields = (f"{f.label}: {f.value}" for f in reply.message.fields)
            parts += [reply.message.title or "", reply.message.text, *fields]
        if reply.form is not None:
            parts += [reply.form.title, reply.form.intro, reply.form.error or ""]
    return "\n".join(p for p in parts if p)
