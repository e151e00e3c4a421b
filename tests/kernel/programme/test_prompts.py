"""The prompt library: every shipped prompt loads, and bad files are explained with file and line."""

from pathlib import Path
from textwrap import dedent

from bot.kernel.content.yaml_source import read_yaml
from bot.kernel.programme.prompts import (
    CRITERIA,
    TRACKS,
    Localized,
    load_prompt_file,
    load_prompts,
    prompts_dir,
)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(dedent(text).lstrip(), encoding="utf-8")
    return path


GOOD = """
prompts:
  - id: ok-prompt
    criterion: nysgjerrig
    track: tiltak
    effort_minutes: 10
    title: Tittel
    text:
      nb: Hva lurer du på?
"""


def test_every_shipped_prompt_file_loads_without_problems():
    library = load_prompts(prompts_dir())
    assert library.problems == ()
    assert len(library.prompts) >= 30


def test_the_library_covers_every_criterion_and_both_tracks():
    prompts = load_prompts().prompts.values()
    assert {p.criterion for p in prompts} == set(CRITERIA)
    assert {"tiltak", "organisasjon"} <= {p.track for p in prompts} <= set(TRACKS)
    assert all(sum(p.criterion == c for p in prompts) >= 4 for c in CRITERIA)


def test_every_shipped_prompt_has_bokmal_nynorsk_and_english():
    for prompt in load_prompts().prompts.values():
        texts = [prompt.title, prompt.text, *prompt.follow_up]
        assert all(t.has_all_languages() for t in texts), prompt.id


def test_shipped_prompts_are_short_questions():
    for prompt in load_prompts().prompts.values():
        assert "?" in prompt.text.nb or prompt.text.nb.rstrip().endswith("."), prompt.id
        assert len(prompt.text.nb.split()) <= 40, prompt.id


def test_prompts_dir_can_be_overridden_by_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("PROMPTS_DIR", str(tmp_path))
    assert prompts_dir() == tmp_path


def test_missing_bokmal_text_names_file_and_line(tmp_path):
    path = write(tmp_path, "p.yaml", GOOD.replace("      nb: Hva lurer du på?", "      nn: Kva lurer du på?"))
    prompts, problems = load_prompt_file(path)
    assert prompts == []
    (problem,) = problems
    assert problem.file == path and problem.line == 7  # the `text:` key
    assert "bokmål" in problem.message and "prompts[0].text" in problem.message


def test_unknown_criterion_lists_the_allowed_values(tmp_path):
    path = write(tmp_path, "p.yaml", GOOD.replace("criterion: nysgjerrig", "criterion: modig"))
    _, (problem,) = load_prompt_file(path)
    assert problem.line == 3
    assert "'modig'" in problem.message and "kildejakt" in problem.message and "ta-tid" in problem.message
    assert str(problem).startswith(f"{path}:3: prompts[0].criterion:")


def test_unknown_track_lists_the_allowed_values(tmp_path):
    path = write(tmp_path, "p.yaml", GOOD.replace("track: tiltak", "track: spor-3"))
    _, (problem,) = load_prompt_file(path)
    assert problem.line == 4 and "organisasjon" in problem.message


def test_a_typo_in_a_field_name_suggests_the_right_one(tmp_path):
    path = write(tmp_path, "p.yaml", GOOD.replace("effort_minutes", "effort_minute"))
    _, problems = load_prompt_file(path)
    assert any("did you mean 'effort_minutes'" in p.message and p.line == 5 for p in problems)


def test_one_bad_prompt_does_not_hide_the_good_ones(tmp_path):
    bad = GOOD.replace("ok-prompt", "second").replace("effort_minutes: 10", "effort_minutes: mange")
    write(tmp_path, "a.yaml", GOOD)
    write(tmp_path, "b.yaml", bad)
    library = load_prompts(tmp_path)
    assert list(library.prompts) == ["ok-prompt"]
    (problem,) = library.problems
    assert problem.file.name == "b.yaml" and problem.line == 5 and "whole number" in problem.message


def test_duplicate_ids_are_reported_at_the_second_one(tmp_path):
    write(tmp_path, "a.yaml", GOOD)
    write(tmp_path, "b.yaml", GOOD)
    library = load_prompts(tmp_path)
    (problem,) = library.problems
    assert problem.file.name == "b.yaml" and problem.line == 2 and "a.yaml" in problem.message


def test_broken_yaml_names_the_line(tmp_path):
    path = write(tmp_path, "p.yaml", GOOD + "  - id: [unclosed\n")
    _, (problem,) = load_prompt_file(path)
    assert problem.line is not None and problem.line >= 10 and "not valid YAML" in problem.message


def test_a_file_without_a_prompts_list_is_explained(tmp_path):
    path = write(tmp_path, "p.yaml", "- id: x\n")
    _, (problem,) = load_prompt_file(path)
    assert "'prompts:'" in problem.message


def test_missing_languages_fall_back_to_bokmal():
    text = Localized(nb="Hei", en="Hello")
    assert (text.get("nb"), text.get("nn"), text.get("en"), text.get("de")) == ("Hei", "Hei", "Hello", "Hei")


def test_clock_times_and_norwegian_words_are_read_as_text(tmp_path):
    path = write(tmp_path, "t.yaml", "at: 10:30\nanswer: no\nflag: true\n")
    assert read_yaml(path).data == {"at": "10:30", "answer": "no", "flag": True}
