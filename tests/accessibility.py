"""axe-core in Debian's chromium (tests/js/axe_check.js) for the HTML the bot serves or writes.

Skips with a reason when Node, chromium or the npm packages (`npm ci --prefix tests/js`) are missing.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

JS = Path(__file__).resolve().parent / "js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
#: WCAG problems a municipality's accessibility statement must not have (axe's 'minor' ones are advice).
SERIOUS = frozenset({"moderate", "serious", "critical"})


def axe_unavailable_reason() -> str | None:
    """Why axe-core cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return "Node.js is not installed"
    if not Path(CHROMIUM).exists():
        return "Debian's chromium is not installed (apt-get install chromium)"
    if not (JS / "node_modules" / "axe-core").is_dir() or not (JS / "node_modules" / "playwright-core").is_dir():
        return "axe-core and playwright-core are not installed (npm ci --prefix tests/js)"
    return None


def axe_violations(*pages: Path) -> list[dict[str, Any]]:
    """The axe-core violations of moderate impact or above on these HTML files."""
    result = subprocess.run(["node", str(JS / "axe_check.js"), CHROMIUM, *map(str, pages)],  # noqa: S603
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return [v for v in json.loads(result.stdout) if v["impact"] in SERIOUS]
