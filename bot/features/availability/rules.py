"""Reading a person's working hours as typed (`08-15`, `8:30–15`), with the reason when it is not one."""

from __future__ import annotations

import re
from datetime import time

from bot.errors import InvalidInput

_RANGE = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*[-–]\s*(\d{1,2})(?:[:.](\d{2}))?\s*$")


def _clock(hours: str, minutes: str | None, typed: str) -> time:
    h, m = int(hours), int(minutes or 0)
    if h > 24 or m > 59 or (h == 24 and m):
        raise InvalidInput("availability.not_a_time", value=typed)
    return time(23, 59) if h == 24 else time(h, m)


def parse_hours(text: str) -> tuple[time, time]:
    """(start, end) from `08-15`; InvalidInput for `25-08`, `15-08` or words."""
    match = _RANGE.match(text)
    if match is None:
        raise InvalidInput("availability.hours_format", value=text.strip())
    start_h, start_m, end_h, end_m = match.groups()
    start = _clock(start_h, start_m, f"{start_h}{':' + start_m if start_m else ''}")
    end = _clock(end_h, end_m, f"{end_h}{':' + end_m if end_m else ''}")
    if not start < end:
        raise InvalidInput("availability.end_before_start", start=f"{start:%H:%M}", end=f"{end:%H:%M}")
    return start, end
