"""Checks beyond a schedule's shape: order, overlaps, anchors, unknown ids, due before post, past dates.

Each check yields `(path, message)`; the loader turns the path into a file line.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterator
from datetime import date, datetime

from bot.errors import AdjustmentError
from bot.kernel.programme.expand import GroupAdjustments, anchors_for, date_gatherings, resolve_offset
from bot.kernel.programme.schedule import NEXT, POST, PREVIOUS, Schedule

Finding = tuple[tuple[str | int, ...], str]


def check_schedule(
    schedule: Schedule,
    *,
    prompt_ids: Collection[str] | None = None,
    checklist_ids: Collection[str] | None = None,
    today: date | None = None,
) -> list[Finding]:
    """Everything wrong with a well-formed schedule, in plain words."""
    findings = [*_gathering_order(schedule), *_duplicate_ids(schedule), *_anchors(schedule)]
    if prompt_ids is not None:
        findings += _unknown_prompts(schedule, prompt_ids)
    if checklist_ids is not None:
        findings += _unknown_checklists(schedule, checklist_ids)
    if today is not None:
        findings += _in_the_past(schedule, today)
    if not findings:
        findings += _due_before_post(schedule)
    return findings


def _suggest(word: str, known: Collection[str]) -> str:
    match = difflib.get_close_matches(word, list(known), n=1)
    return f" (did you mean '{match[0]}'?)" if match else ""


def _gathering_order(schedule: Schedule) -> Iterator[Finding]:
    for i in range(1, len(schedule.gatherings)):
        before, this = schedule.gatherings[i - 1], schedule.gatherings[i]
        if (this.date, this.start) < (before.date, before.start):
            message = f"'{this.id}' is earlier than '{before.id}'; keep gatherings in order"
            yield ("gatherings", i, "date"), message
        elif this.date == before.date and this.start < before.end:
            yield ("gatherings", i, "start"), f"gathering '{this.id}' overlaps '{before.id}' on {this.date}"


def _duplicate_ids(schedule: Schedule) -> Iterator[Finding]:
    gathering_ids = [g.id for g in schedule.gatherings]
    milestone_ids = [m.id for m in schedule.milestones]
    for kind, ids in (("gatherings", gathering_ids), ("milestones", milestone_ids)):
        seen: set[str] = set()
        for i, item_id in enumerate(ids):
            if item_id in seen:
                yield (kind, i, "id"), f"the id '{item_id}' is used twice"
            seen.add(item_id)
    for g_index, gathering in enumerate(schedule.gatherings):
        prompts: set[str] = set()
        for s_index, slot in enumerate(gathering.between):
            if slot.prompt in prompts:
                where = ("gatherings", g_index, "between", s_index, "prompt")
                yield where, f"prompt '{slot.prompt}' is listed twice after '{gathering.id}'"
            prompts.add(slot.prompt)


def _anchors(schedule: Schedule) -> Iterator[Finding]:
    ids = [g.id for g in schedule.gatherings]
    for g_index, gathering in enumerate(schedule.gatherings):
        is_last = g_index == len(ids) - 1
        for s_index, slot in enumerate(gathering.between):
            for part, extra in (("post", ()), ("due", (POST,))):
                offset = getattr(slot, part)
                allowed = [PREVIOUS, *([] if is_last else [NEXT]), *extra, *ids]
                if offset.anchor not in allowed:
                    where = ("gatherings", g_index, "between", s_index, part)
                    reason = "there is no next gathering" if offset.anchor == NEXT else "unknown anchor"
                    yield where, f"{reason}: '{offset.anchor}'; use one of {', '.join(allowed)}"
    for m_index, milestone in enumerate(schedule.milestones):
        if milestone.due.anchor not in ids:
            yield ("milestones", m_index, "due"), (
                f"unknown gathering '{milestone.due.anchor}'{_suggest(milestone.due.anchor, ids)}; "
                f"use one of {', '.join(ids)}"
            )


def _unknown_prompts(schedule: Schedule, prompt_ids: Collection[str]) -> Iterator[Finding]:
    for g_index, gathering in enumerate(schedule.gatherings):
        for s_index, slot in enumerate(gathering.between):
            if slot.prompt not in prompt_ids:
                where = ("gatherings", g_index, "between", s_index, "prompt")
                yield where, f"no prompt '{slot.prompt}' in the library{_suggest(slot.prompt, prompt_ids)}"


def _unknown_checklists(schedule: Schedule, checklist_ids: Collection[str]) -> Iterator[Finding]:
    for m_index, milestone in enumerate(schedule.milestones):
        if milestone.checklist and milestone.checklist not in checklist_ids:
            hint = _suggest(milestone.checklist, checklist_ids)
            yield ("milestones", m_index, "checklist"), f"no checklist template '{milestone.checklist}'{hint}"


def _in_the_past(schedule: Schedule, today: date) -> Iterator[Finding]:
    for i, gathering in enumerate(schedule.gatherings):
        if gathering.date < today:
            yield ("gatherings", i, "date"), f"{gathering.date} is in the past (today is {today})"
    for i, period in enumerate(schedule.quiet_periods):
        if period.end < today:
            yield ("quiet_periods", i, "end"), f"the quiet period ended on {period.end}, in the past"


def _due_before_post(schedule: Schedule) -> Iterator[Finding]:
    """Resolve the plan with the programme's own rules and compare each due time with its post time."""
    rules = schedule.rules()
    try:
        gatherings = date_gatherings(schedule, GroupAdjustments(), rules)
    except AdjustmentError as exc:
        yield ("gatherings",), str(exc)
        return
    for g_index, gathering in enumerate(schedule.gatherings):
        anchors = anchors_for(gatherings, g_index)
        for s_index, slot in enumerate(gathering.between):
            post = resolve_offset(slot.post, anchors, rules)
            due = resolve_offset(slot.due, {**anchors, POST: (post, post)}, rules)
            if due <= post:
                yield ("gatherings", g_index, "between", s_index, "due"), (
                    f"'{slot.prompt}' would be due ({_short(due)}) before it is posted ({_short(post)})"
                )


def _short(when: datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M")


def check_adjustments(
    schedule: Schedule, adjustments: GroupAdjustments, prompt_ids: Collection[str] | None = None
) -> list[Finding]:
    """Adjustments that name gatherings or prompts the schedule does not have."""
    findings: list[Finding] = []
    gathering_ids = [g.id for g in schedule.gatherings]
    for gathering_id in adjustments.gatherings:
        if gathering_id not in gathering_ids:
            hint = _suggest(gathering_id, gathering_ids)
            findings.append((("gatherings", gathering_id), f"no gathering '{gathering_id}' here{hint}"))
    used = schedule.prompt_ids()
    keys = {f"{schedule.id}:{g.id}:{s.prompt}" for g in schedule.gatherings for s in g.between}
    for i, ref in enumerate(adjustments.skip):
        if ref not in used and ref not in keys:
            findings.append((("skip", i), f"'{ref}' is not in this programme{_suggest(ref, used)}"))
    for ref in adjustments.prompts:
        if ref not in used and ref not in keys:
            findings.append((("prompts", ref), f"'{ref}' is not in this programme{_suggest(ref, used)}"))
    for ref, new in adjustments.swap.items():
        if ref not in used and ref not in keys:
            findings.append((("swap", ref), f"'{ref}' is not in this programme{_suggest(ref, used)}"))
        if prompt_ids is not None and new not in prompt_ids:
            findings.append((("swap", ref), f"no prompt '{new}' in the library{_suggest(new, prompt_ids)}"))
    return findings
