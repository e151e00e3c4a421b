"""The chat port: the things the core asks of any chat platform.

Implementations: Slack, Teams, the console, and FakeChat in tests. Every method is async. Sending
methods take the outbox idempotency key so that platforms which can (Slack message metadata) tag the
message and later tell whether it went out.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.kernel.chat.messages import Address, ChatUser, Form, Message


class ChatPort(Protocol):
    """How the core talks to people on one platform."""

    platform: str
    #: True when `find_sent` can tell whether a channel post or direct message with a given key was posted.
    #: Private (ephemeral) messages carry no key on any platform and are never verifiable.
    verifiable: bool
    #: About how many sends a second one workspace can take (sizes the dispatcher's batches).
    sends_per_second: float
    #: How many sends to different conversations of one workspace may be in flight at once (1: one after
    #: another). Sends to one conversation always go one after another, in order.
    parallel_sends: int

    async def post(self, to: Address, message: Message, *, key: str) -> str:
        """Post to `to.channel` (in `to.thread` if set); returns the platform's message id."""
        ...

    async def post_private(self, to: Address, message: Message, *, key: str) -> str:
        """Show `message` to `to.user` only, in `to.channel` (ephemeral, or a 1:1 chat fallback)."""
        ...

    async def send_dm(self, to: Address, message: Message, *, key: str) -> str:
        """Send a direct message to `to.user`."""
        ...

    async def send_group(self, to: Address, message: Message, *, key: str) -> str:
        """Send `message` to `to.users` together: one group conversation where the platform opens one for a bot
        (Slack: conversations.open with the users), else a 1:1 message to each."""
        ...

    async def open_form(self, to: Address, form: Form, *, trigger: str) -> None:
        """Open `form` for `to.user` in answer to an interaction identified by `trigger`."""
        ...

    async def members(self, to: Address) -> list[ChatUser]:
        """The people in `to.channel`."""
        ...

    async def find_sent(self, to: Address, key: str, since: datetime) -> str | None:
        """The id of a message carrying `key` posted since `since`, or None (only when verifiable)."""
        ...
