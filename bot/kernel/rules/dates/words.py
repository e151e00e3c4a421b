"""The vocabulary of Norwegian (bokmål, nynorsk) and English date phrases, and text clean-up before parsing.

All words are stored folded: lower case with å→a, ø→o, æ→ae, so "lørdag" and "lordag" read the same.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable

_FOLD = str.maketrans({"å": "a", "ø": "o", "æ": "ae", "é": "e", "è": "e", "ö": "o", "ä": "a", "ü": "u"})

MONTHS: dict[str, int] = {
    "januar": 1, "jan": 1, "january": 1,
    "februar": 2, "feb": 2, "febr": 2, "february": 2,
    "mars": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mai": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "october": 10, "oct": 10,
    "november": 11, "nov": 11,
    "desember": 12, "des": 12, "december": 12, "dec": 12,
}  # fmt: skip

WEEKDAYS: dict[str, int] = {
    "mandag": 1, "man": 1, "monday": 1, "mon": 1,
    "tirsdag": 2, "tysdag": 2, "tirs": 2, "tir": 2, "tys": 2, "tuesday": 2, "tue": 2, "tues": 2,
    "onsdag": 3, "ons": 3, "wednesday": 3, "wed": 3,
    "torsdag": 4, "tors": 4, "tor": 4, "thursday": 4, "thu": 4, "thur": 4, "thurs": 4,
    "fredag": 5, "fre": 5, "friday": 5, "fri": 5,
    "lordag": 6, "laurdag": 6, "lor": 6, "laur": 6, "lau": 6, "saturday": 6, "sat": 6,
    "sondag": 7, "sundag": 7, "son": 7, "sun": 7, "sunday": 7,
}  # fmt: skip

NUMBERS: dict[str, int] = {
    "en": 1, "ett": 1, "et": 1, "ein": 1, "eitt": 1, "eit": 1, "ei": 1, "one": 1, "a": 1, "an": 1,
    "to": 2, "two": 2, "tre": 3, "three": 3, "fire": 4, "four": 4, "fem": 5, "five": 5,
    "seks": 6, "six": 6, "sju": 7, "syv": 7, "seven": 7, "atte": 8, "eight": 8, "ni": 9, "nine": 9,
    "ti": 10, "ten": 10, "elleve": 11, "eleven": 11, "tolv": 12, "twelve": 12,
    "tretten": 13, "fjorten": 14, "fourteen": 14, "femten": 15, "seksten": 16, "sytten": 17,
    "atten": 18, "nitten": 19, "tjue": 20, "tyve": 20, "twenty": 20,
}  # fmt: skip

# d = calendar days, w = weeks, m = months, y = years.
UNITS: dict[str, str] = {
    "dag": "d", "dager": "d", "dagar": "d", "dogn": "d", "day": "d", "days": "d",
    "uke": "w", "uker": "w", "uka": "w", "uken": "w", "veke": "w", "veker": "w", "veka": "w",
    "week": "w", "weeks": "w",
    "maned": "m", "maneder": "m", "manad": "m", "manader": "m", "mnd": "m", "month": "m", "months": "m",
    "ar": "y", "year": "y", "years": "y",
}  # fmt: skip

WEEK_WORDS = ("uke", "uka", "uken", "veke", "veka", "week")

# Words that show the user meant a time, but not one precise day.
VAGUE_WORDS = frozenset(
    "jul jula julen julehelga paske paska pasken nyttar nyar sommer sommeren sommar sommaren var varen "
    "host hosten haust hausten vinter vinteren snart senere seinare etterhvert hvert helg helga helgen "
    "gang gong snarest snarast straks asap soon later christmas easter summer spring autumn fall winter "
    "weekend midten slutten starten begynnelsen byrjinga ultimo primo medio neste denne kommende aret "
    "ferien ferie skolestart maneden manaden month stund litt while bit virkedag virkedager virkedagar "
    "arbeidsdag arbeidsdager arbeidsdagar yrkedag yrkedagar business working".split()
)


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of words, longest first so "tirsdag" wins over "tir"."""
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


MONTH_RE = rf"(?:{alternation(MONTHS)})\.?"
WEEKDAY_RE = rf"(?:{alternation(WEEKDAYS)})\.?"
NUMBER_RE = rf"(?:\d+|{alternation(NUMBERS)})"
UNIT_RE = rf"(?:{alternation(UNITS)})\.?(?:s tid)?"
WEEK_RE = rf"(?:{alternation(WEEK_WORDS)})"

