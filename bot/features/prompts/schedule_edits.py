"""Schedule edits in chat for coordinators: move a prompt or its deadline, swap a prompt, add a quiet period,
and undo the last change. The same checks as a YAML adjustments file, the same Norwegian date phrases.

Each edit keeps the group's previous adjustments (and an open post's previous deadline) in a draft, so
`oppgave angre` can restore them; one step back, which is what people expect from "angre".
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import select

from bot.errors import AdjustmentError, InvalidInput
from bot.features.prompts.commands import PromptDue, PromptMove, PromptSwap, QuietPeriod, ScheduleUndo
from bot.features.prompts.tables import PromptPost
from bot.kernel import scope as scopes
from bot.kernel.chat.messages import Message, Reply
from bot.kernel.commands.dates import read_date
from bot.kernel.context import AppContext, Request
from bot.kernel.programme import calendars
from bot.kernel.programme.checks import check_adjustments
from bot.kernel.programme.deadlines import deadline_block
from bot.kernel.programme.expand import Calendar, GroupAdjustments, PromptChange, PromptOccurrence
from bot.kernel.programme.schedule import QuietPeriodSpec, Schedule
from bot.kernel.rules.calendar import at_local, holiday_name, local, next_allowed_slot
from bot.kernel.rules.dates import format_date
from bot.kernel.rules.when import format_moment
from bot.kernel.storage.tables import Draft, Group, id_of
from bot.kernel.storage.uow import UnitOfWork


def _undo_purpose(group: Group) -> str:
    return f"schedule-undo:{group.id}"


class _Edit:
    """One coordinator's edit of their group's programme, checked before it is saved."""

    def __init__(self, uow: UnitOfWork, ctx: AppContext, group: Group, schedule: Schedule, lang: str) -> None:
        self.uow, self.ctx, self.group, self.schedule, self.lang = uow, ctx, group, schedule, lang
        self.before = calendars.adjustments_of(group)
        self.post_undo: dict[str, Any] | None = None

    def occurrence(self, calendar: Calendar, prompt_id: str) -> PromptOccurrence:
        found = [o for o in calendar.prompts if prompt_id in (o.prompt_id, o.key)]
        if not found:
            raise InvalidInput("programmes.not_in_programme", prompt_id=prompt_id)
        return found[0]

    def calendar(self, adjustments: GroupAdjustments) -> Calendar:
        """The group's calendar with these adjustments, or InvalidInput saying what is wrong (nothing saved)."""
        findings = check_adjustments(self.schedule, adjustments, self.ctx.prompts.ids())
        if findings:
            raise InvalidInput("programmes.edit_refused", reason=findings[0][1])
        try:
            return calendars.calendar_with(self.schedule, self.group, adjustments)
        except AdjustmentError as exc:
            raise InvalidInput("programmes.edit_refused", reason=str(exc)) from None

    async def posted(self, occurrence: PromptOccurrence) -> PromptPost | None:
        return (await self.uow.session.exec(select(PromptPost).where(
            PromptPost.group_id == self.group.id, PromptPost.occurrence_key == occurrence.key))).first()

    async def save(self, adjustments: GroupAdjustments) -> None:
        found = (await self.uow.session.exec(select(Draft).where(
            Draft.workspace_id == self.group.workspace_id, Draft.user_id == "",
            Draft.purpose == _undo_purpose(self.group)))).first()
        undo = found or Draft(workspace_id=self.group.workspace_id, user_id="", purpose=_undo_purpose(self.group),
                              text="", updated_at=self.ctx.clock.now())
        undo.text = json.dumps({"adjustments": self.before.model_dump_json(), "post": self.post_undo})
        undo.updated_at = self.ctx.clock.now()
        self.uow.session.add(undo)
        self.group.adjustments = adjustments.model_dump_json()
        await self.uow.commit()

    def day(self, text: str, *, working: bool = False) -> date:
        """The date typed; with `working`, a public holiday is refused (nobody posts or answers then)."""
        day = read_date(self.ctx, text, tz=self.group.timezone, lang=self.lang)
        holiday = holiday_name(day) if working else None
        if holiday is not None:
            raise InvalidInput("programmes.date_is_holiday", date=format_date(day, self.lang), holiday=holiday)
        return day

    def when(self, moment: datetime) -> str:
        return format_moment(moment, self.group.timezone, self.lang)

    def flag(self, prompt_id: str, due_at: datetime, calendar: Calendar) -> str:
        block = deadline_block(due_at, calendar.rules)
        if block is None:
            return ""
        prompt = self.ctx.prompts.get(prompt_id)
        return "\n" + self.ctx.t(self.lang, "programmes.deadline_flag", prompt_id=prompt_id, due=self.when(due_at),
                                 title=prompt.title.get(self.lang) if prompt else prompt_id,
                                 where=self.ctx.t(self.lang, f"programmes.on_{block.kind}", name=block.name or ""))

    def reply(self, key: str, **params: object) -> Reply:
        undo = self.ctx.t(self.lang, "programmes.undo_hint")
        return Reply(Message(self.ctx.t(self.lang, key, **params) + f"\n{undo}"))


