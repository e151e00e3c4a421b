"""The register around it: a kildejakt answer becomes an entry, erasure and export, a lead's programme search."""

from __future__ import annotations

from sqlmodel import select

from bot.features.digest import owners
from bot.features.digest.service import find_programme
from bot.features.sources.tables import SourceEntry
from bot.kernel.chat.events import FormSubmitted
from tests.fakes import Conversation, actor
from tests.features.prompts.programme_helpers import group_on_demo_programme


async def _entries(convo: Conversation) -> list[SourceEntry]:
    async with convo.app.ctx.uow() as uow:
        return list((await uow.session.exec(select(SourceEntry).order_by(SourceEntry.id))).all())  # type: ignore[arg-type]


async def test_a_kildejakt_answer_becomes_an_entry_with_one_button(convo: Conversation) -> None:
    await group_on_demo_programme(convo)
    await convo.say("/samskaping oppgave send kildejakt-tre-personer", as_="kari")
    [saved] = await convo.send(FormSubmitted(actor("ola"), "reflection", {"text": "Rektor på Nordby\nVet mye om SFO."},
                                             await _post_metadata(convo)))
    assert saved.message is not None
    [button] = [b for b in saved.message.buttons if b.action_id == "source_from_answer"]
    [refused] = await convo.press("source_from_answer", button.value, as_="siri")
    assert refused.form is None and refused.message is not None and "egne svar" in refused.message.text
    [opened] = await convo.press("source_from_answer", button.value, as_="ola")
    assert opened.form is not None
    values = {i.name: i.initial for i in opened.form.inputs}
    assert values["title"] == "Rektor på Nordby" and "Vet mye om SFO." in values["note"]
    await convo.send(FormSubmitted(actor("ola"), "source", {**values, "kind": "person"}, opened.form.metadata))
    [entry] = await _entries(convo)
    assert (entry.title, entry.kind, entry.added_by) == ("Rektor på Nordby", "person", "ola")


async def test_an_answer_to_another_prompt_has_no_register_button(convo: Conversation) -> None:
    await group_on_demo_programme(convo)
    await convo.say("/samskaping oppgave send nysgjerrig-hva-lurer-du-pa", as_="kari")
    [saved] = await convo.send(FormSubmitted(actor("ola"), "reflection", {"text": "Noe jeg lurer på."},
                                             await _post_metadata(convo)))
    assert saved.message is not None and not saved.message.buttons


async def _post_metadata(convo: Conversation) -> str:
    from bot.features.prompts.tables import PromptPost
    async with convo.app.ctx.uow() as uow:
        post = (await uow.session.exec(select(PromptPost).order_by(PromptPost.id.desc()))).first()  # type: ignore[union-attr]
    assert post is not None
    return str(post.id)


async def test_erasure_keeps_the_entry_and_forgets_who_added_it(convo: Conversation) -> None:
    await group_on_demo_programme(convo)
    await convo.say("/samskaping kilde ny plan Oppvekstplanen", as_="ola")
    await convo.say("/samskaping mine-data", as_="ola")
    [export] = [p for p in convo.seen_by("ola") if p.key.startswith("export:")]
    assert '"entries_added"' in export.text and "Oppvekstplanen" in export.text
    await convo.press("delete_my_data", "confirm", as_="ola")
    [entry] = await _entries(convo)
    assert (entry.title, entry.added_by) == ("Oppvekstplanen", None)
    assert "Oppvekstplanen" in await convo.say("/samskaping kilde", as_="siri")


async def test_a_lead_searches_every_group_of_the_programme_titles_and_sectors_only(convo: Conversation) -> None:
    await group_on_demo_programme(convo)
    await convo.say("/samskaping kilde ny plan Oppvekstplanen", as_="ola")
    await convo.say("/samskaping kilde endre 1", as_="ola")
    [entry] = await _entries(convo)
    await convo.send(FormSubmitted(actor("ola"), "source", {"title": "Oppvekstplanen", "kind": "plan",
                                                           "sector": "skole", "owner": "Kari Nordmann",
                                                           "note": "hemmelig notat"}, f"{entry.group_id}:1"))
    await convo.say("/samskaping oppsett Tromsø", as_="trym", channel="C-tromso")
    await convo.say("/samskaping kilde ny plan Tromsøs oppvekstplan", as_="trym", channel="C-tromso")
    assert "prosjektledere" in await convo.say("/samskaping kilde søk alle plan", as_="kari")
    async with convo.app.ctx.uow() as uow:  # the programme's owner appoints leads (a coordinator cannot)
        programme = await find_programme(uow.session, "demo")
        await owners.set_programme_role(uow.session, programme, "kari", owners.OWNER, language="nb",
                                        now=convo.app.ctx.clock.now())
        await uow.commit()
    await convo.say("/samskaping prosjektleder @nina demo", as_="kari")
    found = await convo.say("/samskaping kilde søk alle oppvekst", as_="nina", channel="D-nina")
    assert "Bodø: Oppvekstplanen (plan, Skole)" in found
    assert "Tromsø" not in found  # Tromsø follows no programme here
    assert "Kari Nordmann" not in found and "hemmelig" not in found and "ola" not in found
