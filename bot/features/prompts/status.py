"""`/samskaping status`: every open prompt with its due time and answer count (everyone); who has (coordinators)."""

from __future__ import annotations

from sqlmodel import select

from bot.features.groups.service import sector_label
from bot.features.prompts import queries as prompt_queries
from bot.features.prompts.commands import Status
from bot.features.prompts.tables import PromptPost, Reflection
from bot.kernel import scope as scopes
from bot.kernel.chat.messages import Field, Message, Reply
from bot.kernel.context import AppContext, Request
from bot.kernel.rules.when import format_moment
from bot.kernel.storage import queries
from bot.kernel.storage.tables import Group, Member
from bot.kernel.storage.uow import UnitOfWork


async def group_status(cmd: Status, req: Request) -> Reply:
    """The group's open prompts (else the latest one) and their answer counts; coordinators also see names."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        group, lang = scopes.members_group(scope), scope.lang
        everyone = await queries.members(uow.session, group)
        now = ctx.clock.now()
        posts = await prompt_queries.open_posts(uow.session, group, now=now)
        if not posts:
            latest = await prompt_queries.latest_post(uow.session, group, now=now)
            posts = [latest] if latest is not None else []
        title = ctx.t(lang, "status.title", municipality=group.municipality)
        fields = [Field(ctx.t(lang, "status.members"), str(len(everyone)))]
        if not posts:
            return Reply(Message(ctx.t(lang, "status.no_prompt", municipality=group.municipality),
                                 title=title, fields=tuple(fields)))
        lines = [] if len(posts) == 1 else [ctx.t(lang, "status.open_count", count=len(posts))]
        for post in posts:
            answered_ids = await _answered(uow, group, post)
            prompt_title = _title(ctx, post, lang)
            lines.append(ctx.t(lang, "status.answered", answered=len(answered_ids & {m.id for m in everyone}),
                               total=len(everyone), title=prompt_title,
                               due=format_moment(post.due_at, group.timezone, lang)))
            if scope.is_coordinator:
                suffix = f" – {prompt_title}" if len(posts) > 1 else ""
                fields += [
                    _names(ctx, lang, "status.have_answered", suffix, [m for m in everyone if m.id in answered_ids]),
                    _names(ctx, lang, "status.not_answered", suffix,
                           [m for m in everyone if m.id not in answered_ids])]
        return Reply(Message("\n\n".join(lines), title=title, fields=tuple(fields)))


async def _answered(uow: UnitOfWork, group: Group, post: PromptPost) -> set[int]:
    return set((await uow.session.exec(select(Reflection.member_id).where(
        Reflection.workspace_id == group.workspace_id, Reflection.post_id == post.id))).all())


def _title(ctx: AppContext, post: PromptPost, lang: str) -> str:
    prompt = ctx.prompts.get(post.prompt_id)
    return prompt.title.get(lang) if prompt else post.prompt_id


def _names(ctx: AppContext, lang: str, key: str, suffix: str, people: list[Member]) -> Field:
    listed = ", ".join(
        f"{m.display_name or m.user_id} ({sector_label(ctx, lang, m.sector)})" for m in people
    )
    return Field(ctx.t(lang, key) + suffix, listed or "–")
