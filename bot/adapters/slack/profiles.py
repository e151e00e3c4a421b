"""Who is acting, as people see them: Slack display names and locales from users.info, cached.

Slash commands carry only the legacy `user_name` handle and events no name at all, so the actor is filled in
from users.info (with `include_locale`). Each person costs one Tier 4 call a day per process; when Slack
cannot be asked (rate limit, unknown workspace) the actor is used as it came.

Slack's interface has no Norwegian, so most Norwegians run it in English: an `en-US` locale says nothing about
the language they want from the bot. Only a Norwegian locale (`nb`, `nn`, `no`) is passed on as the actor's
locale; anyone else chooses with `/samskaping språk en`.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Protocol

from bot.clock import Clock
from bot.kernel.chat.events import Actor
from bot.kernel.chat.messages import ChatUser

TTL = timedelta(hours=24)
MAX_PEOPLE = 20_000


class ProfileSource(Protocol):
    async def profile(self, workspace: str, user: str) -> ChatUser: ...


@dataclass(frozen=True)
class _Known:
    name: str
    locale: str | None
    until: datetime


class Profiles:
    """A bounded, expiring cache of display names and locales in front of users.info."""

    def __init__(self, source: ProfileSource, clock: Clock) -> None:
        self._source = source
        self._clock = clock
        self._known: OrderedDict[tuple[str, str], _Known] = OrderedDict()

    async def enrich(self, actor: Actor) -> Actor:
        """The actor with their display name and locale, when Slack told us."""
        key, now = (actor.workspace, actor.user), self._clock.now()
        known = self._known.get(key)
        if known is None or known.until <= now:
            found = await self._source.profile(actor.workspace, actor.user)
            if not found.display_name and not found.locale:
                return actor  # not asked or not answered: try again next time
            known = _Known(found.display_name, found.locale, now + TTL)
            self._known[key] = known
            while len(self._known) > MAX_PEOPLE:
                self._known.popitem(last=False)
        self._known.move_to_end(key)
        return replace(actor, name=known.name or actor.name, locale=norwegian(known.locale) or actor.locale)


def norwegian(locale: str | None) -> str | None:
    """`nb`/`nn` for a Norwegian locale (`no` is bokmål), None for anything else."""
    language = (locale or "")[:2].lower()
    return {"nb": "nb", "no": "nb", "nn": "nn"}.get(language)
