"""In Teams, the gathering notes come to the coordinator's 1:1 chat with links to the Word file and the printable
page (bots cannot attach a file to a message there without the user's consent; a link works on every client)."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import httpx
from docx import Document
from fastapi import FastAPI

from bot.adapters.notes_web import mount_notes
from bot.clock import ManualClock
from bot.kernel.commands.registry import RUN_COMMAND
from tests.adapters.teams.card_rules import card_problems
from tests.adapters.teams.conftest import KARI, OLA, Teams, buttons_of, conversation_of, text_of


async def test_the_notes_come_to_the_coordinators_1_to_1_chat_with_links_that_open(teams: Teams) -> None:
    teams.container.settings.report_secret_key = "notes-secret"
    await teams.say("oppsett Bodø", as_=KARI)
    await teams.say("bli-med skole", as_=OLA)
    await teams.say("oppgave send", as_=KARI)
    await teams.tick()
    await teams.say("refleksjon Foreldrene må med tidlig.", as_=OLA)
    await teams.say("notat", as_=KARI)
    [dm] = [a for a in await teams.tick() if conversation_of(a) == f"a:personal-{KARI}"]
    assert (dm.body or {}).get("textFormat") == "markdown" and not (dm.body or {}).get("attachments")  # links work
    link = re.search(r"http://localhost:3000(/notes/\d+/html\?\S+)", text_of(dm))
    assert link is not None and "Notatet som Word-fil" in text_of(dm)
    web = FastAPI()
    mount_notes(web, teams.container)  # beside /api/messages in `samskaping serve`
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=web), base_url="http://test") as client:
        page = await client.get(link.group(1))
        word = await client.get(link.group(1).replace("/html?", "/docx?"))
    assert page.status_code == 200 and "Foreldrene må med tidlig." in page.text
    assert "Foreldrene må med tidlig." in "\n".join(p.text for p in Document(io.BytesIO(word.content)).paragraphs)


async def test_on_a_holiday_the_send_card_asks_and_its_button_runs_the_command(teams: Teams) -> None:
    await teams.say("oppsett Bodø", as_=KARI)
    clock = teams.container.ctx.clock
    assert isinstance(clock, ManualClock)
    clock.set(datetime(2026, 12, 25, 10, 0, tzinfo=UTC))  # Første juledag
    [card] = await teams.say("oppgave send", as_=KARI)
    assert card_problems(card.body["attachments"][0]["content"]) == []
    assert "Første juledag" in text_of(card)
    later = next(b for b in buttons_of(card) if b["data"]["samskaping"]["a"] == RUN_COMMAND)
    assert later["type"] == "Action.Execute" and later["data"]["samskaping"]["v"].endswith(" senere")
    press = teams.activity("invoke_card_action", user=KARI)
    press["value"]["action"] = {"type": "Action.Execute", "verb": later["verb"], "data": later["data"]}
    response = await teams.send(press)
    assert response.status_code == 200 and "postes mandag 28. desember kl. 08:00" in response.json()["value"]
