"""The HTML report: privacy, self-contained and deterministic, optional sections, the signed route, a real browser."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from bot.adapters.report_web import mount_reports
from bot.bootstrap import Container
from bot.features.digest.report import report_html, write_report
from bot.features.digest.report import tokens as report_tokens
from bot.features.digest.section_values import AnchoringStatus, JargonTrend, MilestoneStatus, Section
from bot.features.digest.sections import DigestScope, SectionProvider
from bot.kernel.commands.registry import Feature, Registry
from tests.accessibility import axe_unavailable_reason, axe_violations
from tests.features.digest.digest_fixture import WEEK, seed_programme
from tests.features.digest.test_digest import assert_no_person

CHROMIUM = Path("/usr/bin/chromium")


async def _seed(app: Container) -> None:
    async with app.ctx.uow() as uow:
        await seed_programme(uow)


async def _sections(_session: object, scope: DigestScope) -> Mapping[int, Section]:
    first = scope.group_ids[0]
    return {first: MilestoneStatus(done=2, due=1, overdue=2), scope.group_ids[1]: AnchoringStatus(
        {"sideways": 3, "up": 1, "down": 2}, {"informed": 4, "involved": 2})}


async def _jargon(_session: object, scope: DigestScope) -> Mapping[int, Section]:
    return {gid: JargonTrend(3, 60, 5, 50) for gid in scope.group_ids}


async def _broken(_session: object, _scope: DigestScope) -> Mapping[int, Section]:
    raise RuntimeError("the milestone table does not exist yet")


def _with_sections(*providers: SectionProvider) -> Registry:
    """The app's features, but only these digest sections."""
    return Registry((Feature("test", digest_sections=providers),))


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
async def test_the_report_names_no_person_and_quotes_only_consented_text(app: Container, lang: str) -> None:
    await _seed(app)
    page = await report_html(app, "pilot", WEEK, lang=lang)
    assert_no_person(re.sub(r"<[^>]+>", " ", page))
    assert "Bodø" in page and "Alta" in page and "<svg" in page


async def test_the_report_is_self_contained_and_byte_identical_on_a_second_run(app: Container) -> None:
    await _seed(app)
    first, second = await report_html(app, "pilot", WEEK), await report_html(app, "pilot", WEEK)
    assert first == second
    assert "<script" not in first and "<link" not in first and "<img" not in first
    assert not re.search(r"""(src|href)=["']?https?:""", first)
    urls = {u for u in re.findall(r"https?://[^\s\"'<>]+", first)}
    assert all(u.startswith(("http://www.w3.org/", "http://purl.org/dc/", "http://creativecommons.org/",
                             "https://matplotlib.org/")) for u in urls), urls  # XML namespaces and SVG metadata


async def test_sections_appear_when_providers_have_data_and_a_broken_provider_is_left_out(
        app: Container, monkeypatch: pytest.MonkeyPatch) -> None:
    await _seed(app)
    page_without = await report_html(app, "pilot", WEEK)
    monkeypatch.setattr(app.ctx, "features", _with_sections(_broken, _sections, _jargon))
    page = await report_html(app, "pilot", WEEK)
    assert page_without.count("<svg") == 1 and page.count("<svg") == 4
    assert "Milepæler per gruppe" in page and "Forankring etter retning" in page and "Fagspråk per 100" in page
    assert "2 ferdig · 1 med frist · 2 forsinket" in page and "2 forsinkede milepæler" in page
    assert "5 funn per 100 meldinger (−5 fra forrige uke)" in page  # 12/240 now, 20/200 before


async def test_the_report_route_needs_a_valid_unexpired_token(app: Container) -> None:
    await _seed(app)
    app.settings.report_secret_key = "route-secret"
    web = FastAPI()
    mount_reports(web, app)
    now = app.ctx.clock.now()
    good = report_tokens.sign("route-secret", 1, str(WEEK), now + timedelta(days=1))
    expired = report_tokens.sign("route-secret", 1, str(WEEK), now - timedelta(seconds=1))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=web), base_url="http://test") as client:
        ok = await client.get(f"/reports/1/{WEEK}", params={"token": good})
        assert ok.status_code == 200 and "Fremtidens kulturskole" in ok.text
        assert ok.headers["cache-control"] == "private, no-store"
        for token in ("", expired, good.replace(".", ".0"), "x.y"):
            assert (await client.get(f"/reports/1/{WEEK}", params={"token": token})).status_code == 404
        assert (await client.get("/reports/1/2026-W48", params={"token": good})).status_code == 404
        assert (await client.get(f"/reports/2/{WEEK}", params={"token": good})).status_code == 404


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (apt-get install chromium)")
async def test_the_report_renders_in_a_headless_browser(app: Container, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    await _seed(app)
    monkeypatch.setattr(app.ctx, "features", _with_sections(_sections, _jargon))
    report = await write_report(app, "pilot", WEEK, tmp_path / "report.html")
    shot = tmp_path / "report.png"
    result = screenshot(report, shot, tmp_path / "profile")
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    dom = subprocess.run([*_chromium_args(tmp_path / "profile2"), "--dump-dom", report.as_uri()],  # noqa: ASYNC221
                         capture_output=True, text=True, timeout=90, check=False)
    assert dom.returncode == 0 and dom.stdout.count("<svg") == 4 and "Trenger oppfølging" in dom.stdout


def _chromium_args(profile: Path) -> list[str]:
    return [str(shutil.which("chromium") or CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
            f"--user-data-dir={profile}"]


def screenshot(report: Path, png: Path, profile: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*_chromium_args(profile), f"--screenshot={png}", "--window-size=1200,1600",  # noqa: S603
                           report.as_uri()], capture_output=True, text=True, timeout=90, check=False)


async def test_the_report_has_landmarks_headers_and_text_alternatives_and_prints_on_a4(
        app: Container, monkeypatch: pytest.MonkeyPatch) -> None:
    await _seed(app)
    monkeypatch.setattr(app.ctx, "features", _with_sections(_sections, _jargon))
    page = await report_html(app, "pilot", WEEK)
    assert page.count("<main>") == 1 and page.index("</header>") < page.index("<main>") < page.index("</main>")
    assert page.count("<svg") == page.count('<svg role="img" aria-label="') == 4
    assert 'aria-label="Milepæler per gruppe"' in page
    assert '<th scope="col">Sektor</th>' in page and '<th scope="row">' in page and "<td>Bodø" not in page
    assert "@page { size: A4" in page


@pytest.mark.skipif(axe_unavailable_reason() is not None, reason=str(axe_unavailable_reason()))
async def test_axe_core_finds_no_violation_of_moderate_impact_or_above(
        app: Container, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    await _seed(app)
    monkeypatch.setattr(app.ctx, "features", _with_sections(_sections, _jargon))
    pages = [await write_report(app, "pilot", WEEK, tmp_path / f"report-{lang}.html", lang=lang)
             for lang in ("nb", "nn", "en")]
    assert axe_violations(*pages) == []
