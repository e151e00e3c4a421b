"""`python -m bot.cli.screenshot [report.png]`: write a demo report (synthetic programme) and screenshot it.

Uses Debian's chromium (`apt-get install chromium`) headless; the report is written next to the PNG as HTML.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import SQLModel

from bot.bootstrap import build
from bot.clock import ManualClock
from bot.features.digest.report.build import write_report
from bot.features.digest.report.sample import SampleSize, seed_sample
from bot.kernel.storage import tables  # noqa: F401 - registers the tables
from bot.settings import Settings

NOW = datetime(2026, 12, 7, 7, 0, tzinfo=UTC)
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync")


async def write_demo_report(folder: Path, html: Path) -> Path:
    """A synthetic eight-group programme in a throwaway SQLite database, rendered as HTML."""
    settings = Settings(database_url=f"sqlite+aiosqlite:///{folder}/demo.db", _env_file=None)
    app = build(settings, clock=ManualClock(NOW))
    try:
        async with app.engine.begin() as connection:
            await connection.run_sync(SQLModel.metadata.create_all)
        programme, week = await seed_sample(app.engine, now=NOW, size=SampleSize(groups=8, members=120,
                                                                                 reflections=900, weeks=8))
        return await write_report(app, programme, week, html)
    finally:
        await app.close()


def take_screenshot(html: Path, png: Path, profile: Path) -> None:
    """Render `html` in headless chromium at 1200×1600 and save a PNG."""
    browser = shutil.which("chromium") or "/usr/bin/chromium"
    subprocess.run([browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--screenshot={png.resolve()}",  # noqa: S603
                    "--window-size=1200,1600", html.resolve().as_uri()], check=True, capture_output=True, timeout=120)


def main() -> None:
    png = Path(sys.argv[1] if len(sys.argv) > 1 else "report.png")
    html = png.with_suffix(".html")
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(write_demo_report(Path(folder), html))
        take_screenshot(html, png, Path(folder) / "profile")
    print(f"wrote {html} and {png}")


if __name__ == "__main__":
    main()
