"""Outsiders as full participants: B2B guests and shared-channel members from another tenant, as Teams sends them.

Co-creation groups include NGOs, businesses and parents. Teams gives a guest the same `29:` id shape and an
`aadObjectId` from their home tenant; a shared channel's activities carry the host tenant and
`membershipType: shared`. A guest the bot may not message privately (403) must not break anything: the
coordinator is told once, and the guest still takes part in the channel.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from bot.features.prompts.tables import Reflection
from bot.kernel.delivery.planning import plan
from bot.kernel.storage.tables import Member, Outbox, OutboxStatus
from tests.adapters.teams.conftest import CHANNEL, KARI, Teams, buttons_of, conversation_of, text_of
from tests.adapters.teams.test_teams_delivery import queue

GUEST = "29:1gUeStFrIvIlLiGxYz-aBcDeFgHiJkLmNoPqRsTuVwXyZ01234567"
GUEST_NAME = "Gunn Frivillig (Gjest)"
HOME_TENANT = "b7e0c9d8-1a2b-4c3d-9e8f-7a6b5c4d3e2f"  # the guest's own organisation


def _as_guest(activity: dict[str, Any]) -> dict[str, Any]:
    """What Teams sends for an outsider: their own name and an object id from their home tenant."""
    activity["from"].update({"id": GUEST, "name": GUEST_NAME, "aadObjectId": "0c1d2e3f-4a5b-4c6d-8e7f-a1b2c3d4e5f6"})
    return activity


def _shared_channel(activity: dict[str, Any]) -> dict[str, Any]:
    activity["channelData"]["channel"]["membershipType"] = "shared"
    return activity


async def _guest_says(teams: Teams, text: str) -> None:
    activity = _shared_channel(_as_guest(teams.activity("message_channel_mention", user=GUEST)))
    activity["text"] = f"<at>Samskaping</at> {text}"
    assert (await teams.send(activity)).status_code == 200


async def _guest_member(teams: Teams) -> Member:
    async with teams.container.ctx.uow() as uow:
        return (await uow.session.exec(select(Member).where(Member.user_id == GUEST))).one()


async def test_a_guest_is_welcomed_picks_a_sector_answers_and_the_coordinator_reads_it(teams: Teams) -> None:
    await teams.say("oppsett Bodø", as_=KARI)
    added = teams.activity("conversation_update_members_added", new_member=GUEST)
    assert (await teams.send(added)).status_code == 200
    [welcome] = [a for a in await teams.tick() if conversation_of(a) == f"a:personal-{GUEST}"] or \
        [a for a in teams.mock.activities() if conversation_of(a) == f"a:personal-{GUEST}"]
    [frivillighet] = [b for b in buttons_of(welcome) if b["data"]["samskaping"]["v"] == "frivillighet"]
    press = _as_guest(teams.activity("invoke_card_action", user=GUEST))
    press["value"]["action"]["data"] = frivillighet["data"]
    assert (await teams.send(press)).status_code == 200
    assert (await _guest_member(teams)).sector == "frivillighet"

    await teams.say("oppgave send", as_=KARI)
    [card] = [a for a in await teams.tick() if conversation_of(a) == CHANNEL]
    [answer] = [b for b in buttons_of(card) if b["data"]["samskaping"]["a"] == "answer"]
    submit = _as_guest(teams.activity("invoke_task_submit", user=GUEST, post=answer["data"]["samskaping"]["v"],
                                      text="Frivilligsentralen kan låne ut lokaler til øvelser."))
    assert (await teams.send(submit)).status_code == 200
    async with teams.container.ctx.uow() as uow:
        [reflection] = (await uow.session.exec(select(Reflection))).all()
    assert reflection.member_id == (await _guest_member(teams)).id
    [answers] = await teams.say("svarene", as_=KARI)
    assert "Frivilligsentralen kan låne ut lokaler" in text_of(answers) and "Gunn Frivillig" in text_of(answers)


async def test_a_shared_channel_member_from_another_tenant_joins_and_answers_in_the_channel(teams: Teams) -> None:
    await teams.say("oppsett Bodø", as_=KARI)
    await _guest_says(teams, "bli-med frivillighet")
    member = await _guest_member(teams)
    assert member.active and member.sector == "frivillighet"
    await teams.say("oppgave send", as_=KARI)
    await teams.tick()
    await _guest_says(teams, "refleksjon Vi i idrettslaget kan stille med trenere på SFO.")
    async with teams.container.ctx.uow() as uow:
        [reflection] = (await uow.session.exec(select(Reflection))).all()
    assert reflection.member_id == member.id and "idrettslaget" in reflection.text


async def test_a_guest_the_bot_may_not_message_privately_is_asked_in_the_channel_and_the_coordinator_told_once(
        teams: Teams) -> None:
    await teams.say("oppsett Bodø", as_=KARI)
    await teams.say("hjelp", as_=KARI, personal=True)  # the coordinator's own 1:1 chat is known
    teams.mock.fail("/v3/conversations", 403, body={"error": {
        "code": "Forbidden", "message": "AclCheckFailed: the bot is not allowed to message this user"}})
    before = len(teams.mock.activities())
    added = teams.activity("conversation_update_members_added", new_member=GUEST)
    added["membersAdded"][0]["name"] = GUEST_NAME
    assert (await teams.send(added)).status_code == 200
    [asked] = teams.mock.activities()[before:]
    assert conversation_of(asked) == CHANNEL and GUEST_NAME in text_of(asked) and "sektor" in text_of(asked)
    [frivillighet] = [b for b in buttons_of(asked) if b["data"]["samskaping"]["v"] == "frivillighet"]
    press = _shared_channel(_as_guest(teams.activity("message_card_submit", user=GUEST)))
    press["value"] = frivillighet["data"]
    assert (await teams.send(press)).status_code == 200
    member = await _guest_member(teams)
    assert member.active and member.sector == "frivillighet"

    teams.mock.fail("/v3/conversations", 403)  # still no 1:1 chat allowed when a private reminder is due
    await queue(teams, "reminder-guest", "dm", user=GUEST, kind="reminder")
    await teams.tick()
    async with teams.container.ctx.uow() as uow:
        reminder = (await uow.session.exec(select(Outbox).where(Outbox.idempotency_key == "reminder-guest"))).one()
    assert reminder.status == OutboxStatus.FAILED.value  # refused for good, not retried in a loop
    told: list[str] = []
    for _ in range(2):
        await plan(teams.container.ctx)
        told += [text_of(a) for a in await teams.tick() if conversation_of(a) == f"a:personal-{KARI}"]
    assert len(told) == 1 and "Gunn" in told[0]
