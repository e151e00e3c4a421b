"""Read content YAML (libyaml when present) with line numbers kept; explain validation errors as `file:line: reason`.

The loader keeps `10:30` a string (plain PyYAML reads it as the base-60 number 630) and only
`true`/`false` as booleans (plain PyYAML turns `no`, `on`, `off` into booleans).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from bot.errors import YamlFileError

Loc = Sequence[str | int]
M = TypeVar("M", bound=BaseModel)

_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"


#: libyaml's parser when PyYAML was built with it (about ten times faster), else the pure-Python one
SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ContentLoader(SafeLoader):  # type: ignore[valid-type,misc]  # a base chosen at import time
    """SafeLoader without YAML 1.1's sexagesimal numbers and yes/no/on/off booleans."""


ContentLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_INT, _FLOAT, _BOOL)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
ContentLoader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|false|False)$"), list("tTfF"))
ContentLoader.add_implicit_resolver(_INT, re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$"), list("-+0123456789"))
ContentLoader.add_implicit_resolver(
    _FLOAT, re.compile(r"^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]+(?:[eE][-+][0-9]+)?$"), list("-+0123456789.")
)


class FastContentLoader(yaml.CSafeLoader):
    """ContentLoader's rules on libyaml's C parser: several times faster, but without line numbers."""


FastContentLoader.yaml_implicit_resolvers = ContentLoader.yaml_implicit_resolvers


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a content file, in plain words, with where to look."""

    file: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"




@dataclass(frozen=True)
class YamlDocument:
    """Parsed YAML data together with its node tree, so paths map back to lines."""

    path: Path
    data: Any
    root: yaml.Node | None

    def line_of(self, loc: Loc) -> int | None:
        """The 1-based line of the deepest node that `loc` reaches."""
        node, line = self.root, self.root.start_mark.line + 1 if self.root else None
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                match = next((kv for kv in node.value if kv[0].value == str(part)), None)
                if match:
                    node, line = match[1], match[0].start_mark.line + 1
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                node = node.value[part]
                line = node.start_mark.line + 1
        return line

    def problem(self, loc: Loc, message: str) -> Problem:
        where = format_loc(loc)
        return Problem(self.path, self.line_of(loc), f"{where}: {message}" if where else message)


def read_yaml(path: Path) -> YamlDocument:
    """Parse one file; a syntax error becomes a ContentError (a YamlFileError) naming the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise YamlFileError([Problem(path, None, f"cannot read the file ({exc})")]) from exc
    loader = ContentLoader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or str(exc)
        line = mark.line + 1 if mark else None
        raise YamlFileError([Problem(path, line, f"not valid YAML: {reason}")]) from exc
    finally:
        loader.dispose()
    return YamlDocument(path, data, root)


def read_data(path: Path) -> Any:
    """A file's data parsed fast (FastContentLoader); raises OSError, UnicodeError or yaml.YAMLError.

    For files that are nearly always valid (shipped data): parse fast, validate, and only on a problem read
    the file again with `read_yaml` to say on which line it is.
    """
    return yaml.load(path.read_text(encoding="utf-8"), Loader=FastContentLoader)  # noqa: S506 - a safe loader


def format_loc(loc: Loc) -> str:
    """`('gatherings', 2, 'form')` → `gatherings[2].form`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def known_fields(model: type[BaseModel]) -> set[str]:
    """Every field name in a model and the models nested in it (for 'did you mean' hints)."""
    seen: set[str] = set()
    stack: list[Any] = [model]
    visited: set[Any] = set()
    while stack:
        current = stack.pop()
        if current in visited:
            continue
        visited.add(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            for name, info in current.model_fields.items():
                seen.add(name)
                stack.append(info.annotation)
        stack.extend(getattr(current, "__args__", ()))
    return seen


def explain(
    doc: YamlDocument, error: ValidationError, prefix: Loc = (), fields: Iterable[str] = ()
) -> list[Problem]:
    """One plain-words problem per pydantic error, with the line it points at."""
    names = sorted(set(fields))
    return [doc.problem([*prefix, *_clean_loc(e["loc"])], _reason(e, names)) for e in error.errors()]


def _clean_loc(loc: tuple[str | int, ...]) -> list[str | int]:
    # Pydantic adds validator names such as 'function-after[...]' to some paths; they are not in the file.
    return [p for p in loc if not (isinstance(p, str) and ("[" in p or p.startswith("function")))]


def _reason(error: ErrorDetails, fields: list[str]) -> str:
    kind, loc, value = error["type"], error["loc"], error.get("input")
    field = str(loc[-1]) if loc else "value"
    if kind == "missing":
        if field == "nb":
            return "the bokmål text ('nb') is missing; bokmål is required (nynorsk and English are optional)"
        return f"'{field}' is missing"
    if kind == "extra_forbidden":
        hint = difflib.get_close_matches(field, fields, n=1)
        return f"unknown field '{field}'" + (f" (did you mean '{hint[0]}'?)" if hint else "")
    if kind in ("literal_error", "enum"):
        return f"{value!r} is not an allowed value; allowed: {(error.get('ctx') or {}).get('expected', '')}"
    if kind == "string_pattern_mismatch":
        return f"{value!r} is not a valid id: use lower-case letters, digits and hyphens, e.g. 'samling-1'"
    if kind.startswith("time"):
        return f"{value!r} is not a time of day; write it in quotes as \"HH:MM\", e.g. \"09:00\""
    if kind.startswith("date"):
        return f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2027-01-14"
    if kind.startswith("int"):
        return f"{value!r} is not a whole number"
    if kind == "string_too_short":
        return "must not be empty"
    if kind in ("value_error", "assertion_error"):
        return str(error["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return str(error["msg"])


def load_list_file(path: Path, key: str, model: type[M]) -> tuple[list[M], list[Problem]]:
    """Validate each item of a file's top-level `key:` list; bad items become problems, good ones load."""
    try:
        doc = read_yaml(path)
        items = _top_level_list(doc, key)
    except YamlFileError as exc:
        return [], list(exc.problems)
    valid: list[M] = []
    problems: list[Problem] = []
    fields = known_fields(model)
    for index, item in enumerate(items):
        try:
            valid.append(model.model_validate(item))
        except ValidationError as exc:
            problems += explain(doc, exc, (key, index), fields)
    return valid, problems


def _top_level_list(doc: YamlDocument, key: str) -> list[Any]:
    data = doc.data
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(data, dict) or not isinstance(items, list):
        raise YamlFileError([doc.problem((), f"expected a top-level '{key}:' list")])
    extra = sorted(set(data) - {key})
    if extra:
        raise YamlFileError([doc.problem((extra[0],), f"unknown top-level key (only '{key}:')")])
    return items
