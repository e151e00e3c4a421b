"""Commands by @mention in a channel and as plain text in a personal chat; answers go where they belong."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from bot.bootstrap import registry
from bot.kernel.storage.tables import Group, Member
from tests.adapters.teams.conftest import CHANNEL, KARI, OLA, Teams, buttons_of, conversation_of, text_of

SPECS = registry().specs

THREAD = f"{CHANNEL};messageid=1733558472345"  # the mention's own post: replies go into its thread


async def set_up(teams: Teams) -> None:
    await teams.say("oppsett Bodø", as_=KARI)
    await teams.say("bli-med skole", as_=OLA)


async def test_setup_by_mention_answers_in_the_thread_with_sector_buttons(teams: Teams) -> None:
    [reply] = await teams.say("oppsett Bodø")
    assert conversation_of(reply) == THREAD
    assert "Bodø" in text_of(reply) and "Kari Nordmann" in text_of(reply)
    assert {b["type"] for b in buttons_of(reply)} == {"Action.Execute"}
    assert buttons_of(reply)[0]["data"]["samskaping"]["c"] == CHANNEL
    async with teams.container.ctx.uow() as uow:
        [group] = (await uow.session.exec(select(Group))).all()
    assert group.channel_id == CHANNEL  # the channel, not the thread's conversation id


async def test_a_private_answer_in_a_channel_goes_to_a_new_1_to_1_chat(teams: Teams) -> None:
    await set_up(teams)
    [reply] = await teams.say("status", as_=OLA)
    assert conversation_of(reply) == f"a:personal-{OLA}"
    [created] = [r for r in teams.mock.requests if r.path == "/v3/conversations"]
    assert created.body["members"] == [{"id": OLA}]
    assert created.body["tenantId"] and created.body["channelData"]["tenant"]["id"] == created.body["tenantId"]


async def test_the_1_to_1_chat_is_created_once_and_reused(teams: Teams) -> None:
    await set_up(teams)
    await teams.say("status", as_=OLA)
    await teams.say("status", as_=OLA)
    assert len([r for r in teams.mock.requests if r.path == "/v3/conversations"]) == 1


ARGUMENTS = {"bli-med": "bli-med barnehage", "sektor": "sektor kulturskole", "oppgave": "oppgave liste",
             "språk": "språk nynorsk", "rolle": "rolle <at>Ola Hansen</at> koordinator", "oppsett": "oppsett Tromsø"}
#: Every command in the table (so a new one is covered the day it is added), plus a few variants.
LINES = [ARGUMENTS.get(s.name, s.name) for s in SPECS] + ["refleksjon Et kort svar.", "oppgave send", "tulle"]


@pytest.mark.parametrize("personal", [False, True], ids=["channel", "personal chat"])
@pytest.mark.parametrize("line", LINES)
async def test_every_command_gets_an_answer(teams: Teams, line: str, personal: bool) -> None:
    await set_up(teams)
    activity = teams.activity("message_personal" if personal else "message_channel_mention", user=KARI)
    activity["text"] = line if personal else f"<at>Samskaping</at> {line}"
    if "<at>Ola Hansen</at>" in line:
        activity.setdefault("entities", []).append(
            {"type": "mention", "text": "<at>Ola Hansen</at>", "mentioned": {"id": OLA, "name": "Ola Hansen"}})
    before = len(teams.mock.activities())
    assert (await teams.send(activity)).status_code == 200
    answers = teams.mock.activities()[before:]
    assert answers, f"no answer to {line!r}"
    if personal:
        assert {conversation_of(a) for a in answers} == {f"a:personal-{KARI}"}


async def test_commands_in_a_personal_chat_act_on_the_group_channel_last_seen(teams: Teams) -> None:
    await set_up(teams)
    [answer] = await teams.say("status", as_=OLA, personal=True)
    assert conversation_of(answer) == f"a:personal-{OLA}"
    assert "Bodø" in text_of(answer) or "av 2" in text_of(answer)


async def test_a_mention_of_another_person_reaches_the_command_as_their_id(teams: Teams) -> None:
    await set_up(teams)
    activity = teams.activity("message_channel_mention", user=KARI)
    activity["text"] = "<at>Samskaping</at> rolle <at>Ola Hansen</at> koordinator"
    activity["entities"].append({"type": "mention", "text": "<at>Ola Hansen</at>",
                                 "mentioned": {"id": OLA, "name": "Ola Hansen"}})
    await teams.send(activity)
    async with teams.container.ctx.uow() as uow:
        ola = (await uow.session.exec(select(Member).where(Member.user_id == OLA))).one()
    assert ola.role == "coordinator"


async def test_a_channel_that_is_not_set_up_gets_a_clear_answer(teams: Teams) -> None:
    [answer] = await teams.say("status", as_=OLA)
    assert "oppsett" in text_of(answer)


async def test_teams_users_are_told_to_mention_the_bot_not_to_type_a_slash_command(teams: Teams) -> None:
    [reply] = await teams.say("hjelp")
    shown = text_of(reply) + json.dumps(reply.body, ensure_ascii=False)
    assert "@Samskaping oppsett" in shown and "/samskaping" not in shown
    [unknown] = await teams.say("tulle")
    assert "/samskaping" not in json.dumps(unknown.body, ensure_ascii=False)
