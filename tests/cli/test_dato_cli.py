"""`samskaping dato`, driven through typer's CliRunner on a fresh app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from bot.cli import dates

NOW = ["--now", "2026-11-24T10:00:00+01:00"]


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()
    dates.register(app)

    @app.command("annet")
    def other() -> None:
        """A second command, so that typer keeps the name `dato`."""

    return app


def run(app: typer.Typer, *args: str, input: str | None = None) -> tuple[int, list[dict]]:
    result = CliRunner().invoke(app, ["dato", *args], input=input)
    assert "Traceback" not in result.output
    return result.exit_code, [json.loads(line) for line in result.output.splitlines() if line.strip()]


def test_prints_the_date_as_one_json_object(app: typer.Typer) -> None:
    code, out = run(app, "neste fredag", *NOW, "--lang", "nb")
    assert (code, out) == (0, [{"text": "neste fredag", "date": "2026-11-27"}])


def test_joins_unquoted_words_into_one_expression(app: typer.Typer) -> None:
    assert run(app, "fredag", "neste", "uke", *NOW)[1] == [{"text": "fredag neste uke", "date": "2026-12-04"}]


def test_prints_error_and_friendly_message_in_the_chosen_language(app: typer.Typer) -> None:
    _, [out] = run(app, "23.11", *NOW, "--lang", "nn")
    assert out["error"] == "past" and out["candidate"] == "2027-11-23"
    assert out["message"].startswith("Måndag 23. november 2026 har alt vore")
    _, [out] = run(app, "blåbærsyltetøy", *NOW, "--lang", "en")
    assert out["error"] == "invalid" and "next Friday" in out["message"]
    _, [out] = run(app, "etter jul", *NOW)
    assert out["error"] == "ambiguous" and "for vagt" in out["message"]


def test_norwegian_letters_are_printed_as_they_are(app: typer.Typer) -> None:
    result = CliRunner().invoke(app, ["dato", "på fredag", *NOW])
    assert '"text": "på fredag"' in result.output


def test_now_is_read_in_the_group_time_zone(app: typer.Typer) -> None:
    late = ["--now", "2026-11-24T23:30:00Z"]
    assert run(app, "i morgen", *late)[1][0]["date"] == "2026-11-26"  # 00:30 on the 25th in Oslo
    assert run(app, "i morgen", *late, "--tz", "UTC")[1][0]["date"] == "2026-11-25"


def test_now_defaults_to_the_current_time(app: typer.Typer) -> None:
    code, [out] = run(app, "2099-12-31")
    assert (code, out["date"]) == (0, "2099-12-31")


def test_a_clock_time_is_reported_next_to_the_date(app: typer.Typer) -> None:
    assert run(app, "i morgen kl. 14", *NOW)[1] == [{"text": "i morgen kl. 14", "date": "2026-11-25", "time": "14:00"}]


@pytest.mark.parametrize(
    "args",
    [["i dag", "--now", "i går"], ["i dag", "--tz", "Mars/Olympus"], ["i dag", "--lang", "de"], []],
)
def test_bad_options_give_a_json_error_and_exit_code_2(app: typer.Typer, args: list[str]) -> None:
    code, [out] = run(app, *args)
    assert code == 2 and out["error"] == "bad_input" and out["message"]


def test_jsonl_reads_one_object_per_line_and_keeps_the_id(app: typer.Typer) -> None:
    lines = [
        {"id": 1, "text": "neste fredag"},
        {"id": "b", "text": "23.11", "lang": "nn"},
        {"id": 3, "text": "fredag", "now": "2026-11-27T09:00:00+01:00"},
        {"id": 4, "text": "i morgon", "lang": "en", "now": "2026-12-31T12:00:00+01:00"},
    ]
    code, out = run(app, "--jsonl", "-", *NOW, input="\n".join(json.dumps(x) for x in lines) + "\n")
    assert code == 0
    assert out[0] == {"id": 1, "text": "neste fredag", "date": "2026-11-27"}
    assert out[1]["id"] == "b" and out[1]["error"] == "past" and "har alt vore" in out[1]["message"]
    assert out[2] == {"id": 3, "text": "fredag", "date": "2026-12-04"}
    assert out[3] == {"id": 4, "text": "i morgon", "date": "2027-01-01"}


def test_jsonl_turns_bad_lines_into_error_lines(app: typer.Typer) -> None:
    lines = ["not json", "[1, 2]", '{"id": 7}', '{"id": 8, "text": 5}', '{"id": 9, "text": "i dag", "now": "nope"}',
             "", '{"id": 10, "text": "i dag", "lang": "xx"}', '{"id": 11, "text": "i dag"}']
    code, out = run(app, "--jsonl", "-", *NOW, input="\n".join(lines) + "\n")
    assert code == 0 and len(out) == 7
    assert [o.get("error") for o in out[:6]] == ["bad_input"] * 6
    assert all(o["message"] for o in out[:6])
    assert [o["id"] for o in out] == [None, None, 7, 8, 9, 10, 11]
    assert out[6] == {"id": 11, "text": "i dag", "date": "2026-11-24"}


def test_jsonl_reads_a_file(app: typer.Typer, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 1, "text": "uke 50"}\n{"id": 2, "text": "veke 53 2027"}\n', encoding="utf-8")
    code, out = run(app, "--jsonl", str(source), *NOW)
    assert code == 0 and out[0]["date"] == "2026-12-07" and out[1]["error"] == "invalid"


def test_jsonl_reports_a_missing_file(app: typer.Typer, tmp_path: Path) -> None:
    code, [out] = run(app, "--jsonl", str(tmp_path / "nope.jsonl"))
    assert code == 2 and out["error"] == "bad_input"


def test_the_help_states_the_date_conventions(app: typer.Typer) -> None:
    result = CliRunner().invoke(app, ["dato", "--help"])
    text = " ".join(result.output.split())
    assert "Day first, always" in text and '"neste fredag" are the first Friday strictly after today' in text