_LEADING = re.compile(
    r"^(?:(?:pa|paa|innen|innan|til og med|fra og med|t\.o\.m\.?|f\.o\.m\.?|tom|fom|fram til"
    r"|frem til|til|fra|senest|seinast|seinest|by|until|till|from|on|due|frist|dato|date|deadline)"
    r":?(?:\s+|$))+"
)
_APPROX = re.compile(r"^(?:ca\.?|cirka|omtrent|omkring|rundt|around|about|approx\.?|approximately)(?:\s+|$)")
_TIME = re.compile(
    r"\b(?:kl|klokka|klokken|klokkja|at)\b\.?\s*(\d{1,2})(?:[:.]?(\d{2}))?\b"
    r"|\b(\d{1,2}):(\d{2})\b"
    r"|\b(\d{1,2})(?::(\d{2}))?\s*(am|pm)\b"
)
_TODAY_TIMES = re.compile(r"\b(?:i (?:kveld|ettermiddag|formiddag|natt)|tonight|this (?:evening|afternoon|morning))\b")
_TIME_OF_DAY = re.compile(
    r"\b(?:tidlig|tidleg|formiddag|formiddagen|ettermiddag|ettermiddagen|kveld|kvelden|morning|afternoon"
    r"|evening|night)\b|(?<!\bi )\bmorg[eo]n\b"
)


def fold(text: str) -> str:
    """Lower-case, Unicode-normalised, Norwegian letters folded, punctuation and spaces tidied."""
    s = unicodedata.normalize("NFKC", text).lower().translate(_FOLD)
    s = re.sub(r"[–—]", "-", s)
    s = re.sub(r"\b(\d{4}-\d{2}-\d{2})t(?=\d)", r"\1 ", s)  # ISO date-time: keep the date, read the time
    s = re.sub(r"[()\[\]{},;!?\"«»“”‘’]", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    return s.rstrip(". ")


_DOTTED_TIME = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{2})(?![\d.])")


def _dotted_time(s: str) -> tuple[str, datetime.time | None]:
    """A bare "14.00" next to a date ("fredag 14.00") is a time when it cannot be a day and month."""
    for m in _DOTTED_TIME.finditer(s):
        hour, minute = int(m[1]), int(m[2])
        rest = (s[: m.start()] + " " + s[m.end() :]).strip()
        if hour <= 23 and (minute == 0 or 12 < minute <= 59) and rest:
            return re.sub(r"\s+", " ", rest), datetime.time(hour, minute)
    return s, None


def take_time(s: str) -> tuple[str, datetime.time | None, bool]:
    """Remove the first clock time ("kl. 14", "14:30", "2 pm"); returns the rest, the time, and whether it exists."""
    m = _TIME.search(s)
    if not m:
        rest, time = _dotted_time(s)
        return rest, time, True
    hour_s, minute_s = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    if m.group(5):
        hour_s, minute_s = m.group(5), m.group(6)
    hour, minute = int(hour_s), int(minute_s or 0)
    if m.group(7):
        if not 1 <= hour <= 12:
            return s, None, False
        hour = hour % 12 + (12 if m.group(7) == "pm" else 0)
    rest = re.sub(r"\s+", " ", s[: m.start()] + " " + s[m.end() :]).strip().rstrip(". ")
    if hour > 23 or minute > 59:
        return rest, None, False
    return rest, datetime.time(hour, minute), True


def tidy(s: str) -> tuple[str, bool]:
    """Drop filler words, ordinal endings and times of day; returns the core phrase and whether it said "ca."."""
    s = _TODAY_TIMES.sub("i dag", s)
    s = _TIME_OF_DAY.sub(" ", s)
    s = re.sub(r"(\d)(?:st|nd|rd|th|ste|de|te)\b", r"\1", s)
    s = re.sub(r"(\d)\.\s+(?=\d)", r"\1.", s)  # "15. 12. 2026" → "15.12.2026"
    s = re.sub(r"\b(?:den|the|of)\b", " ", s)
    s = re.sub(r"\s+", " ", s).strip().rstrip(". ")
    approximate = False
    while True:
        before = s
        s = _LEADING.sub("", s)
        if _APPROX.match(s):
            approximate, s = True, _APPROX.sub("", s)
        if s == before:
            return s.strip(), approximate


def number(word: str) -> int:
    """A number written as digits or as a word ("to", "tre", "ei")."""
    return int(word) if word.isdigit() else NUMBERS[word]


def month_number(word: str) -> int:
    """The month a (possibly abbreviated, dotted) month name means."""
    return MONTHS[word.rstrip(".")]


def weekday_number(word: str) -> int:
    """The ISO weekday (1 = Monday) a weekday name means."""
    return WEEKDAYS[word.rstrip(".")]
