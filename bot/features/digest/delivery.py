"""Weekly delivery: on DIGEST_WEEKDAY at DIGEST_TIME, last week's digest goes by DM to every owner and lead of a
programme, each mentor gets the digest of the groups they follow, and each coordinator their own group's summary.

Runs on every tick. The outbox keys (`digest:{programme}:{week}:{user}`, `digest-group:{group}:{week}:{user}`,
`digest-mentor:{programme}:{week}:{user}`)
make it exactly-once across restarts and replicas; the digest is only computed while a key is missing.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime, time, timedelta

from sqlmodel import col, select

from bot.features.digest import service as digests
from bot.features.digest.format import Formatter
from bot.features.digest.handlers import report_url
from bot.features.digest.mentors import APPOINTING
from bot.features.digest.messages import group_message, programme_message
from bot.features.digest.rules import Digest
from bot.features.digest.tables import MentorGroup, ProgrammeRole
from bot.kernel.context import AppContext
from bot.kernel.delivery.budget import person_slot, private_slot
from bot.kernel.delivery.outbox import Envelope, enqueue
from bot.kernel.rules.calendar import CalendarRules, next_allowed_slot
from bot.kernel.rules.people import Role
from bot.kernel.rules.weeks import IsoWeek, latest_weekly_slot, week_of
from bot.kernel.storage.tables import Group, Member, Outbox, Programme, id_of
from bot.kernel.storage.uow import UnitOfWork

log = logging.getLogger(__name__)
DIGEST_PRIORITY = 5


def due_week(ctx: AppContext) -> tuple[IsoWeek, datetime] | None:
    """The week to deliver now and its delivery moment, or None outside the window after the slot."""
    s = ctx.settings
    now = ctx.clock.now()
    slot = latest_weekly_slot(now, s.timezone, s.digest_weekday, time.fromisoformat(s.digest_time))
    if now - slot > timedelta(hours=s.outbox_grace_hours):
        return None
    return week_of(slot, s.timezone).previous(), slot


async def plan_digests(ctx: AppContext) -> datetime:
    """Enqueue the weekly digests that are due and not yet in the outbox; then rest until about the next
    week's slot (an hour early, whatever the clocks do in between)."""
    s = ctx.settings
    next_slot = latest_weekly_slot(ctx.clock.now(), s.timezone, s.digest_weekday,
                                   time.fromisoformat(s.digest_time)) + timedelta(weeks=1, hours=-1)
    due = due_week(ctx)
    if due is None:
        return next_slot
    week, planned = due
    slot = next_allowed_slot(planned, CalendarRules(tz=ctx.settings.timezone))  # never on a public holiday
    known: digests.KnownFacts = {}  # a group's facts, computed for its programme's digest, serve its own too
    async with ctx.uow() as uow:
        added = (await _plan_programmes(uow, ctx, week, slot, known) + await _plan_groups(uow, ctx, week, slot, known)
                 + await _plan_mentors(uow, ctx, week, slot, known))
        await uow.commit()
    if added:
        log.info("planned %d weekly digests for %s", added, week)
    return next_slot


async def _existing_keys(uow: UnitOfWork, keys: list[str]) -> set[str]:
    """Which of these keys are in the outbox already (exact keys: the unique index answers, however large
    the outbox has grown)."""
    if not keys:
        return set()
    found = await uow.session.exec(select(Outbox.idempotency_key).where(col(Outbox.idempotency_key).in_(keys)))
    return set(found.all())


async def _plan_programmes(uow: UnitOfWork, ctx: AppContext, week: IsoWeek, slot: datetime,
                           known: digests.KnownFacts) -> int:
    rows = (await uow.session.exec(select(ProgrammeRole, Programme).join(
        Programme, col(ProgrammeRole.programme_id) == Programme.id).where(
        col(ProgrammeRole.role).in_(APPOINTING)))).all()  # mentors get their own groups' digest (below)
    existing = await _existing_keys(uow, [f"digest:{p.id}:{week}:{r.user_id}" for r, p in rows])
    waiting: dict[int, list[ProgrammeRole]] = defaultdict(list)
    programmes: dict[int, Programme] = {}
    end = week.bounds(ctx.settings.timezone)[1]
    for role, programme in rows:
        if programme.created_at < end and f"digest:{programme.id}:{week}:{role.user_id}" not in existing:
            waiting[id_of(programme)].append(role)
            programmes[id_of(programme)] = programme
    added = 0
    rules = CalendarRules(tz=ctx.settings.timezone)  # a lead's own hours, if set in a group they are in
    for programme_id, roles in waiting.items():
        programme = programmes[programme_id]
        digest = await digests.programme_digest(uow.session, ctx, programme, week, known=known)
        url = report_url(ctx.settings, programme, week, ctx.clock.now())
        for role in roles:
            fmt = Formatter(ctx.texts, role.language, ctx.settings.timezone)
            message = programme_message(digest, fmt, min_group_size=ctx.settings.digest_min_group_size,
                                        report_url=url)
            added += await enqueue(uow.session, Envelope(
                workspace_id=programme.workspace_id, key=f"digest:{programme.id}:{week}:{role.user_id}",
                kind="digest", target="dm", user_id=role.user_id, message=message, priority=DIGEST_PRIORITY,
                due_at=await person_slot(uow, ctx, programme.workspace_id, role.user_id, slot, rules)),
                now=ctx.clock.now())
    return added


