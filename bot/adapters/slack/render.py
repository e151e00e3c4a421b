"""Render the neutral message model as Block Kit, built with slack_sdk's models so bad blocks fail early.

Buttons keep their neutral `action_id` with a `#<n>` suffix (Slack wants action ids unique per block), and
an actions block may carry the channel the buttons act in (`ctx:<channel>`), so a button in a DM or on the
App Home still acts in its group's channel.
"""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.kernel.chat.messages import Form, Message

CONTEXT_PREFIX = "ctx:"
SECTION_LIMIT = 3000
MAX_BLOCKS = 50


def escape(text: str) -> str:
    """Escape the three characters Slack's mrkdwn treats as control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _chunks(text: str, size: int = SECTION_LIMIT) -> list[str]:
    """Split long text at line breaks where possible, so each piece fits one section."""
    pieces: list[str] = []
    while len(text) > size:
        cut = text.rfind("\n", 0, size)
        cut = cut if cut > 0 else size
        pieces.append(text[:cut])
        text = text[cut:].lstrip("\n")
    return [*pieces, text] if text else pieces


def button_action_id(action_id: str, index: int) -> str:
    return f"{action_id}#{index}"


def neutral_action_id(slack_action_id: str) -> str:
    """`set_sector#3` → `set_sector` (ids without our suffix are returned unchanged)."""
    head, sep, tail = slack_action_id.rpartition("#")
    return head if sep and tail.isdigit() else slack_action_id


def context_block_id(channel: str, section: int | None = None) -> str:
    """`ctx:<channel>`, and `ctx:<channel>#<n>` for the n-th section of a view (block_ids must be unique in a view)."""
    return f"{CONTEXT_PREFIX}{channel}" + (f"#{section}" if section is not None else "")


def context_channel(block_id: str | None) -> str | None:
    """The channel an actions block acts in, when we put one there."""
    if block_id and block_id.startswith(CONTEXT_PREFIX):
        channel, sep, section = block_id[len(CONTEXT_PREFIX):].rpartition("#")
        return (channel if sep and section.isdigit() else block_id[len(CONTEXT_PREFIX):]) or None
    return None


def message_blocks(message: Message, *, channel: str | None = None, section: int | None = None) -> list[Block]:
    """Title, text, fields, buttons and footer as Block Kit blocks (`section`: its place in a view of several)."""
    blocks: list[Block] = []
    if message.title:
        blocks.append(HeaderBlock(text=PlainTextObject(text=_cut(message.title, 150), emoji=True)))
    blocks += [SectionBlock(text=MarkdownTextObject(text=part)) for part in _chunks(escape(message.text))]
    for start in range(0, len(message.fields), 10):
        fields = [MarkdownTextObject(text=_cut(f"*{escape(f.label)}*\n{escape(f.value)}", 2000))
                  for f in message.fields[start:start + 10]]
        blocks.append(SectionBlock(fields=fields))
    if message.buttons:
        elements = [
            ButtonElement(text=PlainTextObject(text=_cut(b.label, 75), emoji=True),
                          action_id=button_action_id(b.action_id, i), value=b.value or None, style=b.style)
            for i, b in enumerate(message.buttons[:25])
        ]
        blocks.append(ActionsBlock(elements=elements, block_id=context_block_id(channel, section) if channel else None))
    if message.footer:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=_cut(escape(message.footer), 3000))]))
    return blocks[:MAX_BLOCKS]


def message_payload(message: Message, *, channel: str | None = None) -> dict[str, Any]:
    """`text` (notifications, screen readers) and validated `blocks` for chat.postMessage and friends."""
    fallback = "\n".join(p for p in (message.title, message.text) if p)
    return {"text": _cut(escape(fallback), 3000),
            "blocks": [b.to_dict() for b in message_blocks(message, channel=channel)]}


def form_view(form: Form, *, close: str, channel: str | None = None) -> dict[str, Any]:
    """A modal for a form; `private_metadata` carries the form's metadata and the channel it came from."""
    blocks: list[Block] = []
    if form.intro:
        blocks += [SectionBlock(text=MarkdownTextObject(text=part)) for part in _chunks(escape(form.intro))]
    if form.error:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=f":warning: {_cut(escape(form.error), 2900)}")]))
    for item in form.inputs:
        element = PlainTextInputElement(
            action_id=item.name, multiline=item.multiline, max_length=item.max_length,
            initial_value=item.initial or None,
            placeholder=PlainTextObject(text=_cut(item.placeholder, 150)) if item.placeholder else None,
        )
        blocks.append(InputBlock(block_id=item.name, label=PlainTextObject(text=_cut(item.label, 2000)),
                                 element=element, optional=item.optional))
    metadata = json.dumps({"m": form.metadata, "c": channel or ""})
    view = View(type="modal", callback_id=form.form_id, title=PlainTextObject(text=_cut(form.title, 24)),
                submit=PlainTextObject(text=_cut(form.submit_label, 24)),
                close=PlainTextObject(text=_cut(close, 24)),
                private_metadata=metadata, blocks=blocks)
    return view.to_dict()


def form_metadata(private_metadata: str | None) -> tuple[str, str | None]:
    """(form metadata, channel) from a submitted view; tolerant of foreign or broken metadata."""
    try:
        data = json.loads(private_metadata or "{}")
    except ValueError:
        return "", None
    if not isinstance(data, dict):
        return "", None
    channel = data.get("c")
    return str(data.get("m", "")), str(channel) if channel else None


def message_view(message: Message, *, title: str, close: str) -> dict[str, Any]:
    """A modal showing a message (the answer to a submitted form)."""
    view = View(type="modal", title=PlainTextObject(text=_cut(title, 24)), close=PlainTextObject(text=_cut(close, 24)),
                blocks=message_blocks(message))
    return view.to_dict()


def home_view(sections: list[tuple[Message, str | None]]) -> dict[str, Any]:
    """The App Home tab: one section per (message, channel its buttons act in), divided."""
    blocks: list[Block] = []
    for index, (message, channel) in enumerate(sections):
        if index:
            blocks.append(DividerBlock())
        blocks += message_blocks(message, channel=channel, section=index)
    return View(type="home", blocks=blocks[:100]).to_dict()
