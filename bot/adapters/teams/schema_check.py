"""A small JSON Schema validator: the keywords Microsoft's Teams manifest schema uses, nothing more.

Covers type, enum, const, pattern, min/maxLength, minimum/maximum, properties, required,
additionalProperties, minProperties, dependencies, items, min/maxItems, uniqueItems, $ref (local),
anyOf, oneOf, not, if/then. `format` is an annotation and not checked. Errors name the JSON path.
"""

from __future__ import annotations

import json
import re
from typing import Any

_TYPES: dict[str, tuple[type, ...]] = {"object": (dict,), "array": (list,), "string": (str,), "boolean": (bool,),
                                       "integer": (int,), "number": (int, float), "null": (type(None),)}


def _is_type(value: Any, name: str) -> bool:
    if isinstance(value, bool) and name in ("integer", "number"):
        return False
    return isinstance(value, _TYPES[name])


class Validator:
    """Validate instances against one schema document; `errors(instance)` lists every problem found."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.root = schema

    def errors(self, instance: Any) -> list[str]:
        found: list[str] = []
        self._check(instance, self.root, "$", found)
        return found

    def _resolve(self, ref: str) -> dict[str, Any]:
        node: Any = self.root
        for part in ref.removeprefix("#/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        resolved: dict[str, Any] = node
        return resolved

    def _check(self, value: Any, schema: dict[str, Any], path: str, out: list[str]) -> None:
        if "$ref" in schema:
            self._check(value, self._resolve(schema["$ref"]), path, out)
        types = schema.get("type")
        if types is not None:
            names = types if isinstance(types, list) else [types]
            if not any(_is_type(value, n) for n in names):
                out.append(f"{path}: expected {'/'.join(names)}")
                return
        if "enum" in schema and value not in schema["enum"]:
            out.append(f"{path}: {value!r} is not one of {schema['enum']}")
        if "const" in schema and value != schema["const"]:
            out.append(f"{path}: must be {schema['const']!r}")
        self._combinators(value, schema, path, out)
        if isinstance(value, str):
            self._string(value, schema, path, out)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            self._number(value, schema, path, out)
        elif isinstance(value, dict):
            self._object(value, schema, path, out)
        elif isinstance(value, list):
            self._array(value, schema, path, out)

    def _combinators(self, value: Any, schema: dict[str, Any], path: str, out: list[str]) -> None:
        if "anyOf" in schema and not any(self._ok(value, s) for s in schema["anyOf"]):
            out.append(f"{path}: matches none of anyOf")
        if "oneOf" in schema and sum(self._ok(value, s) for s in schema["oneOf"]) != 1:
            out.append(f"{path}: must match exactly one of oneOf")
        if "not" in schema and self._ok(value, schema["not"]):
            out.append(f"{path}: must not match the 'not' schema")
        if "if" in schema and self._ok(value, schema["if"]) and "then" in schema:
            self._check(value, schema["then"], path, out)

    def _ok(self, value: Any, schema: dict[str, Any]) -> bool:
        probe: list[str] = []
        self._check(value, schema, "", probe)
        return not probe

    def _string(self, value: str, schema: dict[str, Any], path: str, out: list[str]) -> None:
        if len(value) > schema.get("maxLength", len(value)):
            out.append(f"{path}: longer than {schema['maxLength']} characters")
        if len(value) < schema.get("minLength", 0):
            out.append(f"{path}: shorter than {schema['minLength']} characters")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            out.append(f"{path}: does not match {schema['pattern']}")

    def _number(self, value: float, schema: dict[str, Any], path: str, out: list[str]) -> None:
        if "maximum" in schema and value > schema["maximum"]:
            out.append(f"{path}: above {schema['maximum']}")
        if "minimum" in schema and value < schema["minimum"]:
            out.append(f"{path}: below {schema['minimum']}")

    def _object(self, value: dict[str, Any], schema: dict[str, Any], path: str, out: list[str]) -> None:
        properties = schema.get("properties", {})
        out += [f"{path}: '{name}' is required" for name in schema.get("required", []) if name not in value]
        if len(value) < schema.get("minProperties", 0):
            out.append(f"{path}: needs at least {schema['minProperties']} properties")
        for name, needs in schema.get("dependencies", {}).items():
            if name in value and isinstance(needs, list):
                out += [f"{path}: '{name}' needs '{n}'" for n in needs if n not in value]
            elif name in value and isinstance(needs, dict):
                self._check(value, needs, path, out)
        extra = schema.get("additionalProperties", True)
        for name, item in value.items():
            if name in properties:
                self._check(item, properties[name], f"{path}.{name}", out)
            elif extra is False:
                out.append(f"{path}: unexpected property '{name}'")
            elif isinstance(extra, dict):
                self._check(item, extra, f"{path}.{name}", out)

    def _array(self, value: list[Any], schema: dict[str, Any], path: str, out: list[str]) -> None:
        if len(value) > schema.get("maxItems", len(value)):
            out.append(f"{path}: more than {schema['maxItems']} items")
        if len(value) < schema.get("minItems", 0):
            out.append(f"{path}: fewer than {schema['minItems']} items")
        if schema.get("uniqueItems") and len({json.dumps(v, sort_keys=True) for v in value}) != len(value):
            out.append(f"{path}: items must be unique")
        if isinstance(schema.get("items"), dict):
            for index, item in enumerate(value):
                self._check(item, schema["items"], f"{path}[{index}]", out)
