"""Several prompts open at once: `status` lists each, `refleksjon` asks which, every answer button hits its prompt."""

from __future__ import annotations

from datetime import timedelta

from tests.fakes import Conversation


async def _two_open(convo: Conversation) -> None:
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    await convo.say("/samskaping bli-med skole", as_="ola")
    await convo.say("/samskaping oppgave send", as_="kari")
    await convo.wait(timedelta(hours=1))
    await convo.say("/samskaping oppgave send", as_="kari")


def _prompt_posts(convo: Conversation) -> list[tuple[str, str]]:
    """(title, post id) of each prompt posted in the channel, oldest first."""
    return [(p.message.title or "", p.message.buttons[0].value) for p in convo.in_channel()
            if p.key.startswith("prompt:") and p.message is not None]


async def test_status_lists_every_open_prompt_with_its_deadline(convo: Conversation) -> None:
    await _two_open(convo)
    status = await convo.say("/samskaping status", as_="ola")
    assert "2 oppgaver er åpne" in status and status.count("Frist:") == 2
    assert "*Det som ikke gikk*" in status and "*Ett steg før neste samling*" in status
    assert "14. desember kl. 09:00" in status and "14. desember kl. 10:00" in status
    coordinator = await convo.say("/samskaping status", as_="kari")
    assert coordinator.count("Har ikke svart ennå –") == 2


async def test_reflect_with_two_open_asks_which_and_keeps_the_text(convo: Conversation) -> None:
    await _two_open(convo)
    [reply] = await convo.send_command("/samskaping refleksjon Vi må snakke med rektor.", as_="ola")
    assert reply.message is not None and "Hvilken vil du svare på?" in reply.message.text
    assert "tatt vare på" in reply.message.text
    second_id = _prompt_posts(convo)[1][1]
    assert [b.value for b in reply.message.buttons] == [p for _, p in _prompt_posts(convo)]
    [form] = await convo.press("answer", second_id, as_="ola")
    assert form.form is not None and form.form.metadata == second_id
    assert form.form.inputs[0].initial == "Vi må snakke med rektor."
    await convo.submit("reflection", "Vi må snakke med rektor.", second_id, as_="ola")
    status = await convo.say("/samskaping status", as_="kari")
    assert "Har svart – " in status and "Ola" in status.split("Har ikke svart ennå –")[1]  # first still open
    [again] = await convo.press("answer", _prompt_posts(convo)[0][1], as_="ola")
    assert again.form is not None and again.form.inputs[0].initial == ""  # the kept text went to the one chosen


async def test_one_open_prompt_is_answered_directly(convo: Conversation) -> None:
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    await convo.say("/samskaping bli-med skole", as_="ola")
    await convo.say("/samskaping oppgave send", as_="kari")
    assert "Takk!" in await convo.say("/samskaping refleksjon Kort svar.", as_="ola")


async def test_a_reminders_button_opens_its_own_prompt_even_from_a_private_chat(convo: Conversation) -> None:
    await _two_open(convo)
    await convo.wait(timedelta(days=6))  # Sunday: the reminders wait for Monday 08:00, before the 09:00 deadline
    await convo.wait(timedelta(hours=22))  # Monday 08:00 (at 09:00 the first would be past due: cancelled)
    reminders = [p for p in convo.seen_by("ola") if p.key.startswith("reminder:")]
    assert len(reminders) == 2
    for reminder in reminders:
        assert reminder.message is not None
        post_id = reminder.message.buttons[0].value
        [form] = await convo.press("answer", post_id, as_="ola", channel="D-ola")
        assert form.form is not None and form.form.metadata == post_id
    [refused] = await convo.press("answer", reminders[0].message.buttons[0].value, as_="fremmed", channel="D-x")
    assert refused.message is not None and "ikke med i gruppa" in refused.message.text
