"""Introductions across two municipalities, when the programme allows it: set by its owners or leads (never a
coordinator), one round for both groups that pairs people from the two, explained, and stopped again."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.features.digest import owners
from bot.features.digest.service import find_programme
from bot.features.introductions import records
from bot.features.introductions.tables import IntroMatch, IntroRound, IntroTwin
from bot.kernel.storage.tables import Member
from tests.fakes import Conversation
from tests.features.prompts.programme_helpers import group_on_demo_programme

LILLEHAMMER = "C-lillehammer"


async def _two_municipalities(convo: Conversation) -> None:
    """Bodø (kari kulturskole, ola skole, siri barnehage) and Lillehammer (per administrasjon, ingrid skole,
    jonas barnehage) on the demo programme, which olga owns."""
    await group_on_demo_programme(convo)
    await convo.say("/samskaping sektor kulturskole", as_="kari")
    await convo.say("/samskaping oppsett Lillehammer", as_="per", channel=LILLEHAMMER)
    await convo.say("/samskaping program demo", as_="per", channel=LILLEHAMMER)
    for who, sector in (("per", "administrasjon"), ("ingrid", "skole"), ("jonas", "barnehage")):
        await convo.say(f"/samskaping bli-med {sector}", as_=who, channel=LILLEHAMMER)
    async with convo.app.ctx.uow() as uow:
        programme = await find_programme(uow.session, "demo")
        await owners.set_programme_role(uow.session, programme, "olga", owners.OWNER, language="nb",
                                        now=convo.app.ctx.clock.now())
        await uow.commit()


async def _rounds(convo: Conversation) -> list[tuple[int, int, list[frozenset[str]]]]:
    """(group id, round number, its groups of people by user id), in order."""
    async with convo.app.ctx.uow() as uow:
        users = {m.id: m.user_id for m in (await uow.session.exec(select(Member))).all()}
        matches = (await uow.session.exec(select(IntroMatch))).all()
        return [(r.group_id, r.number, [frozenset(users[k] for k in m.member_ids) for m in matches
                                        if m.round_id == r.id])
                for r in (await uow.session.exec(select(IntroRound).order_by(IntroRound.id))).all()]  # type: ignore[arg-type]


async def test_only_owners_and_leads_let_two_municipalities_meet_and_bad_input_changes_nothing(
        convo: Conversation) -> None:
    await _two_municipalities(convo)
    assert "Bare programmets eiere og prosjektledere" in await convo.say(
        "/samskaping intro på-tvers Bodø Lillehammer", as_="kari")
    for typed, expected in (("Bodø Narvik", "ingen gruppe «Narvik»"), ("Bodø", "Nevn to grupper"),
                            ("av Bodø", "introduseres ikke sammen med noen")):
        assert expected in await convo.say(f"/samskaping intro på-tvers {typed}", as_="olga", channel="D-olga")
    await convo.say("/samskaping språk en", as_="kari")
    assert "Only a programme's owners and leads" in await convo.say("/samskaping intro across Bodø Lillehammer",
                                                                     as_="kari")
    async with convo.app.ctx.uow() as uow:
        assert (await uow.session.exec(select(IntroTwin))).all() == []


async def test_one_round_pairs_the_two_municipalities_across_and_says_why(convo: Conversation) -> None:
    await _two_municipalities(convo)
    convo.ticking = False  # both turn introductions on before the first round
    on = await convo.say("/samskaping intro på-tvers Bodø Lillehammer", as_="olga", channel="D-olga")
    assert "på for Bodø og Lillehammer" in on
    await convo.say("/samskaping intro på hver uke", as_="kari")
    await convo.say("/samskaping intro på hver uke", as_="per", channel=LILLEHAMMER)
    await convo.app.tick()
    [(group_id, number, pairs)] = await _rounds(convo)
    bodo, lillehammer = {"kari", "ola", "siri"}, {"per", "ingrid", "jonas"}
    assert (group_id, number, len(pairs)) == (1, 1, 3)
    assert all(len(p & bodo) == 1 and len(p & lillehammer) == 1 for p in pairs)  # every pair crosses
    [intro] = [p for p in convo.seen_by("ola") if p.key.startswith("intro:")]
    assert "Bodø og Lillehammer" in intro.text and "Lillehammer)" in intro.text  # who is from where
    assert "dere jobber i ulike sektorer" in intro.text and "dere kommer fra to kommuner" in intro.text
    assert "Sammen med Bodø" in await convo.say("/samskaping intro status", as_="jonas", channel=LILLEHAMMER)
    convo.ticking = True
    await convo.wait(timedelta(hours=1))
    assert len(await _rounds(convo)) == 1  # Lillehammer makes no round of its own


async def test_when_the_programme_stops_it_each_group_goes_on_alone(convo: Conversation) -> None:
    await _two_municipalities(convo)
    convo.ticking = False
    await convo.say("/samskaping intro på-tvers Bodø Lillehammer", as_="olga", channel="D-olga")
    await convo.say("/samskaping intro på hver uke", as_="kari")
    await convo.say("/samskaping intro på hver uke", as_="per", channel=LILLEHAMMER)
    await convo.app.tick()
    assert "ikke lenger" in await convo.say("/samskaping intro på-tvers av Lillehammer", as_="olga", channel="D-olga")
    await convo.wait(timedelta(days=7))
    later = (await _rounds(convo))[1:]
    assert sorted(group for group, _, _ in later) == [1, 2]
    for group, _, pairs in later:
        own = {"kari", "ola", "siri"} if group == 1 else {"per", "ingrid", "jonas"}
        assert all(p <= own for p in pairs)


async def test_pairs_made_together_are_remembered_when_each_group_goes_on_alone(convo: Conversation) -> None:
    await _two_municipalities(convo)
    await convo.say("/samskaping bli-med kulturskole", as_="tone", channel=LILLEHAMMER)
    convo.ticking = False
    await convo.say("/samskaping intro på-tvers Bodø Lillehammer", as_="olga", channel="D-olga")
    for who in ("kari", "ola", "siri"):  # nobody from Bodø this time: the joint round pairs Lillehammer only
        await convo.say("/samskaping intro av", as_=who)
    await convo.say("/samskaping intro på hver uke", as_="kari")
    await convo.say("/samskaping intro på hver uke", as_="per", channel=LILLEHAMMER)
    await convo.app.tick()
    await convo.say("/samskaping intro på-tvers av Bodø", as_="olga", channel="D-olga")
    async with convo.app.ctx.uow() as uow:  # the history Lillehammer's own rounds read holds the joint round
        lillehammer = list((await uow.session.exec(select(Member).where(Member.group_id == 2))).all())
        met = await records.meetings(uow, lillehammer)
    assert sum(len(v) for v in met.values()) == 4  # two pairs, both ways
    await convo.wait(timedelta(days=7))
    await convo.wait(timedelta(days=7))
    [(host, _, together), *own] = await _rounds(convo)
    assert host == 1 and [(g, n) for g, n, _ in own] == [(2, 1), (2, 2)] and len(together) == 2
    alone = [pair for _, _, pairs in own for pair in pairs]
    assert len(set(together) | set(alone)) == 6  # four people, six pairs: none repeated, the joint round's too
