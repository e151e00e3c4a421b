"""`/samskaping svarene`: a group's coordinators read what the group wrote, to take it to the next gathering.

Only coordinators of the group see the answers, with names and sectors; leads and participants never do
(leads see groups in the digest, never people). Erased answers are left out.
"""

from __future__ import annotations

from sqlmodel import col, select

from bot.errors import InvalidInput, NotAllowed
from bot.features.groups.service import sector_label
from bot.features.prompts import queries as prompt_queries
from bot.features.prompts.commands import ReadAnswers
from bot.features.prompts.tables import PromptPost, Reflection
from bot.kernel import scope as scopes
from bot.kernel.chat.messages import Message, Reply
from bot.kernel.context import AppContext, Request
from bot.kernel.rules.people import Role
from bot.kernel.rules.when import format_moment
from bot.kernel.storage.tables import Group, Member
from bot.kernel.storage.uow import UnitOfWork

PAGE_SIZE = 10


async def read_answers(cmd: ReadAnswers, req: Request) -> Reply:
    """One page of the answers to a prompt, oldest first, each with its author's name and sector."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        group, lang = scopes.members_group(scope), scope.lang
        if scope.member is None or scope.member.role != Role.COORDINATOR.value:  # not leads: they never see people
            raise NotAllowed("answers.coordinators_only")
        post = await prompt_queries.latest_post(uow.session, group, now=ctx.clock.now(), prompt_id=cmd.prompt_id)
        if post is None:
            raise InvalidInput("answers.no_prompt" if cmd.prompt_id is None else "answers.unknown_prompt",
                               prompt=cmd.prompt_id or "")
        answers = await _answers(uow, group, post)
    return Reply(_page(ctx, lang, group, post, answers, cmd.page), panel=True)


async def _answers(uow: UnitOfWork, group: Group, post: PromptPost) -> list[tuple[Reflection, Member]]:
    found = await uow.session.exec(
        select(Reflection, Member).join(Member, col(Reflection.member_id) == col(Member.id))
        .where(Reflection.workspace_id == group.workspace_id, Reflection.post_id == post.id, Reflection.text != "")
        .order_by(col(Reflection.created_at), col(Reflection.id)))
    return list(found.all())


def _page(ctx: AppContext, lang: str, group: Group, post: PromptPost, answers: list[tuple[Reflection, Member]],
          page: int) -> Message:
    prompt = ctx.prompts.get(post.prompt_id)
    title = ctx.t(lang, "answers.title", title=prompt.title.get(lang) if prompt else post.prompt_id)
    due = format_moment(post.due_at, group.timezone, lang)
    if not answers:
        return Message(ctx.t(lang, "answers.none", due=due), title=title)
    pages = (len(answers) + PAGE_SIZE - 1) // PAGE_SIZE
    page = min(page, pages)
    shown = answers[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]
    lines = [ctx.t(lang, "answers.line", name=member.display_name or member.user_id,
                   sector=sector_label(ctx, lang, member.sector), text=reflection.text,
                   late=ctx.t(lang, "answers.late") if reflection.late else "") for reflection, member in shown]
    first = (page - 1) * PAGE_SIZE + 1
    lines.append(ctx.t(lang, "answers.range", first=first, last=first + len(shown) - 1, total=len(answers), due=due))
    if page < pages:
        lines.append(ctx.t(lang, "answers.next_page", prompt=post.prompt_id, page=page + 1))
    return Message("\n\n".join(lines), title=title, footer=ctx.t(lang, "answers.who_sees"))
