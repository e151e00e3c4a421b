"""The notes reach the coordinator in chat: a direct message with signed links to the Word file and the printable
page, opened from `samskaping serve`; and they list what the group added to its source register."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import httpx
from docx import Document
from fastapi import FastAPI

from bot.adapters.platforms import mount_platforms
from bot.bootstrap import Container
from tests.fakes import Conversation
from tests.features.notes.test_notes import _worked_between_gatherings

LINK = re.compile(r"http://localhost:3000(/notes/\S+)")


def _client(app: Container) -> httpx.AsyncClient:
    web = FastAPI()
    mount_platforms(web, app, app.settings)  # what `samskaping serve` mounts
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=web), base_url="http://test")


def _links(convo: Conversation, user: str) -> list[str]:
    dms = [p for p in convo.seen_by(user) if p.kind == "dm" and p.key.startswith("notes:")]
    assert len(dms) == 1
    return LINK.findall(dms[0].text)


async def test_the_coordinator_gets_links_to_the_word_file_and_the_printable_page(convo: Conversation) -> None:
    convo.app.settings.report_secret_key = "notes-secret"
    await _worked_between_gatherings(convo)
    [reply] = await convo.send_command("/samskaping notat", as_="kari")
    assert reply.message is not None and "sendt deg i en direktemelding" in (reply.message.footer or "")
    docx_link, html_link = _links(convo, "kari")
    assert "/docx?" in docx_link and "/html?" in html_link
    async with _client(convo.app) as client:
        word = await client.get(docx_link)
        page = await client.get(html_link)
    assert word.status_code == 200 and word.headers["content-disposition"] == 'attachment; filename="notat-bodo.docx"'
    text = "\n".join(p.text for p in Document(io.BytesIO(word.content)).paragraphs)
    assert "Ola (Skole): Foreldrene vil bli spurt." in text
    assert page.status_code == 200 and "Siri skriver privat her." in page.text and "@page { size: A4" in page.text
    assert page.headers["cache-control"] == "private, no-store"


async def test_a_link_shows_the_notes_as_they_are_and_dies_with_the_coordinator_role(convo: Conversation) -> None:
    convo.app.settings.report_secret_key = "notes-secret"
    await _worked_between_gatherings(convo)
    await convo.say("/samskaping notat", as_="kari")
    _, html_link = _links(convo, "kari")
    await convo.say("/samskaping trekk-svar", as_="siri")
    async with _client(convo.app) as client:
        page = await client.get(html_link)
        assert page.status_code == 200 and "Siri skriver privat her." not in page.text  # withdrawn: gone
        await convo.say("/samskaping bli-med kulturskole", as_="per")
        await convo.say("/samskaping rolle @per koordinator", as_="kari")
        await convo.say("/samskaping rolle @kari deltaker", as_="per")
        assert (await client.get(html_link)).status_code == 404


async def test_forged_expired_and_other_peoples_links_are_not_found(convo: Conversation) -> None:
    convo.app.settings.report_secret_key = "notes-secret"
    await _worked_between_gatherings(convo)
    await convo.say("/samskaping notat delbar", as_="kari")
    _, html_link = _links(convo, "kari")
    async with _client(convo.app) as client:
        assert (await client.get(html_link)).status_code == 200
        for forged in (html_link.replace("s=1", "s=0"), html_link.replace("u=kari", "u=ola"),
                       html_link.replace("/html?", "/pdf?"), html_link.split("&token=")[0],
                       re.sub(r"token=\d+\.", "token=1.", html_link)):
            assert (await client.get(forged)).status_code == 404, forged
        await convo.wait(timedelta(days=8))  # the link worked for a week
        assert (await client.get(html_link)).status_code == 404


async def test_without_a_signing_key_the_reply_tells_how_to_write_the_file(convo: Conversation) -> None:
    await _worked_between_gatherings(convo)
    [reply] = await convo.send_command("/samskaping notat", as_="kari")
    assert reply.message is not None and "samskaping notes --group Bodø" in (reply.message.footer or "")
    assert not [p for p in convo.seen_by("kari") if p.key.startswith("notes:")]
    async with _client(convo.app) as client:
        assert (await client.get("/notes/1/html?u=kari&token=1.x")).status_code == 404


async def test_the_notes_list_the_sources_the_group_added_since_the_last_gathering(convo: Conversation) -> None:
    await _worked_between_gatherings(convo)
    await convo.say("/samskaping kilde ny plan Kommuneplanens samfunnsdel https://bodo.kommune.no/plan", as_="ola")
    await convo.say("/samskaping kilde ny person Rektor ved Bodøsjøen skole", as_="siri")
    notes = await convo.say("/samskaping notat", as_="kari")
    assert "*Nytt i kilderegisteret*" in notes
    assert "Kommuneplanens samfunnsdel (plan) – https://bodo.kommune.no/plan" in notes
    assert "Rektor ved Bodøsjøen skole (person)" in notes
    section = notes[notes.index("*Nytt i kilderegisteret*"):]
    assert section.index("*Barnehage*") < section.index("Rektor ved") < section.index("*Uten sektor*")
    first = await convo.say("/samskaping notat 1", as_="kari")  # the first gathering came before them
    assert "Ingen nye kilder siden forrige samling" in first
