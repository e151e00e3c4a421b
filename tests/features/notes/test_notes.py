"""Notes for the next gathering: the coordinator's copy (answers with names), the shareable copy (themes and
consented quotes), milestones with their anchoring checklist, stakeholder changes, both tracks; chat, .docx, HTML."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest
from docx import Document

from bot.cli.screenshot import take_screenshot
from bot.features.notes.service import notes_lines, write_notes
from tests.fakes import Conversation
from tests.features.prompts.programme_helpers import group_on_demo_programme

CHROMIUM = Path("/usr/bin/chromium")


async def _worked_between_gatherings(convo: Conversation) -> None:
    await group_on_demo_programme(convo)
    await convo.wait(timedelta(days=1, hours=2))  # Tuesday: the first prompt is out
    await convo.say("/samskaping refleksjon Foreldrene vil bli spurt. Hvordan når vi foreldrene i SFO?", as_="ola")
    await convo.say("/samskaping sitat ja", as_="ola")
    await convo.say("/samskaping refleksjon Foreldrene og rektor bør med tidlig. Siri skriver privat her.",
                    as_="siri")
    await convo.say("/samskaping forankring ny Kommunedirektør oppover informert", as_="kari")
    await convo.wait(timedelta(days=14))


async def test_the_coordinator_gets_notes_for_the_next_gathering(convo: Conversation) -> None:
    await _worked_between_gatherings(convo)
    notes = await convo.say("/samskaping notat", as_="kari")
    assert "Notat til samlingen: Samling i kulturhuset" in notes and "Kulturhuset" in notes
    assert "*Ola (Skole)*: Foreldrene vil bli spurt." in notes and "Siri skriver privat her." in notes
    assert "Hvordan når vi foreldrene i SFO?" in notes  # a question raised
    assert "tiltakssporet" in notes or "organisasjonssporet" in notes or "begge spor" in notes
    assert "Forankringsmøte med ledelsen" in notes and "☐" in notes  # the milestone and its open checklist
    assert "Kommunedirektør (Oppover, informert) – ny" in notes
    assert "Koordinatorens eksemplar" in notes
    [reply] = await convo.send_command("/samskaping notat", as_="kari")
    assert reply.panel and reply.message is not None and reply.visibility == "private"
    assert "samskaping notes --group Bodø" in (reply.message.footer or "")


async def test_the_shareable_copy_has_no_names_and_only_consented_quotes(convo: Conversation) -> None:
    await _worked_between_gatherings(convo)
    notes = await convo.say("/samskaping notat delbar", as_="kari")
    assert "Delbart eksemplar" in notes and "Ola" not in notes and "Siri" not in notes
    assert "> Foreldrene vil bli spurt. Hvordan når vi foreldrene i SFO?" in notes
    assert "privat" not in notes  # siri did not consent
    assert "Temaer: forelder" in notes or "Temaer: foreldre" in notes


async def test_only_the_groups_coordinators_get_the_notes(convo: Conversation) -> None:
    await _worked_between_gatherings(convo)
    await convo.say("/samskaping bli-med kulturskole", as_="per")
    await convo.say("/samskaping rolle @per prosjektleder", as_="kari")
    for person in ("ola", "per"):
        refused = await convo.say("/samskaping notat", as_=person)
        assert "Bare gruppas koordinatorer" in refused and "Foreldrene" not in refused


async def test_a_named_gathering_and_bad_ones(convo: Conversation) -> None:
    await _worked_between_gatherings(convo)
    first = await convo.say("/samskaping notat 1", as_="kari")
    assert "Digitalt oppstartsmøte" in first and "Ingen oppgaver er postet" in first
    assert "Fant ingen samling «samling-9»" in await convo.say("/samskaping notat samling-9", as_="kari")
    assert "notat [samling] [delbar]" in await convo.say("/samskaping notat a b", as_="kari")


async def test_notes_in_nynorsk_and_english(convo: Conversation) -> None:
    await _worked_between_gatherings(convo)
    await convo.say("/samskaping språk nn", as_="kari")
    assert "Notat til samlinga" in await convo.say("/samskaping notat", as_="kari")
    await convo.say("/samskaping språk en", as_="kari")
    assert "Notes for the gathering" in await convo.say("/samskaping notes", as_="kari")


async def test_the_docx_opens_with_python_docx(convo: Conversation, tmp_path: Path) -> None:
    await _worked_between_gatherings(convo)
    lines, lang = await notes_lines(convo.app.ctx, "bodø", gathering=None, shareable=False, lang=None)
    out = tmp_path / "notat.docx"
    write_notes(lines, lang, out)
    document = Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Notat til samlingen: Samling i kulturhuset" in text
    assert "Ola (Skole): Foreldrene vil bli spurt." in text
    assert any(p.style is not None and p.style.name.startswith("Heading") for p in document.paragraphs)


async def test_the_html_is_printable_on_a4_and_escapes_what_people_wrote(convo: Conversation, tmp_path: Path) -> None:
    await group_on_demo_programme(convo)
    await convo.wait(timedelta(days=1, hours=2))
    await convo.say("/samskaping refleksjon <script>alert(1)</script> & mer", as_="ola")
    lines, lang = await notes_lines(convo.app.ctx, "Bodø", gathering=None, shareable=False, lang="en")
    out = tmp_path / "notes.html"
    write_notes(lines, lang, out)
    page = out.read_text(encoding="utf-8")
    assert "@page { size: A4" in page and '<html lang="en">' in page and "<main>" in page
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; mer" in page


@pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium (apt-get install chromium) to screenshot")
async def test_the_notes_render_in_chromium(convo: Conversation, tmp_path: Path) -> None:
    await _worked_between_gatherings(convo)
    lines, lang = await notes_lines(convo.app.ctx, "Bodø", gathering=None, shareable=False, lang=None)
    html, png = tmp_path / "notat.html", tmp_path / "notat.png"
    write_notes(lines, lang, html)
    await asyncio.to_thread(take_screenshot, html, png, tmp_path / "profile")
    data = await asyncio.to_thread(png.read_bytes)
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000  # a page with text, not an empty image
