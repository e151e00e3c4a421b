"""Norwegian date phrases → a date, or "past" / "ambiguous" / "invalid" with a friendly explanation.

Conventions (also in the `samskaping dato` help and the `dates.rules` text):
- `today` is the local date in the group's time zone (see local_today); arithmetic is in calendar days.
- Day first, always: 1.3 is 1 March. Two-digit years are 20yy. ISO 2026-12-15 works in every language.
- A bare weekday, "på fredag", "neste fredag" (and "kommende", "denne", "this", "next") mean the first such
  day strictly after today. "fredag neste uke" is Friday of the next ISO week; "fredag om N uker" is
  Friday of the ISO week N weeks after this one; "neste uke" is Monday of the next ISO week.
- "uke 50" is Monday of ISO week 50 of this ISO year, or of next year if week 50 has ended; while week 50
  is under way it is "past" (candidate: its Monday). Week 53 in a 52-week year is "invalid".
- "om N måneder" keeps the day of the month, falling back to the month's last day.
- A day and month without a year mean the nearer of this year's and next year's date (a tie goes to the
  future); if that is past, the result is "past" with next year's date as the candidate.
- An explicit past date is "past" with itself as the candidate. Non-existent dates are "invalid".
- A month alone, vague phrases ("etter jul", "snart") and a weekday that contradicts the date are
  "ambiguous". Holidays are not skipped.
"""

from bot.kernel.rules.dates.arithmetic import local_today
from bot.kernel.rules.dates.explain import explain, format_date
from bot.kernel.rules.dates.parse import parse_date
from bot.kernel.rules.dates.result import AMBIGUOUS, INVALID, PAST, DateResult

__all__ = ["AMBIGUOUS", "INVALID", "PAST", "DateResult", "explain", "format_date", "local_today", "parse_date"]
