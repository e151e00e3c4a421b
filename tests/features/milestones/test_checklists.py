"""Anchoring checklists on milestones, the milestone form, programme milestones and the digest numbers."""

from __future__ import annotations

from datetime import date, time

from sqlmodel import select

from bot.features.milestones.service import milestone_numbers
from bot.features.milestones.tables import ChecklistItem
from bot.kernel.chat.events import FormSubmitted
from bot.kernel.storage.tables import Member
from tests.fakes import Conversation, actor
from tests.features.milestones.milestone_helpers import at, command, dms, milestones, oslo, set_up, text_of


async def _submit(convo: Conversation, values: dict[str, str], metadata: str, as_: str = "kari") -> list:
    return await convo.send(FormSubmitted(actor(as_), "milestone", values, metadata))


async def test_a_checklist_is_attached_shown_by_direction_and_ticked_by_number_or_button(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping milepæl ny 15.12 Forankringsmøte", as_="kari")
    templates = await convo.say("/samskaping milepæl sjekkliste 1", as_="kari")
    assert "forankring-oppstart" in templates and "forankring-rapport" in templates
    shown = await convo.say("/samskaping milepæl sjekkliste 1 forankring-oppstart", as_="kari")
    assert "Sideveis" in shown and "Oppover" in shown and "☐ 3. Informert kommunedirektør" in shown
    assert "Krysset av: Informert kommunedirektør" in await convo.say("/samskaping milepæl sjekk 1 3", as_="kari")
    reply = await command(convo, "/samskaping milepæl sjekk 1", as_="siri")
    assert reply.message is not None and "☑ 3. Informert kommunedirektør" in reply.message.text
    tick = reply.message.buttons[0]
    await convo.press(tick.action_id, tick.value, as_="kari")
    assert "Krysset ut igjen" in await convo.say("/samskaping milepæl sjekk 1 informert-kommunedirektor", as_="kari")
    async with convo.app.ctx.uow() as uow:
        done = [(i.item_key, i.done_by is not None) for i in (await uow.session.exec(select(ChecklistItem))).all()
                if i.done]
    assert done == [("tjenesteledere-informert", True)]
    assert "1 åpne" not in await convo.say("/samskaping milepæl liste", as_="kari")
    assert "6 åpne punkter" in await convo.say("/samskaping milepæl liste", as_="kari")


async def test_unknown_templates_and_items_are_explained(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping milepæl ny 15.12 Møte", as_="kari")
    assert "forankring-oppstart" in await convo.say("/samskaping milepæl sjekkliste 1 finnes-ikke", as_="kari")
    assert "ingen sjekkliste" in await convo.say("/samskaping milepæl sjekk 1", as_="kari")
    await convo.say("/samskaping milepæl sjekkliste 1 forankring-rapport", as_="kari")
    assert "ikke noe punkt «99»" in await convo.say("/samskaping milepæl sjekk 1 99", as_="kari")


async def test_the_nudge_shows_what_is_still_open_and_opens_the_checklist(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping milepæl ny 11.12 Forankringsmøte", as_="kari")
    await convo.say("/samskaping milepæl sjekkliste 1 forankring-rapport", as_="kari")
    await convo.say("/samskaping milepæl sjekk 1 1", as_="kari")
    await at(convo, oslo(2026, 12, 10, 9))
    [nudge] = dms(convo, "kari")
    assert "Står igjen i forankringssjekklista (3)" in nudge.text and "Rapporten er sendt til" in nudge.text
    assert "Alle samarbeidspartene" not in nudge.text
    checklist = nudge.message.buttons[2]
    [opened] = await convo.press(checklist.action_id, checklist.value, as_="kari", channel="D-kari")
    assert opened.message is not None and "☑ 1." in opened.message.text


async def test_the_form_adds_a_milestone_with_kind_owner_and_description(convo: Conversation) -> None:
    await set_up(convo)
    reply = await command(convo, "/samskaping milepæl ny", as_="kari")
    assert reply.form is not None and [i.name for i in reply.form.inputs] == [
        "title", "date", "kind", "owner", "description"]
    [saved] = await _submit(convo, {"title": "Sak til hovedutvalget", "date": "fredag neste uke kl. 10",
                                    "kind": "politisk sak", "owner": "Ola", "description": "Orientering"},
                            reply.form.metadata)
    assert saved.message is not None and "#1" in saved.message.text
    [m] = await milestones(convo)
    async with convo.app.ctx.uow() as uow:
        owner = await uow.session.get(Member, m.owner_id)
    assert (m.due_date, m.due_time, m.kind, m.description, owner.user_id) == (
        date(2026, 12, 18), time(10, 0), "politisk-sak", "Orientering", "ola")
    assert "ansvarlig: Ola" in await convo.say("/samskaping milepæl liste", as_="siri")


async def test_a_form_with_mistakes_comes_back_with_what_was_typed(convo: Conversation) -> None:
    await set_up(convo)
    reply = await command(convo, "/samskaping milepæl ny", as_="kari")
    typed = {"title": "Rapport", "date": "15.12", "kind": "", "owner": "Gunnar", "description": "Viktig"}
    [again] = await _submit(convo, typed, reply.form.metadata)
    assert again.form is not None and "finner ikke «Gunnar»" in (again.form.error or "")
    assert [i.initial for i in again.form.inputs] == ["Rapport", "15.12", "", "Gunnar", "Viktig"]
    [again] = await _submit(convo, {**typed, "owner": "", "kind": "fest"}, reply.form.metadata)
    assert "typen «fest»" in (again.form.error or "")
    [again] = await _submit(convo, {**typed, "owner": "", "date": "desember"}, reply.form.metadata)
    assert "hel måned" in (again.form.error or "")
    [again] = await _submit(convo, {**typed, "owner": "", "title": "  "}, reply.form.metadata)
    assert "mangler tittel" in (again.form.error or "")
    assert await milestones(convo) == []


async def test_a_past_date_in_the_form_is_confirmed_and_then_saved_with_every_field(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping milepæl ny 15.12 Rapport", as_="kari")
    [m] = await milestones(convo)
    [confirm] = await _submit(convo, {"title": "Rapport, versjon 2", "date": "3.12.2026", "kind": "rapport",
                                      "owner": "", "description": "Sen"}, f"{m.group_id}:1")
    assert confirm.message is not None and confirm.message.buttons[0].value == "2026-12-03"
    assert (await milestones(convo))[0].title == "Rapport"
    await convo.press("milestone_confirm", "2026-12-03", as_="kari")
    [m] = await milestones(convo)
    assert (m.title, m.due_date, m.description) == ("Rapport, versjon 2", date(2026, 12, 3), "Sen")


async def test_programme_milestones_are_created_once_for_each_group_with_their_checklist(
        convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping program demo", as_="kari")
    for _ in range(3):
        await convo.app.tick()
    [m] = await milestones(convo)
    assert (m.title, m.due_date, m.due_time, m.kind, m.checklist_id) == (
        "Forankringsmøte med ledelsen", date(2026, 12, 29), time(12, 0), "forankringsmøte", "forankring-oppstart")
    assert "7 åpne punkter" in await convo.say("/samskaping milepæl liste", as_="ola")
    assert "flyttet" in await convo.say("/samskaping milepæl flytt 1 30.12", as_="kari")
    await convo.app.tick()
    assert len(await milestones(convo)) == 1


async def test_digest_numbers_count_done_due_and_overdue_per_group(convo: Conversation) -> None:
    await set_up(convo)
    for text in ("11.12 A", "11.12 B", "15.12 C", "4.1.2027 D"):
        await convo.say(f"/samskaping milepæl ny {text}", as_="kari")
    await convo.say("/samskaping milepæl ferdig 1", as_="kari")
    await at(convo, oslo(2026, 12, 14, 9))  # B is overdue now
    group_id = (await milestones(convo))[0].group_id
    async with convo.app.ctx.uow() as uow:
        numbers = await milestone_numbers(uow.session, [group_id, 999], date(2026, 12, 7), date(2026, 12, 14))
    assert numbers == {group_id: (1, 2, 1), 999: (0, 0, 0)}
    assert "Fristen er passert: #2 B" in [n.message.title for n in dms(convo, "kari")]
    assert text_of([]) == ""


async def test_checklist_items_are_shown_in_each_readers_language(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping milepæl ny 15.12 Forankringsmøte", as_="kari")
    await convo.say("/samskaping milepæl sjekkliste 1 forankring-oppstart", as_="kari")  # attached in bokmål
    await convo.say("/samskaping språk nn", as_="kari")
    nynorsk = await convo.say("/samskaping milepæl sjekk 1", as_="kari")
    assert "Leiarar i barnehage, skule, SFO/AKS og kulturskule er informerte" in nynorsk
    await convo.say("/samskaping språk en", as_="kari")
    ticked = await convo.say("/samskaping milepæl sjekk 1 1", as_="kari")
    assert "Leaders of kindergartens, schools, after-school programmes and the arts school are informed" in ticked
    await convo.say("/samskaping språk nb", as_="kari")
    assert "Ledere i barnehage, skole, SFO/AKS og kulturskole er informert" in await convo.say(
        "/samskaping milepæl sjekk 1", as_="kari")
