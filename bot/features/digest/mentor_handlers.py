"""`/samskaping fadder …` and `be-om-støtte …`: appointing mentors, what mentors do, asking them for help."""

from __future__ import annotations

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.errors import InvalidInput, NotAllowed
from bot.features.digest import mentors
from bot.features.digest.commands import AskSupport, AssignMentor, MentorList, MentorPrompt, RemoveMentor
from bot.features.digest.tables import MentorGroup, SupportRequest
from bot.features.prompts.posting import post_now
from bot.kernel import scope as scopes
from bot.kernel.chat.messages import Message, Reply
from bot.kernel.context import AppContext, Request
from bot.kernel.delivery.outbox import Envelope, enqueue
from bot.kernel.rules.when import format_moment
from bot.kernel.storage.tables import Group, id_of

SUPPORT_PRIORITY = 2  # someone asked for help: it goes before digests and nudges


def _names(groups: list[Group]) -> str:
    return ", ".join(g.municipality for g in groups)


async def assign_mentor(cmd: AssignMentor, req: Request) -> Reply:
    """A programme's owner or lead makes someone the mentor (fadder) of one or more of the programme's groups."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        programmes = await mentors.require_appointer(uow.session, scope.workspace_id, req.actor.user)
        groups = mentors.require_groups(cmd.groups, await mentors.groups_of(uow.session, programmes))
        now = ctx.clock.now()
        added = await mentors.assign(uow.session, groups, cmd.user_id, by=req.actor.user, language=scope.lang,
                                     now=now)
        if added:  # the mentor learns what they follow and what they can do (and has something to erase)
            await enqueue(uow.session, Envelope(
                workspace_id=scope.workspace_id, key=f"mentor:{cmd.user_id}:{now.isoformat()}", kind="mentor",
                target="dm", user_id=cmd.user_id, due_at=now, priority=SUPPORT_PRIORITY,
                message=_welcome(ctx, scope.lang, req.actor.name or req.actor.user, added)), now=now)
        await uow.commit()
    return Reply(Message(ctx.t(scope.lang, "digest.mentor_assigned", user=cmd.user_id, groups=_names(groups),
                               count=len(groups), **_when(ctx, scope.lang))))


def _when(ctx: AppContext, lang: str) -> dict[str, str]:
    s = ctx.settings
    return {"weekday": ctx.t(lang, f"digest.weekday.{s.digest_weekday}"), "time": s.digest_time}


def _welcome(ctx: AppContext, lang: str, by: str, groups: list[Group]) -> Message:
    return Message(ctx.t(lang, "digest.mentor_welcome", by=by, groups=_names(groups), count=len(groups),
                         **_when(ctx, lang)),
                   title=ctx.t(lang, "digest.mentor_welcome_title", groups=_names(groups)))


async def remove_mentor(cmd: RemoveMentor, req: Request) -> Reply:
    """A programme's owner or lead takes groups (or all of their programmes' groups) from a mentor."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        programmes = await mentors.require_appointer(uow.session, scope.workspace_id, req.actor.user)
        mine = await mentors.groups_of(uow.session, programmes)
        groups = mentors.require_groups(cmd.groups, mine) if cmd.groups else mine
        if not await mentors.unassign(uow.session, groups, cmd.user_id):
            raise InvalidInput("digest.mentor_not_following", user=cmd.user_id, groups=_names(groups) or "–")
        await uow.commit()
    return Reply(Message(ctx.t(scope.lang, "digest.mentor_removed", user=cmd.user_id)))


