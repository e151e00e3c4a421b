"""Typed commands of the between-meeting work: status, answers, prompts, programme and pause."""

from __future__ import annotations

from dataclasses import dataclass

from bot.errors import UsageError
from bot.kernel.commands.parser import first_word, require_text, until_phrase


@dataclass(frozen=True)
class Status:
    pass


@dataclass(frozen=True)
class Reflect:
    text: str = ""


@dataclass(frozen=True)
class Withdraw:
    """`trekk-svar [oppgave]`: the author deletes their answer (the newest answered prompt by default)."""

    prompt_id: str | None = None


def build_withdraw(rest: str) -> Withdraw:
    words = rest.split()
    if len(words) > 1:
        raise UsageError("commands.usage.trekk-svar")
    return Withdraw(words[0][:80] if words else None)


@dataclass(frozen=True)
class PromptSend:
    prompt_id: str | None = None


@dataclass(frozen=True)
class PromptNext:
    pass


@dataclass(frozen=True)
class PromptSkip:
    prompt_id: str


@dataclass(frozen=True)
class PromptList:
    pass


@dataclass(frozen=True)
class PromptUnskip:
    prompt_id: str


@dataclass(frozen=True)
class ChooseProgramme:
    programme_id: str


@dataclass(frozen=True)
class PauseGroup:
    until: str  # a date expression, resolved in the group's time zone; "" resumes



@dataclass(frozen=True)
class ReadAnswers:
    """`svarene [oppgave] [side]`: a coordinator reads every answer to a prompt (the newest by default)."""

    prompt_id: str | None = None
    page: int = 1

def build_prompt(rest: str) -> object:
    """`oppgave [liste | send [id] | neste | hopp-over <id> | ta-med <id>]`."""
    verb, tail = first_word(rest)
    if verb in ("send", "post"):
        return PromptSend(tail.split()[0] if tail else None)
    if verb in ("hopp-over", "skip") and tail:
        return PromptSkip(tail.split()[0])
    if verb in ("ta-med", "include") and tail:
        return PromptUnskip(tail.split()[0])
    if verb in ("neste", "next"):
        return PromptNext()
    if verb in ("liste", "list", ""):
        return PromptList()
    raise UsageError("commands.usage.oppgave")


def build_programme(rest: str) -> ChooseProgramme:
    return ChooseProgramme(require_text(rest, "commands.usage.program").split()[0].lower())


def build_pause(rest: str) -> PauseGroup:
    return PauseGroup(until_phrase(rest, "commands.usage.pause"))


def build_read_answers(rest: str) -> ReadAnswers:
    """Any order: a number is the page (`side 2` or `2`), another word the prompt id."""
    prompt_id, page = None, 1
    for word in rest.split():
        if word.lower() in ("side", "page"):
            continue
        if word.isdigit():
            if not 0 < int(word) <= 1000:
                raise UsageError("commands.usage.svarene")
            page = int(word)
        elif prompt_id is None:
            prompt_id = word[:80]
        else:
            raise UsageError("commands.usage.svarene")
    return ReadAnswers(prompt_id, page)
