"""Typed commands of the language hints: the group's glossary (`ordliste`) and hint settings (`språkhint`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GlossaryAdd:
    """`ordliste ny <term> = <forklaring>` (coordinators): add or change a term in the group's glossary."""

    term: str
    plain: str


@dataclass(frozen=True)
class GlossaryList:
    """`ordliste liste`: the group's own terms and the shipped terms it has marked as understood."""


@dataclass(frozen=True)
class GlossaryRemove:
    """`ordliste fjern <term>` (coordinators): remove a group term, or undo `forstått`."""

    term: str


@dataclass(frozen=True)
class GlossaryUnderstood:
    """`ordliste forstått <term>` (coordinators): nobody in the group gets hints about this term."""

    term: str


@dataclass(frozen=True)
class GlossarySuggest:
    """`ordliste foreslå <term> [= <forklaring>]` (members): propose a term for the coordinators to accept."""

    term: str
    plain: str = ""


@dataclass(frozen=True)
class GlossaryAccept:
    """`ordliste godta <term> [= <forklaring>]` (coordinators): accept a member's suggestion."""

    term: str
    plain: str = ""


@dataclass(frozen=True)
class GlossaryCandidates:
    """`ordliste forslag` (coordinators): members' suggestions and rare words from the group's messages."""


@dataclass(frozen=True)
class SetHints:
    """`språkhint [av|på]`: one person's hints (None shows the current setting)."""

    enabled: bool | None = None


@dataclass(frozen=True)
class SetChannelHints:
    """`språkhint kanal av|på` (coordinators): hints for everyone in this channel."""

    enabled: bool
