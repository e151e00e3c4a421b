"""The shipped glossary and language data load and validate; bad files give clear errors; the CLI contract."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
import typer
import yaml
from typer.testing import CliRunner

from bot.cli import jargon
from bot.errors import GlossaryError
from bot.features.language import shipped as content
from bot.features.language.shipped import load_glossary, load_lexicon, load_names
from bot.kernel.content.texts import placeholders

SECTORS = "sectors:\n  skole: {nb: skolen}\n"


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "glossary.yaml"
    path.write_text(SECTORS + body, encoding="utf-8")
    return path


def test_the_shipped_glossary_loads_with_at_least_200_entries_from_every_sector():
    loaded = load_glossary()
    assert len(loaded.entries) >= 200
    sectors = {entry.sector for entry in loaded.entries}
    assert {"skole", "barnehage", "sfo", "kulturskole", "administrasjon", "okonomi", "helse", "innovasjon"} <= sectors
    assert sum(entry.acronym for entry in loaded.entries) >= 20
    assert all(entry.plain_nb for entry in loaded.entries)


def test_the_glossary_header_cites_its_sources():
    header = content.GLOSSARY_FILE.read_text(encoding="utf-8").split("sectors:")[0]
    assert "Kansellisten" in header and "navikt/spraksjekk" in header and "MIT" in header


def test_a_malformed_entry_names_the_file_line_entry_and_field(tmp_path):
    path = write(tmp_path, "entries:\n  - {term: forankring, sector: skole, plain_nb: ok}\n"
                           "  - {term: kompetansemål, sector: skole, plain_bm: feil}\n")
    with pytest.raises(GlossaryError) as error:
        load_glossary(path)
    message = str(error.value)
    assert str(path) in message and ":5:" in message
    assert "entries[1]" in message and "kompetansemål" in message
    assert "plain_bm" in message and "plain_nb" in message


def test_an_unknown_sector_and_a_duplicate_term_are_reported(tmp_path):
    path = write(tmp_path, "entries:\n  - {term: mål, sector: skole, plain_nb: det man vil nå}\n"
                           "  - {term: Mål, sector: skule, plain_nb: det man vil nå}\n")
    with pytest.raises(GlossaryError) as error:
        load_glossary(path)
    assert "unknown sector 'skule'" in str(error.value)
    assert "duplicate term 'Mål'" in str(error.value)


def test_invalid_yaml_is_reported_with_its_line(tmp_path):
    path = write(tmp_path, "entries:\n  - {term: [oops\n")
    with pytest.raises(GlossaryError) as error:
        load_glossary(path)
    assert str(path) in str(error.value) and "not valid YAML" in str(error.value)


def test_every_public_sector_name_has_a_source_and_an_explanation_in_three_languages():
    names = load_names()
    assert len(names) >= 45
    assert all(name.signal == "name" and name.plain_nb and name.plain_nn and name.plain_en for name in names)
    assert not {name.term.lower() for name in names} & {entry.term.lower() for entry in load_glossary().entries}


def test_a_name_without_a_source_is_reported_with_its_line(tmp_path):
    path = tmp_path / "names.yaml"
    path.write_text("names:\n  - {name: Udir, kind: etat, nb: a b c, nn: a b c, en: a b c}\n", encoding="utf-8")
    with pytest.raises(GlossaryError) as error:
        load_names(path)
    assert str(path) in str(error.value) and "source" in str(error.value) and ":2:" in str(error.value)


def test_the_lexicon_is_up_to_date_with_the_glossary():
    """Fails after a glossary edit until `samskaping jargon build-lexicon` is run."""
    with gzip.open(content.ORDBANK_FILE, "rt", encoding="utf-8") as handle:
        ordbank = json.load(handle)
    lemmas = {lemma.lower() for words in ordbank.values() for forms in words.values() for lemma in forms}
    wanted = content._glossary_words(load_glossary().entries) & lemmas
    assert wanted <= set(load_lexicon().forms), "run: samskaping jargon build-lexicon"
    assert {"husk", "viktig", "møte"} <= load_lexicon().common
    assert "bup" not in load_lexicon().common


def test_jargon_texts_exist_in_every_language_with_the_same_parameters():
    root = content.TEXTS_DIR
    files = {
        lang: yaml.safe_load((root / lang / "jargon.yaml").read_text(encoding="utf-8")) for lang in ("nb", "nn", "en")
    }
    assert files["nb"].keys() == files["nn"].keys() == files["en"].keys()
    for key, text in files["nb"].items():
        assert key.startswith("jargon.")
        for lang in ("nn", "en"):
            assert placeholders(text) == placeholders(files[lang][key]), (lang, key)  # plural choices included


@pytest.fixture
def cli() -> typer.Typer:
    app = typer.Typer()
    jargon.register(app)
    return app


def test_cli_check_prints_findings_readably(cli):
    result = CliRunner().invoke(cli, ["jargon", "check", "Forankringa og IOP-en er klare.", "--lang", "nn"])
    assert result.exit_code == 0
    assert "Forankringa" in result.output and "IOP-en" in result.output
    assert "leiarane" in result.output  # the nynorsk alternative


def test_cli_jsonl_writes_one_line_per_input_with_offsets_into_the_input(cli, tmp_path):
    lines = [{"id": 1, "text": "Kompetansemåla er klare.", "lang": "nn"}, {"id": "b", "text": "Takk for i dag!"}]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["jargon", "check", "--jsonl", str(path)])
    assert result.exit_code == 0
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["id"] == 1 and second == {"id": "b", "findings": [], "words": 4, "lix": second["lix"]}
    [finding] = first["findings"]
    assert set(finding) == {"start", "end", "text", "lemma", "kind", "signal", "suggestion"}
    assert lines[0]["text"][finding["start"] : finding["end"]] == finding["text"] == "Kompetansemåla"
    assert finding["kind"] == "term" and finding["lemma"] == "kompetansemål"
    assert isinstance(first["words"], int) and isinstance(first["lix"], float)


def test_cli_jsonl_reads_stdin_and_reports_bad_lines_without_a_traceback(cli):
    stdin = '{"id": 1, "text": "BUP ringer."}\nikke json\n{"id": 3}\n\n{"id": 4, "text": "Hei", "lang": "sv"}\n'
    result = CliRunner().invoke(cli, ["jargon", "check", "--jsonl", "-"], input=stdin)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    outputs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in outputs] == [1, None, 3, 4]
    assert outputs[0]["findings"][0]["text"] == "BUP"
    assert "linje 2" in outputs[1]["error"] and "linje 3" in outputs[2]["error"] and "sv" in outputs[3]["error"]


def test_cli_jsonl_with_a_missing_file_exits_with_a_clear_message(cli, tmp_path):
    result = CliRunner().invoke(cli, ["jargon", "check", "--jsonl", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2
    assert "nope.jsonl" in result.output and "Traceback" not in result.output
