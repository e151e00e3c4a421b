"""`/samskaping personvern` (en `privacy`): where the privacy statement and the terms are, and one's own data."""

from __future__ import annotations

from dataclasses import dataclass

from bot.kernel import scope as scopes
from bot.kernel.chat.messages import Message, Reply
from bot.kernel.context import Request


@dataclass(frozen=True)
class PrivacyLinks:
    pass


async def privacy_links(cmd: PrivacyLinks, req: Request) -> Reply:
    """The links to /personvern and /vilkar in the asker's language, privately."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        await uow.commit()
    base = ctx.settings.public_base_url.rstrip("/")
    text = ctx.t(scope.lang, "privacy.links", url=f"{base}/personvern?lang={scope.lang}",
                 terms=f"{base}/vilkar?lang={scope.lang}")
    return Reply(Message(text), visibility="private")
