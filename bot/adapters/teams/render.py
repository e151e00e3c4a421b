"""The shared message model as Adaptive Cards (microsoft_teams.cards), with a plain-text fallback.

Buttons carry `{"samskaping": {"a": action_id, "v": value, "c": channel}}` so a press in a 1:1 chat still
knows which group channel it belongs to. "Answer" buttons open a dialog (`task/fetch`); the others use
`Action.Execute` (an `adaptiveCard/action` invoke answered in the HTTP response).
"""

from __future__ import annotations

import re
import warnings
from typing import Any

from microsoft_teams.api.activities.message import MessageActivityInput
from microsoft_teams.api.models import Account, Attachment
from microsoft_teams.cards import (
    ActionSet,
    AdaptiveCard,
    ExecuteAction,
    Fact,
    FactSet,
    SubmitAction,
    TextBlock,
    TextInput,
)

from bot.kernel.chat.messages import Button, Form, Message

CARD_TYPE = "application/vnd.microsoft.card.adaptive"
DATA_KEY = "samskaping"
FORM_KEY = "samskaping_form"
#: Buttons whose answer is a form: they must be Action.Submit with msteams task/fetch to open a dialog.
DIALOG_ACTIONS = frozenset({"answer"})
#: the Teams host config renders at most this many actions per card or action set (`actions.maxActions`)
MAX_ACTIONS = 6
FALLBACK_MAX = 150
_SLASH_COMMAND = re.compile(r"(?<![\w/])/samskaping\b", re.IGNORECASE)
_BOLD = re.compile(r"(?<![*\w])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![*\w])")


def commands(text: str) -> str:
    """Command hints as Teams users give commands: `/samskaping hjelp` → `@Samskaping hjelp` (a slash does
    nothing in a Teams channel; a mention of the bot does, and in a personal chat the words alone do too)."""
    return _SLASH_COMMAND.sub("@Samskaping", text)


def markdown(text: str) -> str:
    """Our light markdown (`*bold*`, `_italic_`, bullet lines) in Teams' dialect (`**bold**`)."""
    return _BOLD.sub(r"**\1**", commands(text))


def plain(message: Message) -> str:
    """A text rendering of the whole message (card fallback, notification summary)."""
    lines = [message.title] if message.title else []
    lines += [message.text, *(f"{f.label}: {f.value}" for f in message.fields)]
    if message.footer:
        lines.append(message.footer)
    return commands("\n".join(line for line in lines if line))


def button_data(button: Button, channel: str | None) -> dict[str, Any]:
    data: dict[str, Any] = {DATA_KEY: {"a": button.action_id, "v": button.value, "c": channel or ""}}
    if button.action_id in DIALOG_ACTIONS:
        data["msteams"] = {"type": "task/fetch"}
    return data


def _action(button: Button, channel: str | None) -> SubmitAction | ExecuteAction:
    style = {"primary": "positive", "danger": "destructive"}.get(button.style or "")
    if button.action_id in DIALOG_ACTIONS:
        return SubmitAction(title=button.label, data=button_data(button, channel), style=style)
    return ExecuteAction(title=button.label, verb=button.action_id, data=button_data(button, channel), style=style)


def message_card(message: Message, channel: str | None = None) -> AdaptiveCard:
    """The message as an Adaptive Card; `channel` goes into the buttons' data."""
    body: list[Any] = []
    if message.title:
        body.append(TextBlock(text=markdown(message.title), weight="Bolder", size="Medium", wrap=True))
    body.append(TextBlock(text=markdown(message.text), wrap=True))
    if message.fields:
        body.append(FactSet(facts=[Fact(title=f.label, value=f.value) for f in message.fields]))
    actions = [_action(b, channel) for b in message.buttons]
    if len(actions) > MAX_ACTIONS:  # Teams shows only the first six of a set: the rest go in sets of their own
        body += [ActionSet(actions=actions[i:i + MAX_ACTIONS]) for i in range(0, len(actions), MAX_ACTIONS)]
        actions = []
    if message.footer:
        body.append(TextBlock(text=markdown(message.footer), is_subtle=True, size="Small", wrap=True))
    return AdaptiveCard(version="1.5", body=body, actions=actions or None, fallback_text=fallback(message))


def fallback(message: Message) -> str:
    """What a client that cannot show the card says instead: the first line, not a second copy of the card."""
    first = commands(message.title or message.text).strip().splitlines()
    line = first[0] if first else ""
    return line if len(line) <= FALLBACK_MAX else line[:FALLBACK_MAX - 1].rstrip() + "…"


def needs_card(message: Message) -> bool:
    return bool(message.title or message.fields or message.buttons or message.footer)


def message_activity(message: Message, channel: str | None = None, *, targeted_to: str | None = None
                     ) -> MessageActivityInput:
    """An outgoing message: markdown text when that is all it is, else a card with a text summary."""
    if needs_card(message):
        card = message_card(message, channel).model_dump(exclude_none=True)
        activity = MessageActivityInput(summary=plain(message)[:200]).add_attachments(
            Attachment(content_type=CARD_TYPE, content=card))
    else:
        activity = MessageActivityInput(text=markdown(message.text), text_format="markdown")
    if targeted_to:
        with warnings.catch_warnings():  # targeted messages are a public developer preview; we know
            warnings.simplefilter("ignore")
            activity = activity.with_recipient(Account(id=targeted_to), is_targeted=True)
    return activity


def form_card(form: Form, channel: str | None = None) -> dict[str, Any]:
    """A dialog (task module) card: intro, the error if any, the inputs with the user's text kept."""
    body: list[Any] = []
    if form.intro:
        body.append(TextBlock(text=markdown(form.intro), wrap=True))
    if form.error:
        body.append(TextBlock(text=commands(form.error), color="Attention", weight="Bolder", wrap=True))
    for item in form.inputs:
        body.append(TextInput(id=item.name, label=item.label, is_multiline=item.multiline,
                              max_length=item.max_length, value=item.initial or None,
                              placeholder=item.placeholder or None, is_required=not item.optional,
                              error_message=None if item.optional else item.required_message or item.label))
    data = {FORM_KEY: form.form_id, "metadata": form.metadata, "c": channel or ""}
    submit = SubmitAction(title=form.submit_label, data=data, style="positive")
    card = AdaptiveCard(version="1.5", body=body, actions=[submit]).model_dump(exclude_none=True)
    for element in card["body"]:  # the schema types maxLength as a number; Teams expects an integer
        if "maxLength" in element:
            element["maxLength"] = int(element["maxLength"])
    return card


def dialog_response(form: Form, channel: str | None = None) -> dict[str, Any]:
    """The invoke body that shows `form` in a dialog (task/fetch, or task/submit showing it again)."""
    value = {"title": form.title, "height": "medium", "width": "medium",
             "card": {"contentType": CARD_TYPE, "content": form_card(form, channel)}}
    return {"task": {"type": "continue", "value": value}}


def dialog_message(text: str) -> dict[str, Any]:
    """The invoke body that closes a dialog with a short message."""
    return {"task": {"type": "message", "value": text}}


def action_message(text: str) -> dict[str, Any]:
    """The `adaptiveCard/action` answer shown to the presser only."""
    return {"statusCode": 200, "type": "application/vnd.microsoft.activity.message", "value": text}


def form_invitation(form: Form, label: str) -> Message:
    """A form asked for outside a dialog (a typed command): a card whose button opens it."""
    return Message(form.intro, title=form.title, buttons=(Button(label, "answer", form.metadata, "primary"),))
