"""Introductions in conversation: turned on by a coordinator, rounds in working hours through the outbox exactly
once, opt-outs and pauses respected, "vi møttes" counted for the group and the digest — never who."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import select

from bot.adapters.memory import Posted
from bot.features.digest.sections import DigestScope
from bot.features.introductions.digest import introduction_status
from bot.features.introductions.tables import IntroMatch, IntroRound, IntroSetting
from bot.kernel.rules.weeks import week_of
from bot.kernel.storage.tables import Member, Outbox, Workspace
from tests.fakes import Conversation

OSLO = ZoneInfo("Europe/Oslo")
MONDAY_9 = datetime(2026, 12, 7, 9, 0, tzinfo=OSLO)
PEOPLE = {"ola": "skole", "siri": "barnehage", "nils": "kulturskole", "eva": "skole"}


async def _group(convo: Conversation, when: datetime = MONDAY_9) -> None:
    """Bodø: Kari coordinates (no sector), four take part in three sectors."""
    convo.app.ctx.clock.set(when)  # type: ignore[attr-defined]
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    for user, sector in PEOPLE.items():
        await convo.say(f"/samskaping bli-med {sector}", as_=user)


def _intros(convo: Conversation, user: str, prefix: str = "intro:") -> list[Posted]:
    """What a user saw privately (a DM, or the group conversation of their pair) under a key prefix."""
    return [p for p in convo.seen_by(user) if p.kind in ("dm", "group") and p.key.startswith(prefix)]


async def _rows(convo: Conversation, table: type) -> list:  # type: ignore[type-arg]
    async with convo.app.ctx.uow() as uow:
        return list((await uow.session.exec(select(table))).all())


async def _pairs(convo: Conversation) -> dict[int, set[frozenset[str]]]:
    """Each round's groups, by user id."""
    async with convo.app.ctx.uow() as uow:
        users = {m.id: m.user_id for m in (await uow.session.exec(select(Member))).all()}
        rounds = {r.id: r.number for r in (await uow.session.exec(select(IntroRound))).all()}
        found: dict[int, set[frozenset[str]]] = {}
        for match in (await uow.session.exec(select(IntroMatch))).all():
            found.setdefault(rounds[match.round_id], set()).add(frozenset(users[k] for k in match.member_ids))
    return found


async def test_a_round_introduces_everyone_once_across_sectors_and_is_sent_once(convo: Conversation) -> None:
    await _group(convo)
    assert "annenhver uke" in await convo.say("/samskaping intro på annenhver uke", as_="kari")
    [first] = (await _pairs(convo)).values()
    assert sorted(len(g) for g in first) == [2, 3]  # five people: a pair and a trio
    everyone = ["kari", *PEOPLE]
    for user in everyone:
        [intro] = _intros(convo, user)
        others = next(g for g in first if user in g) - {user}
        assert all(o.capitalize() in intro.text for o in others) and "20 minutter" in intro.text
    assert not any({"ola", "eva"} <= g for g in first if len(g) == 2)  # the two from school are not a pair
    for _ in range(5):  # more ticks, a restart: nothing new
        await convo.wait(timedelta(hours=1))
    assert all(len(_intros(convo, u)) == 1 for u in everyone)
    rows = [r for r in await _rows(convo, Outbox) if r.kind == "introduction"]
    assert sorted(len((r.user_ids or "").split(",")) for r in rows) == [2, 3]  # one conversation per group
    assert {r.target for r in rows} == {"group"} and len({r.idempotency_key for r in rows}) == 2


async def test_where_no_group_conversation_can_be_opened_each_person_gets_one_message(convo: Conversation) -> None:
    await _group(convo)
    convo.ticking = False  # nothing to deliver to here: look at the outbox
    await convo.say("/samskaping intro på", as_="kari")
    async with convo.app.ctx.uow() as uow:  # as on Teams: the bot cannot start a group chat
        workspace = (await uow.session.exec(select(Workspace))).one()
        workspace.platform = "teams"
        await uow.commit()
    await convo.app.tick()
    rows = [r for r in await _rows(convo, Outbox) if r.kind == "introduction"]
    assert {r.target for r in rows} == {"dm"} and sorted(r.user_id or "" for r in rows) == sorted(["kari", *PEOPLE])
    [to_ola] = [r for r in rows if r.user_id == "ola"]
    [ola_group] = [g for g in (await _pairs(convo)).values() for g in g if "ola" in g]
    assert all(other.capitalize() in to_ola.payload for other in ola_group - {"ola"})


async def test_the_next_round_comes_after_the_rhythm_and_pairs_new_people(convo: Conversation) -> None:
    await _group(convo)
    await convo.say("/samskaping intro av", as_="kari")  # four left, in three sectors: two rounds without repeats
    await convo.say("/samskaping intro på hver uke", as_="kari")
    for _ in range(7 * 24):
        await convo.wait(timedelta(hours=1))
    rounds = await _pairs(convo)
    assert sorted(rounds) == [1, 2]
    pairs_in = {n: {p for g in groups for p in _pairs_of(g)} for n, groups in rounds.items()}
    assert not pairs_in[1] & pairs_in[2]  # nobody meets the same person twice while new partners are left
    assert all(len(g) == 2 and len({PEOPLE[u] for u in g}) == 2 for groups in rounds.values() for g in groups)
    assert all(len(_intros(convo, u, "intro-ask:")) >= 1 for u in PEOPLE)  # the question came in between


def _pairs_of(group: frozenset[str]) -> set[frozenset[str]]:
    return {frozenset((a, b)) for a in group for b in group if a < b}


