"""Block Kit rendering stays within Slack's limits whatever the services produce."""

from __future__ import annotations

from datetime import UTC, datetime

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.adapters.slack.render import (
    context_channel,
    form_metadata,
    form_view,
    home_view,
    message_payload,
    neutral_action_id,
)
from bot.clock import ManualClock
from bot.kernel.chat.messages import Button, Field, Form, FormInput, Message
from tests.adapters.slack.mock_slack import MockSlack


def _valid(blocks: list[dict]) -> None:
    for block in Block.parse_all(blocks):
        block.to_dict()


def test_long_text_with_escaped_characters_is_split_into_valid_sections() -> None:
    text = "\n".join(["Skole & barnehage <sammen> – en lang linje om samskaping"] * 200)
    fields = tuple(Field(f"f{i}", "v" * 3000) for i in range(12))
    buttons = tuple(Button("b" * 100, "set_sector", f"s{i}") for i in range(30))
    payload = message_payload(Message(text, title="T" * 400, fields=fields, buttons=buttons, footer="&" * 5000))
    _valid(payload["blocks"])
    assert len(payload["blocks"]) <= 50 and len(payload["text"]) <= 3000


def test_buttons_with_the_same_action_get_unique_ids_that_map_back() -> None:
    payload = message_payload(Message("x", buttons=(Button("A", "set_sector", "a"), Button("B", "set_sector", "b"))),
                              channel="C9")
    actions = payload["blocks"][-1]
    ids = [e["action_id"] for e in actions["elements"]]
    assert len(set(ids)) == 2 and {neutral_action_id(i) for i in ids} == {"set_sector"}
    assert context_channel(actions["block_id"]) == "C9"
    assert neutral_action_id("weird#id") == "weird#id" and context_channel("b") is None


def test_a_form_becomes_a_valid_modal_that_remembers_where_it_came_from() -> None:
    form = Form("reflection", "En veldig lang tittel som er for lang", "Send inn svaret", (
        FormInput("text", "Svar", multiline=True, max_length=600, initial="utkast"),), intro="*Oppgave*\nTekst",
        metadata="42", error="For langt")
    view = form_view(form, close="Lukk", channel="C1")
    View(**view).to_dict()
    assert form_metadata(view["private_metadata"]) == ("42", "C1")
    assert form_metadata("not json") == ("", None) and form_metadata("[1]") == ("", None)


def test_a_home_view_with_several_sections_for_one_channel_has_unique_block_ids_that_map_back() -> None:
    buttons = (Button("Svar", "answer", "1"), Button("Svar", "answer", "2"))
    view = home_view([(Message("Oppgave", buttons=buttons), "C1"), (Message("Innstillinger", buttons=buttons), "C1"),
                      (Message("Uten kanal"), None)])
    View(**view).to_dict()
    block_ids = [b["block_id"] for b in view["blocks"] if b.get("block_id")]
    assert len(block_ids) == 2 and len(set(block_ids)) == 2
    assert {context_channel(b) for b in block_ids} == {"C1"}


def test_the_mock_refuses_what_slack_refuses() -> None:
    """The oracle behind every Slack test: duplicate ids and too many blocks are refused, as Slack does."""
    mock = MockSlack(ManualClock(datetime(2026, 12, 7, 9, 0, tzinfo=UTC)))
    section = {"type": "section", "text": {"type": "mrkdwn", "text": "Hei"}}
    mock._validate("chat.postMessage", {"blocks": [{**section, "block_id": "a"}, {**section, "block_id": "a"}]})
    mock._validate("chat.postMessage", {"blocks": [section] * 51})
    mock._validate("views.publish", {"view": {"type": "home", "blocks": [section] * 101}})
    mock._validate("chat.postMessage", {"text": "x" * 40_001})
    assert len(mock.invalid) == 4
    assert "duplicate block_id" in mock.invalid[0] and "51 blocks" in mock.invalid[1]
