"""`/samskaping personvern` (en `privacy`): the links to the privacy statement and the terms."""

from __future__ import annotations

from tests.fakes import Conversation


async def test_the_privacy_command_links_the_pages_in_the_askers_language(convo: Conversation) -> None:
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    answer = await convo.say("/samskaping personvern", as_="kari")
    assert "http://localhost:3000/personvern?lang=nb" in answer and "/vilkar?lang=nb" in answer
    await convo.say("/samskaping språk en", as_="kari")
    assert "/personvern?lang=en" in await convo.say("/samskaping privacy", as_="kari")
