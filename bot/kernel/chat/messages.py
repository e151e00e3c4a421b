"""A render-neutral message model; each adapter renders it natively (Block Kit, Adaptive Cards, text).

Messages are stored in the outbox as JSON, so every type round-trips through `to_dict`/`message_from_dict`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Visibility = Literal["private", "channel"]


@dataclass(frozen=True)
class Button:
    """A button; `action_id` says what it does, `value` carries its argument."""

    label: str
    action_id: str
    value: str = ""
    style: Literal["primary", "danger"] | None = None


@dataclass(frozen=True)
class Field:
    """A label and a short value, shown side by side where the platform can."""

    label: str
    value: str


@dataclass(frozen=True)
class Message:
    """Text (light markdown: *bold*, _italic_, bullet lines), optional title, fields and buttons."""

    text: str
    title: str | None = None
    fields: tuple[Field, ...] = ()
    buttons: tuple[Button, ...] = ()
    footer: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def message_from_dict(data: dict[str, Any]) -> Message:
    """Rebuild a Message stored as JSON."""
    return Message(
        text=data["text"],
        title=data.get("title"),
        fields=tuple(Field(**f) for f in data.get("fields", ())),
        buttons=tuple(Button(**b) for b in data.get("buttons", ())),
        footer=data.get("footer"),
    )


@dataclass(frozen=True)
class FormInput:
    """One input of a form; multiline text with an optional length limit."""

    name: str
    label: str
    multiline: bool = False
    max_length: int | None = None
    initial: str = ""
    placeholder: str = ""
    optional: bool = False
    #: what to say when a required input is left empty (Teams checks required inputs itself and shows it)
    required_message: str = ""


@dataclass(frozen=True)
class Form:
    """A dialog (Slack modal, Teams task module); `form_id` routes the submission back."""

    form_id: str
    title: str
    submit_label: str
    inputs: tuple[FormInput, ...]
    intro: str = ""
    metadata: str = ""
    error: str | None = None


@dataclass(frozen=True)
class Reply:
    """What the bot answers to one inbound event: a message to the user or channel, or a form."""

    message: Message | None = None
    visibility: Visibility = "private"
    form: Form | None = None
    thread_ref: str | None = None
    #: a long private read (answers to a prompt): shown in a dialog where the platform has one for it
    #: (a Slack modal when the request came with a trigger); elsewhere it is an ordinary private message
    panel: bool = False


@dataclass(frozen=True)
class Address:
    """Where a message goes: a workspace plus a channel, a user, or both (private in channel); or several
    users together (`users`, for a group conversation)."""

    workspace: str
    channel: str | None = None
    user: str | None = None
    thread: str | None = None
    users: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChatUser:
    user_id: str
    display_name: str
    is_bot: bool = False
    locale: str | None = None
