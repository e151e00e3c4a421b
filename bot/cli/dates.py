"""`samskaping dato`: show how the date parser reads an expression, as one JSON object (or one per line)."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from typing import Annotated, Any, NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click
import typer

from bot.bootstrap import texts
from bot.clock import SystemClock
from bot.errors import InvalidInput
from bot.kernel.rules.dates import DateResult, explain, local_today, parse_date

BAD_INPUT = "bad_input"

_PARAGRAPHS = (
    "Show how the date parser reads a Norwegian date expression, as JSON.",
    'Example: samskaping dato "neste fredag" --now 2026-11-24T10:00:00+01:00 --lang nb prints '
    '{"text": "neste fredag", "date": "2026-11-27"}. A date that cannot be used prints {"text": ..., '
    '"error": "past" | "ambiguous" | "invalid", "message": ...}, plus "candidate" when there is one date to '
    'confirm and "time" when a clock time such as "kl. 14" was given.',
    'With --jsonl - (or a file) it reads one JSON object per line, {"id", "text", "now", "lang", "tz"} '
    "(all but text optional), and writes one JSON object per line with the same id.",
    "Conventions: today is --now seen in --tz, and days are calendar days, not 24-hour steps. Day first, "
    "always (1.3 is 1 March); two-digit years are 20yy; 2026-12-15 works in every language.",
    '"fredag", "på fredag" and "neste fredag" are the first Friday strictly after today (a week later if '
    'today is a Friday). "fredag neste uke" is the Friday of the next ISO week, "fredag om to uker" the '
    'Friday of the ISO week two weeks on, and "neste uke" the Monday of the next ISO week.',
    '"uke 50" is the Monday of ISO week 50 of this ISO year, or of next year if week 50 has ended; while '
    'the week is under way it is "past". Week 53 in a 52-week year is "invalid". "om N måneder" keeps the '
    "day of the month, or takes the month's last day.",
    "A day and month without a year is the nearer of this and next year's date (a tie goes to the future); "
    'if that has passed it is "past", with next year\'s date as the candidate. Explicit past dates are '
    '"past" with themselves as the candidate; dates that do not exist are "invalid"; a month alone, vague '
    'phrases ("etter jul") and a weekday that contradicts the date are "ambiguous". Holidays are not skipped.',
)
HELP = "\n\n".join(_PARAGRAPHS)

_LANGUAGES = {"nb": "nb", "no": "nb", "nob": "nb", "nn": "nn", "nno": "nn", "en": "en", "eng": "en"}




def register(app: typer.Typer) -> None:
    """Add `dato` to the main CLI."""
    app.command("dato", help=HELP)(dato)


def dato(
    text: Annotated[list[str] | None, typer.Argument(help="The date expression, e.g. 'neste fredag'.")] = None,
    now: Annotated[str | None, typer.Option(help="ISO time to count from (default: now).")] = None,
    tz: Annotated[str, typer.Option(help="The group's time zone.")] = "Europe/Oslo",
    lang: Annotated[str, typer.Option(help="Language of the messages: nb, nn or en.")] = "nb",
    jsonl: Annotated[str | None, typer.Option(help="Read JSON lines from this file ('-' for stdin).")] = None,
) -> None:
    """Print how the date parser reads TEXT."""
    phrase = " ".join(text) if text else None
    if jsonl is not None:
        if phrase is not None:
            _fail({"error": BAD_INPUT, "message": _message(lang, "dates.cli_text_and_jsonl")})
        _run_lines(jsonl, now=now, tz=tz, lang=lang)
        return
    if phrase is None:
        _fail({"error": BAD_INPUT, "message": _message(lang, "dates.cli_missing_text")})
    try:
        _emit(read_one(phrase, now=now, tz=tz, lang=lang))
    except InvalidInput as exc:
        _fail({"text": phrase, "error": BAD_INPUT, "message": _message(lang, exc.key, **exc.params)})


def read_one(text: str, *, now: str | None, tz: str, lang: str) -> dict[str, Any]:
    """The JSON object for one expression; raises InvalidInput for an unusable --now, --tz or --lang."""
    language = _language(lang)
    result = parse_date(text, today=_today(now, tz), lang=language)
    return as_json(result, language)


def as_json(result: DateResult, lang: str) -> dict[str, Any]:
    """A DateResult as the command prints it."""
    out: dict[str, Any] = {"text": result.text}
    if result.error is None and result.date is not None:
        out["date"] = result.date.isoformat()
    else:
        out["error"] = result.error
        out["message"] = explain(result, lang, texts=texts())
        if result.candidate is not None:
            out["candidate"] = result.candidate.isoformat()
    if result.time is not None:
        out["time"] = result.time.strftime("%H:%M")
    return out


def read_line(line: str, *, now: str | None, tz: str, lang: str) -> dict[str, Any]:
    """The JSON object for one input line; bad lines give an error object, never an exception."""
    try:
        item = json.loads(line.lstrip("\ufeff"))
    except ValueError:
        return {"id": None, "error": BAD_INPUT, "message": _message(lang, "dates.cli_bad_json")}
    if not isinstance(item, dict):
        return {"id": None, "error": BAD_INPUT, "message": _message(lang, "dates.cli_bad_json")}
    out: dict[str, Any] = {"id": item.get("id")}
    line_lang = item.get("lang") or lang
    message_lang = _LANGUAGES.get(str(line_lang).lower(), "nb")
    text = item.get("text")
    if not isinstance(text, str):
        return out | {"error": BAD_INPUT, "message": _message(message_lang, "dates.cli_missing_text")}
    try:
        return out | read_one(text, now=_option(item, "now", now), tz=_option(item, "tz", tz), lang=str(line_lang))
    except InvalidInput as exc:
        return out | {"text": text, "error": BAD_INPUT, "message": _message(message_lang, exc.key, **exc.params)}


def _option(item: dict[str, Any], name: str, default: str | None) -> Any:
    value = item.get(name)
    return default if value is None else value


def _run_lines(source: str, *, now: str | None, tz: str, lang: str) -> None:
    try:
        with click.open_file(source, encoding="utf-8") as stream:
            for out in _read_lines(stream, now=now, tz=tz, lang=lang):
                _emit(out)
    except OSError as exc:
        _fail({"error": BAD_INPUT, "message": _message(lang, "dates.cli_unreadable", path=source, reason=exc)})


def _read_lines(lines: Iterable[str], *, now: str | None, tz: str, lang: str) -> Iterable[dict[str, Any]]:
    for line in lines:
        if line.strip():
            yield read_line(line, now=now, tz=tz, lang=lang)


def _today(now: Any, tz: Any) -> datetime.date:
    if not isinstance(tz, str):
        raise InvalidInput("dates.cli_bad_tz", tz=tz)
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput("dates.cli_bad_tz", tz=tz) from None
    if now is None:
        return local_today(SystemClock().now(), tz)
    if not isinstance(now, str):
        raise InvalidInput("dates.cli_bad_now", now=now)
    try:
        moment = datetime.datetime.fromisoformat(now.strip())
    except ValueError:
        raise InvalidInput("dates.cli_bad_now", now=now) from None
    try:
        return local_today(moment, tz)
    except OverflowError:
        raise InvalidInput("dates.cli_bad_now", now=now) from None


def _language(lang: Any) -> str:
    key = str(lang).strip().lower().replace("_", "-").split("-")[0]
    if key not in _LANGUAGES:
        raise InvalidInput("dates.cli_bad_lang", lang=lang)
    return _LANGUAGES[key]


def _message(lang: str, key: str, /, **params: object) -> str:
    language = _LANGUAGES.get(str(lang).strip().lower().replace("_", "-").split("-")[0], "nb")
    return texts().t(language, key, **params)


def _emit(out: dict[str, Any]) -> None:
    typer.echo(json.dumps(out, ensure_ascii=False))


def _fail(out: dict[str, Any]) -> NoReturn:
    _emit(out)
    raise typer.Exit(code=2)
