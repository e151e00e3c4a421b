"""Property-based tests of the date parser: what must hold for every today and every expression."""

from __future__ import annotations

import calendar
import datetime as dt

from hypothesis import example, given
from hypothesis import strategies as st

from bot.bootstrap import texts
from bot.kernel.rules.dates import explain, parse_date
from bot.kernel.rules.dates.words import NUMBERS

todays = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31))
offsets = st.integers(min_value=0, max_value=4000)
WEEKDAY_NAMES = {
    1: ["mandag", "måndag", "man"], 2: ["tirsdag", "tysdag", "tir"], 3: ["onsdag", "ons"],
    4: ["torsdag", "tor"], 5: ["fredag", "fre"], 6: ["lørdag", "laurdag", "lør"], 7: ["søndag", "sundag", "søn"],
}
MONTH_NAMES = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
               "oktober", "november", "desember"]
weekday_phrases = st.sampled_from([(n, w) for n, words in WEEKDAY_NAMES.items() for w in words])
ERRORS = {None, "past", "ambiguous", "invalid"}


@given(todays, offsets)
def test_every_future_date_with_year_parses_to_itself(today: dt.date, offset: int) -> None:
    d = today + dt.timedelta(days=offset)
    for text in (f"{d.day}.{d.month}.{d.year}", f"{d.day:02}.{d.month:02}.{d.year}", d.isoformat(),
                 f"{d.day}/{d.month}/{d.year}", f"{d.day}. {MONTH_NAMES[d.month - 1]} {d.year}"):
        assert parse_date(text, today=today).date == d, text


@given(todays, st.integers(min_value=1, max_value=4000))
def test_every_past_date_with_year_is_past_with_itself_as_candidate(today: dt.date, back: int) -> None:
    d = today - dt.timedelta(days=back)
    result = parse_date(f"{d.day}.{d.month}.{d.year}", today=today)
    assert (result.error, result.candidate, result.date) == ("past", d, None)


@given(todays, st.integers(min_value=0, max_value=3650), st.sampled_from(["dager", "dagar", "dag"]))
def test_in_n_days_is_today_plus_n_calendar_days(today: dt.date, n: int, unit: str) -> None:
    assert parse_date(f"om {n} {unit}", today=today).date == today + dt.timedelta(days=n)


@given(todays, st.sampled_from(sorted(w for w in NUMBERS if len(w) > 2)), st.sampled_from(["uker", "veker"]))
def test_in_n_weeks_written_as_a_word_is_seven_n_days(today: dt.date, word: str, unit: str) -> None:
    assert parse_date(f"om {word} {unit}", today=today).date == today + dt.timedelta(days=7 * NUMBERS[word])


@given(todays, st.integers(min_value=0, max_value=120))
def test_in_n_months_keeps_the_day_or_takes_the_last_day(today: dt.date, n: int) -> None:
    result = parse_date(f"om {n} måneder", today=today).date
    assert result is not None
    assert (result.year * 12 + result.month) - (today.year * 12 + today.month) == n
    assert result.day == min(today.day, calendar.monthrange(result.year, result.month)[1])


@given(todays, weekday_phrases, st.sampled_from(["", "på ", "neste ", "PÅ "]))
def test_a_weekday_is_one_to_seven_days_ahead_with_that_weekday(
    today: dt.date, phrase: tuple[int, str], prefix: str
) -> None:
    number, word = phrase
    result = parse_date(prefix + word, today=today).date
    assert result is not None
    assert 1 <= (result - today).days <= 7
    assert result.isoweekday() == number


@given(todays, weekday_phrases, st.sampled_from(["neste uke", "neste veke"]))
def test_weekday_next_week_lies_in_the_next_iso_week(today: dt.date, phrase: tuple[int, str], week: str) -> None:
    number, word = phrase
    result = parse_date(f"{word} {week}", today=today).date
    assert result is not None
    assert result.isoweekday() == number
    next_monday = today + dt.timedelta(days=8 - today.isoweekday())
    assert result.isocalendar()[:2] == next_monday.isocalendar()[:2]


@given(todays, st.integers(min_value=1, max_value=53))
def test_week_n_is_a_monday_of_week_n_or_explained(today: dt.date, week: int) -> None:
    result = parse_date(f"uke {week}", today=today)
    monday = result.date or result.candidate
    if result.error == "invalid":
        assert week == 53
        return
    assert monday is not None and monday.isoweekday() == 1
    assert monday.isocalendar().week == week
    assert result.error is None or monday.isocalendar()[:2] == today.isocalendar()[:2]


@given(todays, st.integers(min_value=1, max_value=12), st.integers(min_value=1, max_value=31))
@example(dt.date(2028, 5, 1), 2, 29)
@example(dt.date(2028, 12, 1), 2, 29)
def test_a_day_and_month_without_year_is_the_nearer_date_and_never_moved_silently(
    today: dt.date, month: int, day: int
) -> None:
    result = parse_date(f"{day}.{month}", today=today)
    if result.date is not None:
        assert result.date >= today and (result.date.month, result.date.day) == (month, day)
        assert result.date.year in (today.year, today.year + 1)
        if result.date.year == today.year + 1:  # only when this year's date has passed, and is further away
            this_year = dt.date(today.year, month, 1) + dt.timedelta(days=day - 1)
            assert (today - this_year).days >= (result.date - today).days > 0
    elif result.error == "past":
        read = result.alternative or result.candidate
        assert read is not None and read.year == today.year and 0 < (today - read).days <= 183
        assert result.candidate is not None
        assert result.candidate.year == today.year + 1 or result.candidate == read == dt.date(today.year, 2, 29)
    else:
        assert result.error == "invalid"
        assert day > min(calendar.monthrange(today.year, month)[1], calendar.monthrange(today.year + 1, month)[1])


@given(st.text(max_size=60), todays)
def test_parse_never_raises_and_always_gives_one_answer(text: str, today: dt.date) -> None:
    result = parse_date(text, today=today)
    assert result.error in ERRORS
    assert (result.date is None) == (result.error is not None)
    assert result.text == text
    for lang in ("nb", "nn", "en"):
        assert explain(result, lang, texts=texts())


date_words = st.sampled_from(
    ["i", "om", "neste", "fredag", "uke", "veke", "des", "desember", "kl", "14", "15.12", "31", "2026", ".",
     "/", "-", "på", "den", "to", "tre", "dager", "måneder", "29.02", "53", "ca", "jul", ":", "00"]
)


@given(st.lists(date_words, max_size=6), todays)
def test_parse_never_raises_on_date_like_word_salad(words: list[str], today: dt.date) -> None:
    result = parse_date(" ".join(words), today=today)
    assert result.error in ERRORS
    assert explain(result, "nn", texts=texts())


@given(todays)
def test_parse_never_raises_at_the_edges_of_the_calendar(today: dt.date) -> None:
    for text in ("om 999999999 dager", "om 99999 år", "31.12.9999", "1.1.0001", "uke 53 9999", "om 10000 uker"):
        assert parse_date(text, today=today).error in ERRORS
