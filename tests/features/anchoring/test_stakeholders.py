"""The stakeholder map (`/samskaping forankring`) and the question to coordinators after each gathering."""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from bot.features.anchoring.stakeholders import anchoring_numbers
from bot.features.anchoring.tables import Stakeholder
from bot.kernel.storage.tables import Group
from tests.fakes import Conversation
from tests.features.milestones.milestone_helpers import at, dms, oslo, outbox_rows, set_up, text_of


async def _people(convo: Conversation) -> list[Stakeholder]:
    async with convo.app.ctx.uow() as uow:
        return list((await uow.session.exec(select(Stakeholder).order_by(Stakeholder.number))).all())


async def test_an_empty_map_invites_the_first_stakeholders(convo: Conversation) -> None:
    await set_up(convo)
    assert "Interessentkartet er tomt" in await convo.say("/samskaping forankring", as_="ola")


async def test_coordinators_add_stakeholders_in_three_directions_and_members_see_the_map(
        convo: Conversation) -> None:
    await set_up(convo)
    added = await convo.say("/samskaping forankring ny Kommunedirektør oppover informert", as_="kari")
    assert "Oppover" in added and "#1 Kommunedirektør – informert" in added
    await convo.say("/samskaping forankring ny Rektor på Nordby skole sideveis involvert", as_="kari")
    await convo.say("/samskaping forankring ny Lærerne på 5. trinn nedover", as_="kari")
    text = await convo.say("/samskaping forankring", as_="siri")
    assert text.index("Sideveis") < text.index("#2 Rektor på Nordby skole – involvert") < text.index("Oppover")
    assert "#3 Lærerne på 5. trinn – informert" in text
    assert [(s.direction, s.relation) for s in await _people(convo)] == [
        ("oppover", "informert"), ("sideveis", "involvert"), ("nedover", "informert")]


async def test_the_map_is_edited_contacts_are_dated_and_stakeholders_removed(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping forankring ny Kommunedirektør oppover", as_="kari")
    assert "forankret" in await convo.say("/samskaping forankring endre 1 forankret", as_="kari")
    await convo.say("/samskaping forankring endre 1 neste Sak i ledergruppa i januar", as_="kari")
    await convo.say("/samskaping forankring endre 1 navn Kommunedirektør Hansen", as_="kari")
    assert "sist kontakt fredag 4. desember 2026" in await convo.say(
        "/samskaping forankring kontakt 1 4.12", as_="kari")
    [person] = await _people(convo)
    assert (person.name_or_role, person.relation, person.next_step, person.last_contact) == (
        "Kommunedirektør Hansen", "forankret", "Sak i ledergruppa i januar", date(2026, 12, 4))
    await convo.say("/samskaping forankring kontakt 1", as_="kari")
    assert (await _people(convo))[0].last_contact == date(2026, 12, 7)
    await convo.say("/samskaping forankring endre 1 neste -", as_="kari")
    assert (await _people(convo))[0].next_step is None
    assert "tatt ut" in await convo.say("/samskaping forankring fjern 1", as_="kari")
    assert await _people(convo) == []


async def test_bad_stakeholder_input_is_explained_and_nothing_changes(convo: Conversation) -> None:
    await set_up(convo)
    assert "retning" in await convo.say("/samskaping forankring ny Kommunedirektør", as_="kari")
    assert "retning" in await convo.say("/samskaping forankring ny oppover", as_="kari")
    await convo.say("/samskaping forankring ny Kommunedirektør oppover", as_="kari")
    assert "Skriv hva du vil endre" in await convo.say("/samskaping forankring endre 1 relasjon glad", as_="kari")
    assert "fram i tid" in await convo.say("/samskaping forankring kontakt 1 neste fredag", as_="kari")
    assert "forstår ikke" in await convo.say("/samskaping forankring kontakt 1 blabla", as_="kari")
    assert "ikke noe nummer 5" in await convo.say("/samskaping forankring fjern 5", as_="kari")
    assert "Slik bruker du `forankring`" in await convo.say("/samskaping forankring fjern", as_="kari")
    [person] = await _people(convo)
    assert (person.relation, person.last_contact) == ("informert", None)


async def test_english_and_nynorsk_words_work(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping anchoring add Chief executive upwards anchored", as_="kari")
    await convo.say("/samskaping forankring ny Tilsette i SFO nedover forankra", as_="kari")
    assert [(s.direction, s.relation) for s in await _people(convo)] == [
        ("oppover", "forankret"), ("nedover", "forankret")]


async def test_after_each_gathering_the_coordinator_is_asked_once_which_stakeholders_were_contacted(
        convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping program demo", as_="kari")
    await convo.say("/samskaping forankring ny Kommunedirektør oppover", as_="kari")
    await at(convo, oslo(2026, 12, 7, 10, 59))
    assert dms(convo, "kari", "anchoring-ask:") == []
    for moment in (oslo(2026, 12, 7, 11, 0), oslo(2026, 12, 7, 13), oslo(2026, 12, 8, 9)):
        await at(convo, moment)
    [ask] = dms(convo, "kari", "anchoring-ask:")
    assert "«Digitalt oppstartsmøte» er over" in ask.text and ask.key.endswith(":oppstart:1")
    assert dms(convo, "ola", "anchoring-ask:") == []
    [button] = ask.message.buttons
    assert "Oppdatert" in text_of(await convo.press(button.action_id, button.value, as_="kari", channel="D-kari"))
    assert (await _people(convo))[0].last_contact == date(2026, 12, 8)  # the day the button was pressed
    assert "Bare koordinatorer" in text_of(await convo.press(button.action_id, button.value, as_="ola"))
    await at(convo, oslo(2027, 1, 4, 14, 30))  # the second gathering ends
    assert len(dms(convo, "kari", "anchoring-ask:")) == 2
    assert len(await outbox_rows(convo, "anchoring-ask:")) == 2


async def test_the_question_can_be_switched_off(convo: Conversation) -> None:
    convo.app.ctx.settings.anchoring_ask_after_gathering = False
    await set_up(convo)
    await convo.say("/samskaping program demo", as_="kari")
    await at(convo, oslo(2026, 12, 7, 12))
    assert dms(convo, "kari", "anchoring-ask:") == []


async def test_digest_numbers_count_stakeholders_per_direction_and_relation(convo: Conversation) -> None:
    await set_up(convo)
    for text in ("A oppover forankret", "B oppover informert", "C oppover forankret", "D sideveis involvert"):
        await convo.say(f"/samskaping forankring ny {text}", as_="kari")
    async with convo.app.ctx.uow() as uow:
        [group] = (await uow.session.exec(select(Group))).all()
        numbers = await anchoring_numbers(uow.session, [group.id])  # type: ignore[list-item]
    assert numbers[group.id]["oppover"] == {"informert": 1, "involvert": 0, "forankret": 2}  # type: ignore[index]
    assert numbers[group.id]["sideveis"]["involvert"] == 1  # type: ignore[index]
    assert sum(numbers[group.id]["nedover"].values()) == 0  # type: ignore[index]
