"""Welcoming someone who joins a group channel: a private hello that asks for their sector."""

from __future__ import annotations

from bot.features.groups.service import sector_buttons
from bot.kernel import scope as scopes
from bot.kernel.chat.messages import Message, Reply
from bot.kernel.context import Request


async def welcome(req: Request) -> Reply | None:
    """A welcome with sector buttons, for people who are not members yet (None elsewhere)."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        await uow.commit()
    if scope.group is None or scope.member is not None:
        return None
    text = ctx.t(scope.lang, "groups.welcome", municipality=scope.group.municipality)
    return Reply(Message(text, buttons=sector_buttons(ctx, scope.lang)))
