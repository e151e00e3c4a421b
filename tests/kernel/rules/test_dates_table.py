"""A table of real Norwegian date expressions (bokmål and nynorsk) with the reading we expect."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.kernel.rules.dates import DateResult, local_today, parse_date

TUESDAY = dt.date(2026, 11, 24)  # ISO week 48
FRIDAY = dt.date(2026, 11, 27)
NEW_YEARS_EVE = dt.date(2026, 12, 31)  # Thursday of ISO week 53 (2026 has 53 weeks)


def reading(result: DateResult) -> str:
    """A compact form for the table: "2026-12-15", "past:2027-11-23", "ambiguous", "invalid"."""
    if result.error is None:
        assert result.date is not None
        return result.date.isoformat()
    if result.error == "past":
        assert result.candidate is not None
        return f"past:{result.candidate.isoformat()}"
    return result.error


TABLE_TUESDAY = [
    # numeric, day first
    ("15.12", "2026-12-15"),
    ("15.12.2026", "2026-12-15"),
    ("15.12.26", "2026-12-15"),
    ("15/12", "2026-12-15"),
    ("15/12/2026", "2026-12-15"),
    ("1.3.", "2027-03-01"),
    ("2026-12-15", "2026-12-15"),
    ("15-12-2026", "2026-12-15"),
    (" 15.12.2026. ", "2026-12-15"),
    # month names and abbreviations
    ("15. desember", "2026-12-15"),
    ("15 desember", "2026-12-15"),
    ("15. des.", "2026-12-15"),
    ("15. desember 2026", "2026-12-15"),
    ("Den 15. desember", "2026-12-15"),
    ("innen 15.12.", "2026-12-15"),
    ("1. januar", "2027-01-01"),
    ("17. mai", "2027-05-17"),
    ("3. okt. 2027", "2027-10-03"),
    ("15.des.2026", "2026-12-15"),
    ("1.mars", "2027-03-01"),
    # relative days
    ("i dag", "2026-11-24"),
    ("idag", "2026-11-24"),
    ("i morgen", "2026-11-25"),
    ("I MORGEN", "2026-11-25"),
    ("i morgon", "2026-11-25"),
    ("i overmorgen", "2026-11-26"),
    ("overimorgen", "2026-11-26"),
    ("i overmorgon", "2026-11-26"),
    ("i overmorra", "2026-11-26"),
    ("om 3 dager", "2026-11-27"),
    ("om 3 dagar", "2026-11-27"),
    ("om en uke", "2026-12-01"),
    ("om ei veke", "2026-12-01"),
    ("om to uker", "2026-12-08"),
    ("om 2 veker", "2026-12-08"),
    ("om fjorten dagar", "2026-12-08"),
    ("om 14 dager", "2026-12-08"),
    ("om en ukes tid", "2026-12-01"),
    ("om tre måneder", "2027-02-24"),
    ("om 3 månader", "2027-02-24"),
    ("om eitt år", "2027-11-24"),
    # weeks
    ("neste uke", "2026-11-30"),
    ("neste veke", "2026-11-30"),
    ("uke 50", "2026-12-07"),
    ("veke 50", "2026-12-07"),
    ("i uke 50", "2026-12-07"),
    ("uke 2", "2027-01-11"),
    ("uke 53", "2026-12-28"),
    ("uke 53 2027", "invalid"),
    ("uke 48", "past:2026-11-23"),
    ("fredag i uke 50", "2026-12-11"),
    # weekdays
    ("fredag", "2026-11-27"),
    ("på fredag", "2026-11-27"),
    ("neste fredag", "2026-11-27"),
    ("fre.", "2026-11-27"),
    ("tirsdag", "2026-12-01"),
    ("på tysdag", "2026-12-01"),
    ("måndag", "2026-11-30"),
    ("laurdag", "2026-11-28"),
    ("sundag", "2026-11-29"),
    ("søndag", "2026-11-29"),
    ("fredag neste uke", "2026-12-04"),
    ("fredag neste veke", "2026-12-04"),
    ("fredag om to uker", "2026-12-11"),
    ("fredag om ei veke", "2026-12-04"),
    ("mandag om en uke", "2026-11-30"),
    ("tirsdag 8. desember", "2026-12-08"),
    ("torsdag den 3. desember", "2026-12-03"),
    ("ons 2.12", "2026-12-02"),
    ("om to uker på fredag", "2026-12-11"),
    ("fredag 14.00", "2026-11-27"),
    ("fredag 8. desember", "ambiguous"),
    ("laurdag 1.12", "ambiguous"),
    # vague
    ("desember", "ambiguous"),
    ("i desember", "ambiguous"),
    ("etter jul", "ambiguous"),
    ("over nyttår", "ambiguous"),
    ("snart", "ambiguous"),
    ("en gang i vår", "ambiguous"),
    ("ein gong i haust", "ambiguous"),
    ("om et par uker", "ambiguous"),
    ("om ei stund", "ambiguous"),
    ("om 3 virkedager", "ambiguous"),  # working days need the holiday calendar: not the parser's job
    ("den 15.", "ambiguous"),
    ("kl. 14", "ambiguous"),
    # the past, never silently moved
    ("23.11", "past:2027-11-23"),
    ("24.11", "2026-11-24"),
    ("1. juni", "past:2027-06-01"),  # 176 days ago is nearer than 189 days ahead
    ("26. mai", "past:2027-05-26"),  # 182 days ago vs 183 ahead
    ("25. mai", "2027-05-25"),  # 183 days ago vs 182 ahead
    ("15.12.2025", "past:2025-12-15"),
    ("i går", "past:2026-11-23"),
    ("forrige fredag", "past:2026-11-20"),
    # dates that do not exist, and gibberish
    ("31.02", "invalid"),
    ("31. april", "invalid"),
    ("29.02.2027", "invalid"),
    ("29.02.2028", "2028-02-29"),
    ("29.02", "invalid"),  # the nearest 29 February would be in 2027
    ("32.1", "invalid"),
    ("15.13", "invalid"),
    ("0.12", "invalid"),
    ("2026-02-30", "invalid"),
    ("uke 54", "invalid"),
    ("blåbærsyltetøy", "invalid"),
    ("", "invalid"),
    ("15.12 kl. 25", "invalid"),
]


@pytest.mark.parametrize(("text", "expected"), TABLE_TUESDAY)
def test_reads_norwegian_expressions_on_a_tuesday(text: str, expected: str) -> None:
    assert reading(parse_date(text, today=TUESDAY)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fredag", "2026-12-04"),
        ("på fredag", "2026-12-04"),
        ("neste fredag", "2026-12-04"),
        ("fredag neste uke", "2026-12-04"),
        ("fredag om ei veke", "2026-12-04"),
        ("i dag", "2026-11-27"),
        ("laurdag", "2026-11-28"),
        ("torsdag", "2026-12-03"),
        ("fredag 27.11", "2026-11-27"),
        ("uke 48", "past:2026-11-23"),
    ],
)
def test_reads_weekdays_when_today_is_a_friday(text: str, expected: str) -> None:
    assert reading(parse_date(text, today=FRIDAY)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("i morgen", "2027-01-01"),
        ("2.1", "2027-01-02"),
        ("2. januar", "2027-01-02"),
        ("31.12", "2026-12-31"),
        ("30.12", "past:2027-12-30"),
        ("uke 1", "2027-01-04"),
        ("uke 53", "past:2026-12-28"),
        ("neste uke", "2027-01-04"),
        ("fredag", "2027-01-01"),
        ("om en måned", "2027-01-31"),
        ("om to måneder", "2027-02-28"),
        ("om 2 dagar", "2027-01-02"),
    ],
)
def test_reads_across_the_year_end(text: str, expected: str) -> None:
    assert reading(parse_date(text, today=NEW_YEARS_EVE)) == expected


@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        (dt.date(2027, 11, 24), "29.02", "2028-02-29"),
        (dt.date(2028, 2, 28), "i morgen", "2028-02-29"),
        (dt.date(2028, 2, 29), "om ett år", "2029-02-28"),
        (dt.date(2028, 1, 31), "om 1 måned", "2028-02-29"),
        (dt.date(2026, 1, 31), "om 1 måned", "2026-02-28"),
        (dt.date(2028, 12, 1), "29.2", "invalid"),  # nearest is 2029, which has no 29 February
        (dt.date(2028, 5, 1), "29.2", "past:2028-02-29"),  # no 29 February in 2029 to offer instead
    ],
)
def test_handles_leap_years(today: dt.date, text: str, expected: str) -> None:
    assert reading(parse_date(text, today=today)) == expected


@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        (dt.date(2026, 3, 28), "i morgen", "2026-03-29"),
        (dt.date(2026, 3, 28), "29.3", "2026-03-29"),
        (dt.date(2026, 3, 29), "om 7 dager", "2026-04-05"),
        (dt.date(2026, 10, 24), "i morgon", "2026-10-25"),
        (dt.date(2026, 10, 25), "om ei veke", "2026-11-01"),
    ],
)
def test_counts_calendar_days_across_daylight_saving_changes(today: dt.date, text: str, expected: str) -> None:
    assert reading(parse_date(text, today=today)) == expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2026-03-28T23:30:00+00:00", "2026-03-29"),  # 00:30 CET
        ("2026-03-29T21:59:00+00:00", "2026-03-29"),  # 23:59 CEST, the day is 23 hours long
        ("2026-03-29T22:00:00+00:00", "2026-03-30"),
        ("2026-10-24T22:30:00+00:00", "2026-10-25"),  # 00:30 CEST
        ("2026-10-25T22:59:00+00:00", "2026-10-25"),  # 23:59 CET, the day is 25 hours long
        ("2026-11-24T23:30:00+00:00", "2026-11-25"),
        ("2026-11-24T23:30:00", "2026-11-24"),  # naive: already local time
    ],
)
def test_local_today_is_the_calendar_date_in_oslo(now: str, expected: str) -> None:
    assert local_today(dt.datetime.fromisoformat(now)).isoformat() == expected


def test_local_today_uses_the_given_time_zone() -> None:
    now = dt.datetime(2026, 11, 24, 23, 30, tzinfo=dt.UTC)
    assert local_today(now, "UTC") == dt.date(2026, 11, 24)


def test_keeps_the_clock_time_next_to_the_date() -> None:
    result = parse_date("i morgen kl. 14.30", today=TUESDAY)
    assert (result.date, result.time) == (dt.date(2026, 11, 25), dt.time(14, 30))
    assert parse_date("fredag 09:00", today=TUESDAY).time == dt.time(9)


def test_a_weekday_that_contradicts_the_date_offers_both_readings() -> None:
    result = parse_date("fredag 8. desember", today=TUESDAY)
    assert (result.error, result.candidate, result.alternative) == (
        "ambiguous", dt.date(2026, 12, 8), dt.date(2026, 12, 11))


def test_a_past_day_without_year_keeps_what_was_read_and_offers_next_year() -> None:
    result = parse_date("23.11", today=TUESDAY)
    assert (result.error, result.alternative, result.candidate) == (
        "past", dt.date(2026, 11, 23), dt.date(2027, 11, 23))


def test_the_result_keeps_the_text_as_given() -> None:
    assert parse_date("  Neste Fredag. ", today=TUESDAY).text == "  Neste Fredag. "


def test_table_has_at_least_forty_expressions() -> None:
    assert len(TABLE_TUESDAY) >= 40
