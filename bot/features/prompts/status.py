"""`/samskaping status`: how many have answered (everyone); who has (coordinators only)."""

from __future__ import annotations

from sqlmodel import select

from bot.features.groups.service import sector_label
from bot.features.prompts import queries as prompt_queries
from bot.features.prompts.commands import Status
from bot.features.prompts.tables import Reflection
from bot.kernel import scope as scopes
from bot.kernel.chat.messages import Field, Message, Reply
from bot.kernel.context import AppContext, Request
from bot.kernel.rules.when import format_moment
from bot.kernel.storage import queries
from bot.kernel.storage.tables import Member


async def group_status(cmd: Status, req: Request) -> Reply:
    """The group's current prompt and its answer count; coordinators also see names."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        group, lang = scopes.members_group(scope), scope.lang
        everyone = await queries.members(uow.session, group)
        post = await prompt_queries.latest_post(uow.session, group, now=ctx.clock.now())
        fields = [Field(ctx.t(lang, "status.members"), str(len(everyone)))]
        if post is None:
            return Reply(Message(ctx.t(lang, "status.no_prompt", municipality=group.municipality),
                                 title=ctx.t(lang, "status.title", municipality=group.municipality),
                                 fields=tuple(fields)))
        answered_ids = set((await uow.session.exec(
            select(Reflection.member_id).where(Reflection.workspace_id == group.workspace_id,
                                               Reflection.post_id == post.id))).all())
        prompt = ctx.prompts.get(post.prompt_id)
        text = ctx.t(lang, "status.answered", answered=len(answered_ids & {m.id for m in everyone}),
                     total=len(everyone), title=prompt.title.get(lang) if prompt else post.prompt_id,
                     due=format_moment(post.due_at, group.timezone, lang))
        if scope.is_coordinator:
            fields += [_names(ctx, lang, "status.have_answered", [m for m in everyone if m.id in answered_ids]),
                       _names(ctx, lang, "status.not_answered", [m for m in everyone if m.id not in answered_ids])]
        return Reply(Message(text, title=ctx.t(lang, "status.title", municipality=group.municipality),
                             fields=tuple(fields)))


def _names(ctx: AppContext, lang: str, key: str, people: list[Member]) -> Field:
    listed = ", ".join(
        f"{m.display_name or m.user_id} ({sector_label(ctx, lang, m.sector)})" for m in people
    )
    return Field(ctx.t(lang, key), listed or "–")