async def _start(uow: UnitOfWork, req: Request) -> _Edit:
    ctx = req.ctx
    scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
    group = scopes.coordinators_group(scope)
    schedule = await calendars.schedule_of(uow, ctx, group)
    if schedule is None:
        raise InvalidInput("programmes.none_chosen")
    return _Edit(uow, ctx, group, schedule, scope.lang)


def _with_change(adjustments: GroupAdjustments, key: str, **change: date) -> GroupAdjustments:
    current = adjustments.prompts.get(key) or PromptChange()
    return adjustments.model_copy(update={"prompts": {**adjustments.prompts, key: current.model_copy(update=change)}})


async def move_prompt(cmd: PromptMove, req: Request) -> Reply:
    """`oppgave flytt <id> <dato>`: post the prompt that day at its planned time; its deadline moves along."""
    async with req.ctx.uow() as uow:
        edit = await _start(uow, req)
        occurrence = edit.occurrence(edit.calendar(edit.before), cmd.prompt_id)
        if await edit.posted(occurrence) is not None:
            raise InvalidInput("programmes.already_out", prompt_id=occurrence.prompt_id)
        day = edit.day(cmd.when, working=True)
        adjustments = _with_change(edit.before, occurrence.key, post=day)
        calendar = edit.calendar(adjustments)
        moved = edit.occurrence(calendar, occurrence.key)
        await edit.save(adjustments)
        return edit.reply("programmes.moved_prompt", prompt_id=occurrence.prompt_id, when=edit.when(moved.post_at),
                          due=edit.when(moved.due_at) + edit.flag(moved.prompt_id, moved.due_at, calendar))


async def move_deadline(cmd: PromptDue, req: Request) -> Reply:
    """`oppgave frist <id> <dato>`: the deadline on another day, for a prompt to come or one that is open."""
    async with req.ctx.uow() as uow:
        edit = await _start(uow, req)
        occurrence = edit.occurrence(edit.calendar(edit.before), cmd.prompt_id)
        day = edit.day(cmd.when, working=True)
        adjustments = _with_change(edit.before, occurrence.key, due=day)
        post = await edit.posted(occurrence)
        if post is None:
            rules = edit.calendar(edit.before).rules
            wanted = at_local(day, local(occurrence.due_at, rules).time(), rules)
            if wanted <= occurrence.post_at:
                raise InvalidInput("programmes.due_before_post", due=edit.when(wanted),
                                   when=edit.when(occurrence.post_at))
            calendar = edit.calendar(adjustments)
            due_at = edit.occurrence(calendar, occurrence.key).due_at
        else:
            calendar = edit.calendar(edit.before)
            due_at = _move_open_deadline(edit, post, day, calendar)
        await edit.save(adjustments)
        return edit.reply("programmes.moved_deadline", prompt_id=occurrence.prompt_id,
                          due=edit.when(due_at) + edit.flag(occurrence.prompt_id, due_at, calendar))


def _move_open_deadline(edit: _Edit, post: PromptPost, day: date, calendar: Calendar) -> datetime:
    """An open post's deadline moves in the database (its reminders shift with it); a closed one cannot."""
    if post.closed or post.due_at <= edit.ctx.clock.now():
        raise InvalidInput("programmes.deadline_passed", prompt_id=post.prompt_id, due=edit.when(post.due_at))
    due_at = at_local(day, local(post.due_at, calendar.rules).time(), calendar.rules)
    if due_at <= edit.ctx.clock.now():
        raise InvalidInput("programmes.deadline_in_past", due=edit.when(due_at))
    edit.post_undo = {"id": post.id, "due_at": post.due_at.isoformat(), "reminders": post.reminder_times}
    shift = due_at - post.due_at
    times = sorted(next_allowed_slot(datetime.fromisoformat(t) + shift, calendar.rules)
                   for t in json.loads(post.reminder_times))
    post.reminder_times = json.dumps([t.isoformat() for t in times])
    post.due_at = due_at
    return due_at


