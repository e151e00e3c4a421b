"""An explicit unit of work: nothing is saved unless `commit()` is called."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import TracebackType

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.kernel.storage.engine import SessionFactory

CommitHook = Callable[["UnitOfWork"], Awaitable[None]]
#: rows that must land in the same transaction as the next change made in this task (a command's audit entry)
_joining: ContextVar[list[CommitHook] | None] = ContextVar("joining_next_commit", default=None)


@contextmanager
def joining_next_commit(*hooks: CommitHook) -> Iterator[list[CommitHook]]:
    """Within the block, the first unit of work that commits runs `hooks` first, in its own transaction (once).

    Blocks nest: an inner block's commit also runs the hooks of the blocks around it (they must tolerate
    running again if a later commit in the outer block finds them still pending). Yields the hooks still
    waiting: empty once a commit ran them.
    """
    pending = [*(_joining.get() or []), *hooks]
    token = _joining.set(pending)
    try:
        yield pending
    finally:
        _joining.reset(token)


class UnitOfWork:
    """One transaction; rolls back on exit unless committed."""

    def __init__(self, factory: SessionFactory) -> None:
        self._factory = factory
        self.session: AsyncSession

    async def __aenter__(self) -> UnitOfWork:
        self.session = self._factory()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        # close() rolls back whatever was not committed, and (unlike rollback()) keeps the values of
        # loaded records readable after the unit of work ends.
        await self.session.close()

    async def commit(self) -> None:
        pending = _joining.get()
        if pending:
            hooks = pending.copy()
            pending.clear()  # once: a use case that commits twice records its change once
            for hook in hooks:
                await hook(self)
        await self.session.commit()

    async def flush(self) -> None:
        await self.session.flush()
