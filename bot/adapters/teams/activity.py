"""Read what the adapter needs from a Bot Framework activity (plain JSON): who, where, which thread, what text."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

_MESSAGE_ID = ";messageid="
_AT = re.compile(r"<at[^>]*>(.*?)</at>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Where:
    """The tenant, conversation (and thread), channel, team and sender of one activity."""

    tenant: str
    service_url: str
    conversation: str  # as received; in a channel thread it ends with ;messageid=<root id>
    base: str  # the conversation id without the thread suffix
    thread: str | None
    kind: str  # personal | channel | groupChat
    channel: str  # channelData.channel.id in a team, else the conversation itself
    team: str | None
    user: str
    name: str
    locale: str | None
    bot: str
    activity_id: str | None

    @property
    def is_personal(self) -> bool:
        return self.kind == "personal"


def _dig(data: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def split_thread(conversation_id: str) -> tuple[str, str | None]:
    """`19:x@thread.tacv2;messageid=123` → (`19:x@thread.tacv2`, `123`)."""
    base, sep, root = conversation_id.partition(_MESSAGE_ID)
    return base, (root or None) if sep else None


def threaded(conversation_id: str, thread: str | None) -> str:
    """The conversation id that posts into `thread` (a channel reply), or the plain id."""
    return f"{conversation_id}{_MESSAGE_ID}{thread}" if thread else conversation_id


def parse_where(activity: dict[str, Any]) -> Where | None:
    """The routing facts of an activity, or None when it lacks a tenant, conversation or sender."""
    conversation = _dig(activity, "conversation", "id")
    tenant = _dig(activity, "conversation", "tenantId") or _dig(activity, "channelData", "tenant", "id")
    user = _dig(activity, "from", "id")
    if not all(isinstance(v, str) and v for v in (conversation, tenant, user)):
        return None
    base, thread = split_thread(conversation)
    channel = _dig(activity, "channelData", "channel", "id")
    kind = _dig(activity, "conversation", "conversationType") or ("channel" if channel else "personal")
    return Where(
        tenant=tenant, service_url=str(activity.get("serviceUrl") or ""), conversation=conversation, base=base,
        thread=thread, kind=str(kind), channel=channel if isinstance(channel, str) and channel else base,
        team=_dig(activity, "channelData", "team", "id"), user=user, name=str(_dig(activity, "from", "name") or ""),
        locale=activity.get("locale"), bot=str(_dig(activity, "recipient", "id") or ""),
        activity_id=str(activity["id"]) if activity.get("id") else None,
    )


def mentions(activity: dict[str, Any]) -> list[tuple[str, str]]:
    """(mentioned id, mention text) for each mention entity."""
    found = []
    for entity in activity.get("entities") or []:
        if isinstance(entity, dict) and entity.get("type") == "mention":
            who = _dig(entity, "mentioned", "id")
            if isinstance(who, str):
                found.append((who, str(entity.get("text") or "")))
    return found


def mentions_bot(activity: dict[str, Any], bot_id: str) -> bool:
    return any(who == bot_id for who, _ in mentions(activity))


def command_text(activity: dict[str, Any], bot_id: str) -> str:
    """The text with the bot's mention removed and other mentions as `<@id>` (what the parser reads)."""
    text = str(activity.get("text") or "")
    others = {_AT.sub(r"\1", t).strip(): who for who, t in mentions(activity) if who != bot_id}

    def replace(match: re.Match[str]) -> str:
        name = match.group(1).strip()
        return f" \x00{others[name]}\x00 " if name in others else " "

    text = html.unescape(_TAG.sub(" ", _AT.sub(replace, text)))  # Teams may wrap text in HTML
    return " ".join(re.sub("\x00([^\x00]*)\x00", r"<@\1>", text).split())


def plain_text(activity: dict[str, Any]) -> str:
    """The message text without markup (for thread replies and jargon checks)."""
    text = _AT.sub(r"\1", str(activity.get("text") or ""))
    return html.unescape(_TAG.sub(" ", text)).strip()
