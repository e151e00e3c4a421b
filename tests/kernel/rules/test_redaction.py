"""Scrubbing one person out of free text and JSON: whole ids and names only, answers as written, JSON stays valid."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from bot.kernel.rules.redaction import REMOVED, Erasure

ERASURE = Erasure(1, "U07", "deleted-abc", datetime(2026, 12, 7, tzinfo=UTC), names=("Ola", "Ola Nordmann"),
                  texts=('Vi trenger "mer tid"\nfør jul.', "Ja."))


def test_ids_and_names_go_but_longer_words_stay() -> None:
    text = "<@U07> og Ola Nordmann møtte Olav og U070 (Ola)."
    assert ERASURE.scrub(text) == f"<@deleted-abc> og {REMOVED} møtte Olav og U070 ({REMOVED})."


def test_answers_go_from_json_payloads_and_the_json_still_parses() -> None:
    payload = json.dumps({"text": 'Sitat: «Vi trenger "mer tid"\nfør jul.» – Ola', "user": "U07"}, ensure_ascii=False)
    scrubbed = json.loads(ERASURE.scrub(payload))
    assert scrubbed == {"text": f"Sitat: «{REMOVED}» – {REMOVED}", "user": "deleted-abc"}


def test_short_answers_are_not_hunted_in_other_texts() -> None:
    assert ERASURE.scrub("Ja. Det blir bra.") == "Ja. Det blir bra."
    assert "Ja." not in " ".join(ERASURE.needles())
