"""A spinner with elapsed time on stderr for CLI work that takes more than a second (only on a terminal)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

DELAY_SECONDS = 1.0


@contextmanager
def working(description: str, *, console: Console | None = None, delay: float = DELAY_SECONDS) -> Iterator[None]:
    """Show `description`, a spinner and the elapsed time once the work has taken `delay` seconds."""
    console = console or Console(stderr=True)
    if not console.is_terminal:  # piped or redirected: plain output only
        yield
        return
    display = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                       console=console, transient=True)
    display.add_task(description, total=None)
    lock = threading.Lock()
    finished = False

    def start() -> None:
        with lock:
            if not finished:
                display.start()

    timer = threading.Timer(delay, start)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            finished = True
            timer.cancel()
            display.stop()
