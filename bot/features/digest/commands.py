"""Typed commands of the weekly digest: preview, quote consent and registering leads."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.errors import InvalidInput
from bot.kernel.commands.parser import parse_mention


@dataclass(frozen=True)
class DigestPreview:
    """`sammendrag [uke] [program]`: the week as typed (None: this week) and an optional programme slug."""

    week: str | None = None
    programme: str | None = None


@dataclass(frozen=True)
class QuoteConsent:
    """`sitat ja|nei`: may the member's latest reflection be quoted anonymously?"""

    allow: bool


@dataclass(frozen=True)
class ResearchConsent:
    """`forskning ja|nei`: may the member's answers be in the pseudonymised research export? (None: show.)"""

    allow: bool | None = None


@dataclass(frozen=True)
class RegisterLead:
    """`prosjektleder @person <program> [fadder|eier|fjern]`: a programme owner gives (or takes) a programme role."""

    user_id: str
    programme: str
    role: str = "lead"  # lead | mentor | owner | remove


_YES = {"ja", "yes", "j", "y", "på", "on"}
_NO = {"nei", "no", "n", "av", "off"}
_ROLE_WORDS = {"prosjektleder": "lead", "prosjektleiar": "lead", "lead": "lead", "fadder": "mentor",
               "mentor": "mentor", "eier": "owner", "eigar": "owner", "owner": "owner", "fjern": "remove",
               "remove": "remove", "slett": "remove"}
_WEEK_WORDS = {"uke", "veke", "week"}
_WEEK = re.compile(r"^\d{1,2}$|^\d{4}-?[wW]\d{1,2}$")


def build_preview(rest: str) -> DigestPreview:
    """Any order: '48' or '2026-W48' (optionally after 'uke') is the week, another word the programme."""
    week, programme = None, None
    for word in rest.split():
        if word.lower() in _WEEK_WORDS:
            continue
        if _WEEK.match(word):
            week = word
        else:
            programme = word
    return DigestPreview(week, programme)


def build_quote(rest: str) -> QuoteConsent:
    answer = rest.strip().lower()
    if answer in _YES:
        return QuoteConsent(True)
    if answer in _NO:
        return QuoteConsent(False)
    raise InvalidInput("digest.quote_usage")


def build_research(rest: str) -> ResearchConsent:
    answer = rest.strip().lower()
    if not answer:
        return ResearchConsent(None)
    if answer in _YES or answer in _NO:
        return ResearchConsent(answer in _YES)
    raise InvalidInput("digest.research_usage")


def build_lead(rest: str) -> RegisterLead:
    words = rest.split()
    user = parse_mention(words[0]) if words else None
    role = _ROLE_WORDS.get(words[2].lower()) if len(words) == 3 else "lead" if len(words) == 2 else None
    if user is None or role is None:
        raise InvalidInput("digest.lead_bad_usage")
    return RegisterLead(user, words[1], role)


@dataclass(frozen=True)
class AssignMentor:
    """`fadder @person <gruppe>…`: a programme's owner or lead makes someone the mentor of these groups."""

    user_id: str
    groups: str  # municipalities as typed; the handler reads them against the asker's programmes


@dataclass(frozen=True)
class RemoveMentor:
    """`fadder fjern @person [gruppe…]`: the mentor no longer follows these groups (none named: any of the asker's)."""

    user_id: str
    groups: str = ""


@dataclass(frozen=True)
class MentorPrompt:
    """`fadder oppgave [gruppe] [oppgave-id]`: a mentor posts a prompt now to a group they follow."""

    words: str = ""


@dataclass(frozen=True)
class MentorList:
    """`fadder [liste]`: the groups one follows as a mentor, and the mentors of the programmes one runs."""


@dataclass(frozen=True)
class AskSupport:
    """`be-om-støtte <tekst>`: a coordinator asks the group's mentors for support, privately."""

    text: str


_MENTOR_LIST = ("", "liste", "list", "vis", "show")
_MENTOR_REMOVE = ("fjern", "remove", "slett", "delete")
_MENTOR_PROMPT = ("oppgave", "oppgåve", "prompt", "send")
SUPPORT_MAX_CHARS = 1500


def build_mentor(rest: str) -> object:
    """`fadder [liste] | fadder @person <gruppe>… | fadder fjern @person [gruppe…] | fadder oppgave [gruppe] [id]`."""
    verb, _, tail = rest.strip().partition(" ")
    if verb.lower() in _MENTOR_LIST:
        return MentorList()
    if verb.lower() in _MENTOR_PROMPT:
        return MentorPrompt(tail.strip())
    removing = verb.lower() in _MENTOR_REMOVE
    who, _, groups = (tail if removing else rest).strip().partition(" ")
    user = parse_mention(who)
    if user is None:
        raise InvalidInput("digest.mentor_bad_person", typed=who or verb)
    return RemoveMentor(user, groups.strip()) if removing else AssignMentor(user, groups.strip())


def build_support(rest: str) -> AskSupport:
    text = rest.strip()
    if not text:
        raise InvalidInput("digest.support_usage")
    if len(text) > SUPPORT_MAX_CHARS:
        raise InvalidInput("digest.support_too_long", limit=SUPPORT_MAX_CHARS, length=len(text))
    return AskSupport(text)
