"""In Slack, a coordinator reads the answers from the App Home (a modal, logged) and gets the gathering notes as
a direct message with links to the Word file and the printable page, which `samskaping serve` opens."""

from __future__ import annotations

import io
import json
import re

import httpx
from docx import Document
from fastapi import FastAPI
from sqlmodel import select

from bot.adapters.notes_web import mount_notes
from bot.features.audit.tables import AuditEntry
from tests.adapters.slack.conftest import SlackHarness
from tests.adapters.slack.test_interactions import post_prompt


async def _answered(slack: SlackHarness) -> None:
    await post_prompt(slack)
    await slack.command("refleksjon Foreldrene må med tidlig.", user="U2", name="ola")


async def test_the_notes_come_as_a_direct_message_with_links_that_open_the_word_file(slack: SlackHarness) -> None:
    slack.app.settings.report_secret_key = "notes-secret"
    await _answered(slack)
    await slack.command("notat", user="U1")
    assert slack.mock.called("views.open")  # the notes themselves, in a modal
    await slack.app.tick()
    [dm] = [m for m in slack.mock.posts("DU1") if "notes:" in json.dumps(m.get("metadata") or {})]
    text = json.dumps(dm["blocks"], ensure_ascii=False)
    assert "Notatet som Word-fil" in text
    link = re.search(r"http://localhost:3000(/notes/\d+/docx\?[^\s\"\\]+)", text)
    assert link is not None
    web = FastAPI()
    mount_notes(web, slack.app)  # beside the Slack endpoints in `samskaping serve`
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=web), base_url="http://test") as client:
        word = await client.get(link.group(1).replace("&amp;", "&"))  # Slack shows &amp; as &
    assert word.status_code == 200
    assert "Foreldrene må med tidlig." in "\n".join(p.text for p in Document(io.BytesIO(word.content)).paragraphs)


async def test_the_app_home_has_a_button_that_opens_the_answers_in_a_modal_and_is_logged(slack: SlackHarness) -> None:
    await _answered(slack)
    await slack.event({"type": "app_home_opened", "user": "U1", "channel": "DU1", "tab": "home"})
    view = slack.mock.called("views.publish")[-1].params["view"]
    actions = next(b for b in view["blocks"] if b["type"] == "actions" and "Les svaret" in json.dumps(b))
    button = next(e for e in actions["elements"] if e["text"]["text"] == "Les svaret")
    await slack.press(button["action_id"], button["value"], user="U1", block_id=actions["block_id"],
                      view={"type": "home", "id": "VHOME"})
    opened = slack.mock.called("views.open")[-1].params["view"]
    assert "Foreldrene må med tidlig." in json.dumps(opened["blocks"], ensure_ascii=False)
    async with slack.app.ctx.uow() as uow:
        entries = (await uow.session.exec(select(AuditEntry).where(AuditEntry.action == "svarene"))).all()
    assert [e.verb for e in entries] == ["read-answers"]


async def test_participants_see_no_answers_button_on_their_app_home(slack: SlackHarness) -> None:
    await _answered(slack)
    await slack.event({"type": "app_home_opened", "user": "U2", "channel": "DU2", "tab": "home"})
    assert "Les svar" not in json.dumps(slack.mock.called("views.publish")[-1].params["view"], ensure_ascii=False)
