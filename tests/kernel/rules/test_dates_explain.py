"""The friendly explanations: in bokmål, nynorsk and English, with dates formatted by babel."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.bootstrap import texts
from bot.kernel.content.texts import LANGUAGES, placeholders
from bot.kernel.rules.dates import explain, format_date, parse_date

TUESDAY = dt.date(2026, 11, 24)


def say(text: str, lang: str, today: dt.date = TUESDAY) -> str:
    return explain(parse_date(text, today=today, lang=lang), lang, texts=texts())


def test_formats_dates_in_bokmal_nynorsk_and_english() -> None:
    d = dt.date(2026, 11, 24)
    assert format_date(d, "nb") == "tirsdag 24. november 2026"
    assert format_date(d, "nn") == "tysdag 24. november 2026"
    assert format_date(d, "en") == "Tuesday 24 November 2026"
    assert format_date(d, "xx") == "tirsdag 24. november 2026"


def test_a_past_day_without_year_says_what_was_read_and_offers_next_year() -> None:
    april = dt.date(2026, 4, 1)
    assert say("15. mars", "nb", april) == (
        "Søndag 15. mars 2026 er allerede passert. Mente du mandag 15. mars 2027? "
        "Skriv datoen med år for å bekrefte, for eksempel «15.3.2027»."
    )
    assert "har alt vore" in say("15.3", "nn", april) and "15. mars 2027" in say("15.3", "nn", april)
    assert "Did you mean Monday 15 March 2027?" in say("15.3", "en", april)


def test_an_explicit_past_date_asks_before_using_it() -> None:
    message = say("15.12.2025", "nb")
    assert message.startswith("Mandag 15. desember 2025 er allerede passert")
    assert "likevel" in message


def test_a_contradicting_weekday_names_both_readings() -> None:
    message = say("fredag 8. desember", "nb")
    assert "8. desember 2026 er en tirsdag" in message
    assert "tirsdag 8. desember 2026" in message and "fredag 11. desember 2026" in message
    assert "er ein tysdag" in say("fredag 8. desember", "nn")


def test_gibberish_shows_examples_of_what_works() -> None:
    for lang, example in (("nb", "«neste fredag»"), ("nn", "«om to veker»"), ("en", "“next Friday”")):
        assert example in say("blåbærsyltetøy", lang)


def test_a_missing_day_in_february_says_how_many_days_it_has() -> None:
    assert say("31.02.2026", "nb") == "«31.02.2026» finnes ikke: februar 2026 har bare 28 dager. Sjekk dag og måned."
    assert "29 dagar" in say("30.2.2028", "nn")


def test_week_53_in_a_52_week_year_says_so() -> None:
    assert say("uke 53 2027", "nb") == "Uke 53 finnes ikke i 2027; det året har bare 52 uker."


@pytest.mark.parametrize(
    "text",
    ["neste fredag", "i morgen kl 9", "23.11", "15.12.2025", "uke 48", "i går", "fredag 8. desember", "desember",
     "etter jul", "den 15.", "kl. 14", "om et par uker", "ca. 15.12", "om noen dager", "31.02", "32.1", "15.13",
     "uke 53 2027", "uke 60", "15.12 kl 25", "om 999999999 dager", "", "   ", "blabla"],
)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_reading_has_a_message_in_every_language(text: str, lang: str) -> None:
    message = say(text, lang)
    assert message and not message[0].islower()
    assert "{" not in message


def test_every_date_text_exists_in_all_languages_with_the_same_parameters() -> None:
    catalogue = texts().by_language
    keys = {lang: {k for k in catalogue[lang] if k.startswith("dates.")} for lang in LANGUAGES}
    assert keys["nb"] == keys["nn"] == keys["en"]
    for key in keys["nb"]:
        assert len({placeholders(catalogue[lang][key]) for lang in LANGUAGES}) == 1, key


def test_the_rules_are_written_out_for_the_help_text() -> None:
    for lang in LANGUAGES:
        assert "1.3" in texts().t(lang, "dates.rules")
