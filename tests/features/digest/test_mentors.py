"""Mentors (faddere), as people meet them in chat: appointed to chosen groups by a programme's owners or leads,
a digest of those groups only, a prompt posted to them, no answers read, and coordinators' requests for support."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlmodel import select

from bot.features.digest import owners
from bot.features.digest.service import find_programme
from bot.features.digest.tables import MentorGroup, ProgrammeRole, SupportRequest
from tests.fakes import Conversation
from tests.features.prompts.programme_helpers import group_on_demo_programme


async def _two_groups_and_an_owner(convo: Conversation) -> None:
    """Bodø (kari, ola, siri) and Tromsø (trym) on the demo programme; olga owns it, lena leads it."""
    await group_on_demo_programme(convo)
    await convo.say("/samskaping oppsett Tromsø", as_="trym", channel="C-tromso")
    await convo.say("/samskaping program demo", as_="trym", channel="C-tromso")
    async with convo.app.ctx.uow() as uow:
        programme = await find_programme(uow.session, "demo")
        await owners.set_programme_role(uow.session, programme, "olga", owners.OWNER, language="nb",
                                        now=convo.app.ctx.clock.now())
        await uow.commit()
    await convo.say("/samskaping prosjektleder @lena demo", as_="olga", channel="D-olga")


async def _followed(convo: Conversation) -> set[tuple[str, int]]:
    async with convo.app.ctx.uow() as uow:
        return {(m.user_id, m.group_id) for m in (await uow.session.exec(select(MentorGroup))).all()}


async def test_an_owner_or_a_lead_appoints_a_mentor_and_a_coordinator_cannot(convo: Conversation) -> None:
    await _two_groups_and_an_owner(convo)
    refused = await convo.say("/samskaping fadder @mona Bodø", as_="kari")
    assert "Bare programmets eiere og prosjektledere" in refused and await _followed(convo) == set()
    assert "mona er nå fadder for Bodø" in await convo.say("/samskaping fadder @mona bodø", as_="lena", channel="D-l")
    await convo.say("/samskaping fadder @mona Bodø", as_="olga", channel="D-olga")  # again: nothing new
    [welcome] = [p for p in convo.seen_by("mona") if p.key.startswith("mentor:")]  # told once, privately
    assert welcome.message is not None and welcome.message.title == "Du er fadder for Bodø"
    assert "Lena har gjort deg til fadder" in welcome.text and "aldri enkeltsvar" in welcome.text
    assigned = await convo.say("/samskaping mentor @nils Bodø, Tromsø", as_="olga", channel="D-olga")
    assert "nils er nå fadder for Bodø, Tromsø" in assigned and "gruppenes ukesammendrag" in assigned
    assert await _followed(convo) == {("mona", 1), ("nils", 1), ("nils", 2)}
    listing = await convo.say("/samskaping fadder liste", as_="olga", channel="D-olga")
    assert "mona: Bodø" in listing and "nils: Bodø, Tromsø" in listing
    assert "Du er fadder for: Bodø." in await convo.say("/samskaping fadder", as_="mona", channel="D-mona")
    assert "ikke lenger fadder" in await convo.say("/samskaping fadder fjern @nils Tromsø", as_="lena", channel="D-l")
    assert "er ikke fadder for Tromsø" in await convo.say("/samskaping fadder fjern @nils Tromsø", as_="lena",
                                                           channel="D-l")
    assert await _followed(convo) == {("mona", 1), ("nils", 1)}


async def test_bad_mentor_input_is_explained_and_changes_nothing(convo: Conversation) -> None:
    await _two_groups_and_an_owner(convo)
    for typed, expected in (("@mona Narvik", "ingen gruppe «Narvik»"), ("@mona", "Si hvilke grupper"),
                            ("mona Bodø", "vet ikke hvem «mona» er"),
                            ("@lena Bodø", "allerede eier eller prosjektleder")):
        answer = await convo.say(f"/samskaping fadder {typed}", as_="olga", channel="D-olga")
        assert expected in answer and "Ingenting ble endret" in answer
    assert "utvalgte grupper" in await convo.say("/samskaping prosjektleder @mona demo fadder", as_="olga")
    assert "fadder @person <gruppe>" in await convo.say("/samskaping rolle @ola fadder", as_="kari")
    async with convo.app.ctx.uow() as uow:
        roles = {(r.user_id, r.role) for r in (await uow.session.exec(select(ProgrammeRole))).all()}
    assert roles == {("olga", "owner"), ("lena", "lead")} and await _followed(convo) == set()


async def test_bad_mentor_input_is_explained_in_nynorsk_and_english(convo: Conversation) -> None:
    await _two_groups_and_an_owner(convo)
    await convo.say("/samskaping prosjektleder @kari demo", as_="olga")  # kari leads, and speaks nynorsk here
    await convo.say("/samskaping språk nn", as_="kari")
    assert "Eg finn inga gruppe «Narvik»" in await convo.say("/samskaping fadder @mona Narvik", as_="kari")
    assert "Eg veit ikkje kven" in await convo.say("/samskaping fadder mona", as_="kari")
    await convo.say("/samskaping language en", as_="kari")
    assert "Say which groups the mentor follows" in await convo.say("/samskaping mentor @mona", as_="kari")
    await convo.say("/samskaping språk en", as_="ola")
    assert "Only a programme's owners and leads" in await convo.say("/samskaping mentor @mona Bodø", as_="ola")
    assert await _followed(convo) == set()


async def test_a_mentor_gets_the_weekly_digest_of_their_groups_only(convo: Conversation) -> None:
    await _two_groups_and_an_owner(convo)
    await convo.say("/samskaping fadder @mona Bodø", as_="olga", channel="D-olga")
    await convo.wait(timedelta(days=7))  # Monday 08:00: last week's digests
    [mentor] = [p for p in convo.seen_by("mona") if p.key.startswith("digest-mentor:")]
    [lead] = [p for p in convo.seen_by("lena") if p.key.startswith("digest:")]
    assert "Bodø" in mentor.text and "Tromsø" not in mentor.text
    assert "Bodø" in lead.text and "Tromsø" in lead.text
    preview = await convo.say("/samskaping sammendrag", as_="mona", channel="D-mona")
    assert "Bodø" in preview and "Tromsø" not in preview


async def test_a_mentor_posts_a_prompt_to_their_group_but_never_reads_the_answers(convo: Conversation) -> None:
    await _two_groups_and_an_owner(convo)
    await convo.say("/samskaping fadder @mona Bodø", as_="olga", channel="D-olga")
    sent = await convo.say("/samskaping fadder oppgave Bodø kildejakt-tre-personer", as_="mona", channel="D-mona")
    assert "i Bodø nå" in sent
    assert any(p.key.startswith("prompt:1:manual:kildejakt-tre-personer") for p in convo.in_channel())
    assert "verken en gruppe du er fadder for (Bodø)" in await convo.say("/samskaping fadder oppgave Tromsø",
                                                                           as_="mona", channel="D-mona")
    assert not any(p.key.startswith("prompt:2:manual") for p in convo.in_channel("C-tromso"))
    assert "Bare gruppas faddere" in await convo.say("/samskaping fadder oppgave Bodø", as_="ola")
    await convo.say("/samskaping refleksjon Rektor og helsesykepleier", as_="ola")
    refused = await convo.say("/samskaping svarene", as_="mona")
    assert "ikke med i gruppa" in refused and "Rektor og helsesykepleier" not in refused
    await convo.say("/samskaping bli-med annet", as_="mona")  # in the channel too: still no answers
    refused = await convo.say("/samskaping svarene", as_="mona")
    assert "Bare gruppas koordinatorer" in refused and "Rektor og helsesykepleier" not in refused


async def test_a_coordinator_asks_the_mentor_for_support_privately_and_the_digest_counts_it(
        convo: Conversation) -> None:
    await _two_groups_and_an_owner(convo)
    assert "Bodø har ingen fadder ennå" in await convo.say("/samskaping be-om-støtte Hjelp oss", as_="kari")
    await convo.say("/samskaping fadder @mona Bodø", as_="olga", channel="D-olga")
    assert "Bare koordinatorer" in await convo.say("/samskaping be-om-støtte Hjelp", as_="ola")
    assert "Skriv hva dere trenger" in await convo.say("/samskaping be-om-støtte", as_="kari")
    sent = await convo.say("/samskaping be-om-støtte Vi står fast med forankring oppover.", as_="kari")
    assert "Sendt privat til fadderen (mona)" in sent
    [request] = [p for p in convo.seen_by("mona") if p.key.startswith("support:")]
    assert request.message is not None and request.message.title == "Bodø ber om støtte"
    assert "Vi står fast med forankring oppover." in request.text
    assert not any("står fast" in p.text for p in convo.in_channel())
    await convo.wait(timedelta(days=7))
    [lead] = [p for p in convo.seen_by("lena") if p.key.startswith("digest:")]
    fields = {f.label: f.value for f in lead.message.fields} if lead.message else {}
    assert fields.get("Bedt fadder om støtte") == "én gang" and "står fast" not in lead.text
    async with convo.app.ctx.uow() as uow:
        assert len((await uow.session.exec(select(SupportRequest))).all()) == 1


async def test_my_data_and_erasure_cover_mentoring(convo: Conversation) -> None:
    await _two_groups_and_an_owner(convo)
    await convo.say("/samskaping fadder @mona Bodø Tromsø", as_="olga", channel="D-olga")
    await convo.say("/samskaping be-om-støtte Kan du komme på samlingen?", as_="kari")
    await convo.say("/samskaping mine-data", as_="kari")
    [export] = [p for p in convo.seen_by("kari") if p.key.startswith("export:")]
    mine = json.loads(export.text.strip("`\n"))
    assert [r["group"] for r in mine["mentoring"]["support_requests"]] == ["Bodø"]
    await convo.say("/samskaping mine-data", as_="mona", channel="D-mona")
    [export] = [p for p in convo.seen_by("mona") if p.key.startswith("export:")]
    assert [g["group"] for g in json.loads(export.text.strip("`\n"))["mentoring"]["mentor_of"]] == ["Bodø", "Tromsø"]
    await convo.press("delete_my_data", "confirm", as_="mona", channel="D-mona")
    assert await _followed(convo) == set()
    await convo.press("delete_my_data", "confirm", as_="olga", channel="D-olga")
    async with convo.app.ctx.uow() as uow:
        assert (await uow.session.exec(select(SupportRequest))).all()  # the count stays, on a pseudonymised member