async def list_mentoring(cmd: MentorList, req: Request) -> Reply:
    """The groups I follow as a mentor, and the mentors of the programmes I own or lead."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        lang = scope.lang
        lines = []
        mine = [g for _, g in await mentors.followed(uow.session, scope.workspace_id, req.actor.user)]
        if mine:
            lines.append(ctx.t(lang, "digest.mentor_you_follow", groups=_names(mine)))
        programmes = await mentors.managed_programmes(uow.session, scope.workspace_id, req.actor.user)
        found = await uow.session.exec(select(MentorGroup, Group).join(Group, col(MentorGroup.group_id) == Group.id)
                                       .where(col(MentorGroup.programme_id).in_([p.id for p in programmes]))
                                       .order_by(col(MentorGroup.user_id), col(Group.municipality)))
        by_mentor: dict[str, list[Group]] = {}
        for row, group in found.all():
            by_mentor.setdefault(row.user_id, []).append(group)
        lines += [ctx.t(lang, "digest.mentor_line", user=user, groups=_names(groups))
                  for user, groups in by_mentor.items()]
        if programmes and not by_mentor:
            lines.append(ctx.t(lang, "digest.mentor_none_yet"))
    if not lines:
        raise NotAllowed("digest.mentor_list_nothing")
    return Reply(Message("\n".join(lines), title=ctx.t(lang, "digest.mentor_title")))


async def _mentored_group(session: AsyncSession, req: Request, scope: scopes.Scope, words: str) -> tuple[Group, str]:
    """The followed group a mentor named (else the channel's, else their only one) and the words after it."""
    followed = [g for _, g in await mentors.followed(session, scope.workspace_id, req.actor.user)]
    if not followed:
        raise NotAllowed("digest.mentor_only")
    named, rest = mentors.pick_groups(words, followed)
    if len(named) > 1:
        raise InvalidInput("digest.mentor_one_group", known=_names(followed))
    here = [g for g in followed if scope.group is not None and g.id == scope.group.id]
    choice = named or here or (followed if len(followed) == 1 else [])
    if not choice:
        raise InvalidInput("digest.mentor_choose_group", known=_names(followed), example=followed[0].municipality)
    return choice[0], rest


async def mentor_prompt(cmd: MentorPrompt, req: Request) -> Reply:
    """A mentor posts a prompt now to a group they follow, as its coordinators can with `oppgave send`."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        group, rest = await _mentored_group(uow.session, req, scope, cmd.words)
        if len(rest.split()) > 1:
            raise InvalidInput("digest.mentor_prompt_usage")
        if rest and ctx.prompts.get(rest) is None:  # neither a group they follow nor a prompt
            followed = [g for _, g in await mentors.followed(uow.session, scope.workspace_id, req.actor.user)]
            raise InvalidInput("digest.mentor_prompt_unknown", typed=rest, known=_names(followed))
        prompt, due = await post_now(uow, ctx, group, rest or None)
        await uow.commit()
    lang = scope.lang
    return Reply(Message(ctx.t(lang, "digest.mentor_prompt_sent", title=prompt.title.get(lang),
                               municipality=group.municipality, due=format_moment(due, group.timezone, lang))))


async def ask_support(cmd: AskSupport, req: Request) -> Reply:
    """A coordinator's request for support reaches each of the group's mentors privately; the digest counts it."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        member = scopes.require_coordinator(scope)
        group = scopes.coordinators_group(scope)
        followers = await mentors.mentors_of(uow.session, group)
        if not followers:
            raise InvalidInput("digest.support_no_mentor", municipality=group.municipality)
        now = ctx.clock.now()
        request = SupportRequest(workspace_id=group.workspace_id, group_id=id_of(group), member_id=id_of(member),
                                 created_at=now)
        uow.session.add(request)
        await uow.flush()
        name = member.display_name or member.user_id
        for mentor in followers:
            message = Message(ctx.t(mentor.language, "digest.support_text", name=name, text=cmd.text,
                                    municipality=group.municipality),
                              title=ctx.t(mentor.language, "digest.support_title", municipality=group.municipality))
            await enqueue(uow.session, Envelope(
                workspace_id=group.workspace_id, key=f"support:{request.id}:{mentor.user_id}", kind="support",
                target="dm", user_id=mentor.user_id, message=message, due_at=now, priority=SUPPORT_PRIORITY),
                now=now)
        await uow.commit()
    return Reply(Message(ctx.t(scope.lang, "digest.support_sent", count=len(followers),
                               mentors=", ".join(m.user_id for m in followers))))
