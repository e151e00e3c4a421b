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


#: `oppgave send [id] likevel|senere`: what to do when now is a public holiday, a quiet period or the group's pause
SEND_ANYWAY_WORDS = ("likevel", "anyway")
SEND_LATER_WORDS = ("senere", "seinare", "later")


@dataclass(frozen=True)
class PromptSend:
    """`oppgave send [id]`; on a holiday, in a quiet period or a pause it asks first (`when` = "ask"), unless the
    coordinator said `likevel` (post now) or `senere` (at the group's next working moment)."""

    prompt_id: str | None = None
    when: str = "ask"


def build_send(tail: str) -> PromptSend:
    words = tail.split()
    when = "ask"
    if words and words[-1].lower() in SEND_ANYWAY_WORDS + SEND_LATER_WORDS:
        when = "now" if words.pop().lower() in SEND_ANYWAY_WORDS else "later"
    if len(words) > 1:
        raise UsageError("commands.usage.oppgave")
    return PromptSend(words[0][:80] if words else None, when)


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

@dataclass(frozen=True)
class PromptMove:
    """`oppgave flytt <id> <dato>`: post a programme prompt on another day (its time to answer kept)."""

    prompt_id: str
    when: str


@dataclass(frozen=True)
class PromptDue:
    """`oppgave frist <id> <dato>`: move a prompt's deadline to another day (its time of day kept)."""

    prompt_id: str
    when: str


@dataclass(frozen=True)
class PromptSwap:
    """`oppgave bytt <id> <annen-id>`: the group gets another prompt from the library in that slot."""

    prompt_id: str
    new_prompt_id: str


@dataclass(frozen=True)
class ScheduleUndo:
    """`oppgave angre`: take back the last schedule change made in chat."""


@dataclass(frozen=True)
class QuietPeriod:
    """`stille [<fra> til <til>[: navn]]`: list the group's quiet periods, or add one."""

    start: str = ""
    end: str = ""
    name: str = ""


def build_quiet(rest: str) -> QuietPeriod:
    text, _, name = rest.partition(":")
    if not text.strip():
        return QuietPeriod()
    for separator in (" til ", " to ", " – ", " - "):
        if separator in f" {text.strip()} ":
            start, _, end = f" {text.strip()} ".partition(separator)
            if start.strip() and end.strip():
                return QuietPeriod(start.strip(), end.strip(), name.strip()[:80])
    raise UsageError("commands.usage.stille")


def _id_and_rest(tail: str) -> tuple[str, str]:
    prompt_id, _, rest = tail.strip().partition(" ")
    if not prompt_id or not rest.strip():
        raise UsageError("commands.usage.oppgave")
    return prompt_id[:80], rest.strip()


def build_prompt(rest: str) -> object:
    """`oppgave [liste | send [id] | neste | hopp-over <id> | ta-med <id> | flytt <id> <dato> | frist <id> <dato>
    | bytt <id> <ny-id> | angre]`."""
    verb, tail = first_word(rest)
    if verb in ("flytt", "move"):
        return PromptMove(*_id_and_rest(tail))
    if verb in ("frist", "due"):
        return PromptDue(*_id_and_rest(tail))
    if verb in ("bytt", "swap"):
        prompt_id, other = _id_and_rest(tail)
        if len(other.split()) != 1:
            raise UsageError("commands.usage.oppgave")
        return PromptSwap(prompt_id, other[:80])
    if verb in ("angre", "undo"):
        return ScheduleUndo()
    if verb in ("send", "post"):
        return build_send(tail)
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
