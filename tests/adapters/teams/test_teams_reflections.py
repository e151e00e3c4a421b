"""The prompt card, the reflection dialog (task/fetch, task/submit) and its limits, and thread replies."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from bot.features.prompts.tables import Reflection
from bot.kernel.storage.tables import Outbox
from tests.adapters.teams.card_rules import card_problems
from tests.adapters.teams.conftest import CHANNEL, KARI, OLA, Teams, buttons_of, conversation_of, text_of


async def post_prompt(teams: Teams) -> tuple[str, str]:
    """Set up a group, post a prompt; returns (the prompt's activity id, the post id its button carries)."""
    await teams.say("oppsett Bodø", as_=KARI)
    await teams.say("bli-med skole", as_=OLA)
    await teams.say("oppgave send", as_=KARI)
    [card] = [a for a in await teams.tick() if conversation_of(a) == CHANNEL]
    [answer] = [b for b in buttons_of(card) if b["data"]["samskaping"]["a"] == "answer"]
    async with teams.container.ctx.uow() as uow:
        row = (await uow.session.exec(select(Outbox).where(Outbox.kind == "prompt"))).one()
    return row.platform_ref or "", answer["data"]["samskaping"]["v"]


async def invoke(teams: Teams, name: str, **values: str) -> dict[str, Any]:
    response = await teams.send(teams.activity(name, user=OLA, **values))
    assert response.status_code == 200
    return response.json()


async def test_the_prompt_is_a_card_in_the_channel_whose_answer_button_opens_a_dialog(teams: Teams) -> None:
    ref, post = await post_prompt(teams)
    assert ref.isdigit() and post.isdigit()  # the Bot Connector's activity id is stored as platform_ref
    card = [a for a in teams.mock.activities() if conversation_of(a) == CHANNEL][-1]
    [answer] = [b for b in buttons_of(card) if b["data"]["samskaping"]["a"] == "answer"]
    assert answer["type"] == "Action.Submit" and answer["data"]["msteams"] == {"type": "task/fetch"}
    assert card.body["attachments"][0]["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert card.body["summary"]  # the text fallback for notifications
    content = card.body["attachments"][0]["content"]
    assert content["fallbackText"] and len(content["fallbackText"]) <= 150  # a line, not a copy of the card


async def test_task_fetch_returns_a_multiline_input_limited_by_the_setting(teams: Teams) -> None:
    _, post = await post_prompt(teams)
    body = await invoke(teams, "invoke_task_fetch", post=post)
    assert body["task"]["type"] == "continue"
    card = body["task"]["value"]["card"]["content"]
    assert card_problems(card) == []
    [field] = [e for e in card["body"] if e["type"] == "Input.Text"]
    assert field["isRequired"] is True and "Svaret er tomt" in field["errorMessage"]
    assert field["isMultiline"] is True
    assert field["maxLength"] == teams.container.settings.reflection_max_chars


async def test_a_submitted_answer_is_stored_and_confirmed_in_the_dialog(teams: Teams) -> None:
    _, post = await post_prompt(teams)
    body = await invoke(teams, "invoke_task_submit", post=post, text="Vi tok med kulturskolen i planen.")
    assert body["task"]["type"] == "message" and "lagret" in body["task"]["value"]
    async with teams.container.ctx.uow() as uow:
        [reflection] = (await uow.session.exec(select(Reflection))).all()
    assert reflection.text == "Vi tok med kulturskolen i planen."


async def test_too_long_text_shows_the_form_again_with_the_text_kept(teams: Teams) -> None:
    _, post = await post_prompt(teams)
    long_text = "Langt svar. " * 80
    body = await invoke(teams, "invoke_task_submit", post=post, text=long_text)
    assert body["task"]["type"] == "continue"
    elements = body["task"]["value"]["card"]["content"]["body"]
    [field] = [e for e in elements if e["type"] == "Input.Text"]
    assert field["value"] == long_text  # exactly as typed
    assert any(e.get("color") == "Attention" for e in elements)  # what to fix, shown above the input
    async with teams.container.ctx.uow() as uow:
        assert (await uow.session.exec(select(Reflection))).all() == []


async def test_empty_text_shows_the_form_again(teams: Teams) -> None:
    _, post = await post_prompt(teams)
    body = await invoke(teams, "invoke_task_submit", post=post, text="   ")
    assert body["task"]["type"] == "continue"


async def test_a_submit_for_a_foreign_post_is_refused_kindly_and_changes_nothing(teams: Teams) -> None:
    await post_prompt(teams)
    body = await invoke(teams, "invoke_task_submit", post="999999", text="Et svar.")
    assert body["task"]["type"] == "message" and "finner ikke" in body["task"]["value"]
    async with teams.container.ctx.uow() as uow:
        assert (await uow.session.exec(select(Reflection))).all() == []


async def test_a_non_member_cannot_open_the_dialog(teams: Teams) -> None:
    _, post = await post_prompt(teams)
    response = await teams.send(teams.activity("invoke_task_fetch", user="29:1stranger", post=post))
    body = response.json()
    assert body["task"]["type"] == "message" and "bli-med" in body["task"]["value"]


async def test_a_reply_in_the_prompts_thread_counts_as_the_reflection(teams: Teams) -> None:
    ref, _ = await post_prompt(teams)
    before = len(teams.mock.activities())
    response = await teams.send(teams.activity("message_thread_reply", user=OLA, root=ref))
    assert response.status_code == 200
    async with teams.container.ctx.uow() as uow:
        [reflection] = (await uow.session.exec(select(Reflection))).all()
    assert reflection.text.startswith("Vi tok med kulturskolen")
    [confirmation] = teams.mock.activities()[before:]
    assert conversation_of(confirmation) == f"a:personal-{OLA}" and "lagret" in text_of(confirmation)


async def test_a_message_in_another_thread_is_not_a_reflection(teams: Teams) -> None:
    await post_prompt(teams)
    await teams.send(teams.activity("message_thread_reply", user=OLA, root="1733550000000"))
    async with teams.container.ctx.uow() as uow:
        assert (await uow.session.exec(select(Reflection))).all() == []


async def test_refleksjon_typed_in_a_channel_sends_a_card_that_opens_the_dialog(teams: Teams) -> None:
    await post_prompt(teams)
    [card] = await teams.say("refleksjon", as_=OLA)
    assert conversation_of(card) == f"a:personal-{OLA}"
    [button] = buttons_of(card)
    assert button["data"]["msteams"] == {"type": "task/fetch"} and button["data"]["samskaping"]["c"] == CHANNEL


async def test_the_coordinator_reads_the_answers_as_a_valid_card(teams: Teams) -> None:
    await post_prompt(teams)
    await teams.say("refleksjon Vi tok med kulturskolen i planen.", as_=OLA)
    sent = await teams.say("svarene", as_=KARI)
    [card] = [a for a in sent if a.body and a.body.get("attachments")]
    assert "kulturskolen i planen" in text_of(card) and "Svar 1–1 av 1" in text_of(card)
    assert card_problems(card.body["attachments"][0]["content"]) == []
    refused = await teams.say("svarene", as_=OLA)
    assert "Bare gruppas koordinatorer" in "\n".join(text_of(a) for a in refused)
