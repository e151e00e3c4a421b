"""Members' own data: pausing oneself, switching reminders off, exporting and erasing what is kept."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.features.prompts.tables import Reflection
from tests.fakes import Conversation
from tests.features.prompts.programme_helpers import group_on_demo_programme


async def test_a_member_who_pauses_gets_no_reminders(convo: Conversation) -> None:
    await group_on_demo_programme(convo)
    assert "til og med" in await convo.say("/samskaping pause-meg til 31.12.2026", as_="siri")
    for _ in range(8 * 24):
        await convo.wait(timedelta(hours=1))
    assert not [p for p in convo.chat.transcript if p.key.startswith("reminder:") and p.address.user == "siri"]


async def test_reminders_can_be_switched_off(convo: Conversation) -> None:
    await group_on_demo_programme(convo)
    assert "Påminnelser: av" in await convo.say("/samskaping varsler av", as_="siri")
    for _ in range(8 * 24):
        await convo.wait(timedelta(hours=1))
    assert not [p for p in convo.chat.transcript if p.key.startswith("reminder:") and p.address.user == "siri"]


async def test_my_data_is_exported_by_direct_message(convo: Conversation) -> None:
    await group_on_demo_programme(convo)
    await convo.wait(timedelta(days=1, hours=2))
    await convo.say("/samskaping refleksjon Mitt svar om kulturskolen.", as_="ola")
    assert "direktemelding" in await convo.say("/samskaping mine-data", as_="ola")
    [export] = [p for p in convo.seen_by("ola") if p.kind == "dm" and p.key.startswith("export:")]
    assert "Mitt svar om kulturskolen." in export.text and '"sector": "skole"' in export.text


async def test_deleting_my_data_asks_first_then_keeps_the_groups_numbers(convo: Conversation) -> None:
    await group_on_demo_programme(convo)
    await convo.wait(timedelta(days=1, hours=2))
    await convo.say("/samskaping refleksjon Hemmelig svar.", as_="ola")
    await convo.say("/samskaping refleksjon Et annet svar.", as_="siri")
    assert "kan ikke angres" in await convo.say("/samskaping slett-mine-data", as_="ola")
    [deleted] = await convo.press("delete_my_data", "confirm", as_="ola")
    assert "1 refleksjon og" in deleted.message.text
    async with convo.app.ctx.uow() as uow:
        texts = sorted(r.text for r in (await uow.session.exec(select(Reflection))).all())
    assert texts == ["", "Et annet svar."]
    assert "1 av 2 har svart" in await convo.say("/samskaping status", as_="siri")
    assert "bli-med" in await convo.say("/samskaping status", as_="ola")


async def test_language_hint_data_is_exported_and_deleted_with_the_rest(convo: Conversation) -> None:
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    await convo.say("/samskaping bli-med skole", as_="ola")
    await convo.say("Vi må jobbe med forankringen av tiltaket.", as_="ola")  # a hint is sent and logged
    await convo.say("/samskaping mine-data", as_="ola")
    [export] = [p for p in convo.seen_by("ola") if p.key.startswith("export:")]
    assert '"hints_sent"' in export.text and "forankring" in export.text
    await convo.press("delete_my_data", "confirm", as_="ola")
    await convo.wait(timedelta(minutes=1))
    await convo.say("/samskaping mine-data", as_="ola")
    exports = [p for p in convo.chat.transcript if p.key.startswith("export:")]
    assert '"hints_sent": []' in exports[-1].text
