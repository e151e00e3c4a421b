"""The first facilitation loop: set up, join, post a prompt, answer, status."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.features.prompts.tables import Reflection
from bot.kernel.storage.tables import Draft
from tests.fakes import Conversation


async def set_up(convo: Conversation) -> None:
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    await convo.say("/samskaping bli-med skole", as_="ola")
    await convo.say("/samskaping bli-med barnehage", as_="siri")














async def test_prompt_is_posted_answered_and_counted(convo: Conversation) -> None:
    await set_up(convo)
    confirmation = await convo.say("/samskaping oppgave send", as_="kari")
    assert "postes i kanalen" in confirmation
    [post] = convo.in_channel()
    assert post.message is not None and post.message.buttons[0].action_id == "answer"
    answer = await convo.say("/samskaping refleksjon Vi lærte mye av kulturskolen.", as_="ola")
    assert "lagret" in answer
    assert "1 av 3 har svart" in await convo.say("/samskaping status", as_="siri")


async def test_only_coordinators_see_who_has_answered(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping oppgave send", as_="kari")
    await convo.say("/samskaping refleksjon Et svar.", as_="ola")
    coordinator_view = await convo.say("/samskaping status", as_="kari")
    participant_view = await convo.say("/samskaping status", as_="siri")
    assert "Har svart: Ola" in coordinator_view
    assert "Ola" not in participant_view and "1 av 3" in participant_view


async def test_participants_cannot_post_prompts(convo: Conversation) -> None:
    await set_up(convo)
    assert "Bare koordinatorer" in await convo.say("/samskaping oppgave send", as_="ola")
    assert convo.in_channel() == []


async def test_too_long_reflection_is_refused_kindly_and_the_text_is_kept(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping oppgave send", as_="kari")
    long_text = "ord " * 200
    text = await convo.say(f"/samskaping refleksjon {long_text}", as_="ola")
    assert "grensen er 600" in text
    async with convo.app.ctx.uow() as uow:
        drafts = (await uow.session.exec(select(Draft))).all()
        saved = (await uow.session.exec(select(Reflection))).all()
    assert [d.text for d in drafts] == [long_text.strip()] and saved == []
    form_text = await convo.say("/samskaping refleksjon", as_="ola")
    assert "Din refleksjon" in form_text


async def test_an_empty_reflection_is_refused(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping oppgave send", as_="kari")
    [post] = convo.in_channel()
    replies = await convo.submit("reflection", "   ", post.message.buttons[0].value, as_="ola")
    assert replies[0].form is not None and "tomt" in (replies[0].form.error or "")


async def test_answer_form_round_trip_and_edit_before_due(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping oppgave send", as_="kari")
    [post] = convo.in_channel()
    post_id = post.message.buttons[0].value
    [opened] = await convo.press("answer", post_id, as_="ola")
    assert opened.form is not None and opened.form.inputs[0].max_length == 600
    [saved] = await convo.submit("reflection", "Første svar", post_id, as_="ola")
    assert "lagret" in saved.message.text
    [updated] = await convo.submit("reflection", "Andre svar", post_id, as_="ola")
    assert "oppdatert" in updated.message.text
    async with convo.app.ctx.uow() as uow:
        assert [r.text for r in (await uow.session.exec(select(Reflection))).all()] == ["Andre svar"]


async def test_a_reply_in_the_prompt_thread_counts_as_a_reflection(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping oppgave send", as_="kari")
    [post] = convo.in_channel()
    assert "lagret" in await convo.reply_in_thread(post.ref, "Svar i tråden", as_="siri")
    assert "1 av 3" in await convo.say("/samskaping status", as_="siri")


async def test_late_answers_are_accepted_and_marked_late(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping oppgave send", as_="kari")
    await convo.wait(timedelta(days=8))
    assert "sen" in await convo.say("/samskaping refleksjon Sent svar", as_="ola")
    async with convo.app.ctx.uow() as uow:
        assert [r.late for r in (await uow.session.exec(select(Reflection))).all()] == [True]


async def test_unknown_command_suggests_the_nearest(convo: Conversation) -> None:
    assert "Mente du `/samskaping status`" in await convo.say("/samskaping stauts", as_="kari")


async def test_help_lists_every_command_in_the_users_language(convo: Conversation) -> None:
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    await convo.say("/samskaping språk en", as_="kari")
    text = await convo.say("/samskaping help", as_="kari")
    assert "/samskaping setup <municipality>" in text and "/samskaping join <sector>" in text
