"""Who may do what with milestones and the stakeholder map; refusals change nothing."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot.features.anchoring.tables import Stakeholder
from bot.features.milestones.tables import ChecklistItem
from bot.kernel.chat.events import FormSubmitted
from tests.fakes import Conversation, actor
from tests.features.milestones.milestone_helpers import at, dms, milestones, oslo, set_up, text_of

COORDINATOR_COMMANDS = [
    "milepæl ny 15.12 Noe nytt",
    "milepæl ny",
    "milepæl endre 1",
    "milepæl flytt 1 20.12",
    "milepæl slett 1",
    "milepæl ferdig 1",
    "milepæl sjekkliste 1 forankring-oppstart",
    "milepæl sjekk 1 1",
    "forankring ny Kommunedirektør oppover",
    "forankring endre 1 forankret",
    "forankring kontakt 1",
    "forankring fjern 1",
]


async def _state(convo: Conversation) -> list[object]:
    async with convo.app.ctx.uow() as uow:
        items = (await uow.session.exec(select(ChecklistItem))).all()
        people = (await uow.session.exec(select(Stakeholder))).all()
        return [[(m.number, m.title, m.due_date, m.status, m.checklist_id) for m in await milestones(convo)],
                [(i.item_key, i.done) for i in items], [(s.name_or_role, s.relation, s.last_contact) for s in people]]


async def _with_a_milestone_and_a_stakeholder(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping milepæl ny 15.12 Forankringsmøte", as_="kari")
    await convo.say("/samskaping milepæl sjekkliste 1 forankring-oppstart", as_="kari")
    await convo.say("/samskaping forankring ny Rådmann oppover informert", as_="kari")


@pytest.mark.parametrize("command", COORDINATOR_COMMANDS)
async def test_participants_are_refused_every_coordinator_command_and_nothing_changes(
        convo: Conversation, command: str) -> None:
    await _with_a_milestone_and_a_stakeholder(convo)
    before = await _state(convo)
    assert "Bare koordinatorer" in await convo.say(f"/samskaping {command}", as_="ola")
    assert await _state(convo) == before


@pytest.mark.parametrize("command", [*COORDINATOR_COMMANDS, "milepæl liste", "forankring"])
async def test_people_outside_the_group_are_told_to_join_first(convo: Conversation, command: str) -> None:
    await _with_a_milestone_and_a_stakeholder(convo)
    assert "bli-med" in await convo.say(f"/samskaping {command}", as_="per")


@pytest.mark.parametrize("command", ["milepæl liste", "milepæl sjekk 1", "forankring", "milepæl hjelp"])
async def test_members_may_look(convo: Conversation, command: str) -> None:
    await _with_a_milestone_and_a_stakeholder(convo)
    text = await convo.say(f"/samskaping {command}", as_="siri")
    assert "Bare koordinatorer" not in text and "bli-med" not in text


async def test_a_second_coordinator_gets_the_nudges_and_may_manage(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping rolle @ola koordinator", as_="kari")
    await convo.say("/samskaping milepæl ny 11.12 Sak", as_="ola")
    await at(convo, oslo(2026, 12, 10, 9))
    assert len(dms(convo, "kari")) == 1 and len(dms(convo, "ola")) == 1 and dms(convo, "siri") == []


async def test_the_owner_may_finish_and_tick_their_own_milestone_but_not_move_it(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping milepæl ny 15.12 Presentasjon på personalmøtet", as_="kari")
    [milestone] = await milestones(convo)
    await convo.send(FormSubmitted(actor("kari"), "milestone", {
        "title": milestone.title, "date": "2026-12-15", "owner": "@ola", "kind": "", "description": ""},
        f"{milestone.group_id}:1"))
    await convo.say("/samskaping milepæl sjekkliste 1 forankring-underveis", as_="kari")
    assert "Krysset av" in await convo.say("/samskaping milepæl sjekk 1 1", as_="ola")
    assert "Bare koordinatorer" in await convo.say("/samskaping milepæl flytt 1 18.12", as_="ola")
    assert "Bare koordinatorer" in await convo.say("/samskaping milepæl ferdig 1", as_="siri")
    assert "markert som ferdig" in await convo.say("/samskaping milepæl ferdig 1", as_="ola")


async def test_another_groups_milestone_cannot_be_touched_by_number_or_by_button(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping oppsett Tromsø", as_="per", channel="C-tromso")
    await convo.say("/samskaping milepæl ny 15.12 Tromsøs rapport", as_="per", channel="C-tromso")
    [theirs] = await milestones(convo)
    assert "ingen milepæl nummer 1" in await convo.say("/samskaping milepæl ferdig 1", as_="kari")
    assert "ingen milepæl nummer 1" in await convo.say("/samskaping milepæl slett 1", as_="kari")
    for action in ("milestone_done", "milestone_move", "milestone_checklist"):
        assert "bli-med" in text_of(await convo.press(action, str(theirs.id), as_="kari", channel="D-kari"))
    assert "bli-med" in text_of(await convo.press("milestone_tick", f"{theirs.id}:x", as_="kari"))
    assert (await milestones(convo))[0].status == "planned"


async def test_a_form_for_another_groups_milestone_is_refused(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping oppsett Tromsø", as_="per", channel="C-tromso")
    await convo.say("/samskaping milepæl ny 15.12 Tromsøs rapport", as_="per", channel="C-tromso")
    [theirs] = await milestones(convo)
    replies = await convo.send(FormSubmitted(actor("kari"), "milestone", {"title": "Kapret", "date": "20.12"},
                                             f"{theirs.group_id}:1"))
    assert "bli-med" in text_of(replies)
    assert (await milestones(convo))[0].title == "Tromsøs rapport"


async def test_a_button_from_another_workspace_is_unknown(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping milepæl ny 15.12 Rapport", as_="kari")
    [milestone] = await milestones(convo)
    from bot.kernel.chat.events import ActionEvent

    replies = await convo.send(ActionEvent(actor("kari", "T-other"), "D-kari", "milestone_done", str(milestone.id)))
    assert "finner ikke den milepælen" in text_of(replies)
    assert (await milestones(convo))[0].status == "planned"


async def test_a_non_coordinator_cannot_confirm_a_kept_request(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping milepæl ny 1.12 Gammel", as_="kari")
    assert "ikke gyldig" in text_of(await convo.press("milestone_confirm", "2027-12-01", as_="ola"))
    assert await milestones(convo) == []
