"""What a feature declares, and the registry that bootstrap builds from the one list of features.

A feature hands the kernel plain values: its commands (names in nb/nn/en, help key, typed values and
their handlers), its buttons and forms, what it does with chat messages and new members, its planners,
its digest sections, how it erases and exports a person, what it adds to a command's transaction (the
audit entry), its texts folder and its table modules. The kernel reads these values; it never imports a
feature, and nothing registers itself at import time.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from sqlmodel import SQLModel

from bot.kernel.storage.tables import table_of

if TYPE_CHECKING:
    from datetime import datetime, time

    from sqlalchemy import ScalarSelect
    from sqlmodel.ext.asyncio.session import AsyncSession

    from bot.kernel.chat.events import MessageEvent
    from bot.kernel.chat.messages import Button, Reply
    from bot.kernel.context import AppContext, Request
    from bot.kernel.rules.redaction import Erasure
    from bot.kernel.storage.tables import Group, Member
    from bot.kernel.storage.uow import UnitOfWork

#: the action id of a button that runs the command line in its value, as if it had been typed (help, checks,
#: audit log and all): "read the answers" on the App Home, "post anyway" under a warning
RUN_COMMAND = "command"

K = TypeVar("K")
V = TypeVar("V")

#: one signature for commands, buttons and forms: a typed value (a command, `Pressed`, `Submitted`) and the request
Handler = Callable[[Any, "Request"], Awaitable["Reply"]]
#: what a feature does with a channel message; None passes it on to the next feature
MessageHandler = Callable[["Request", "MessageEvent"], Awaitable["Reply | None"]]
#: what a feature does when someone joins a group channel
JoinHandler = Callable[["Request"], Awaitable["Reply | None"]]
#: turns time passing into outbox rows, inside the tick's one unit of work
Planner = Callable[["UnitOfWork", "AppContext"], Awaitable[object]]
#: work on every tick in its own transactions (weekly digests)
TickJob = Callable[["AppContext"], Awaitable[object]]
#: one digest section: per group id, a section value (see bot.features.digest.sections)
SectionProvider = Callable[["AsyncSession", Any], Awaitable[Mapping[int, Any]]]
#: removes what a feature keeps about one person, in the erasure's unit of work; afterwards privacy scrubs the
#: person's id, names and answers from every text column of every table (see bot.kernel.rules.redaction)
Eraser = Callable[["UnitOfWork", "Erasure"], Awaitable[object]]
#: what a feature keeps about one person, for `mine-data` (workspace id, user id) → a JSON-able mapping
Exporter = Callable[["UnitOfWork", int, str], Awaitable[Mapping[str, object]]]
#: a private tip on an answer someone wrote (group, member, text, language) → one line, or None
AnswerTip = Callable[["UnitOfWork", "AppContext", "Group", "Member", str, str], Awaitable["str | None"]]
#: a button under an answer just saved (group, member, reflection id, the prompt's criterion, language), or None
AnswerAction = Callable[["UnitOfWork", "AppContext", "Group", "Member", int, str, str], Awaitable["Button | None"]]
#: the count of private nudges a feature gave a person between two moments outside the outbox, as a scalar
#: subquery (workspace id, user id, start, end): the nudge budget adds them, read with its own counts at once
NudgeCounter = Callable[[int, str, "datetime", "datetime"], "ScalarSelect[int]"]
#: the working hours and time zone a person in no group set (workspace id, user id) → (start, end, zone) or None
OwnHours = Callable[["UnitOfWork", int, str], Awaitable["tuple[time | None, time | None, str | None] | None"]]


class CommandJournal(Protocol):
    """Adds rows to the transaction of the change a command makes (the audit log); a command that changed nothing
    is journalled after it succeeded with `read=True` (so reading a digest or the answers can be logged)."""

    def __call__(self, uow: UnitOfWork, *, req: Request, name: str, command: object,
                 read: bool = False) -> Awaitable[None]: ...


@dataclass(frozen=True)
class Pressed:
    """A button was pressed: the value it carries (an id, a choice)."""

    value: str


@dataclass(frozen=True)
class Submitted:
    """A form was submitted: the metadata it was opened with, and what was typed into its inputs."""

    metadata: str
    values: Mapping[str, str]


@dataclass(frozen=True)
class CommandSpec:
    """One subcommand: its Norwegian name, aliases (nynorsk, English), argument builder, help key and handlers."""

    name: str
    aliases: tuple[str, ...]
    build: Callable[[str], object]
    usage_key: str
    handlers: Mapping[type, Handler] = field(default_factory=dict)


@dataclass(frozen=True)
class Feature:
    """One feature's declaration; `needs` names the features whose modules it imports (checked by a test)."""

    name: str
    needs: tuple[str, ...] = ()
    commands: tuple[CommandSpec, ...] = ()
    actions: Mapping[str, Handler] = field(default_factory=dict)
    forms: Mapping[str, Handler] = field(default_factory=dict)
    on_message: tuple[MessageHandler, ...] = ()
    on_join: tuple[JoinHandler, ...] = ()
    command_journals: tuple[CommandJournal, ...] = ()
    planners: tuple[Planner, ...] = ()
    tick_jobs: tuple[TickJob, ...] = ()
    digest_sections: tuple[SectionProvider, ...] = ()
    erasers: tuple[Eraser, ...] = ()
    exporters: Mapping[str, Exporter] = field(default_factory=dict)
    nudge_counters: tuple[NudgeCounter, ...] = ()
    own_hours: tuple[OwnHours, ...] = ()
    answer_tips: tuple[AnswerTip, ...] = ()
    answer_actions: tuple[AnswerAction, ...] = ()
    #: the feature's UI texts: a folder of `<lang>/<area>.yaml` files (see bot.kernel.content.texts)
    texts: Path | None = None
    tables: tuple[ModuleType, ...] = ()
    #: tables whose writes never give a planner work (answers, logs): writing them does not wake resting
    #: planners (bot.kernel.delivery.planning); a planner that plans from one must take it off this list
    inert_tables: tuple[type[SQLModel], ...] = ()


