"""The source register in conversation: add, list by sector, search, edit in a form, remove, and bad input."""

from __future__ import annotations

from sqlmodel import select

from bot.features.sources.tables import SourceEntry
from bot.kernel.chat.events import ActionEvent, FormSubmitted
from tests.fakes import Conversation, actor


async def _set_up(convo: Conversation) -> None:
    """Bodø: Kari coordinates, Ola (skole) and Siri (barnehage) take part."""
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    await convo.say("/samskaping bli-med skole", as_="ola")
    await convo.say("/samskaping bli-med barnehage", as_="siri")


async def _entries(convo: Conversation) -> list[SourceEntry]:
    async with convo.app.ctx.uow() as uow:
        return list((await uow.session.exec(select(SourceEntry).order_by(SourceEntry.id))).all())  # type: ignore[arg-type]


async def test_members_add_entries_and_see_them_grouped_by_sector(convo: Conversation) -> None:
    await _set_up(convo)
    added = await convo.say("/samskaping kilde ny plan Kommuneplanens samfunnsdel https://bodo.kommune.no/plan",
                            as_="ola")
    assert "Lagt i kilderegisteret: #1 Kommuneplanens samfunnsdel (plan)" in added
    await convo.say("/samskaping kilde ny person Helsesykepleier på Nordby", as_="siri")
    await convo.say("/samskaping source add organisation Bodø idrettslag", as_="kari")
    listing = await convo.say("/samskaping kilde", as_="ola")
    assert listing.index("*Barnehage*") < listing.index("*Uten sektor*")
    assert "#2 Helsesykepleier på Nordby (person)" in listing  # a person is filed under the adder's sector
    assert "(plan) · https://bodo.kommune.no/plan" in listing
    only = await convo.say("/samskaping kilde liste barnehage", as_="ola")
    assert "Helsesykepleier" in only and "Kommuneplanens" not in only
    [plan, person, club] = await _entries(convo)
    assert (plan.kind, plan.added_by, person.sector, club.kind) == ("plan", "ola", "barnehage", "organisasjon")


async def test_search_finds_every_word_in_titles_notes_and_sectors(convo: Conversation) -> None:
    await _set_up(convo)
    await convo.say("/samskaping kilde ny dokument Ungdomsundersøkelsen 2025", as_="ola")
    await convo.say("/samskaping kilde ny plan Oppvekstplanen", as_="ola")
    found = await convo.say("/samskaping kilde søk ungdom", as_="siri")
    assert "Ungdomsundersøkelsen" in found and "Oppvekstplanen" not in found
    assert "Ingen kilder passer" in await convo.say("/samskaping kilde søk ungdom plan", as_="siri")
    assert "Oppvekstplanen" in await convo.say("/samskaping kilde søk plan", as_="siri")  # the type counts too


async def test_bad_input_gets_a_clear_answer_and_changes_nothing(convo: Conversation) -> None:
    await _set_up(convo)
    assert "Jeg kjenner ikke typen «bok»" in await convo.say("/samskaping kilde ny bok Noe", as_="ola")
    assert "ser ikke ut som en lenke" in await convo.say("/samskaping kilde ny plan Noe ftp://x.no/a", as_="ola")
    assert "ser ikke ut som en lenke" in await convo.say("/samskaping kilde ny plan Noe https://localhost", as_="ola")
    assert "Skriv en tittel" in await convo.say("/samskaping kilde ny plan", as_="ola")
    assert "Jeg kjenner ikke sektoren" in await convo.say("/samskaping kilde liste månen", as_="ola")
    assert "ikke noe nummer 4" in await convo.say("/samskaping kilde fjern 4", as_="kari")
    assert await _entries(convo) == []


