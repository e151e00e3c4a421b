"""A person's own page (Slack App Home, a Teams personal tab): open prompts, own reflections, settings.

Coordinators also see how their group is doing. Each section names the channel its buttons act in, so
a button pressed on the personal page still acts in the right group.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import col, select

from bot.features.groups.service import SET_LANGUAGE
from bot.features.language.preferences import SET_HINTS
from bot.features.privacy.service import SET_REMINDERS
from bot.features.prompts import queries as prompt_queries
from bot.features.prompts.answers import ANSWER
from bot.features.prompts.tables import PromptPost, Reflection
from bot.kernel import scope as scopes
from bot.kernel.chat.messages import Button, Field, Message
from bot.kernel.commands.registry import RUN_COMMAND
from bot.kernel.context import AppContext, Request
from bot.kernel.rules.people import Role
from bot.kernel.rules.when import format_moment
from bot.kernel.storage import queries
from bot.kernel.storage.tables import Group, Member
from bot.kernel.storage.uow import UnitOfWork

_STAFF = {Role.COORDINATOR.value, Role.LEAD.value}
EXCERPT = 120


@dataclass(frozen=True)
class HomeSection:
    """One part of the page; `channel` is the group channel its buttons act in (None: no group)."""

    message: Message
    channel: str | None = None


__all__ = ["SET_HINTS", "SET_LANGUAGE", "SET_REMINDERS", "HomeSection", "home_view"]


async def home_view(req: Request) -> list[HomeSection]:
    """The person's page: an introduction, one section per group they are in, and their settings."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        workspace = await queries.find_workspace(uow.session, req.actor.platform, req.actor.workspace)
        found = [] if workspace is None else (await uow.session.exec(select(Member).where(
            Member.workspace_id == workspace.id, Member.user_id == req.actor.user).order_by(col(Member.id)))).all()
        pairs = [(member, await uow.session.get(Group, member.group_id)) for member in found]
        first_member, first_group = pairs[0] if pairs else (None, None)
        lang = scopes.language_of(ctx, req.actor, first_group, first_member)
        sections = [HomeSection(Message(ctx.t(lang, "home.intro" if pairs else "home.no_groups"),
                                        title=ctx.t(lang, "home.title")))]
        for member, group in pairs:
            if group is not None:
                sections.append(await _group_section(uow, ctx, group, member, lang))
    if first_member is not None and first_group is not None:
        sections.append(_settings_section(ctx, first_group, first_member, lang))
    return sections


async def _group_section(uow: UnitOfWork, ctx: AppContext, group: Group, member: Member, lang: str) -> HomeSection:
    now = ctx.clock.now()
    open_posts = (await uow.session.exec(select(PromptPost).where(
        PromptPost.workspace_id == group.workspace_id, PromptPost.group_id == group.id, PromptPost.closed == False,  # noqa: E712
        PromptPost.post_at <= now, PromptPost.due_at >= now).order_by(col(PromptPost.due_at)).limit(5))).all()
    lines, buttons = [], []
    for post in open_posts:
        title = _title(ctx, post, lang)
        due = format_moment(post.due_at, group.timezone, lang)
        answered = await prompt_queries.reflection_by(uow.session, post, member) is not None
        lines.append(ctx.t(lang, "home.open_prompt_answered" if answered else "home.open_prompt", title=title, due=due))
        buttons.append(Button(ctx.t(lang, "home.answer_button", title=title)[:70], ANSWER, str(post.id),
                              None if answered else "primary"))
    text = "\n".join(lines) or ctx.t(lang, "home.no_open_prompts")
    fields = [await _reflections_field(uow, ctx, member, lang)]
    if member.role in _STAFF:
        status, read = await _group_status(uow, ctx, group, member, lang)
        text += "\n\n" + status
        buttons += [read] if read is not None else []
    return HomeSection(Message(text, title=ctx.t(lang, "home.group_title", municipality=group.municipality),
                               fields=tuple(fields), buttons=tuple(buttons)), group.channel_id)


async def _reflections_field(uow: UnitOfWork, ctx: AppContext, member: Member, lang: str) -> Field:
    """How many reflections the member wrote, and the start of the latest (their own data, shown to them)."""
    mine = (await uow.session.exec(select(Reflection).where(
        Reflection.workspace_id == member.workspace_id, Reflection.member_id == member.id
    ).order_by(col(Reflection.updated_at).desc()))).all()
    value = ctx.t(lang, "home.reflection_count", count=len(mine))
    if mine:
        text = mine[0].text
        excerpt = text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"
        value += "\n" + ctx.t(lang, "home.last_reflection", excerpt=excerpt)
    return Field(ctx.t(lang, "home.reflections"), value)


async def _group_status(uow: UnitOfWork, ctx: AppContext, group: Group, member: Member, lang: str
                        ) -> tuple[str, Button | None]:
    """How many answered the newest prompt; for coordinators (never leads) a button that opens the answers
    (`svarene`: a modal in Slack, logged like the typed command)."""
    everyone = await queries.members(uow.session, group)
    post = await prompt_queries.latest_post(uow.session, group, now=ctx.clock.now())
    if post is None:
        return ctx.t(lang, "home.coordinator_no_prompt", total=len(everyone)), None
    answered = int((await uow.session.exec(select(func.count()).select_from(Reflection).where(
        Reflection.workspace_id == group.workspace_id, Reflection.post_id == post.id))).one())
    status = ctx.t(lang, "home.coordinator_status", answered=answered, total=len(everyone),
                   title=_title(ctx, post, lang))
    if member.role != Role.COORDINATOR.value or not answered:
        return status, None
    return status, Button(ctx.t(lang, "home.read_answers", count=answered), RUN_COMMAND, f"svarene {post.prompt_id}")


def _settings_section(ctx: AppContext, group: Group, member: Member, lang: str) -> HomeSection:
    hints = member.hints_enabled and group.hints_enabled
    fields = (Field(ctx.t(lang, "home.language"), ctx.t(lang, f"home.lang_{lang}")),
              Field(ctx.t(lang, "home.hints"), ctx.t(lang, "home.on" if hints else "home.off")),
              Field(ctx.t(lang, "home.reminders"), ctx.t(lang, "home.on" if member.reminders_enabled else "home.off")))
    buttons = (
        Button(ctx.t(lang, "home.hints_off" if member.hints_enabled else "home.hints_on"), SET_HINTS,
               "off" if member.hints_enabled else "on"),
        Button(ctx.t(lang, "home.reminders_off" if member.reminders_enabled else "home.reminders_on"), SET_REMINDERS,
               "off" if member.reminders_enabled else "on"),
        *(Button(ctx.t(lang, f"home.lang_{code}"), SET_LANGUAGE, code) for code in ("nb", "nn", "en") if code != lang),
    )
    return HomeSection(Message(ctx.t(lang, "home.settings_help"), title=ctx.t(lang, "home.settings_title"),
                               fields=fields, buttons=buttons), group.channel_id)


def _title(ctx: AppContext, post: PromptPost, lang: str) -> str:
    prompt = ctx.prompts.get(post.prompt_id)
    return prompt.title.get(lang) if prompt is not None else post.prompt_id
