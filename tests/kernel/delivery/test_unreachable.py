"""Someone the bot cannot reach privately is reported to the group's coordinators, once."""

from __future__ import annotations

from datetime import timedelta

from tests.fakes import Conversation


async def test_a_member_who_cannot_get_private_messages_is_reported_to_the_coordinator_once(
        convo: Conversation) -> None:
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    await convo.say("/samskaping bli-med skole", as_="ola")
    await convo.say("/samskaping oppgave send", as_="kari")
    convo.chat.unreachable.add("ola")  # e.g. a guest the app may not message
    for _ in range(7 * 24):  # the reminders (2 days before due; moved off the weekend) go out and fail
        await convo.wait(timedelta(hours=1))
    notices = [p for p in convo.chat.transcript if p.key.startswith("unreachable:")]
    assert len(notices) == 1 and notices[0].address.user == "kari"
    assert "Ola" in notices[0].text and "user_not_found" in notices[0].text