async def test_an_entry_of_another_group_is_out_of_reach(convo: Conversation) -> None:
    await _set_up(convo)
    await convo.say("/samskaping kilde ny plan Bodøs plan", as_="ola")
    await convo.say("/samskaping oppsett Tromsø", as_="trym", channel="C-tromso")
    assert "ikke noe nummer 1" in await convo.say("/samskaping kilde fjern 1", as_="trym", channel="C-tromso")
    [entry] = await _entries(convo)
    [reply] = await convo.send(ActionEvent(actor("trym"), "C-tromso", "source_details", str(entry.id), trigger="t"))
    assert reply.form is None and reply.message is not None and "bli-med" in reply.message.text
    [reply] = await convo.send(FormSubmitted(actor("trym"), "source", {"title": "Kapret", "kind": "plan"},
                                             f"{entry.group_id}:1"))
    assert reply.form is None and [e.title for e in await _entries(convo)] == ["Bodøs plan"]
    [reply] = await convo.send(FormSubmitted(actor("kari", workspace="T-other"), "source",
                                             {"title": "Kapret", "kind": "plan"}, f"{entry.group_id}:1"))
    assert [e.title for e in await _entries(convo)] == ["Bodøs plan"]


async def test_who_added_an_entry_or_a_coordinator_may_remove_it(convo: Conversation) -> None:
    await _set_up(convo)
    await convo.say("/samskaping kilde ny plan Oppvekstplanen", as_="ola")
    await convo.say("/samskaping kilde ny plan Kulturplanen", as_="ola")
    assert "Bare den som la inn kilden" in await convo.say("/samskaping kilde fjern 1", as_="siri")
    assert "Bare den som la inn kilden" in await convo.say("/samskaping kilde endre 1", as_="siri")
    assert "tatt ut" in await convo.say("/samskaping kilde fjern 1", as_="ola")
    assert "tatt ut" in await convo.say("/samskaping kilde fjern 2", as_="kari")
    assert "bli-med" in await convo.say("/samskaping kilde", as_="per")
    assert await _entries(convo) == []


async def test_the_form_adds_details_and_comes_back_with_what_to_fix(convo: Conversation) -> None:
    await _set_up(convo)
    await convo.say("/samskaping kilde ny dokument Ungdomsundersøkelsen", as_="ola")
    [entry] = await _entries(convo)
    [opened] = await convo.press("source_details", str(entry.id), as_="ola")
    assert opened.form is not None and opened.form.metadata == f"{entry.group_id}:1"
    values = {"title": "Ungdomsundersøkelsen 2025", "kind": "dokument", "link": "www.ungdata.no",
              "sector": "skule", "owner": "Folkehelsekoordinator", "note": "Hva unge sier om fritida"}
    [bad] = await convo.send(FormSubmitted(actor("ola"), "source", {**values, "kind": "bok"}, opened.form.metadata))
    assert bad.form is not None and bad.form.error is not None and "bok" in bad.form.error
    [saved] = await convo.send(FormSubmitted(actor("ola"), "source", values, opened.form.metadata))
    assert saved.message is not None and "Oppdatert" in saved.message.text
    [entry] = await _entries(convo)
    assert (entry.title, entry.link, entry.sector, entry.owner, entry.note) == (
        "Ungdomsundersøkelsen 2025", "https://www.ungdata.no", "skole", "Folkehelsekoordinator",
        "Hva unge sier om fritida")
    [new] = await convo.send(FormSubmitted(actor("siri"), "source", {"title": "Frivilligsentralen",
                                                                    "kind": "org"}, f"{entry.group_id}:"))
    assert new.message is not None and "#2 Frivilligsentralen (organisasjon)" in new.message.text
    assert "Ungdomsundersøkelsen 2025" in await convo.say("/samskaping kilde liste skole", as_="kari")


async def test_english_and_nynorsk_names_work(convo: Conversation) -> None:
    await _set_up(convo)
    await convo.say("/samskaping språk en", as_="ola")
    assert "Added to the source register: #1 Survey (document)" in await convo.say(
        "/samskaping source add document Survey", as_="ola")
    assert "Unknown" not in await convo.say("/samskaping kjelde søk survey", as_="siri")
