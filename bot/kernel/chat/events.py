"""Inbound events, translated by each adapter from its platform's payloads."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Actor:
    """Who did something: platform, workspace (team/tenant id) and user id."""

    platform: str
    workspace: str
    user: str
    name: str = ""
    locale: str | None = None


@dataclass(frozen=True)
class CommandEvent:
    """`/samskaping <text>` typed in `channel`."""

    actor: Actor
    channel: str
    text: str
    trigger: str | None = None


@dataclass(frozen=True)
class MessageEvent:
    """A message written in a channel (or a thread of it)."""

    actor: Actor
    channel: str
    text: str
    thread: str | None = None
    message_id: str | None = None


@dataclass(frozen=True)
class ActionEvent:
    """A button was pressed."""

    actor: Actor
    channel: str
    action_id: str
    value: str = ""
    trigger: str | None = None


@dataclass(frozen=True)
class FormSubmitted:
    """A form (modal, dialog) was submitted."""

    actor: Actor
    form_id: str
    values: dict[str, str] = field(default_factory=dict)
    metadata: str = ""


@dataclass(frozen=True)
class MemberJoined:
    """Someone joined a channel."""

    actor: Actor
    channel: str


InboundEvent = CommandEvent | MessageEvent | ActionEvent | FormSubmitted | MemberJoined


_KINDS: dict[str, type[InboundEvent]] = {
    kind.__name__: kind for kind in (CommandEvent, MessageEvent, ActionEvent, FormSubmitted, MemberJoined)}


def event_to_json(event: InboundEvent) -> str:
    """The event as JSON, to be finished by any replica (see `event_from_json`)."""
    return json.dumps({"kind": type(event).__name__, **asdict(event)}, ensure_ascii=False)


def event_from_json(text: str) -> InboundEvent:
    fields = json.loads(text)
    kind = _KINDS[fields.pop("kind")]
    return kind(**{**fields, "actor": Actor(**fields["actor"])})
