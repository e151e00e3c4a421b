"""Clean input at the edge: whatever a platform delivers is made safe to store before any feature sees it.

Control characters (NUL above all: PostgreSQL refuses it in text) are removed from everything people typed;
ids that no platform would send (control characters, absurd lengths) make the event malformed, and it is
dropped quietly; a number too long for any id or count is answered kindly instead of reaching the database.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.errors import InvalidInput
from bot.kernel.chat.events import ActionEvent, Actor, CommandEvent, FormSubmitted, InboundEvent, MessageEvent

#: C0 and C1 control characters but tab and newline (a carriage return is dropped: lines end in \n)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: a longer run of digits fits no id or count we store (a signed 64-bit integer has 19 digits)
MAX_DIGITS = 18
_LONG_NUMBER = re.compile(rf"\d{{{MAX_DIGITS + 1},}}")
#: platform ids are short (Slack's under 20 characters; Teams' conversation ids a few hundred)
MAX_ID = 512


def clean_text(value: str) -> str:
    """`value` without control characters, line ends as \\n."""
    return _CONTROL.sub("", value.replace("\r\n", "\n"))


def _usable_id(value: str | None) -> bool:
    return value is None or (len(value) <= MAX_ID and not _CONTROL.search(value))


def _check_numbers(*values: str) -> None:
    if any(_LONG_NUMBER.search(value) for value in values):
        raise InvalidInput("errors.number_too_large", digits=MAX_DIGITS)


def clean(event: InboundEvent) -> InboundEvent | None:
    """The event with clean text, or None when its ids are malformed; InvalidInput for an oversized number."""
    actor: Actor = event.actor
    ids = [actor.workspace, actor.user, getattr(event, "channel", None), getattr(event, "trigger", None)]
    match event:
        case ActionEvent():
            ids.append(event.action_id)
        case FormSubmitted():
            ids.append(event.form_id)
        case MessageEvent():
            ids += [event.thread, event.message_id]
    if not all(_usable_id(value) for value in ids):
        return None
    event = replace(event, actor=replace(actor, name=clean_text(actor.name)))
    match event:
        case CommandEvent():
            _check_numbers(event.text)
            return replace(event, text=clean_text(event.text))
        case MessageEvent():
            return replace(event, text=clean_text(event.text))
        case ActionEvent():
            _check_numbers(event.value)
            return replace(event, value=clean_text(event.value))
        case FormSubmitted():
            values = {clean_text(name): clean_text(value) for name, value in event.values.items()}
            _check_numbers(event.metadata, *values.values())
            return replace(event, values=values, metadata=clean_text(event.metadata))
    return event
