"""The privacy kit: /personvern, /vilkar and /tilgjengelighet served in nb, nn and en, linked from Teams."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from bot.adapters.teams.manifest import PackageInput, build_manifest
from bot.adapters.web import create_web_app
from bot.bootstrap import Container, texts
from bot.features.privacy.pages import PAGES, page_html, retention_markdown
from bot.settings import Settings
from tests.accessibility import axe_unavailable_reason, axe_violations
from tests.fakes import Conversation

DOCS = Path(__file__).resolve().parents[3] / "docs" / "privacy.md"


async def _get(app: Container, path: str, **headers: str) -> httpx.Response:
    web = create_web_app(app, run_scheduler=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=web), base_url="http://test") as client:
        return await client.get(path, headers=headers)


@pytest.mark.parametrize(("query", "accept", "lang", "says"), [
    ("", "", "nb", "Hva vi lagrer"), ("?lang=nn", "", "nn", "Kva vi lagrar"), ("", "en-GB,en;q=0.8", "en",
                                                                             "What we store"),
    ("", "no,en;q=0.5", "nb", "Hva vi lagrer"), ("?lang=xx", "nn-NO", "nn", "Kva vi lagrar")])
async def test_the_privacy_statement_is_served_in_the_readers_language(
        app: Container, query: str, accept: str, lang: str, says: str) -> None:
    response = await _get(app, f"/personvern{query}", **({"Accept-Language": accept} if accept else {}))
    assert response.status_code == 200 and response.headers["content-language"] == lang
    assert f'<html lang="{lang}">' in response.text and says in response.text
    assert "default-src 'none'" in response.headers["content-security-policy"]


async def test_the_statement_names_the_controller_the_contact_the_threshold_and_who_reads_answers(
        app: Container) -> None:
    app.settings.privacy_controller = "Bodø kommune"
    app.settings.privacy_contact = "personvernombud@bodo.kommune.no"
    app.settings.digest_min_group_size = 5
    page = (await _get(app, "/personvern")).text
    assert "Behandlingsansvarlig er Bodø kommune" in page and "personvernombud@bodo.kommune.no" in page
    assert "færre enn 5 medlemmer" in page
    assert "Koordinatorene i gruppa leser svarene dine med navn og sektor" in page
    assert "<code>/samskaping slett-mine-data</code>" in page


async def test_without_a_controller_the_page_says_to_ask_the_coordinator_and_escapes_what_it_shows(
        app: Container) -> None:
    app.settings.privacy_contact = "<script>alert(1)</script>"
    page = (await _get(app, "/vilkar?lang=en")).text
    assert "ask your coordinator" not in page  # the contact is set, so it is shown …
    assert "&lt;script&gt;" in page and "<script>" not in page  # … escaped
    assert "ask your coordinator" in (await _get(app, "/personvern?lang=en")).text  # no controller set


async def test_the_teams_app_links_pages_the_server_serves(app: Container) -> None:
    manifest = build_manifest(PackageInput(bot_id="6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e",
                                           domain="samskaping.bodo.kommune.no", website="https://bodo.kommune.no"))
    for key in ("privacyUrl", "termsOfUseUrl"):
        url = manifest["developer"][key]
        assert url.startswith("https://samskaping.bodo.kommune.no/")
        assert (await _get(app, url.removeprefix("https://samskaping.bodo.kommune.no"))).status_code == 200


def test_docs_privacy_md_holds_the_retention_table_generated_from_the_default_settings() -> None:
    defaults = Settings(_env_file=None)  # type: ignore[call-arg]
    table = retention_markdown(defaults, texts().t)
    block = re.search(r"<!-- retention:start -->\n(.*?)\n<!-- retention:end -->", DOCS.read_text(), re.S)
    assert block is not None and block.group(1) == table, "run `samskaping privacy retention` and paste it"


@pytest.mark.skipif(axe_unavailable_reason() is not None, reason=str(axe_unavailable_reason()))
def test_every_page_in_every_language_has_no_accessibility_violation(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, privacy_controller="Bodø kommune")  # type: ignore[call-arg]
    pages = []
    for path in PAGES:
        for lang in ("nb", "nn", "en"):
            pages.append(tmp_path / f"{path}-{lang}.html")
            pages[-1].write_text(page_html(path, lang, settings, texts().t), encoding="utf-8")
    assert axe_violations(*pages) == []


async def test_the_privacy_command_links_the_pages_in_the_askers_language(convo: Conversation) -> None:
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    answer = await convo.say("/samskaping personvern", as_="kari")
    assert "http://localhost:3000/personvern?lang=nb" in answer and "/vilkar?lang=nb" in answer
    await convo.say("/samskaping språk en", as_="kari")
    assert "/personvern?lang=en" in await convo.say("/samskaping privacy", as_="kari")
