"""An explicit unit of work: nothing is saved unless `commit()` is called."""

from __future__ import annotations

from types import TracebackType

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.kernel.storage.engine import SessionFactory


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
        await self.session.commit()

    async def flush(self) -> None:
        await self.session.flush()
