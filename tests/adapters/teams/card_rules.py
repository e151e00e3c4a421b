"""What Teams' Adaptive Card host config refuses or hides, checked on every card the bot sends.

The Teams host config renders at most 6 actions per action collection (`actions.maxActions`) and cards up to
schema 1.5; anything beyond is silently not shown, so a test that only checks the JSON shape would pass while
people cannot reach the buttons. Every card also goes through the Adaptive Cards renderer's own validator when
Node is available (renderer_check.py), and the whole activity must stay under Teams' message size limit.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

from tests.adapters.teams.renderer_check import RENDERER

CARD_TYPE = "application/vnd.microsoft.card.adaptive"
MAX_ACTIONS = 6
MAX_VERSION = (1, 5)
#: Teams refuses bot messages over about 28 KB (413 "Request Entity Too Large"); keep a margin.
MAX_ACTIVITY_BYTES = 28_000


def _elements(items: list[Any]) -> Iterator[dict[str, Any]]:
    for item in items:
        if isinstance(item, dict):
            yield item
            for key in ("items", "columns", "body"):
                if isinstance(item.get(key), list):
                    yield from _elements(item[key])


def card_problems(card: dict[str, Any]) -> list[str]:
    """Every rule of the Teams host config the card breaks (empty when Teams shows all of it)."""
    problems = RENDERER.problems(card)
    version = tuple(int(part) for part in str(card.get("version", "1.0")).split("."))
    if version > MAX_VERSION:
        problems.append(f"version {card.get('version')} > 1.5")
    if len(card.get("actions") or []) > MAX_ACTIONS:
        problems.append(f"{len(card['actions'])} card actions (Teams shows {MAX_ACTIONS})")
    for element in _elements(card.get("body") or []):
        if element.get("type") == "ActionSet" and len(element.get("actions") or []) > MAX_ACTIONS:
            problems.append(f"an ActionSet of {len(element['actions'])} actions (Teams shows {MAX_ACTIONS})")
        if str(element.get("type", "")).startswith("Input.") and element.get("isRequired") \
                and not element.get("errorMessage"):
            problems.append(f"required input {element.get('id')!r} without an errorMessage (Teams shows none)")
    ids = Counter(element["id"] for element in _elements(card.get("body") or []) if element.get("id"))
    problems += [f"id {element_id!r} used {count} times" for element_id, count in ids.items() if count > 1]
    return problems


def activity_problems(activity: Any) -> list[str]:
    """The problems of every Adaptive Card attached to an outgoing activity."""
    if not isinstance(activity, dict):
        return []
    size = len(json.dumps(activity, ensure_ascii=False).encode())
    too_big = [f"activity of {size} bytes (Teams accepts about {MAX_ACTIVITY_BYTES})"] * (size > MAX_ACTIVITY_BYTES)
    return too_big + [problem for attachment in activity.get("attachments") or []
            if isinstance(attachment, dict) and attachment.get("contentType") == CARD_TYPE
            for problem in card_problems(attachment.get("content") or {})]