async def _plan_groups(uow: UnitOfWork, ctx: AppContext, week: IsoWeek, slot: datetime,
                       known: digests.KnownFacts) -> int:
    rows = (await uow.session.exec(select(Member, Group).join(Group, col(Member.group_id) == Group.id).where(
        Member.role == Role.COORDINATOR.value, Member.active == True))).all()  # noqa: E712
    existing = await _existing_keys(uow, [f"digest-group:{g.id}:{week}:{m.user_id}" for m, g in rows])
    waiting: dict[int, list[Member]] = defaultdict(list)
    groups: dict[int, Group] = {}
    end = week.bounds(ctx.settings.timezone)[1]
    for member, group in rows:  # no summary of a week before the group existed
        if group.created_at < end and f"digest-group:{group.id}:{week}:{member.user_id}" not in existing:
            waiting[id_of(group)].append(member)
            groups[id_of(group)] = group
    added = 0
    for group_id, coordinators in waiting.items():
        group = groups[group_id]
        digest = await digests.group_digest(uow.session, ctx, group, week, known=known)
        for member in coordinators:
            fmt = Formatter(ctx.texts, member.language or group.language, group.timezone)
            message = group_message(digest, fmt, min_group_size=ctx.settings.digest_min_group_size)
            added += await enqueue(uow.session, Envelope(
                workspace_id=group.workspace_id, key=f"digest-group:{group.id}:{week}:{member.user_id}",
                kind="digest", target="dm", user_id=member.user_id, message=message,
                due_at=private_slot(member, slot, CalendarRules(tz=group.timezone)),
                priority=DIGEST_PRIORITY), now=ctx.clock.now())
    return added


async def _plan_mentors(uow: UnitOfWork, ctx: AppContext, week: IsoWeek, slot: datetime,
                        known: digests.KnownFacts) -> int:
    """Each mentor gets one digest per programme, of the groups they follow there (one computation per set of
    groups, shared by the mentors who follow the same ones)."""
    rows = (await uow.session.exec(select(MentorGroup, Group).join(Group, col(MentorGroup.group_id) == Group.id)
                                   .order_by(col(Group.municipality)))).all()
    followed: dict[tuple[int, str], list[Group]] = defaultdict(list)
    language: dict[tuple[int, str], str] = {}
    end = week.bounds(ctx.settings.timezone)[1]
    for mentor, group in rows:
        if group.created_at < end:
            followed[(mentor.programme_id, mentor.user_id)].append(group)
            language[(mentor.programme_id, mentor.user_id)] = mentor.language
    keys = {who: f"digest-mentor:{who[0]}:{week}:{who[1]}" for who in followed}
    existing = await _existing_keys(uow, list(keys.values()))
    computed: dict[tuple[int, ...], Digest] = {}
    added = 0
    rules = CalendarRules(tz=ctx.settings.timezone)  # a mentor's own hours, as a lead's
    for who, groups in followed.items():
        if keys[who] in existing:
            continue
        ids = tuple(id_of(g) for g in groups)
        if ids not in computed:
            computed[ids] = await digests.mentor_digest(uow.session, ctx, groups, week, known=known)
        fmt = Formatter(ctx.texts, language[who], ctx.settings.timezone)
        added += await enqueue(uow.session, Envelope(
            workspace_id=groups[0].workspace_id, key=keys[who], kind="digest", target="dm", user_id=who[1],
            message=programme_message(computed[ids], fmt, min_group_size=ctx.settings.digest_min_group_size),
            due_at=await person_slot(uow, ctx, groups[0].workspace_id, who[1], slot, rules),
            priority=DIGEST_PRIORITY), now=ctx.clock.now())
    return added
