"""The Adaptive Cards renderer's own validator (npm `adaptivecards`, run in Node) as a test oracle.

One Node process per test worker reads cards line by line (tests/js/validate_cards.js). When Node or the
package is missing (`npm ci --prefix tests/js` installs it) the check reports itself unavailable and the
pure-Python rules in card_rules.py still run.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

SCRIPT = Path(__file__).resolve().parents[2] / "js" / "validate_cards.js"
PACKAGE = SCRIPT.parent / "node_modules" / "adaptivecards"


def unavailable_reason() -> str | None:
    """Why the renderer check cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return "Node.js is not installed"
    if not PACKAGE.is_dir():
        return "the npm package adaptivecards is not installed (npm ci --prefix tests/js)"
    return None


class RendererCheck:
    """A long-lived `node validate_cards.js`: one card in, its problems out."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[str] | None = None

    def problems(self, card: dict[str, Any]) -> list[str]:
        if unavailable_reason() is not None:
            return []
        if self._process is None or self._process.poll() is not None:
            self._process = subprocess.Popen(
                ["node", str(SCRIPT)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.write(json.dumps(card) + "\n")
        self._process.stdin.flush()
        return [f"adaptivecards: {problem}" for problem in json.loads(self._process.stdout.readline())]


RENDERER = RendererCheck()