async def swap_prompt(cmd: PromptSwap, req: Request) -> Reply:
    """`oppgave bytt <id> <ny-id>`: another prompt from the library in that slot."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        edit = await _start(uow, req)
        occurrence = edit.occurrence(edit.calendar(edit.before), cmd.prompt_id)
        if ctx.prompts.get(cmd.new_prompt_id) is None:
            raise InvalidInput("prompts.unknown", prompt_id=cmd.new_prompt_id)
        if await edit.posted(occurrence) is not None:
            raise InvalidInput("programmes.already_out", prompt_id=occurrence.prompt_id)
        original = occurrence.swapped_from or occurrence.prompt_id
        key = occurrence.key.rsplit(":", 1)[0] + f":{original}"
        adjustments = edit.before.model_copy(update={"swap": {**edit.before.swap, key: cmd.new_prompt_id}})
        edit.calendar(adjustments)
        await edit.save(adjustments)
        return edit.reply("programmes.swapped", prompt_id=occurrence.prompt_id, new_prompt_id=cmd.new_prompt_id,
                          when=edit.when(occurrence.post_at))


async def quiet_periods(cmd: QuietPeriod, req: Request) -> Reply:
    """`stille`: the group's quiet periods; `stille <fra> til <til>[: navn]` adds one (no posts or reminders)."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        edit = await _start(uow, req)
        if not cmd.start:
            periods = edit.calendar(edit.before).rules.quiet_periods
            lines = [f"• {format_date(p.start, edit.lang)} – {format_date(p.end, edit.lang)}"
                     + (f" ({p.name})" if p.name else "") for p in periods]
            return Reply(Message("\n".join(lines) or ctx.t(edit.lang, "programmes.no_quiet"),
                                 title=ctx.t(edit.lang, "programmes.quiet_title")))
        start, end = edit.day(cmd.start), edit.day(cmd.end)
        if end < start:
            raise InvalidInput("programmes.quiet_backwards", start=format_date(start, edit.lang),
                               end=format_date(end, edit.lang))
        if end - start > timedelta(days=120):
            raise InvalidInput("programmes.quiet_too_long")
        period = QuietPeriodSpec(start=start, end=end, name=cmd.name)
        adjustments = edit.before.model_copy(update={"quiet_periods": (*edit.before.quiet_periods, period)})
        calendar = edit.calendar(adjustments)
        await edit.save(adjustments)
        covered = [o for o in calendar.prompts if start <= local(o.due_at, calendar.rules).date() <= end
                   and o.due_at > ctx.clock.now()]
        flags = "".join(edit.flag(o.prompt_id, o.due_at, calendar) for o in covered)
        return edit.reply("programmes.quiet_added", start=format_date(start, edit.lang),
                          end=format_date(end, edit.lang) + flags)


async def undo_edit(cmd: ScheduleUndo, req: Request) -> Reply:
    """`oppgave angre`: the group's adjustments (and a moved open deadline) as before the last chat edit."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        edit = await _start(uow, req)
        found = (await uow.session.exec(select(Draft).where(
            Draft.workspace_id == edit.group.workspace_id, Draft.user_id == "",
            Draft.purpose == _undo_purpose(edit.group)))).first()
        if found is None:
            raise InvalidInput("programmes.nothing_to_undo")
        saved = json.loads(found.text)
        edit.group.adjustments = saved["adjustments"]
        if saved.get("post"):
            post = await uow.session.get(PromptPost, saved["post"]["id"])
            if post is not None and post.group_id == id_of(edit.group) and not post.closed:
                post.due_at = datetime.fromisoformat(saved["post"]["due_at"])
                post.reminder_times = saved["post"]["reminders"]
        await uow.session.delete(found)
        await uow.commit()
    return Reply(Message(ctx.t(edit.lang, "programmes.undone")))
