"""The CLI's progress display: on a terminal after the delay, never in piped output."""

from __future__ import annotations

import io
import time

from rich.console import Console

from bot.cli.progress import working


def test_long_work_on_a_terminal_shows_what_it_does() -> None:
    screen = io.StringIO()
    with working("Building the digest", console=Console(file=screen, force_terminal=True), delay=0.01):
        time.sleep(0.3)
    assert "Building the digest" in screen.getvalue()


def test_short_work_and_piped_output_show_nothing() -> None:
    quick, piped = io.StringIO(), io.StringIO()
    with working("Building the digest", console=Console(file=quick, force_terminal=True), delay=5):
        pass
    with working("Building the digest", console=Console(file=piped, force_terminal=False), delay=0):
        time.sleep(0.05)
    assert quick.getvalue() == "" and piped.getvalue() == ""
