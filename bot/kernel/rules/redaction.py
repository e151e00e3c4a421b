"""What identifies one person in free text, and how copies of it are scrubbed when they erase their data.

An `Erasure` names the person's platform id (replaced by a random pseudonym wherever it is stored), their
names and their answers (replaced by `REMOVED`). Ids and names match as whole tokens only, so erasing "Ola"
leaves "Olav" alone; answers match as written. Scrubbing works on plain text and on JSON text alike: needles
are also looked for in their JSON-escaped form, and the replacements need no escaping, so JSON stays valid.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime

#: what stands where a name or an answer was
REMOVED = "[…]"
#: erased people's platform ids become this prefix and random hex (unlinkable, even by the operator)
PSEUDONYM_PREFIX = "deleted-"
#: shorter answers are not hunted in other people's texts (a "Ja." would wipe every "Ja."); their row is blanked
MIN_TEXT_NEEDLE = 12
_EDGE = r"[\w-]"  # characters that continue an id or a name


def _escaped(needle: str) -> str:
    return json.dumps(needle, ensure_ascii=False)[1:-1]


@dataclass(frozen=True)
class Erasure:
    """One person's erasure in one workspace."""

    workspace_id: int
    user_id: str
    pseudonym: str
    at: datetime
    names: tuple[str, ...] = ()
    texts: tuple[str, ...] = ()
    _patterns: tuple[tuple[re.Pattern[str], str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        patterns: list[tuple[re.Pattern[str], str]] = []
        names = sorted((n for n in self.names if len(n.strip()) >= 2), key=len, reverse=True)  # "Ola Nordmann" first
        tokens = [(self.user_id, self.pseudonym)] + [(n, REMOVED) for n in names]
        for needle, replacement in tokens:
            for form in dict.fromkeys((needle.strip(), _escaped(needle.strip()))):
                patterns.append((re.compile(rf"(?<!{_EDGE}){re.escape(form)}(?!{_EDGE})"), replacement))
        for text in sorted(self.answer_needles, key=len, reverse=True):
            for form in dict.fromkeys((text, _escaped(text))):
                patterns.append((re.compile(re.escape(form)), REMOVED))
        object.__setattr__(self, "_patterns", tuple(patterns))

    @property
    def answer_needles(self) -> tuple[str, ...]:
        return tuple(t.strip() for t in self.texts if len(t.strip()) >= MIN_TEXT_NEEDLE)

    def needles(self) -> tuple[str, ...]:
        """Every string whose presence marks a value to scrub (a cheap LIKE filter before `scrub`)."""
        plain = (self.user_id, *(n for n in self.names if len(n.strip()) >= 2), *self.answer_needles)
        return tuple(dict.fromkeys(form for n in plain for form in (n.strip(), _escaped(n.strip()))))

    def scrub(self, value: str) -> str:
        """The value with the person's id pseudonymised and their names and answers removed."""
        for pattern, replacement in self._patterns:
            value = pattern.sub(replacement, value)
        return value
