"""The digest on a hand-made programme: every figure against a hand count, privacy, and the chat commands."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from bot.bootstrap import Container
from bot.features.digest import owners
from bot.features.digest.format import Formatter
from bot.features.digest.messages import group_message, message_lines, programme_message
from bot.features.digest.service import KnownFacts, group_digest, programme_digest
from bot.features.digest.tables import ProgrammeRole
from bot.features.prompts.tables import Reflection
from bot.kernel.content.texts import LANGUAGES
from bot.kernel.storage.tables import Group, Programme
from tests.fakes import Conversation
from tests.features.digest.digest_fixture import SECRET, WEEK, seed_programme

PEOPLE = ("Kari", "Ola", "Siri", "Per", "Lena", "Tor", "Tone", "Trym", "Vera", "Vidar", "Aud", "Arne", "Ask")


async def _seeded(app: Container) -> Programme:
    async with app.ctx.uow() as uow:
        return await seed_programme(uow)


async def _digest(app: Container, programme: Programme):  # noqa: ANN202
    async with app.ctx.uow() as uow:
        return await programme_digest(uow.session, app.ctx, programme, WEEK)


def assert_no_person(text: str) -> None:
    """No display name or user id, and no unconsented reflection text."""
    for name in PEOPLE:
        assert not re.search(rf"\b{name}\b", text), name
        if name != "Per":  # the user id "per" is also a Norwegian word ("per 100 meldinger")
            assert not re.search(rf"\b{name.lower()}\b", text), name.lower()
    assert SECRET not in text and "HEMMELIG" not in text


async def test_every_group_figure_matches_the_hand_count(app: Container) -> None:
    digest = await _digest(app, await _seeded(app))
    by_name = {g.municipality: g for g in digest.groups}
    bodo, tromso, vik, alta = by_name["Bodø"], by_name["Tromsø"], by_name["Vik"], by_name["Alta"]
    assert bodo.members_by_sector == {"kulturskole": 1, "skole": 2, "barnehage": 1}  # lena (lead) not counted
    assert (bodo.members, bodo.prompts, bodo.answer_rate, bodo.rate_change) == (4, 2, 0.5, -0.5)
    assert bodo.median_length == 50.0  # 10 40 60 100
    assert bodo.last_activity is not None and bodo.last_activity.day == 3
    assert (tromso.prompts, tromso.answer_rate, tromso.rate_change, tromso.median_length) == (
        1, pytest.approx(1 / 3), 0.0, 30.0)
    assert vik.is_small and vik.members == 2 and vik.prompts == 1 and vik.answer_rate is None
    assert alta.prompts == 0 and alta.answer_rate is None and alta.days_silent == 24  # 12 Nov → 6 Dec 23:00


async def test_attention_list_and_programme_totals_match_the_hand_count(app: Container) -> None:
    digest = await _digest(app, await _seeded(app))
    assert [(g.municipality, [r.code for r in g.reasons]) for g in digest.attention] == [
        ("Alta", ["silent"]), ("Bodø", ["falling"]), ("Tromsø", ["low_rate"])]
    totals = digest.totals
    assert (totals.groups, totals.members, totals.prompts, totals.answers) == (4, 12, 4, 5)
    assert totals.answer_rate == pytest.approx(5 / 11)  # Vik (hidden) is left out: 4 of 8 in Bodø, 1 of 3 in Tromsø
    assert totals.median_length == 40.0  # 10 30 40 60 100: Vik's 50 and 70 stay out
    assert totals.members_by_sector["skole"] == 6
    assert [t.word for t in digest.themes][:2] == ["barnehage", "kulturskole"]


async def test_quotes_come_only_from_consented_reflections_and_never_carry_a_name(app: Container) -> None:
    digest = await _digest(app, await _seeded(app))
    texts = {q.text for q in digest.quotes}
    assert len(texts) == 2 and all(SECRET not in t for t in texts)
    assert {q.municipality for q in digest.quotes} == {"Bodø", None}  # Vik has 2 members: no place either


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_the_rendered_digest_names_no_person_and_shows_no_small_group_rate(app: Container, lang: str) -> None:
    digest = await _digest(app, await _seeded(app))
    fmt = Formatter(app.ctx.texts, lang)
    text = "\n".join(message_lines(programme_message(digest, fmt, min_group_size=3)))
    assert_no_person(text)
    [vik_line] = [line for line in text.splitlines() if "*Vik*" in line]
    assert "%" not in vik_line
    bodo = [g for g in digest.groups if g.municipality == "Bodø"]
    group_text = "\n".join(message_lines(group_message(digest.__class__(
        "Bodø", WEEK, tuple(bodo), (), digest.totals), fmt, min_group_size=3)))
    assert_no_person(group_text)


async def test_a_lead_previews_the_programme_digest_in_a_direct_message(convo: Conversation) -> None:
    await _seeded(convo.app)
    text = await convo.say("/samskaping sammendrag 49", as_="lena", channel="D-lena")
    assert "uke 49" in text and "Fremtidens kulturskole" in text
    assert "Alta" in text and "45 %" in text and "Svarandel" in text
    assert_no_person(text)


async def test_a_lead_in_a_group_channel_still_gets_the_programme(convo: Conversation) -> None:
    await _seeded(convo.app)
    text = await convo.say("/samskaping sammendrag uke 49 pilot", as_="lena", channel="C-bodo")
    assert "Tromsø" in text and "Vik" in text


async def test_a_coordinator_previews_only_their_own_group(convo: Conversation) -> None:
    await _seeded(convo.app)
    text = await convo.say("/samskaping sammendrag 2026-W49", as_="kari", channel="C-bodo")
    assert "Bodø" in text and "50 %" in text and "Tromsø" not in text and "Alta" not in text


async def test_participants_cannot_preview_the_digest(convo: Conversation) -> None:
    await _seeded(convo.app)
    text = await convo.say("/samskaping sammendrag", as_="ola", channel="C-bodo")
    assert "koordinatorer" in text and "prosjektleder" in text


async def test_a_bad_week_is_explained(convo: Conversation) -> None:
    await _seeded(convo.app)
    assert "ikke en uke" in await convo.say("/samskaping sammendrag 2026-W60", as_="kari", channel="C-bodo")


async def test_a_member_gives_and_withdraws_quote_consent_for_their_latest_reflection(convo: Conversation) -> None:
    await _seeded(convo.app)
    assert "siteres anonymt" in await convo.say("/samskaping sitat ja", as_="per", channel="C-bodo")
    assert "siteres anonymt" in await convo.say("/samskaping sitat ja", as_="ola", channel="C-bodo")
    async with convo.app.ctx.uow() as uow:
        consented = (await uow.session.exec(select(Reflection.text).where(Reflection.quote_consent == True))).all()  # noqa: E712
    assert "Kort svar." in consented  # ola's latest, not the earlier one
    assert "ikke sitert" in await convo.say("/samskaping sitat nei", as_="ola", channel="C-bodo")
    assert "ingen refleksjoner" in await convo.say("/samskaping sitat ja", as_="trym", channel="C-tromso")
    assert "sitat ja" in await convo.say("/samskaping sitat kanskje", as_="ola", channel="C-bodo")


async def test_a_programme_owner_registers_a_lead_and_a_mentor(convo: Conversation) -> None:
    programme = await _seeded(convo.app)
    async with convo.app.ctx.uow() as uow:
        await owners.set_programme_role(uow.session, programme, "kari", owners.OWNER, language="nb",
                                        now=convo.app.ctx.clock.now())
        await uow.commit()
    assert "mandag kl. 08:00" in await convo.say("/samskaping prosjektleder @nina pilot", as_="kari", channel="C-bodo")
    assert "fadder @person <gruppe>" in await convo.say("/samskaping prosjektleder @nils pilot fadder", as_="kari",
                                                        channel="C-bodo")  # a mentor follows chosen groups
    assert "nils er nå fadder for Tromsø" in await convo.say("/samskaping fadder @nils Tromsø", as_="kari",
                                                              channel="C-bodo")
    refused = await convo.say("/samskaping prosjektleder @ola pilot", as_="per", channel="C-bodo")
    assert "Bare eierne av «" in refused
    assert "Kjente programmer: pilot" in await convo.say("/samskaping lead @x nope", as_="kari", channel="C-bodo")
    async with convo.app.ctx.uow() as uow:
        roles = {(r.user_id, r.role) for r in (await uow.session.exec(select(ProgrammeRole))).all()}
    assert ("nina", "lead") in roles and ("ola", "lead") not in roles and ("nils", "mentor") not in roles


async def test_help_lists_the_digest_commands(convo: Conversation) -> None:
    text = await convo.say("/samskaping hjelp", as_="kari")
    assert "sammendrag" in text and "sitat ja|nei" in text and "prosjektleder @person" in text


async def test_a_groups_digest_from_the_programmes_shared_facts_is_the_one_computed_alone(app: Container) -> None:
    programme = await _seeded(app)
    async with app.ctx.uow() as uow:
        groups = (await uow.session.exec(select(Group).where(Group.programme_id == programme.id))).all()
        known: KnownFacts = {}
        whole = await programme_digest(uow.session, app.ctx, programme, WEEK, known=known)
        assert sorted(known) == sorted(g.id for g in groups)  # the programme's digest computed every group's facts
        for group in groups:
            assert await group_digest(uow.session, app.ctx, group, WEEK, known=known) == await group_digest(
                uow.session, app.ctx, group, WEEK)
        assert await programme_digest(uow.session, app.ctx, programme, WEEK) == whole
