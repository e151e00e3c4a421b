"""Coordinators read what the group wrote (`svarene`), with names and sectors; no one else does."""

from __future__ import annotations

from tests.fakes import Conversation


async def _group_with_answers(convo: Conversation, answers: int = 2) -> None:
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    await convo.say("/samskaping bli-med skole", as_="ola")
    await convo.say("/samskaping bli-med barnehage", as_="siri")
    await convo.say("/samskaping oppgave send", as_="kari")
    await convo.say("/samskaping refleksjon Vi trenger felles møtetid med skolen.", as_="ola")
    if answers > 1:
        await convo.say("/samskaping refleksjon Foreldrene bør spørres først.", as_="siri")


async def test_a_coordinator_reads_every_answer_with_name_and_sector(convo: Conversation) -> None:
    await _group_with_answers(convo)
    page = await convo.say("/samskaping svarene", as_="kari")
    assert "*Ola* (Skole)" in page and "Vi trenger felles møtetid med skolen." in page
    assert "*Siri* (Barnehage)" in page and "Foreldrene bør spørres først." in page
    assert "Svar 1–2 av 2" in page and "Neste side" not in page


async def test_participants_and_leads_never_see_the_answers(convo: Conversation) -> None:
    await _group_with_answers(convo)
    await convo.say("/samskaping bli-med kulturskole", as_="per")
    await convo.say("/samskaping rolle @per prosjektleder", as_="kari")
    for person in ("ola", "per"):
        answer = await convo.say("/samskaping svarene", as_=person)
        assert "Bare gruppas koordinatorer" in answer and "møtetid" not in answer
    assert "ikke med i gruppa" in await convo.say("/samskaping svarene", as_="ukjent")


async def test_many_answers_come_in_pages_of_ten(convo: Conversation) -> None:
    await _group_with_answers(convo, answers=1)
    for n in range(11):
        await convo.say("/samskaping bli-med skole", as_=f"laerer{n}")
        await convo.say(f"/samskaping refleksjon Svar nummer {n}.", as_=f"laerer{n}")
    first = await convo.say("/samskaping svarene", as_="kari")
    assert "Svar 1–10 av 12" in first and "/samskaping svarene" in first and "Svar nummer 9." not in first
    prompt_id = first.split("/samskaping svarene ")[1].split(" ")[0]
    second = await convo.say(f"/samskaping svarene {prompt_id} side 2", as_="kari")
    assert "Svar 11–12 av 12" in second and "Svar nummer 10." in second and "Neste side" not in second
    assert "Svar 11–12 av 12" in await convo.say("/samskaping svarene 99", as_="kari")  # past the end: the last page


async def test_an_unknown_prompt_or_none_yet_is_explained(convo: Conversation) -> None:
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    assert "Ingen oppgave er postet ennå" in await convo.say("/samskaping svarene", as_="kari")
    await convo.say("/samskaping oppgave send", as_="kari")
    assert "Ingen har svart ennå" in await convo.say("/samskaping svarene", as_="kari")
    assert "Fant ingen postet oppgave «finnes-ikke»" in await convo.say("/samskaping svarene finnes-ikke", as_="kari")
    assert "/samskaping svarene [oppgave] [side]" in await convo.say("/samskaping svarene a b", as_="kari")


async def test_erased_answers_are_left_out(convo: Conversation) -> None:
    await _group_with_answers(convo)
    await convo.say("/samskaping slett-mine-data bekreft", as_="siri")
    page = await convo.say("/samskaping svarene", as_="kari")
    assert "Foreldrene" not in page and "Svar 1–1 av 1" in page


async def test_english_and_nynorsk_coordinators_read_in_their_language(convo: Conversation) -> None:
    await _group_with_answers(convo)
    await convo.say("/samskaping språk en", as_="kari")
    assert "Answers 1–2 of 2" in await convo.say("/samskaping answers", as_="kari")
    await convo.say("/samskaping språk nn", as_="kari")
    assert "Svara på" in await convo.say("/samskaping svara", as_="kari")


async def test_the_answer_form_says_who_will_read_the_answer(convo: Conversation) -> None:
    await _group_with_answers(convo, answers=1)
    post = next(p for p in convo.in_channel() if p.key.startswith("prompt:"))
    [form] = await convo.press("answer", post.message.buttons[0].value, as_="siri")
    assert form.form is not None and "leses av koordinatorene i gruppa" in form.form.intro


async def test_an_author_withdraws_an_answer_and_the_coordinator_no_longer_sees_it(convo: Conversation) -> None:
    await _group_with_answers(convo)
    assert "trukket tilbake og slettet" in await convo.say("/samskaping trekk-svar", as_="siri")
    page = await convo.say("/samskaping svarene", as_="kari")
    assert "Foreldrene" not in page and "Svar 1–1 av 1" in page
    assert "ingen svar i denne gruppa" in await convo.say("/samskaping trekk-svar", as_="siri")
    assert "ikke svart på «x-y»" in await convo.say("/samskaping trekk-svar x-y", as_="ola")
    assert "Vi trenger felles møtetid" in await convo.say("/samskaping svarene", as_="kari")  # ola's answer stays
    assert "Takk!" in await convo.say("/samskaping refleksjon Et nytt svar.", as_="siri")  # and one may answer again
    await convo.say("/samskaping språk en", as_="ola")
    assert "withdrawn and deleted" in await convo.say("/samskaping withdraw", as_="ola")
