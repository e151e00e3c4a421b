"""The personal page's settings buttons change the same settings as the commands."""

from __future__ import annotations

from bot.features.home.page import SET_HINTS, SET_LANGUAGE, SET_REMINDERS, home_view
from bot.kernel.context import Request
from tests.fakes import Conversation, actor


async def _settings(convo: Conversation, user: str) -> list[tuple[str, str]]:
    sections = await home_view(Request(convo.app.ctx, actor(user), None))
    return [(b.action_id, b.value) for s in sections for b in s.message.buttons
            if b.action_id in (SET_HINTS, SET_REMINDERS, SET_LANGUAGE)]


async def test_home_buttons_switch_hints_reminders_and_language(convo: Conversation) -> None:
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    await convo.say("/samskaping bli-med skole", as_="ola")
    assert await _settings(convo, "ola") == [(SET_HINTS, "off"), (SET_REMINDERS, "off"), (SET_LANGUAGE, "nn"),
                                             (SET_LANGUAGE, "en")]
    await convo.press(SET_HINTS, "off", as_="ola")
    await convo.press(SET_REMINDERS, "off", as_="ola")
    [changed] = await convo.press(SET_LANGUAGE, "nn", as_="ola")
    assert "nynorsk" in changed.message.text
    assert await _settings(convo, "ola") == [(SET_HINTS, "on"), (SET_REMINDERS, "on"), (SET_LANGUAGE, "nb"),
                                             (SET_LANGUAGE, "en")]
    assert "Påminningar: av" in await convo.say("/samskaping varsler", as_="ola")
