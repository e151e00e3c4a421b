"""Slack payloads → neutral events. Returns None for anything malformed or not meant for the core.

The workspace of every actor is the workspace the app is installed in and that owns the conversation
(Bolt's `context.team_id`, from the envelope's `authorizations`), never the user's own team: guests and
Slack Connect members from other organisations take part in the channel owner's group.
"""

from __future__ import annotations

from typing import Any

from bot.adapters.slack.render import context_channel, form_metadata, neutral_action_id
from bot.kernel.chat.events import (
    ActionEvent,
    Actor,
    CommandEvent,
    FormSubmitted,
    InboundEvent,
    MemberJoined,
    MessageEvent,
)

PLATFORM = "slack"
#: Message subtypes that are people writing; edits, deletions, joins and bot posts are not.
WRITTEN_SUBTYPES = frozenset({None, "thread_broadcast", "file_share"})


def workspace_of(context: Any) -> str:
    """The installation's team (or org, for org-wide installs) that received this request."""
    return str(context.get("team_id") or context.get("enterprise_id") or "")


def actor(context: Any, user: str, name: str = "") -> Actor:
    return Actor(PLATFORM, workspace_of(context), user, name)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def command(body: dict[str, Any], context: Any) -> CommandEvent | None:
    """`/samskaping <text>`."""
    user, channel = _text(body.get("user_id")), _text(body.get("channel_id"))
    if not user or not channel or not workspace_of(context):
        return None
    return CommandEvent(actor(context, user, _text(body.get("user_name"))), channel, _text(body.get("text")),
                        trigger=_text(body.get("trigger_id")) or None)


def action(body: dict[str, Any], context: Any) -> ActionEvent | None:
    """A button press; the channel is the one the buttons act in (a DM or App Home button names it)."""
    actions, user = body.get("actions"), body.get("user")
    if not isinstance(actions, list) or not actions or not isinstance(actions[0], dict) or not isinstance(user, dict):
        return None
    pressed = actions[0]
    channel = context_channel(pressed.get("block_id")) or _channel_of(body) or ""
    name = _text(user.get("name")) or _text(user.get("username"))
    return ActionEvent(actor(context, _text(user.get("id")), name), channel,
                       neutral_action_id(_text(pressed.get("action_id"))), _text(pressed.get("value")),
                       trigger=_text(body.get("trigger_id")) or None)


def _channel_of(body: dict[str, Any]) -> str | None:
    channel = body.get("channel")
    if isinstance(channel, dict) and channel.get("id"):
        return str(channel["id"])
    container = body.get("container")
    if isinstance(container, dict) and container.get("channel_id"):
        return str(container["channel_id"])
    return None


def form(body: dict[str, Any], context: Any) -> tuple[FormSubmitted, str | None] | None:
    """A submitted modal and the channel it was opened from."""
    view, user = body.get("view"), body.get("user")
    if not isinstance(view, dict) or not isinstance(user, dict):
        return None
    metadata, channel = form_metadata(view.get("private_metadata"))
    state = (view.get("state") or {}).get("values") or {}
    values: dict[str, str] = {}
    for block in state.values() if isinstance(state, dict) else ():
        for name, element in (block.items() if isinstance(block, dict) else ()):
            if isinstance(element, dict) and isinstance(element.get("value"), str):
                values[name] = element["value"]
    event = FormSubmitted(actor(context, _text(user.get("id")), _text(user.get("name"))),
                          _text(view.get("callback_id")), values, metadata)
    return event, channel


def message(event: dict[str, Any], context: Any) -> MessageEvent | None:
    """Something a person wrote in a channel or thread (not edits, joins or bot posts)."""
    if event.get("subtype") not in WRITTEN_SUBTYPES or event.get("bot_id") or event.get("hidden"):
        return None
    user, channel, text = _text(event.get("user")), _text(event.get("channel")), _text(event.get("text"))
    if not user or not channel or not text:
        return None
    return MessageEvent(actor(context, user), channel, text, thread=_text(event.get("thread_ts")) or None,
                        message_id=_text(event.get("ts")) or None)


def member_joined(event: dict[str, Any], context: Any) -> MemberJoined | None:
    user, channel = _text(event.get("user")), _text(event.get("channel"))
    if not user or not channel or user == context.get("bot_user_id"):
        return None
    return MemberJoined(actor(context, user), channel)


def routed_event(event: dict[str, Any], context: Any) -> InboundEvent | None:
    """An Events API event the router handles (someone writing or joining a channel), else None."""
    kind = event.get("type")
    if kind == "message":
        return message(event, context)
    if kind == "member_joined_channel":
        return member_joined(event, context)
    return None


def is_external(event: dict[str, Any], context: Any) -> bool:
    """True when the user belongs to another organisation (Slack Connect): never DM them unasked."""
    team = event.get("user_team") or event.get("team")
    return bool(team) and team != context.get("team_id") and team != context.get("enterprise_id")
