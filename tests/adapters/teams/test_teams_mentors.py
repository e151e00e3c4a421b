"""Mentors on Teams: appointed with a Teams mention, and a coordinator's request for support reaches the mentor
in a 1:1 chat as a card that passes the host config rules."""

from __future__ import annotations

from bot.features.digest import owners
from bot.features.digest.service import find_programme
from tests.adapters.teams.conftest import KARI, OLA, SIRI, Teams, conversation_of, text_of


async def test_a_mentor_appointed_by_mention_gets_the_request_for_support_privately(teams: Teams) -> None:
    await teams.say("oppsett Bodø", as_=KARI)
    await teams.say("bli-med skole", as_=OLA)
    await teams.say("program demo", as_=KARI)
    async with teams.container.ctx.uow() as uow:  # Kari also owns the programme
        await owners.set_programme_role(uow.session, await find_programme(uow.session, "demo"), KARI,
                                        owners.OWNER, language="nb", now=teams.container.ctx.clock.now())
        await uow.commit()
    activity = teams.activity("message_channel_mention", user=KARI)
    activity["text"] = "<at>Samskaping</at> fadder <at>Siri Lund</at> Bodø"
    activity["entities"].append({"type": "mention", "text": "<at>Siri Lund</at>",
                                 "mentioned": {"id": SIRI, "name": "Siri Lund"}})
    await teams.send(activity)
    [asked] = await teams.say("be-om-støtte Vi trenger hjelp til forankring oppover.", as_=OLA)
    assert "Bare koordinatorer" in text_of(asked)
    [confirmed] = await teams.say("be-om-støtte Vi trenger hjelp til forankring oppover.", as_=KARI)
    assert "Sendt privat til fadderen" in text_of(confirmed)
    [request] = [s for s in await teams.tick() if "forankring oppover" in text_of(s)]
    assert conversation_of(request) == f"a:personal-{SIRI}" and "Bodø ber om støtte" in text_of(request)
