"""Arguments of `/samskaping milepæl …` and `/samskaping forankring …`, their handlers, buttons and form."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.chat import commands as c
from bot.chat.messages import Reply
from bot.commands.parser import Spec, first_word
from bot.errors import UsageError
from bot.services import anchoring, milestone_checklists, milestone_forms, milestones
from bot.services.context import Request
from bot.services.milestone_records import parse_number

FORM_ID = milestone_forms.FORM_ID
submit_form = milestone_forms.submit

_LIST = ("", "liste", "list", "vis", "show")
_ADD = ("ny", "nytt", "add", "new")
_DONE = ("ferdig", "done", "fullført", "fullfort")
_MOVE = ("flytt", "move")
_DELETE = ("slett", "delete", "fjern", "remove")
_CHECK = ("sjekk", "check", "tick", "kryss")
_CHECKLIST = ("sjekkliste", "checklist")
_FORM = ("endre", "edit", "skjema", "form")
_HELP = ("hjelp", "help")


def _number(text: str, usage: str) -> tuple[int, str]:
    """The leading number of `text` and what follows it, or a usage error."""
    head, tail = first_word(text)
    number = parse_number(head)
    if number is None:
        raise UsageError(usage)
    return number, tail


def build_milestone(rest: str) -> object:
    """`milepæl [liste | ny <dato> <tittel> | ferdig <nr> | flytt <nr> <dato> | slett <nr> | sjekk <nr> [punkt] |
    sjekkliste <nr> [mal] | endre <nr> | hjelp]`."""
    verb, tail = first_word(rest)
    usage = "milestones.how_to"
    if verb in _LIST:
        return c.MilestoneList()
    if verb in _ADD:
        return c.MilestoneAdd(tail) if tail else c.MilestoneForm()
    if verb in _HELP:
        return c.MilestoneHelp()
    if verb in _FORM:
        return c.MilestoneForm(_number(tail, usage)[0] if tail else None)
    number, more = _number(tail, usage)
    if verb in _DONE:
        return c.MilestoneDone(number)
    if verb in _DELETE:
        return c.MilestoneDelete(number)
    if verb in _MOVE and more:
        return c.MilestoneMove(number, more)
    if verb in _CHECK:
        return c.MilestoneCheck(number, more)
    if verb in _CHECKLIST:
        return c.MilestoneChecklist(number, more)
    raise UsageError(usage)


def build_anchoring(rest: str) -> object:
    """`forankring [vis | ny <navn/rolle> <retning> [relasjon] | endre <nr> <felt> <verdi> | kontakt <nr> [dato] |
    fjern <nr>]`."""
    verb, tail = first_word(rest)
    usage = "anchoring.how_to"
    if verb in _LIST:
        return c.StakeholderList()
    if verb in _ADD and tail:
        return c.StakeholderAdd(tail)
    number, more = _number(tail, usage)
    if verb in ("endre", "edit", "set", "change") and more:
        field, value = first_word(more)
        return c.StakeholderEdit(number, field, value)
    if verb in ("kontakt", "contact", "kontakta", "kontaktet"):
        return c.StakeholderContact(number, more)
    if verb in ("fjern", "remove", "slett", "delete"):
        return c.StakeholderRemove(number)
    raise UsageError(usage)


Handler = Callable[[object, Request], Awaitable[Reply]]

MILESTONE_HANDLERS: dict[type, Handler] = {
    c.MilestoneAdd: milestones.add, c.MilestoneList: milestones.list_milestones, c.MilestoneDone: milestones.done,
    c.MilestoneMove: milestones.move, c.MilestoneDelete: milestones.delete, c.MilestoneHelp: milestones.show_help,
    c.MilestoneForm: milestone_forms.open_form, c.MilestoneCheck: milestone_checklists.check,
    c.MilestoneChecklist: milestone_checklists.attach,
}  # type: ignore[dict-item]

ANCHORING_HANDLERS: dict[type, Handler] = {
    c.StakeholderList: anchoring.show, c.StakeholderAdd: anchoring.add, c.StakeholderEdit: anchoring.edit,
    c.StakeholderContact: anchoring.contact, c.StakeholderRemove: anchoring.remove,
}  # type: ignore[dict-item]

MILESTONE_ACTIONS: dict[str, Callable[[Request, str], Awaitable[Reply]]] = {
    "milestone_done": milestones.done_button,
    "milestone_move": milestone_forms.open_form_button,
    "milestone_checklist": milestone_checklists.open_button,
    "milestone_tick": milestone_checklists.tick_button,
    "milestone_confirm": milestones.confirm,
    "milestone_cancel": milestones.cancel_confirmation,
    "stakeholder_contacted": anchoring.contacted_button,
}


def milestone_entries() -> tuple[tuple[Spec, dict[type, Handler]], ...]:
    """The command table rows for `milepæl` and `forankring` (help lines from milestones/anchoring texts)."""
    return (
        (Spec("milepæl", ("milepael", "milestone", "milestones"), build_milestone, "milestones.usage"),
         MILESTONE_HANDLERS),
        (Spec("forankring", ("anchoring", "stakeholders"), build_anchoring, "anchoring.usage"), ANCHORING_HANDLERS),
    )
