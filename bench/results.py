"""One line per measured figure, the same for every benchmark, so `make bench` can gather them into one table.

A benchmark prints its own lines as it goes and, when run with `--results FILE` (as `python -m bench.all`
does), appends its `Figure`s to FILE as JSON lines.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Figure:
    """One measured figure next to its target and the baseline measured in the same run."""

    bench: str
    what: str
    figure: str
    target: str  # "" when the issue sets no target (report only)
    baseline: str
    database: str  # "SQLite", "PostgreSQL" or "–"
    met: bool | None  # None: no target

    @property
    def verdict(self) -> str:
        return "–" if self.met is None else ("met" if self.met else "NOT met")


def add_results_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--results", type=Path, default=None, help="append the figures to this file (JSON lines)")


def record(path: Path | None, figures: list[Figure]) -> None:
    """Print the figures and, with a results file, append them to it."""
    for f in figures:
        print(f"  → {f.what} [{f.database}]: {f.figure} (target {f.target or '–'}; baseline {f.baseline}) "
              f"{f.verdict}")
    if path is not None:
        with path.open("a", encoding="utf-8") as out:
            for f in figures:
                out.write(json.dumps(asdict(f), ensure_ascii=False) + "\n")


def load(path: Path) -> list[Figure]:
    if not path.exists():
        return []
    return [Figure(**json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
