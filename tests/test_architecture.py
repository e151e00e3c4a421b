"""The house plan, enforced: a platform-free core, imports only downwards, no direct clock reads."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parent.parent / "bot"
CORE_LAYERS = ("core", "services", "chat", "commands")
FORBIDDEN_IN_CORE = ("slack_bolt", "slack_sdk", "microsoft_teams", "botbuilder", "typer", "rich", "fastapi",
                     "uvicorn", "aiohttp")
# Each layer may import itself and the layers listed after it, never those above it.
ALLOWED = {
    "adapters": {"adapters", "commands", "services", "delivery", "chat", "core", "storage", "content", "bootstrap",
                 "settings", "clock", "errors", "logs", "reports"},
    "commands": {"commands", "services", "chat", "core", "errors", "content", "storage", "settings", "clock"},
    "services": {"services", "delivery", "chat", "core", "storage", "content", "errors", "settings", "clock"},
    "delivery": {"delivery", "chat", "core", "storage", "clock", "content", "settings"},
    "chat": {"chat", "core", "clock"},
    "storage": {"storage", "core", "settings"},
    "content": {"content", "core"},
    "core": {"core", "content"},
}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
    return found


def _files(layer: str) -> list[Path]:
    return sorted((BOT / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", CORE_LAYERS)
def test_the_core_imports_no_chat_sdk_and_no_cli_library(layer: str) -> None:
    offenders = [f"{path.relative_to(BOT)}: {name}" for path in _files(layer) for name in _imports(path)
                 if name.split(".")[0] in FORBIDDEN_IN_CORE]
    assert offenders == []


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_imports_only_run_down_the_layers(layer: str) -> None:
    offenders = []
    for path in _files(layer):
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] == "bot" and len(parts) > 1 and parts[1] not in ALLOWED[layer]:
                offenders.append(f"{path.relative_to(BOT)} imports {name}")
    assert offenders == []


def test_nothing_reads_the_system_clock_outside_clock_py() -> None:
    pattern = re.compile(r"datetime\.now\(|date\.today\(|datetime\.utcnow\(|time\.time\(\)")
    offenders = [str(p.relative_to(BOT)) for p in BOT.rglob("*.py")
                 if p.name != "clock.py" and pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_the_architecture_test_sees_every_layer() -> None:
    assert all((BOT / layer).is_dir() for layer in (*CORE_LAYERS, "storage", "delivery", "content", "adapters"))
