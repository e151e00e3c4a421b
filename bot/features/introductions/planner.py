"""The introductions planner (one of the planners run on every tick): a round per group when its rhythm says so.

A round is made only on a working day within working hours, outside quiet periods and holidays, and not while
the group pauses; members who opted out or pause are left out, and a round needs two eligible members. When the
programme lets two groups meet (`twins`), one round pairs the members of both. The
round row (unique per group and number) and its messages are written in the tick's one unit of work, each
message an outbox row keyed by round, group position and member: a round is made once and sent once.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlmodel import select

from bot.features.introductions import records, twins
from bot.features.introductions.rules import RHYTHM_DAYS, Rhythm, explain_round, pair_round, round_seed
from bot.features.introductions.tables import IntroMatch, IntroRound, IntroSetting
from bot.features.introductions.views import Where, follow_up, introduction, introduction_together
from bot.kernel.context import AppContext
from bot.kernel.delivery.budget import nudge_slot
from bot.kernel.delivery.outbox import Envelope, enqueue
from bot.kernel.delivery.planning import earliest
from bot.kernel.programme import calendars
from bot.kernel.programme.prompts import Prompt
from bot.kernel.rules.calendar import CalendarRules, is_allowed, local, next_allowed_slot
from bot.kernel.storage import queries
from bot.kernel.storage.tables import Group, Member, Workspace, id_of
from bot.kernel.storage.uow import UnitOfWork

INTRO_PRIORITY = 5
#: a round that found too few eligible members is tried again this much later (or when someone joins)
RETRY_ROUND = timedelta(hours=1)
#: platforms where the bot opens one conversation with the pair (Slack: a group DM); elsewhere (Teams, where a
#: bot cannot start a group chat) each person gets a 1:1 message naming the others, one outbox row each
GROUP_CONVERSATIONS = ("slack", "console")
#: the questions an introduction may suggest: the prompts about curiosity and inviting someone new
QUESTION_CRITERIA = ("inviter", "nysgjerrig")


def intro_key(group: Group, number: int, position: int, member: Member) -> str:
    return f"intro:{group.id}:{number}:{position}:{member.id}"


def together_key(group: Group, number: int, position: int) -> str:
    return f"intro:{group.id}:{number}:{position}"


def ask_key(match: IntroMatch, member: Member) -> str:
    return f"intro-ask:{match.id}:{member.id}"


async def plan_introductions(uow: UnitOfWork, ctx: AppContext) -> datetime:
    """Make the rounds that have come due; returns when the next can come due (see
    bot.kernel.delivery.planning)."""
    now = ctx.clock.now()
    ahead: list[datetime] = []
    settings = (await uow.session.exec(select(IntroSetting).where(IntroSetting.active == True))).all()  # noqa: E712
    active = {s.group_id for s in settings}
    partners = await twins.partners(uow) if settings else {}
    groups = {id_of(group): group for group, _ in await queries.groups_and_programmes(uow)} if settings else {}
    for setting in settings:
        partner_id = partners.get(setting.group_id)
        partner_id = partner_id if partner_id in active else None  # turned off there: each group alone
        if partner_id is not None and partner_id < setting.group_id:
            continue  # the partner makes the rounds for both groups
        group = groups.get(setting.group_id)
        partner = groups.get(partner_id) if partner_id is not None else None
        if group is None:
            continue
        rules = calendars.group_rules(group, await calendars.schedule_of(uow, ctx, group))
        today = local(now, rules).date()
        if _pauses(group, today):
            continue  # the pause ends at a midnight
        if not is_allowed(now, rules):
            ahead.append(next_allowed_slot(now, rules))
            continue
        last = await records.last_round(uow, group)
        due_at = records.next_round_at(setting, last, RHYTHM_DAYS[Rhythm(setting.rhythm)])
        if now < due_at:
            ahead.append(due_at)
            continue
        together = [group] + ([partner] if partner is not None and not _pauses(partner, today) else [])
        if await make_round(uow, ctx, together, setting, (last.number if last else 0) + 1, now, rules):
            ahead.append(now + timedelta(days=RHYTHM_DAYS[Rhythm(setting.rhythm)]))
        else:
            ahead.append(now + RETRY_ROUND)  # too few eligible today: joins are writes, member pauses end
    return earliest(ahead, now)


def _pauses(group: Group, today: date) -> bool:
    return group.paused_until is not None and today <= group.paused_until


def _where(ctx: AppContext, lang: str, groups: list[Group]) -> Where:
    if len(groups) == 1:
        return Where(groups[0].municipality)
    joined = f" {ctx.t(lang, 'introductions.and')} ".join(g.municipality for g in groups)
    return Where(joined, {id_of(g): g.municipality for g in groups})


async def make_round(uow: UnitOfWork, ctx: AppContext, groups: list[Group], setting: IntroSetting, number: int,
                     now: datetime, rules: CalendarRules) -> int:
    """Pair the eligible members of the group (and of its partner group, when two meet) and plan each person's
    introduction and, half a period later, the question. The round is the first group's."""
    group = groups[0]
    today = local(now, rules).date()
    members = [m for g in groups for m in await records.eligible(uow, g, today)]
    if len(members) < 2:
        return 0  # nobody to introduce yet; the next tick tries again
    by_id = {id_of(m): m for m in members}
    workspace = await uow.session.get(Workspace, group.workspace_id)
    together = workspace is not None and workspace.platform in GROUP_CONVERSATIONS
    seed = round_seed(id_of(group), number)
    candidates, met = records.candidates(members), await records.meetings(uow, members)
    round_ = IntroRound(workspace_id=group.workspace_id, group_id=id_of(group), number=number, created_at=now)
    uow.session.add(round_)
    await uow.session.flush()
    ask_at = now + timedelta(days=max(2, RHYTHM_DAYS[Rhythm(setting.rhythm)] // 2))
    planned = 0
    for position, reasons in enumerate(explain_round(pair_round(candidates, met, seed), candidates, met), start=1):
        keys = reasons.group
        question = _question(ctx, seed + position)
        match = IntroMatch(workspace_id=group.workspace_id, group_id=id_of(group), round_id=id_of(round_),
                           position=position, member_a=keys[0], member_b=keys[1],
                           member_c=keys[2] if len(keys) > 2 else None,
                           question_id=question.id if question else None, created_at=now)
        uow.session.add(match)
        await uow.session.flush()
        if together:
            planned += int(await enqueue(uow.session, Envelope(
                workspace_id=group.workspace_id, key=together_key(group, number, position), kind="introduction",
                target="group", user_ids=tuple(by_id[k].user_id for k in keys),
                message=introduction_together(ctx, group.language, _where(ctx, group.language, groups),
                                              [by_id[k] for k in keys], question, reasons),
                due_at=next_allowed_slot(now, rules), priority=INTRO_PRIORITY), now=now))
        for key in keys:
            member, others = by_id[key], [by_id[k] for k in keys if k != key]
            lang = member.language or group.language
            if not together:
                planned += int(await enqueue(uow.session, Envelope(
                    workspace_id=group.workspace_id, key=intro_key(group, number, position, member),
                    kind="introduction", target="dm", user_id=member.user_id,
                    message=introduction(ctx, lang, _where(ctx, lang, groups), others, question, reasons),
                    due_at=next_allowed_slot(now, rules), priority=INTRO_PRIORITY), now=now))
            when = await nudge_slot(uow, ctx, member, next_allowed_slot(ask_at, rules), rules)
            planned += int(await enqueue(uow.session, Envelope(
                workspace_id=group.workspace_id, key=ask_key(match, member), kind="introduction-ask", target="dm",
                user_id=member.user_id, message=follow_up(ctx, lang, others, id_of(match)), due_at=when,
                priority=INTRO_PRIORITY + 1), now=now))
    return planned


def _question(ctx: AppContext, seed: int) -> Prompt | None:
    """One question from the prompt library for the talk (the same for a given round and position)."""
    found = sorted((p for p in ctx.prompts.prompts.values() if p.criterion in QUESTION_CRITERIA), key=lambda p: p.id)
    return found[seed % len(found)] if found else None
