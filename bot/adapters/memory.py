"""An in-memory chat platform: keeps a transcript of everything the bot sent (console, demo, tests)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from bot.clock import Clock
from bot.errors import DeliveryError
from bot.kernel.chat.messages import Address, ChatUser, Form, Message

Kind = Literal["channel", "private", "dm", "group", "form"]


@dataclass(frozen=True)
class Posted:
    """One thing the bot showed someone."""

    kind: Kind
    ref: str
    address: Address
    key: str
    at: datetime
    message: Message | None = None
    form: Form | None = None

    @property
    def text(self) -> str:
        if self.message is not None:
            return self.message.text
        return self.form.intro if self.form else ""


@dataclass
class MemoryChat:
    """A ChatPort that records instead of sending; `fail_next` injects platform errors for tests."""

    clock: Clock
    platform: str = "console"
    verifiable: bool = True
    sends_per_second: float = 1000.0
    parallel_sends: int = 1
    transcript: list[Posted] = field(default_factory=list)
    channel_members: dict[str, list[ChatUser]] = field(default_factory=dict)
    fail_next: list[Exception] = field(default_factory=list)
    unreachable: set[str] = field(default_factory=set)  # users private messages cannot reach

    def _record(self, kind: Kind, to: Address, key: str, message: Message | None = None,
                form: Form | None = None) -> str:
        if self.fail_next:
            raise self.fail_next.pop(0)
        if kind in ("private", "dm") and to.user in self.unreachable:
            raise DeliveryError("user_not_found", permanent=True)
        ref = f"m{len(self.transcript) + 1}"
        self.transcript.append(Posted(kind, ref, to, key, self.clock.now(), message, form))
        return ref

    async def post(self, to: Address, message: Message, *, key: str) -> str:
        return self._record("channel", to, key, message)

    async def post_private(self, to: Address, message: Message, *, key: str) -> str:
        return self._record("private", to, key, message)

    async def send_dm(self, to: Address, message: Message, *, key: str) -> str:
        return self._record("dm", to, key, message)

    async def send_group(self, to: Address, message: Message, *, key: str) -> str:
        """One group conversation: recorded once per member, with the same reference (what each one sees)."""
        if len(to.users) < 2:
            raise DeliveryError("group_needs_two", permanent=True)
        ref = self._record("group", Address(to.workspace, None, to.users[0], users=to.users), key, message)
        for user in to.users[1:]:
            self.transcript.append(Posted("group", ref, Address(to.workspace, None, user, users=to.users), key,
                                          self.clock.now(), message))
        return ref

    async def open_form(self, to: Address, form: Form, *, trigger: str) -> None:
        self._record("form", to, trigger, form=form)

    async def members(self, to: Address) -> list[ChatUser]:
        return list(self.channel_members.get(to.channel or "", []))

    async def find_sent(self, to: Address, key: str, since: datetime) -> str | None:
        return next((p.ref for p in self.transcript if p.key == key and p.at >= since), None)

    def sent_to(self, *, user: str | None = None, channel: str | None = None, kind: Kind | None = None
                ) -> list[Posted]:
        """What a user or channel received (filters combine)."""
        return [p for p in self.transcript
                if (user is None or p.address.user == user)
                and (channel is None or p.address.channel == channel)
                and (kind is None or p.kind == kind)]
