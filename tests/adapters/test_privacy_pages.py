"""The privacy kit: GET /personvern and /vilkar in nb, nn and en, served by `samskaping serve`, linked from the
Teams package, naming the controller and contact from the settings, with the retention table from the settings."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from bot.adapters.platforms import mount_platforms
from bot.adapters.teams.manifest import PackageInput, build_manifest
from bot.bootstrap import Container, build
from bot.settings import Settings

CHROMIUM = Path("/usr/bin/chromium")
HEADINGS = {"nb": ("Personvern i Samskaping", "Hvor lenge", "12 måneder etter gruppas siste oppgave"),
            "nn": ("Personvern i Samskaping", "Kor lenge", "12 månader etter den siste oppgåva til gruppa"),
            "en": ("Privacy in Samskaping", "For how long", "12 months after the group")}


@pytest.fixture
async def kit_app(database_url: str) -> Container:
    settings = Settings(database_url=database_url, privacy_controller="Bodø kommune",  # type: ignore[call-arg]
                        privacy_contact="personvern@bodo.kommune.no", _env_file=None)
    container = build(settings)
    yield container  # type: ignore[misc]
    await container.close()


def _client(app: Container) -> httpx.AsyncClient:
    web = FastAPI()
    mount_platforms(web, app, app.settings)  # what `samskaping serve` mounts
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=web), base_url="http://test")


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
async def test_the_privacy_page_in_each_language(kit_app: Container, lang: str) -> None:
    async with _client(kit_app) as client:
        page = await client.get("/personvern", params={"lang": lang})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert f'<html lang="{lang}">' in html and all(h in html for h in HEADINGS[lang])
    assert "Bodø kommune" in html and "personvern@bodo.kommune.no" in html
    assert "<code>/samskaping svarene</code>" in html or "<code>/samskaping answers</code>" in html  # coordinators read
    assert "<script" not in html and "default-src 'none'" in page.headers["content-security-policy"]


@pytest.mark.parametrize("path", ["/vilkar", "/terms", "/privacy", "/personvern?lang=xx"])
async def test_terms_aliases_and_unknown_languages(kit_app: Container, path: str) -> None:
    async with _client(kit_app) as client:
        page = await client.get(path)
    assert page.status_code == 200 and '<html lang="nb">' in page.text


async def test_the_pages_follow_the_retention_settings(database_url: str) -> None:
    settings = Settings(database_url=database_url, retention_answers_months=1, _env_file=None)  # type: ignore[call-arg]
    container = build(settings)
    try:
        async with _client(container) as client:
            html = (await client.get("/personvern")).text
    finally:
        await container.close()
    assert "1 måned etter gruppas siste oppgave" in html and "ikke oppgitt" in html


def test_the_teams_package_links_the_pages_on_the_bots_own_host() -> None:
    manifest = build_manifest(PackageInput(bot_id="00000000-0000-0000-0000-000000000001", domain="bot.bodo.no",
                                           website="https://bodo.kommune.no"))
    assert manifest["developer"]["privacyUrl"] == "https://bot.bodo.no/personvern"
    assert manifest["developer"]["termsOfUseUrl"] == "https://bot.bodo.no/vilkar"


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (apt-get install chromium)")
@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
async def test_the_privacy_page_renders_in_chromium(kit_app: Container, tmp_path: Path, lang: str) -> None:
    async with _client(kit_app) as client:
        html = (await client.get("/personvern", params={"lang": lang})).text
    page = tmp_path / f"personvern-{lang}.html"
    page.write_text(html, encoding="utf-8")
    args = [str(shutil.which("chromium") or CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([*args, "--dump-dom", page.as_uri()], capture_output=True, text=True,  # noqa: ASYNC221
                         timeout=90, check=False)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert all(h in dom.stdout for h in HEADINGS[lang]) and dom.stdout.count("<h2>") == 8
