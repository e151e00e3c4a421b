"""The local console platform: type messages and `/samskaping` commands as any person, in any channel.

Lines (interactive or a script on stdin):
    /som <navn>            act as this person (also `/as`)
    /kanal <navn>          move to a channel (also `/channel`)
    /samskaping ...        a command, as in Slack or Teams
    /knapp <tekst>         press a button on the last message that has one (also `/button`)
    /tråd <ref> <tekst>    reply in the thread of the bot's message <ref> (also `/thread`)
    /vent <N>d|<N>t|<N>m   let time pass (days, hours, minutes) when the clock is simulated (also `/wait`)
    # ...                  a comment (scripts)
    anything else          a message in the channel, or the answer to an open form
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from bot.adapters.memory import Kind, MemoryChat, Posted
from bot.bootstrap import Container
from bot.clock import ManualClock
from bot.kernel.chat.events import ActionEvent, Actor, CommandEvent, FormSubmitted, InboundEvent, MessageEvent
from bot.kernel.chat.messages import Address, Form, Message, Reply

WORKSPACE = "local"
_WAIT = re.compile(r"^(\d+)\s*([dtmh])$")


def render_message(message: Message) -> list[str]:
    """A message as plain text lines."""
    lines = [f"*{message.title}*"] if message.title else []
    lines += message.text.splitlines()
    lines += [f"  {f.label}: {f.value}" for f in message.fields]
    if message.buttons:
        lines.append("  " + "  ".join(f"[{b.label}]" for b in message.buttons))
    if message.footer:
        lines.append(f"  ({message.footer})")
    return lines


def render_form(form: Form) -> list[str]:
    lines = [f"┌ {form.title}", *(f"│ {line}" for line in form.intro.splitlines())]
    if form.error:
        lines.append(f"│ ⚠ {form.error}")
    lines += [f"│ {i.label}" + (f" [{i.initial}]" if i.initial else "") for i in form.inputs]
    return lines + ["└ (skriv svaret på neste linje / type the answer on the next line)"]


def render_posted(item: Posted, viewer: str | None = None) -> list[str]:
    """One transcript entry, with where it went and who could see it."""
    where = f"#{item.address.channel}" if item.address.channel else ""
    if item.kind == "dm":
        head = f"[DM → {item.address.user}] Samskaping:"
    elif item.kind == "private":
        head = f"[{where}] (bare synlig for {item.address.user} / only visible to you) Samskaping:"
    elif item.kind == "form":
        return render_form(item.form) if item.form else []
    else:
        thread = f" (tråd {item.address.thread})" if item.address.thread else ""
        head = f"[{where}]{thread} Samskaping ({item.ref}):"
    body = render_message(item.message) if item.message else []
    return [head, *(f"  {line}" for line in body)]


@dataclass
class ConsoleSession:
    """Feeds typed lines to the router and prints what the bot did."""

    app: Container
    chat: MemoryChat
    out: Callable[[str], None]
    user: str = "kari"
    channel: str = "samskaping"
    open_form: Form | None = None
    last_buttons: list[tuple[str, str, str]] = field(default_factory=list)
    _shown: int = 0

    def actor(self) -> Actor:
        return Actor("console", WORKSPACE, self.user.lower(), self.user.capitalize())

    async def feed(self, line: str) -> None:
        """Handle one line of input."""
        line = line.strip()
        if not line or line.startswith("#"):
            return
        head, _, rest = line.partition(" ")
        handler = {"/som": self._as, "/as": self._as, "/kanal": self._channel, "/channel": self._channel,
                   "/knapp": self._button, "/button": self._button, "/tråd": self._thread,
                   "/thread": self._thread, "/vent": self._wait, "/wait": self._wait}.get(head.lower())
        if handler is not None:
            await handler(rest.strip())
        elif head.lower() in ("/samskaping", "/s"):
            await self._event(CommandEvent(self.actor(), self.channel, rest, trigger="console"))
        elif self.open_form is not None:
            form, self.open_form = self.open_form, None
            await self._event(FormSubmitted(self.actor(), form.form_id, {"text": line}, form.metadata))
        else:
            await self._event(MessageEvent(self.actor(), self.channel, line))

    async def _as(self, name: str) -> None:
        self.user = name or self.user
        self.out(f"— du er nå {self.user} / you are now {self.user}")

    async def _channel(self, name: str) -> None:
        self.channel = name.lstrip("#") or self.channel
        self.out(f"— kanal #{self.channel}")

    async def _button(self, label: str) -> None:
        match = next((b for b in self.last_buttons if b[0].lower() == label.lower()), None)
        if match is None:
            self.out(f"— ingen knapp «{label}» / no such button")
            return
        await self._event(ActionEvent(self.actor(), self.channel, match[1], match[2], trigger="console"))

    async def _thread(self, rest: str) -> None:
        ref, _, text = rest.partition(" ")
        await self._event(MessageEvent(self.actor(), self.channel, text, thread=ref, message_id="console"))

    async def _wait(self, amount: str) -> None:
        match = _WAIT.match(amount.lower())
        if not isinstance(self.chat.clock, ManualClock) or match is None:
            self.out("— /vent needs a simulated clock (--start) and an amount like 2d, 3t or 30m")
            return
        unit = {"d": "days", "t": "hours", "h": "hours", "m": "minutes"}[match.group(2)]
        self.chat.clock.advance(timedelta(**{unit: int(match.group(1))}))
        self.out(f"— tiden er nå / the time is now {self.chat.clock.now():%Y-%m-%d %H:%M} UTC")
        await self.flush()

    async def _event(self, event: InboundEvent) -> None:
        for reply in await self.app.router.handle(event):
            self._show_reply(reply)
        await self.flush()

    def _show_reply(self, reply: Reply) -> None:
        if reply.form is not None:
            self.open_form = reply.form
            self._print(render_form(reply.form))
        if reply.message is not None:
            kind: Kind = "channel" if reply.visibility == "channel" else "private"
            address = Address(WORKSPACE, self.channel, None if kind == "channel" else self.user.lower())
            self._remember_buttons(reply.message)
            self._print(render_posted(Posted(kind, "-", address, "reply", self.chat.clock.now(), reply.message)))

    async def flush(self) -> None:
        """Run the delivery tick and print whatever the bot sent since last time."""
        await self.app.tick()
        for item in self.chat.transcript[self._shown:]:
            if item.message is not None:
                self._remember_buttons(item.message)
            self._print(render_posted(item))
        self._shown = len(self.chat.transcript)

    def _remember_buttons(self, message: Message) -> None:
        if message.buttons:
            self.last_buttons = [(b.label, b.action_id, b.value) for b in message.buttons]

    def _print(self, lines: list[str]) -> None:
        for line in lines:
            self.out(line)
