"""A person's own working hours and time zone (`arbeidstid`, `tidssone`), respected by every private message,
and one budget of private messages that counts the coordinator's summaries and digests too."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlmodel import select

from bot.clock import ManualClock
from bot.features.availability.tables import OwnHours
from bot.kernel.storage.tables import Member, Outbox
from tests.fakes import Conversation
from tests.features.digest.digest_fixture import seed_programme
from tests.features.prompts.programme_helpers import group_on_demo_programme


async def _members(convo: Conversation, user: str) -> list[Member]:
    async with convo.app.ctx.uow() as uow:
        return list((await uow.session.exec(select(Member).where(Member.user_id == user))).all())


async def _outbox(convo: Conversation, kind: str, user: str) -> list[Outbox]:
    async with convo.app.ctx.uow() as uow:
        return list((await uow.session.exec(select(Outbox).where(Outbox.kind == kind, Outbox.user_id == user)
                                            .order_by(Outbox.due_at))).all())


async def test_working_hours_and_time_zone_are_set_shown_and_reset(convo: Conversation) -> None:
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    await convo.say("/samskaping bli-med skole", as_="ola")
    assert "i gruppas arbeidstid" in await convo.say("/samskaping arbeidstid", as_="ola")
    assert "kommer 08:00–15:00, tidssone som gruppa" in await convo.say("/samskaping arbeidstid 08-15", as_="ola")
    assert "tidssone America/New_York" in await convo.say("/samskaping tidssone America/New_York", as_="ola")
    [member] = await _members(convo, "ola")
    assert (f"{member.work_start:%H:%M}", f"{member.work_end:%H:%M}", member.timezone) == (
        "08:00", "15:00", "America/New_York")
    assert "i gruppas arbeidstid, tidssone som gruppa" in (
        await convo.say("/samskaping arbeidstid av", as_="ola") + await convo.say("/samskaping tidssone av", as_="ola"))


async def test_bad_hours_and_zones_are_explained_and_change_nothing(convo: Conversation) -> None:
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    await convo.say("/samskaping bli-med skole", as_="ola")
    await convo.say("/samskaping arbeidstid 09-14", as_="ola")
    assert "«25» er ikke et klokkeslett" in await convo.say("/samskaping arbeidstid 25-08", as_="ola")
    assert "må slutte etter at den begynner (15:00–08:00)" in await convo.say("/samskaping arbeidstid 15-08", as_="ola")
    assert "er ikke en arbeidstid" in await convo.say("/samskaping arbeidstid om morgenen", as_="ola")
    assert "kjenner ikke tidssonen «Mars/Base»" in await convo.say("/samskaping tidssone Mars/Base", as_="ola")
    [member] = await _members(convo, "ola")
    assert (f"{member.work_start:%H:%M}", f"{member.work_end:%H:%M}", member.timezone) == ("09:00", "14:00", None)
    assert "ikke med i gruppa" in await convo.say("/samskaping arbeidstid 08-15", as_="fremmed")
    await convo.say("/samskaping språk en", as_="ola")
    assert "is not a time of day" in await convo.say("/samskaping working-hours 25-08", as_="ola")


async def test_a_reminder_waits_for_the_persons_own_working_hours(convo: Conversation) -> None:
    await group_on_demo_programme(convo)  # the first prompt is due Tuesday 15 December 12:00
    await convo.say("/samskaping arbeidstid 12-15", as_="ola")
    await convo.say("/samskaping tidssone Europe/London", as_="siri")  # 08:00 in London is 09:00 in Oslo
    await convo.wait(timedelta(days=1, hours=2))  # the prompt is out
    await convo.wait(timedelta(days=5, hours=22))  # Monday 14 December 08:00 in Oslo: reminders planned
    [ola] = await _outbox(convo, "reminder", "ola")
    [siri] = await _outbox(convo, "reminder", "siri")
    [kari] = await _outbox(convo, "reminder", "kari")
    assert ola.due_at == datetime(2026, 12, 14, 11, 0, tzinfo=UTC)  # 12:00 in Oslo
    assert siri.due_at == datetime(2026, 12, 14, 8, 0, tzinfo=UTC)  # 08:00 in London
    assert kari.due_at == datetime(2026, 12, 14, 7, 0, tzinfo=UTC)  # the group's 08:00


async def test_the_coordinators_summary_counts_against_the_budget(convo: Conversation) -> None:
    convo.app.ctx.settings.nudges_per_day = 3  # Monday: reminder A, the weekly digest, the summary
    clock = convo.app.ctx.clock
    assert isinstance(clock, ManualClock)
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    await convo.say("/samskaping bli-med skole", as_="ola")
    await convo.say("/samskaping oppgave send", as_="kari")  # A: due Monday 14 December 09:00
    clock.set(datetime(2026, 12, 9, 8, 30, tzinfo=UTC))
    await convo.say("/samskaping oppgave send", as_="kari")  # B: due Wednesday 16 December 09:30, reminded Monday
    for moment in (datetime(2026, 12, 12, 9, 0), datetime(2026, 12, 14, 7, 0), datetime(2026, 12, 14, 8, 5),
                   datetime(2026, 12, 14, 8, 35)):
        clock.set(moment.replace(tzinfo=UTC))
        await convo.app.tick()
    assert [r.kind for r in await _outbox(convo, "summary", "kari")] == ["summary"]
    kari = [r.due_at for r in await _outbox(convo, "reminder", "kari")]
    ola = [r.due_at for r in await _outbox(convo, "reminder", "ola")]
    assert kari[1].date() == datetime(2026, 12, 15).date()  # reminder A, the digest and the summary filled Monday
    assert ola[1].date() == datetime(2026, 12, 14).date()  # ola got no summary: B came the same day


async def test_my_data_export_has_my_hours_and_time_zone(convo: Conversation) -> None:
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    await convo.say("/samskaping bli-med skole", as_="ola")
    await convo.say("/samskaping arbeidstid 8:30-14", as_="ola")
    await convo.say("/samskaping tidssone America/New_York", as_="ola")
    await convo.say("/samskaping mine-data", as_="ola")
    [export] = [p for p in convo.seen_by("ola") if p.key.startswith("export:")]
    data = json.loads(export.text.strip("`\n"))
    assert data["working_hours"] == {"per_group": [
        {"group": "Bodø", "work_start": "08:30", "work_end": "14:00", "timezone": "America/New_York"}]}
    await convo.say("/samskaping mine-data", as_="kari")
    kari = json.loads([p for p in convo.seen_by("kari") if p.key.startswith("export:")][0].text.strip("`\n"))
    assert kari["working_hours"]["per_group"][0]["work_start"] is None  # the group's hours


async def test_a_leads_programme_digest_waits_for_the_hours_they_set(convo: Conversation) -> None:
    clock = convo.app.ctx.clock
    assert isinstance(clock, ManualClock)
    clock.set(datetime(2026, 12, 7, 6, 0, tzinfo=UTC))  # Monday 07:00 in Oslo; digests are due at 08:00
    async with convo.app.ctx.uow() as uow:
        await seed_programme(uow)  # lena is a lead and in Bodø's channel; mona is a mentor in no group
        await uow.commit()
    await convo.say("/samskaping arbeidstid 10-15", as_="lena", channel="C-bodo")
    assert "on working days 08:00–16:00, time zone Europe/Oslo" in await convo.say(
        "/samskaping arbeidstid", as_="mona", channel="D-mona")  # in no group: the defaults, in her language
    assert "11:00–15:00" in await convo.say("/samskaping arbeidstid 11-15", as_="mona", channel="D-mona")
    for _ in range(5):
        await convo.wait(timedelta(hours=1))
    sent = {p.address.user: p.at for p in convo.chat.transcript if p.key.startswith(("digest:", "digest-mentor:"))}
    assert sent["lena"] == datetime(2026, 12, 7, 9, 0, tzinfo=UTC)  # her 10:00
    assert sent["mona"] == datetime(2026, 12, 7, 10, 0, tzinfo=UTC)  # her 11:00
    await convo.say("/samskaping mine-data", as_="mona", channel="D-mona")
    [export] = [p for p in convo.seen_by("mona") if p.key.startswith("export:")]
    assert json.loads(export.text.strip("`\n"))["working_hours"] == {
        "per_group": [], "outside_groups": {"work_start": "11:00", "work_end": "15:00", "timezone": None}}
    await convo.press("delete_my_data", "confirm", as_="mona", channel="D-mona")
    async with convo.app.ctx.uow() as uow:
        assert (await uow.session.exec(select(OwnHours))).all() == []


async def test_an_unreachable_notice_waits_for_the_coordinators_hours(convo: Conversation) -> None:
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    await convo.say("/samskaping bli-med skole", as_="ola")
    await convo.say("/samskaping arbeidstid 14-16", as_="kari")
    convo.chat.unreachable.add("ola")  # a guest the app may not message
    await convo.say("/samskaping mine-data", as_="ola")  # 09:00: the export by DM fails for good
    for _ in range(8):
        await convo.wait(timedelta(hours=1))
    [notice] = [p for p in convo.chat.transcript if p.key.startswith("unreachable:")]
    assert notice.address.user == "kari" and notice.at == datetime(2026, 12, 7, 13, 0, tzinfo=UTC)  # 14:00 Oslo
