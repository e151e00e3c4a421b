"""The house plan, enforced: a small kernel that imports no feature, features that import only what they declare,
pure rules without I/O, chat SDKs and CLI libraries only at the edges, and no direct clock reads."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

from bot.bootstrap import registry
from bot.features.enabled import FEATURES

BOT = Path(__file__).resolve().parent.parent / "bot"
TESTS = Path(__file__).resolve().parent
#: the kernel: the shared horizontal layer, plus the top-level modules every layer may use
KERNEL = ("kernel", "clock.py", "errors.py", "settings.py", "logs.py")
EDGES = ("adapters", "cli")
PLATFORM_LIBRARIES = ("slack_bolt", "slack_sdk", "microsoft_teams", "botbuilder", "typer", "rich", "fastapi",
                      "uvicorn", "aiohttp", "starlette")
#: pure rules: decisions over plain values, no database, files, network or processes
RULES = ("kernel/rules", "features/*/rules.py", "features/language/engine", "features/digest/section_values.py",
         "features/digest/themes.py", "kernel/programme/expand.py", "kernel/programme/schedule.py")
IO_MODULES = ("sqlalchemy", "sqlmodel", "aiosqlite", "asyncpg", "httpx", "aiohttp", "socket", "subprocess", "os",
              "pathlib", "shutil", "io", "gzip", "yaml", "asyncio", "bot.kernel.storage", "bot.kernel.content",
              "bot.kernel.context", "bot.settings", "bot.clock")
IO_CALLS = re.compile(r"\bopen\(|\.read_text\(|\.read_bytes\(")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
    return found


def _files(*places: str) -> list[Path]:
    found: set[Path] = set()
    for place in places:
        for match in BOT.glob(place):
            found |= set(match.rglob("*.py")) if match.is_dir() else {match}
    return sorted(found)


def _offenders(paths: list[Path], is_bad: Callable[[str], bool]) -> list[str]:
    return [f"{p.relative_to(BOT)} imports {name}" for p in paths for name in _imports(p) if is_bad(name)]


def _feature_of(name: str) -> str | None:
    parts = name.split(".")
    return parts[2] if len(parts) > 2 and parts[:2] == ["bot", "features"] and parts[2] != "enabled" else None


def test_the_kernel_imports_no_feature_and_nothing_above_it() -> None:
    above = ("bot.features", "bot.bootstrap", "bot.adapters", "bot.cli", "bot.migrations")
    assert _offenders(_files(*KERNEL), lambda n: n.startswith(above)) == []


def test_only_adapters_and_the_cli_import_a_chat_sdk_typer_or_rich() -> None:
    inner = [p for p in _files("**/*.py") if p.relative_to(BOT).parts[0] not in EDGES]
    assert _offenders(inner, lambda n: n.split(".")[0] in PLATFORM_LIBRARIES) == []


def test_rules_do_no_io() -> None:
    rules = _files(*RULES)
    assert len(rules) > 15, "the rule modules moved: update RULES"
    offenders = _offenders(rules, lambda n: any(n == m or n.startswith(m + ".") for m in IO_MODULES))
    offenders += [f"{p.relative_to(BOT)} reads a file" for p in rules if IO_CALLS.search(p.read_text("utf-8"))]
    assert offenders == []


def test_features_import_only_the_kernel_themselves_and_the_features_they_declare() -> None:
    needs = {f.name: set(f.needs) for f in FEATURES}
    offenders = []
    for path in _files("features"):
        parts = path.relative_to(BOT).parts
        if len(parts) < 3:
            continue
        own = parts[1]
        for name in _imports(path):
            other = _feature_of(name)
            if name.startswith(("bot.bootstrap", "bot.adapters", "bot.cli")):
                offenders.append(f"{path.relative_to(BOT)} imports {name} (above the features)")
            elif other not in (None, own) and other not in needs.get(own, set()):
                offenders.append(f"{path.relative_to(BOT)} imports {name} ({own} does not declare it needs {other})")
    assert offenders == []


def test_feature_dependencies_run_one_way() -> None:
    graph = {f.name: set(f.needs) for f in FEATURES}
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        pytest.fail(f"features depend on each other in a circle: {exc.args[1]}")
    assert set(order) == set(graph)


def test_every_feature_folder_is_in_the_one_list_with_its_tests() -> None:
    folders = {p.name for p in (BOT / "features").iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders == {f.name for f in FEATURES}
    assert all((TESTS / "features" / name).is_dir() for name in folders)


def test_no_feature_registers_itself_at_import() -> None:
    decorators = re.compile(r"^@\w*register", re.M)
    module_lists = re.compile(r"^[A-Z_]+: list\[", re.M)  # a module-level list that others append to
    offenders = [str(p.relative_to(BOT)) for p in _files("features", "kernel/commands", "kernel/delivery")
                 if decorators.search(p.read_text("utf-8")) or module_lists.search(p.read_text("utf-8"))]
    assert offenders == []


def test_the_digest_gets_every_declared_section() -> None:
    names = {provider.__name__ for provider in registry().digest_sections}
    assert names == {"milestone_status", "anchoring_status", "jargon_trend", "introduction_status", "support_requests"}


def test_nothing_reads_the_system_clock_outside_clock_py() -> None:
    pattern = re.compile(r"datetime\.now\(|date\.today\(|datetime\.utcnow\(|time\.time\(\)")
    offenders = [str(p.relative_to(BOT)) for p in BOT.rglob("*.py")
                 if p.name != "clock.py" and pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_every_exception_class_is_in_the_one_tree() -> None:
    defined = re.compile(r"^class (\w+)\((?:[\w.]*(?:Error|Exception)\b[^)]*)\):", re.M)
    offenders = [f"{p.relative_to(BOT)}: {name}" for p in BOT.rglob("*.py") if p.name != "errors.py"
                 for name in defined.findall(p.read_text(encoding="utf-8"))]
    assert offenders == []
