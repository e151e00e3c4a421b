"""Calendar rules: working hours, weekends, Norwegian holidays, quiet periods and DST."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.kernel.rules.calendar import (
    CalendarRules,
    QuietPeriod,
    block_for,
    holiday_name,
    is_allowed,
    next_allowed_slot,
    working_days_after,
    working_days_before,
)

OSLO = ZoneInfo("Europe/Oslo")
RULES = CalendarRules()


def oslo(*args: int) -> datetime:
    return datetime(*args, tzinfo=OSLO)


def test_a_moment_inside_working_hours_stays_where_it_is():
    assert next_allowed_slot(oslo(2026, 12, 8, 10, 30), RULES) == oslo(2026, 12, 8, 10, 30)


def test_early_morning_moves_to_the_start_of_the_same_day():
    assert next_allowed_slot(oslo(2026, 12, 8, 6, 0), RULES) == oslo(2026, 12, 8, 8, 0)


def test_the_end_of_working_hours_is_already_outside_them():
    assert next_allowed_slot(oslo(2026, 12, 8, 16, 0), RULES) == oslo(2026, 12, 9, 8, 0)


def test_saturday_moves_to_monday_morning():
    moved = next_allowed_slot(oslo(2026, 12, 12, 10, 0), RULES)
    assert moved == oslo(2026, 12, 14, 8, 0)
    assert block_for(oslo(2026, 12, 12, 10, 0), RULES).kind == "weekend"


def test_christmas_moves_past_both_christmas_days_and_the_weekend():
    assert next_allowed_slot(oslo(2026, 12, 25, 9, 0), RULES) == oslo(2026, 12, 28, 8, 0)
    assert block_for(oslo(2026, 12, 25, 9, 0), RULES).name == "Første juledag"


def test_new_years_day_2027_moves_to_monday_the_fourth():
    assert next_allowed_slot(oslo(2026, 12, 31, 17, 0), RULES) == oslo(2027, 1, 4, 8, 0)


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 12, 25), "Første juledag"),
        (date(2026, 12, 26), "Andre juledag"),
        (date(2027, 1, 1), "Første nyttårsdag"),
        (date(2027, 3, 25), "Skjærtorsdag"),
        (date(2027, 3, 26), "Langfredag"),
        (date(2027, 3, 29), "Andre påskedag"),
        (date(2027, 5, 17), "Andre pinsedag; Grunnlovsdag"),
    ],
)
def test_norwegian_public_holidays_have_norwegian_names(day, name):
    assert holiday_name(day) == name
    assert not is_allowed(datetime.combine(day, time(10), tzinfo=OSLO), RULES)


def test_easter_2027_moves_from_wednesday_evening_to_the_tuesday_after_easter():
    assert next_allowed_slot(oslo(2027, 3, 24, 18, 0), RULES) == oslo(2027, 3, 30, 8, 0)


def test_constitution_day_2027_moves_to_the_next_morning():
    assert next_allowed_slot(oslo(2027, 5, 17, 9, 0), RULES) == oslo(2027, 5, 18, 8, 0)


def test_an_ordinary_day_has_no_holiday_name():
    assert holiday_name(date(2026, 12, 24)) is None


def test_quiet_periods_are_skipped_and_named():
    rules = CalendarRules(quiet_periods=(QuietPeriod(date(2027, 2, 22), date(2027, 2, 26), "Vinterferie"),))
    assert next_allowed_slot(oslo(2027, 2, 23, 9, 0), rules) == oslo(2027, 3, 1, 8, 0)
    assert block_for(oslo(2027, 2, 23, 9, 0), rules).name == "Vinterferie"


def test_spring_forward_keeps_local_working_hours():
    # 2026-03-29 is the Sunday clocks go forward in Oslo; Monday 08:00 is then +02:00.
    moved = next_allowed_slot(oslo(2026, 3, 27, 17, 0), RULES)
    assert moved == oslo(2026, 3, 30, 8, 0)
    assert moved.utcoffset() == timedelta(hours=2)


def test_fall_back_keeps_local_working_hours():
    moved = next_allowed_slot(datetime(2026, 10, 24, 12, 0, tzinfo=UTC), RULES)
    assert moved == oslo(2026, 10, 26, 8, 0)
    assert moved.utcoffset() == timedelta(hours=1)


def test_a_start_time_inside_the_dst_gap_lands_on_a_real_instant():
    rules = CalendarRules(workdays=frozenset(range(7)), work_start=time(2, 30), work_end=time(10))
    moved = next_allowed_slot(oslo(2026, 3, 29, 1, 0), rules)
    assert moved.astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert is_allowed(moved, rules)


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        next_allowed_slot(datetime(2026, 12, 8, 10), RULES)


def test_working_days_before_skips_easter():
    assert working_days_before(date(2027, 3, 30), 1, RULES) == date(2027, 3, 24)
    assert working_days_before(date(2027, 3, 30), 3, RULES) == date(2027, 3, 22)


def test_working_days_before_skips_christmas_and_new_year():
    assert working_days_before(date(2027, 1, 4), 1, RULES) == date(2026, 12, 31)
    assert working_days_before(date(2027, 1, 4), 7, RULES) == date(2026, 12, 22)


def test_zero_working_days_snaps_back_to_a_working_day():
    assert working_days_before(date(2026, 12, 26), 0, RULES) == date(2026, 12, 24)
    assert working_days_before(date(2026, 12, 23), 0, RULES) == date(2026, 12, 23)


def test_working_days_after_skips_the_weekend_and_christmas():
    assert working_days_after(date(2026, 12, 24), 1, RULES) == date(2026, 12, 28)


def test_working_days_before_honours_quiet_periods():
    rules = CalendarRules(quiet_periods=(QuietPeriod(date(2027, 2, 22), date(2027, 2, 26)),))
    assert working_days_before(date(2027, 3, 1), 1, rules) == date(2027, 2, 19)


moments = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC)
)


@settings(max_examples=300, deadline=None)
@given(moments)
def test_next_allowed_slot_is_allowed_not_earlier_and_idempotent(when):
    slot = next_allowed_slot(when, RULES)
    assert slot >= when
    assert is_allowed(slot, RULES)
    assert next_allowed_slot(slot, RULES) == slot


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 31)), st.integers(1, 20))
def test_working_days_before_lands_on_a_working_day_earlier_than_the_date(day, n):
    earlier = working_days_before(day, n, RULES)
    assert earlier < day
    assert is_allowed(datetime.combine(earlier, time(9), tzinfo=OSLO), RULES)
