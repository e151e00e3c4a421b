"""Property: over random schedules in 2026–2028, nothing the bot plans to send lands on a Norwegian public
holiday, in a quiet period or outside working hours; deadlines there are flagged, never moved silently."""

from __future__ import annotations

from datetime import date, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.kernel.programme.deadlines import deadline_block, flagged_deadlines
from bot.kernel.programme.expand import expand
from bot.kernel.programme.schedule import Schedule
from bot.kernel.rules.calendar import holiday_name, is_allowed, local

PROMPTS = ("nysgjerrig-hva-lurer-du-pa", "kildejakt-tre-personer", "forankre-hvem-ma-vite")
hours = st.integers(6, 20).map(lambda h: time(h, 0))


@st.composite
def schedules(draw: st.DrawFn) -> Schedule:
    """A programme of 1–4 gatherings between 2026 and 2028, prompts posted and due at random moments."""
    day = draw(st.dates(date(2026, 1, 1), date(2028, 10, 1)))
    gatherings = []
    for index in range(draw(st.integers(1, 4))):
        between = [{
            "prompt": prompt,
            "post": {"after": "previous", "days": draw(st.integers(0, 12)), "at": draw(hours).isoformat()},
            "due": {"after": "post", "days": draw(st.integers(1, 14)), "at": draw(hours).isoformat()},
            "reminders": [{"days_before_due": draw(st.integers(0, 6)), "at": draw(hours).isoformat()},
                          {"hours_before_due": draw(st.integers(1, 48))}],
        } for prompt in draw(st.lists(st.sampled_from(PROMPTS), max_size=3, unique=True))]
        gatherings.append({"id": f"samling-{index + 1}", "title": "Samling", "date": day.isoformat(),
                           "form": "digital", "between": between})
        day += timedelta(days=draw(st.integers(14, 60)))
    quiet_start = draw(st.dates(date(2026, 1, 1), date(2028, 12, 1)))
    quiet = [{"start": quiet_start.isoformat(),
              "end": (quiet_start + timedelta(days=draw(st.integers(0, 10)))).isoformat(), "name": "Ferie"}]
    return Schedule.model_validate({"id": "tilfeldig", "name": "Tilfeldig", "gatherings": gatherings,
                                    "quiet_periods": quiet})


@settings(max_examples=150, deadline=None)
@given(schedules())
def test_no_post_or_reminder_is_planned_on_a_holiday_in_a_quiet_period_or_after_hours(schedule: Schedule) -> None:
    calendar = expand(schedule)
    for occurrence in calendar.prompts:
        for moment in (occurrence.post_at, *occurrence.reminders):
            assert holiday_name(local(moment, calendar.rules).date()) is None
            assert is_allowed(moment, calendar.rules), (occurrence.key, moment)
        assert all(occurrence.post_at < r < occurrence.due_at for r in occurrence.reminders)


@settings(max_examples=150, deadline=None)
@given(schedules())
def test_every_deadline_on_a_holiday_or_in_a_quiet_period_is_flagged(schedule: Schedule) -> None:
    calendar = expand(schedule)
    flagged = {f.key for f in flagged_deadlines(calendar)}
    for occurrence in calendar.prompts:
        day = local(occurrence.due_at, calendar.rules).date()
        on_holiday = holiday_name(day) is not None
        in_quiet = any(q.contains(day) for q in calendar.rules.quiet_periods)
        assert (occurrence.key in flagged) == (on_holiday or in_quiet)
        assert (deadline_block(occurrence.due_at, calendar.rules) is not None) == (on_holiday or in_quiet)
