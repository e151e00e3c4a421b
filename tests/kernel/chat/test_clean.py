"""Clean input at the edge: control characters go, malformed ids drop the event, long numbers are refused kindly."""

from __future__ import annotations

import pytest

from bot.errors import InvalidInput
from bot.kernel.chat.clean import clean, clean_text
from bot.kernel.chat.events import ActionEvent, Actor, CommandEvent, FormSubmitted, MessageEvent

ACTOR = Actor("slack", "T1", "U1", "Ka\x00ri")


def test_control_characters_are_removed_but_tabs_and_line_breaks_stay() -> None:
    assert clean_text("a\x00b\x07c\x1b[0m\td\r\ne\x85") == "abc[0m\td\ne"


def test_every_text_of_an_event_is_cleaned() -> None:
    command = clean(CommandEvent(ACTOR, "C1", "refleksjon Vi\x00 lærte"))
    form = clean(FormSubmitted(ACTOR, "reflection", {"text": "ja\x00"}, "12\x00"))
    assert isinstance(command, CommandEvent) and command.text == "refleksjon Vi lærte"
    assert command.actor.name == "Kari"
    assert isinstance(form, FormSubmitted) and form.values == {"text": "ja"} and form.metadata == "12"
    message = clean(MessageEvent(ACTOR, "C1", "hei\x00"))
    assert isinstance(message, MessageEvent) and message.text == "hei"


@pytest.mark.parametrize("event", [
    CommandEvent(Actor("slack", "T1", "U\x001"), "C1", "status"),
    ActionEvent(ACTOR, "C1", "answer\x00", "1"),
    MessageEvent(ACTOR, "C" * 600, "hei"),
])
def test_malformed_ids_drop_the_event(event: object) -> None:
    assert clean(event) is None  # type: ignore[arg-type]


@pytest.mark.parametrize("event", [
    CommandEvent(ACTOR, "C1", "milepæl ferdig " + "9" * 19),
    ActionEvent(ACTOR, "C1", "answer", "9" * 5000),
    FormSubmitted(ACTOR, "reflection", {"text": "x"}, "9" * 30),
])
def test_numbers_longer_than_any_id_are_refused_kindly(event: object) -> None:
    with pytest.raises(InvalidInput) as raised:
        clean(event)  # type: ignore[arg-type]
    assert raised.value.key == "errors.number_too_large"


def test_numbers_that_fit_pass() -> None:
    event = clean(CommandEvent(ACTOR, "C1", "refleksjon Ring 4712345678 om sak 202412345"))
    assert isinstance(event, CommandEvent) and "4712345678" in event.text
