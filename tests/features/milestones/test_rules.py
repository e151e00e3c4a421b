"""The milestone rules: nudge plans across weekends, holidays and DST; overdue moments; reading "<dato> <tittel>"."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.features.anchoring.rules import parse_direction, parse_relation, split_stakeholder
from bot.features.milestones.rules import (
    NudgeTime,
    due_moment,
    guess_kind,
    is_overdue,
    latest_due_nudge,
    nudge_plan,
    overdue_followup_at,
    parse_kind,
    split_date_and_title,
)
from bot.kernel.rules.calendar import CalendarRules, QuietPeriod, is_allowed

OSLO = ZoneInfo("Europe/Oslo")
RULES = CalendarRules()


def oslo(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=OSLO)  # type: ignore[misc]


def test_nudges_fall_14_7_and_1_working_days_before_at_nine_skipping_weekends() -> None:
    plan = nudge_plan(date(2026, 12, 11), (14, 7, 1), RULES)  # a Friday
    assert [(n.offset, n.at) for n in plan] == [
        (14, oslo(2026, 11, 23, 9)), (7, oslo(2026, 12, 2, 9)), (1, oslo(2026, 12, 10, 9))]


def test_one_working_day_before_the_first_monday_of_2027_is_new_years_eve() -> None:
    # 1 January is a public holiday and 2–3 January a weekend.
    [nudge] = nudge_plan(date(2027, 1, 4), (1,), RULES)
    assert nudge.at == oslo(2026, 12, 31, 9)


def test_christmas_and_easter_holidays_are_not_counted_as_working_days() -> None:
    plan = nudge_plan(date(2027, 1, 4), (14, 7, 1), RULES)
    assert [n.at.date() for n in plan] == [date(2026, 12, 11), date(2026, 12, 22), date(2026, 12, 31)]
    [easter] = nudge_plan(date(2027, 3, 30), (1,), RULES)  # Tuesday after Easter Monday 29 March 2027
    assert easter.at == oslo(2027, 3, 24, 9)  # Maundy Thursday and Good Friday are holidays too


def test_a_quiet_period_moves_nudges_like_a_holiday() -> None:
    rules = CalendarRules(quiet_periods=(QuietPeriod(date(2026, 12, 24), date(2026, 12, 24), "Julaften"),))
    plan = nudge_plan(date(2027, 1, 4), (7,), rules)
    assert plan[0].at == oslo(2026, 12, 21, 9)


@pytest.mark.parametrize(("due", "expected_utc"), [
    (date(2026, 3, 30), datetime(2026, 3, 27, 8, 0, tzinfo=UTC)),  # the day before is still winter time
    (date(2026, 3, 31), datetime(2026, 3, 30, 7, 0, tzinfo=UTC)),  # summer time: 09:00 is 07:00 UTC
    (date(2026, 10, 26), datetime(2026, 10, 23, 7, 0, tzinfo=UTC)),
    (date(2026, 10, 27), datetime(2026, 10, 26, 8, 0, tzinfo=UTC)),  # winter time again
])
def test_nudges_stay_at_nine_local_across_daylight_saving_changes(due: date, expected_utc: datetime) -> None:
    [nudge] = nudge_plan(due, (1,), RULES)
    assert nudge.at == expected_utc and nudge.at.astimezone(OSLO).time() == time(9, 0)


def test_a_week_of_working_days_spans_the_dst_weekend_in_whole_days() -> None:
    plan = nudge_plan(date(2026, 3, 31), (7,), RULES)
    assert plan[0].at == oslo(2026, 3, 20, 9) and plan[0].at.utcoffset() == timedelta(hours=1)


def test_a_nudge_time_before_working_hours_moves_to_the_start_of_the_day() -> None:
    rules = CalendarRules(work_start=time(10, 0), work_end=time(15, 0))
    [nudge] = nudge_plan(date(2026, 12, 11), (1,), rules)
    assert nudge.at == oslo(2026, 12, 10, 10)


def test_offsets_that_land_on_the_same_moment_give_one_nudge() -> None:
    assert len(nudge_plan(date(2026, 12, 11), (1, 1, 7), RULES)) == 2


@given(st.dates(date(2026, 1, 1), date(2028, 12, 31)), st.lists(st.integers(0, 30), min_size=1, max_size=4))
def test_every_nudge_is_allowed_and_not_after_the_due_date(due: date, offsets: list[int]) -> None:
    for nudge in nudge_plan(due, tuple(offsets), RULES):
        assert is_allowed(nudge.at, RULES)
        assert nudge.at.astimezone(OSLO).date() <= due or nudge.offset == 0


def test_only_the_freshest_nudge_since_the_date_was_set_is_due() -> None:
    plan = [NudgeTime(14, oslo(2026, 12, 1, 9)), NudgeTime(7, oslo(2026, 12, 10, 9))]
    grace = timedelta(hours=48)
    assert latest_due_nudge(plan, since=oslo(2026, 11, 1), now=oslo(2026, 12, 10, 9), grace=grace) == plan[1]
    assert latest_due_nudge(plan, since=oslo(2026, 12, 2), now=oslo(2026, 12, 9), grace=grace) is None
    assert latest_due_nudge(plan, since=oslo(2026, 12, 10, 10), now=oslo(2026, 12, 10, 11), grace=grace) is None
    assert latest_due_nudge(plan, since=oslo(2026, 11, 1), now=oslo(2026, 12, 20), grace=grace) is None


def test_a_milestone_is_overdue_after_its_day_or_its_time() -> None:
    assert due_moment(date(2026, 12, 11), None, RULES) == oslo(2026, 12, 12, 0)
    assert not is_overdue(date(2026, 12, 11), None, RULES, oslo(2026, 12, 11, 23, 59))
    assert is_overdue(date(2026, 12, 11), None, RULES, oslo(2026, 12, 12, 0))
    assert is_overdue(date(2026, 12, 11), time(14, 0), RULES, oslo(2026, 12, 11, 14))


def test_the_overdue_follow_up_waits_for_the_next_working_day_at_nine() -> None:
    assert overdue_followup_at(date(2026, 12, 11), RULES) == oslo(2026, 12, 14, 9)
    assert overdue_followup_at(date(2026, 12, 24), RULES) == oslo(2026, 12, 28, 9)


@pytest.mark.parametrize(("text", "expected", "title"), [
    ("15.12 Rapport", date(2026, 12, 15), "Rapport"),
    ("15. desember Forankringsmøte med ledelsen", date(2026, 12, 15), "Forankringsmøte med ledelsen"),
    ("neste fredag Møte med rektor", date(2026, 12, 11), "Møte med rektor"),
    ("om to veker Sak til utvalet", date(2026, 12, 21), "Sak til utvalet"),
    ("fredag neste uke Rapport 2", date(2026, 12, 18), "Rapport 2"),
    ("i morgon Samling", date(2026, 12, 8), "Samling"),
    ("2027-01-04 Samling 2", date(2027, 1, 4), "Samling 2"),
    ("15.12.2026 3 rapporter", date(2026, 12, 15), "3 rapporter"),
])
def test_the_date_phrase_is_read_off_the_front_of_the_title(text: str, expected: date, title: str) -> None:
    result, rest = split_date_and_title(text, today=date(2026, 12, 7), lang="nb")
    assert (result.date, rest) == (expected, title)


def test_unreadable_and_vague_fronts_keep_their_explanation() -> None:
    unknown, _ = split_date_and_title("blabla Rapport", today=date(2026, 12, 7), lang="nb")
    vague, rest = split_date_and_title("etter jul Rapport", today=date(2026, 12, 7), lang="nb")
    assert unknown.error == "invalid" and (vague.error, vague.reason, rest) == ("ambiguous", "vague", "Rapport")


def test_kinds_and_anchoring_words_in_bokmal_nynorsk_and_english() -> None:
    assert parse_kind("politisk sak") == "politisk-sak" and parse_kind("report") == "rapport"
    assert parse_kind("kaffe") is None and guess_kind("Sak til kommunestyret") == "politisk-sak"
    assert parse_direction("Oppover") == "oppover" and parse_direction("sideways") == "sideveis"
    assert parse_relation("forankra") == "forankret" and parse_relation("involved") == "involvert"
    assert split_stakeholder("Rektor på Nordby skole sideveis involvert") == (
        "Rektor på Nordby skole", "sideveis", "involvert")
    assert split_stakeholder("Kommunedirektør oppover") == ("Kommunedirektør", "oppover", "informert")
    assert split_stakeholder("Kommunedirektør forankret") is None
