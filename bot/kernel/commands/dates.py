"""Reading a date a user typed, in the group's time zone; anything unclear is explained back."""

from __future__ import annotations

from datetime import date

from bot.errors import InvalidInput
from bot.kernel.context import AppContext
from bot.kernel.rules.dates import explain, local_today, parse_date


def read_date(ctx: AppContext, text: str, *, tz: str, lang: str) -> date:
    """The date `text` means, or InvalidInput carrying the parser's friendly explanation."""
    result = parse_date(text, today=local_today(ctx.clock.now(), tz), lang=lang)
    if result.date is None:
        raise InvalidInput("errors.plain", text=explain(result, lang, texts=ctx.texts))
    return result.date
