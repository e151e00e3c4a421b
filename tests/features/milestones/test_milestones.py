"""Milestones in chat: add, list, finish, move, delete; nudges before the due date and one when overdue."""

from __future__ import annotations

from datetime import date, time

from bot.adapters.memory import MemoryChat
from bot.bootstrap import build
from bot.clock import ManualClock
from bot.kernel.storage.tables import Group
from bot.settings import Settings
from tests.fakes import Conversation
from tests.features.milestones.milestone_helpers import (
    at,
    command,
    dms,
    milestones,
    oslo,
    outbox_rows,
    set_up,
    text_of,
)


async def test_a_coordinator_adds_a_milestone_with_a_norwegian_date_and_everyone_can_list_it(
        convo: Conversation) -> None:
    await set_up(convo)
    text = await convo.say("/samskaping milepæl ny neste fredag Forankringsmøte med ledelsen", as_="kari")
    assert "#1" in text and "fredag 11. desember 2026" in text
    [milestone] = await milestones(convo)
    assert (milestone.title, milestone.due_date, milestone.kind) == (
        "Forankringsmøte med ledelsen", date(2026, 12, 11), "forankringsmøte")
    listing = await convo.say("/samskaping milepæl liste", as_="ola")
    assert "#1 Forankringsmøte med ledelsen" in listing and "planlagt" in listing