class Registry:
    """Everything the features declared, merged in the order of the list; a name used twice fails at start."""

    def __init__(self, features: Sequence[Feature], builtin: Sequence[CommandSpec] = ()) -> None:
        self.features = tuple(features)
        self.specs: tuple[CommandSpec, ...] = (*(s for f in self.features for s in f.commands), *builtin)
        self.handlers: dict[type, Handler] = _merge(((k, h) for s in self.specs for k, h in s.handlers.items()),
                                                    "command type")
        self.names: dict[type, str] = {kind: s.name for s in self.specs for kind in s.handlers}
        self.actions: dict[str, Handler] = _merge((i for f in self.features for i in f.actions.items()),
                                                        "action")
        self.forms: dict[str, Handler] = _merge((i for f in self.features for i in f.forms.items()), "form")
        self.exporters: dict[str, Exporter] = _merge((i for f in self.features for i in f.exporters.items()),
                                                     "export section")
        _merge(((w, s) for s in self.specs for w in (s.name, *s.aliases)), "command name")

    def _all(self, attribute: str) -> tuple[Any, ...]:
        return tuple(item for f in self.features for item in getattr(f, attribute))

    @property
    def on_message(self) -> tuple[MessageHandler, ...]:
        return self._all("on_message")

    @property
    def on_join(self) -> tuple[JoinHandler, ...]:
        return self._all("on_join")

    @property
    def command_journals(self) -> tuple[CommandJournal, ...]:
        return self._all("command_journals")

    @property
    def planners(self) -> tuple[Planner, ...]:
        return self._all("planners")

    @property
    def inert_tables(self) -> frozenset[str]:
        return frozenset(table_of(model).name for model in self._all("inert_tables"))

    @property
    def tick_jobs(self) -> tuple[TickJob, ...]:
        return self._all("tick_jobs")

    @property
    def digest_sections(self) -> tuple[SectionProvider, ...]:
        return self._all("digest_sections")

    @property
    def erasers(self) -> tuple[Eraser, ...]:
        return self._all("erasers")

    @property
    def nudge_counters(self) -> tuple[NudgeCounter, ...]:
        return self._all("nudge_counters")

    @property
    def own_hours(self) -> tuple[OwnHours, ...]:
        return self._all("own_hours")

    @property
    def answer_tips(self) -> tuple[AnswerTip, ...]:
        return self._all("answer_tips")

    @property
    def answer_actions(self) -> tuple[AnswerAction, ...]:
        return self._all("answer_actions")

    @property
    def text_folders(self) -> tuple[Path, ...]:
        return tuple(f.texts for f in self.features if f.texts is not None)

    @property
    def tables(self) -> tuple[ModuleType, ...]:
        return self._all("tables")


def _merge(items: Iterable[tuple[K, V]], what: str) -> dict[K, V]:
    """A dict from (key, value) pairs; a key declared twice is a wiring bug, reported at start."""
    merged: dict[K, V] = {}
    for key, value in items:
        if key in merged:
            raise ValueError(f"{what} {key!r} is declared twice")
        merged[key] = value
    return merged
