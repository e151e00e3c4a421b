"""The group's export of its source register: by DM, CSV or JSON, grouped by sector, never who added what; after
an erasure the entries stay and the erased person's name is gone from the export."""

from __future__ import annotations

import csv
import io
import json

from tests.fakes import Conversation
from tests.features.prompts.programme_helpers import group_on_demo_programme


def _export(convo: Conversation, user: str) -> str:
    [posted] = [p for p in convo.seen_by(user) if p.key.startswith("export-sources:")][-1:]
    return posted.text.removeprefix("```\n").removesuffix("```")


async def _register(convo: Conversation) -> None:
    await group_on_demo_programme(convo)
    await convo.say("/samskaping kilde ny plan Oppvekstplanen https://bodo.kommune.no/oppvekst", as_="ola")
    await convo.say("/samskaping kilde ny person Helsesykepleier på Mørkved, tips fra Ola", as_="siri")
    await convo.say("/samskaping kilde liste", as_="siri")


async def test_a_member_gets_the_register_as_csv_or_json_and_never_who_added_what(convo: Conversation) -> None:
    await _register(convo)
    sent = await convo.say("/samskaping kilde eksport", as_="siri")
    assert "sendt deg registeret privat (2 kilder, CSV)" in sent
    rows = list(csv.DictReader(io.StringIO(_export(convo, "siri"))))
    assert [(r["number"], r["type"], r["sector"], r["title"]) for r in rows] == [  # by sector, like the register
        ("2", "person", "barnehage", "Helsesykepleier på Mørkved, tips fra Ola"),
        ("1", "plan", "", "Oppvekstplanen")]
    assert rows[1]["link"] == "https://bodo.kommune.no/oppvekst" and "added_by" not in rows[0]
    await convo.say("/samskaping source export json", as_="ola")
    document = json.loads(_export(convo, "ola"))
    assert document["group"] == "Bodø" and [s["number"] for s in document["sources"]] == [2, 1]
    assert "siri" not in _export(convo, "ola")
    assert not any(p.key.startswith("export-sources:") for p in convo.in_channel())  # privately only


async def test_bad_format_and_strangers_get_a_clear_word(convo: Conversation) -> None:
    await _register(convo)
    assert "ikke «pdf»" in await convo.say("/samskaping kilde eksport pdf", as_="siri")
    assert "ikke med i gruppa" in await convo.say("/samskaping kilde eksport", as_="per")
    assert not [p for u in ("siri", "per") for p in convo.seen_by(u) if p.key.startswith("export-sources:")]


async def test_after_erasure_the_entries_stay_and_the_erased_name_is_gone(convo: Conversation) -> None:
    await _register(convo)
    await convo.press("delete_my_data", "confirm", as_="ola")
    await convo.say("/samskaping kilde eksport", as_="siri")
    exported = _export(convo, "siri")
    assert "Oppvekstplanen" in exported and "Mørkved" in exported
    assert "Ola" not in exported and "ola" not in exported