async def test_rounds_wait_for_working_hours_and_skip_paused_groups(convo: Conversation) -> None:
    saturday = datetime(2026, 12, 5, 12, 0, tzinfo=OSLO)
    await _group(convo, saturday)
    await convo.say("/samskaping intro på", as_="kari")
    await convo.wait(timedelta(hours=20))  # Sunday morning
    assert await _rows(convo, IntroRound) == []
    await convo.wait(timedelta(hours=24))  # Monday 08:00
    assert len(await _rows(convo, IntroRound)) == 1
    assert all(p.at.astimezone(OSLO).weekday() == 0 for p in _intros(convo, "ola"))


async def test_opted_out_members_are_left_out_and_too_few_get_a_clear_word(convo: Conversation) -> None:
    convo.app.ctx.clock.set(MONDAY_9)  # type: ignore[attr-defined]
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    await convo.say("/samskaping bli-med skole", as_="ola")
    await convo.say("/samskaping intro av", as_="kari")
    assert "meldt av" in await convo.say("/samskaping intro av", as_="kari")
    text = await convo.say("/samskaping intro på", as_="kari")
    assert "bare én" in text
    assert await _rows(convo, IntroRound) == []
    await convo.say("/samskaping bli-med barnehage", as_="siri")
    await convo.wait(timedelta(hours=1))
    assert [set(g) for g in (await _pairs(convo))[1]] == [{"ola", "siri"}]
    assert _intros(convo, "kari") == []
    assert "Du har meldt deg av" in await convo.say("/samskaping intro status", as_="kari")
    assert "Velkommen tilbake" in await convo.say("/samskaping intro igjen", as_="kari")


async def test_only_coordinators_turn_introductions_on_and_bad_rhythms_change_nothing(convo: Conversation) -> None:
    await _group(convo)
    assert "Bare koordinatorer" in await convo.say("/samskaping intro på hver uke", as_="ola")
    assert "forstår ikke rytmen «av og til»" in await convo.say("/samskaping intro på av og til", as_="kari")
    assert "bli-med" in await convo.say("/samskaping intro av", as_="per")
    assert await _rows(convo, IntroSetting) == []
    assert "av" in await convo.say("/samskaping intro status", as_="ola")
    await convo.say("/samskaping intro på hver måned", as_="kari")
    assert "Bare koordinatorer" in await convo.say("/samskaping intro stopp", as_="ola")
    assert "slått av" in await convo.say("/samskaping intro stopp", as_="kari")
    [setting] = await _rows(convo, IntroSetting)
    assert (setting.rhythm, setting.active) == ("monthly", False)


async def test_we_met_is_counted_for_the_group_and_the_digest_never_who(convo: Conversation) -> None:
    await _group(convo)
    await convo.say("/samskaping intro på hver uke", as_="kari")
    await convo.wait(timedelta(days=3, hours=1))  # Thursday: did you meet?
    [ask] = _intros(convo, "ola", "intro-ask:")
    [met, not_yet] = ask.message.buttons if ask.message else ()
    [stranger] = await convo.press(met.action_id, met.value, as_="per")
    assert stranger.message is not None and "ikke til deg" in stranger.message.text
    await convo.press(not_yet.action_id, not_yet.value, as_="ola")
    await convo.press(met.action_id, met.value, as_="ola")  # a later answer replaces the first
    assert "vises fra 3" in await convo.say("/samskaping intro status", as_="siri")  # 1 of 2 would point at people
    await convo.wait(timedelta(days=4))  # Monday: the second round
    assert "1 av 4 introduksjoner har ført til et møte" in await convo.say("/samskaping intro status", as_="siri")
    now = convo.app.ctx.clock.now()
    async with convo.app.ctx.uow() as uow:
        group_id = (await uow.session.exec(select(IntroSetting.group_id))).one()
        week = week_of(now, "Europe/Oslo")
        scope = DigestScope(1, (group_id,), week, now - timedelta(days=7), now + timedelta(days=1))
        [section] = (await introduction_status(uow.session, scope)).values()
    assert (section.made, section.met) == (4, 1)


async def test_erasure_cancels_what_was_not_yet_sent_and_keeps_the_groups_numbers(convo: Conversation) -> None:
    await _group(convo)
    await convo.say("/samskaping intro på", as_="kari")
    await convo.say("/samskaping mine-data", as_="ola")
    [export] = [p for p in convo.seen_by("ola") if p.key.startswith("export:")]
    assert '"introductions"' in export.text
    olas = {r.id for r in await _rows(convo, Outbox) if r.kind == "introduction-ask" and r.user_id == "ola"}
    await convo.press("delete_my_data", "confirm", as_="ola")
    asks = [r for r in await _rows(convo, Outbox) if r.kind == "introduction-ask"]
    assert olas and {r.status for r in asks if r.id in olas} == {"cancelled"}
    assert all(r.user_id != "ola" for r in asks)  # erasure pseudonymised the rows that named her
    assert {r.status for r in asks if r.id not in olas} == {"pending"}
    await convo.wait(timedelta(days=8))
    assert _intros(convo, "ola", "intro-ask:") == [] and len(await _rows(convo, IntroMatch)) == 2


async def test_no_round_while_the_group_pauses(convo: Conversation) -> None:
    await _group(convo)
    convo.ticking = False
    await convo.say("/samskaping pause 11.12", as_="kari")  # Monday 7th to Friday 11th December
    await convo.say("/samskaping intro på", as_="kari")
    for _ in range(4):
        await convo.wait(timedelta(days=1))
    assert await _rows(convo, IntroRound) == []
    await convo.wait(timedelta(days=3))  # Monday 14th, 09:00
    [made] = await _rows(convo, IntroRound)
    assert made.created_at.astimezone(OSLO).date().isoformat() == "2026-12-14"