async def test_a_time_in_the_date_is_kept_and_english_aliases_work(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping milestone add 15.12 kl. 14 Report to the committee", as_="kari")
    [milestone] = await milestones(convo)
    assert (milestone.due_date, milestone.due_time, milestone.kind) == (date(2026, 12, 15), time(14, 0), "rapport")


async def test_an_empty_list_says_how_to_add_one(convo: Conversation) -> None:
    await set_up(convo)
    assert "ingen milepæler" in await convo.say("/samskaping milepæl", as_="siri")


async def test_nudges_go_to_owner_and_coordinators_14_7_and_1_working_days_before_at_nine(
        convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping milepæl ny 4.1.2027 Rapport til kommunedirektøren", as_="kari")
    for day in (oslo(2026, 12, 10, 9), oslo(2026, 12, 11, 8, 59)):
        await at(convo, day)
    assert dms(convo, "kari") == []
    await at(convo, oslo(2026, 12, 11, 9))
    await at(convo, oslo(2026, 12, 22, 9))
    await at(convo, oslo(2026, 12, 31, 9))  # 1 working day before: 1 January is a holiday, then a weekend
    nudges = dms(convo, "kari")
    assert [n.at for n in nudges] == [oslo(2026, 12, 11, 9), oslo(2026, 12, 22, 9), oslo(2026, 12, 31, 9)]
    assert "om 14 arbeidsdager" in nudges[0].text and "neste arbeidsdag" in nudges[2].text
    assert [b.action_id for b in nudges[0].message.buttons] == ["milestone_done", "milestone_move"]
    assert dms(convo, "ola") == []


async def test_an_overdue_milestone_gets_exactly_one_follow_up_the_next_working_day(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping milepæl ny 11.12 Sak til utvalget", as_="kari")
    await at(convo, oslo(2026, 12, 10, 9))  # the 1-day nudge
    await at(convo, oslo(2026, 12, 12, 0, 5))  # the due date has passed: a Saturday
    for moment in (oslo(2026, 12, 12, 10), oslo(2026, 12, 14, 9), oslo(2026, 12, 14, 12), oslo(2026, 12, 16, 9)):
        await at(convo, moment)
    follow_ups = [n for n in dms(convo, "kari") if "Fristen er passert" in (n.message.title or "")]
    assert [n.at for n in follow_ups] == [oslo(2026, 12, 14, 9)]
    assert (await milestones(convo))[0].status == "overdue"
    assert "fristen er passert" in await convo.say("/samskaping milepæl liste", as_="ola")


async def test_moving_cancels_the_pending_nudges_and_plans_new_ones_for_the_new_date(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping milepæl ny 11.12 Sak til utvalget", as_="kari")
    await at(convo, oslo(2026, 12, 12, 0, 5))  # overdue: the follow-up waits for Monday 09:00
    [pending] = await outbox_rows(convo, "milestone:")
    assert pending.status == "pending"
    text = await convo.say("/samskaping milepæl flytt 1 15.1.2027", as_="kari")
    assert "flyttet til fredag 15. januar 2027" in text
    assert [r.status for r in await outbox_rows(convo, "milestone:")] == ["cancelled"]
    await at(convo, oslo(2026, 12, 14, 9))
    assert dms(convo, "kari") == []
    await at(convo, oslo(2026, 12, 24, 9))  # 14 working days before 15 January
    [nudge] = dms(convo, "kari")
    assert "15. januar 2027" in nudge.text and "om 14 arbeidsdager" in nudge.text
    assert (await milestones(convo))[0].status == "planned"


async def test_a_nudge_for_the_old_date_is_never_sent_after_a_move(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping milepæl ny 4.1.2027 Rapport", as_="kari")
    await convo.say("/samskaping milepæl flytt 1 15.1.2027", as_="kari")
    for moment in (oslo(2026, 12, 11, 9), oslo(2026, 12, 22, 9)):  # the old date's 14- and 7-day nudges
        await at(convo, moment)
    assert dms(convo, "kari") == []


async def test_done_and_deleted_milestones_are_never_nudged(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping milepæl ny 11.12 Første", as_="kari")
    await convo.say("/samskaping milepæl ny 11.12 Andre", as_="kari")
    assert "markert som ferdig" in await convo.say("/samskaping milepæl ferdig 1", as_="kari")
    assert "slettet" in await convo.say("/samskaping milepæl slett 2", as_="kari")
    for moment in (oslo(2026, 12, 10, 9), oslo(2026, 12, 14, 9)):
        await at(convo, moment)
    assert dms(convo, "kari") == []
    listing = await convo.say("/samskaping milepæl liste", as_="kari")
    assert "Første" in listing and "ferdig" in listing and "Andre" not in listing
    assert "allerede" in await convo.say("/samskaping milepæl ferdig 1", as_="kari")


async def test_the_nudge_buttons_mark_done_and_open_the_form(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping milepæl ny 11.12 Sak til utvalget", as_="kari")
    await at(convo, oslo(2026, 12, 10, 9))
    [nudge] = dms(convo, "kari")
    done, move = nudge.message.buttons
    [form] = await convo.press(move.action_id, move.value, as_="kari", channel="D-kari")
    assert form.form is not None and form.form.inputs[1].initial == "2026-12-11"
    assert "markert som ferdig" in text_of(await convo.press(done.action_id, done.value, as_="kari",
                                                             channel="D-kari"))
    assert (await milestones(convo))[0].status == "done"


async def test_a_past_date_is_confirmed_back_before_anything_is_saved(convo: Conversation) -> None:
    await set_up(convo)
    reply = await command(convo, "/samskaping milepæl ny 1.12 Oppstartsrapport", as_="kari")
    assert reply.message is not None and "passert" in reply.message.text
    assert [b.action_id for b in reply.message.buttons] == ["milestone_confirm", "milestone_confirm",
                                                           "milestone_cancel"]
    assert await milestones(convo) == []
    next_year = reply.message.buttons[0]
    assert next_year.value == "2027-12-01" and "2027" in next_year.label
    assert "#1" in text_of(await convo.press("milestone_confirm", next_year.value, as_="kari"))
    [milestone] = await milestones(convo)
    assert (milestone.title, milestone.due_date) == ("Oppstartsrapport", date(2027, 12, 1))
    assert "ikke gyldig" in text_of(await convo.press("milestone_confirm", next_year.value, as_="kari"))


async def test_an_ambiguous_weekday_offers_both_readings_and_cancel_changes_nothing(convo: Conversation) -> None:
    await set_up(convo)
    reply = await command(convo, "/samskaping milepæl ny fredag 9. januar 2027 Samling", as_="kari")
    assert reply.message is not None and "lørdag" in reply.message.text
    values = [b.value for b in reply.message.buttons]
    assert values == ["2027-01-09", "2027-01-08", ""]
    assert "Avbrutt" in text_of(await convo.press("milestone_cancel", "", as_="kari"))
    assert await milestones(convo) == []
    assert "ikke gyldig" in text_of(await convo.press("milestone_confirm", values[0], as_="kari"))


async def test_a_past_date_when_moving_is_confirmed_too(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping milepæl ny 15.12 Rapport", as_="kari")
    reply = await command(convo, "/samskaping milepæl flytt 1 i går", as_="kari")
    assert reply.message is not None and "2026-12-06" in [b.value for b in reply.message.buttons]
    assert (await milestones(convo))[0].due_date == date(2026, 12, 15)
    await convo.press("milestone_confirm", "2026-12-06", as_="kari")
    assert (await milestones(convo))[0].due_date == date(2026, 12, 6)


async def test_an_unreadable_or_vague_date_is_explained_and_nothing_is_saved(convo: Conversation) -> None:
    await set_up(convo)
    assert "forstår ikke «blabla»" in await convo.say("/samskaping milepæl ny blabla Rapport", as_="kari")
    assert "hel måned" in await convo.say("/samskaping milepæl ny desember Rapport", as_="kari")
    assert "mangler tittel" in await convo.say("/samskaping milepæl ny 15.12", as_="kari")
    assert await milestones(convo) == []


async def test_unknown_numbers_and_bad_arguments_get_clear_messages(convo: Conversation) -> None:
    await set_up(convo)
    assert "ingen milepæl nummer 7" in await convo.say("/samskaping milepæl ferdig 7", as_="kari")
    assert "Slik bruker du `milepæl`" in await convo.say("/samskaping milepæl ferdig sju", as_="kari")
    assert "Slik bruker du `milepæl`" in await convo.say("/samskaping milepæl flytt 1", as_="kari")


async def test_help_explains_the_subcommands_and_the_date_rules(convo: Conversation) -> None:
    await set_up(convo)
    text = await convo.say("/samskaping milepæl hjelp", as_="ola")
    assert "milepæl flytt <nr> <dato>" in text and "Slik leser jeg datoer" in text
    assert "/samskaping milepæl ny <dato> <tittel>" in await convo.say("/samskaping hjelp", as_="ola")


async def test_the_offsets_come_from_the_settings_and_zero_means_the_due_date_itself(convo: Conversation) -> None:
    convo.app.ctx.settings.milestone_nudge_days = "0"
    await set_up(convo)
    await convo.say("/samskaping milepæl ny 11.12 Sak", as_="kari")
    await at(convo, oslo(2026, 12, 10, 9))
    assert dms(convo, "kari") == []
    await at(convo, oslo(2026, 12, 11, 9))
    [nudge] = dms(convo, "kari")
    assert "har frist i dag" in nudge.text


async def test_nudges_follow_the_members_language(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping språk nn", as_="kari")
    await convo.say("/samskaping milepæl ny 11.12 Sak", as_="kari")
    await at(convo, oslo(2026, 12, 10, 9))
    [nudge] = dms(convo, "kari")
    assert nudge.text.startswith("Påminning for Bodø") and nudge.message.buttons[0].label == "Ferdig ✓"


async def test_a_restarted_or_second_replica_sends_each_nudge_only_once(
        convo: Conversation, settings: Settings, clock: ManualClock, chat: MemoryChat) -> None:
    await set_up(convo)
    await convo.say("/samskaping milepæl ny 11.12 Sak", as_="kari")
    other = build(settings, clock=clock, ports={"console": chat})
    try:
        await at(convo, oslo(2026, 12, 10, 9))
        await other.tick()
        clock.set(oslo(2026, 12, 10, 9, 5))
        await other.tick()
        await convo.app.tick()
    finally:
        await other.close()
    assert len(dms(convo, "kari")) == 1


async def test_a_paused_group_gets_no_nudges_until_the_pause_ends(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping milepæl ny 15.12 Sak", as_="kari")
    async with convo.app.ctx.uow() as uow:
        group = await uow.session.get(Group, (await milestones(convo))[0].group_id)
        group.paused_until = date(2026, 12, 14)  # type: ignore[union-attr]
        await uow.commit()
    await at(convo, oslo(2026, 12, 14, 9))  # the 1-day nudge falls inside the pause
    assert dms(convo, "kari") == []
    await at(convo, oslo(2026, 12, 15, 0, 5))  # the pause is over: the freshest nudge still within the grace
    await at(convo, oslo(2026, 12, 15, 8))
    assert len(dms(convo, "kari")) == 1
