"""Simulated process deaths: a port wrapper that raises a BaseException before or after the real send."""

from __future__ import annotations

from datetime import timedelta

from bot.bootstrap import Container
from bot.clock import ManualClock
from bot.kernel.chat.messages import Address, Message
from bot.kernel.chat.port import ChatPort
from bot.kernel.delivery.dispatcher import Dispatcher, DispatchPolicy

LEASE = timedelta(seconds=30)


class Crash(BaseException):
    """Stands in for SIGKILL: not an Exception, so nothing in the bot catches it."""


class CrashingPort:
    """Delegates to a real port; on the `at`-th send of its life the process dies (after or before sending)."""

    def __init__(self, real: ChatPort, *, at: int, after_send: bool) -> None:
        self.real = real
        self.platform = real.platform
        self.verifiable = real.verifiable
        self.parallel_sends = real.parallel_sends
        self.at = at
        self.after_send = after_send
        self.sends = 0

    async def _maybe_die(self, send: object, to: Address, message: Message, key: str) -> str:
        self.sends += 1
        this = self.sends  # sends may overlap (a port's parallel_sends): each knows which one it is
        if this == self.at and not self.after_send:
            raise Crash
        try:
            return await send(to, message, key=key)  # type: ignore[operator,no-any-return]
        finally:
            if this == self.at:  # dies whatever the platform answered
                raise Crash  # noqa: B012 - the process is gone; nothing else is reported

    async def post(self, to: Address, message: Message, *, key: str) -> str:
        return await self._maybe_die(self.real.post, to, message, key)

    async def post_private(self, to: Address, message: Message, *, key: str) -> str:
        return await self._maybe_die(self.real.post_private, to, message, key)

    async def send_dm(self, to: Address, message: Message, *, key: str) -> str:
        return await self._maybe_die(self.real.send_dm, to, message, key)

    async def send_group(self, to: Address, message: Message, *, key: str) -> str:
        return await self._maybe_die(self.real.send_group, to, message, key)

    def __getattr__(self, name: str) -> object:
        return getattr(self.real, name)


def replica(app: Container, clock: ManualClock, platform: str, port: object, worker: str, *,
            batch_size: int = 10) -> Dispatcher:
    """A dispatcher as another process would run it: its own worker name and port."""
    return Dispatcher(app.ctx.sessions, clock, {platform: port}, worker=worker,  # type: ignore[dict-item]
                      policy=DispatchPolicy(lease=LEASE, batch_size=batch_size))
