"""Every UI text exists in bokmål, nynorsk and English, with the same parameters."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.bootstrap import texts as all_texts
from bot.errors import TextCatalogueError
from bot.kernel.content.texts import LANGUAGES, load_texts, placeholders


def test_every_key_exists_in_every_language_with_the_same_parameters() -> None:
    catalogue = all_texts()  # the kernel's texts and every feature's
    reference = catalogue.by_language["nb"]
    problems = []
    for lang in LANGUAGES:
        texts = catalogue.by_language[lang]
        problems += [f"{lang}: missing {key}" for key in reference.keys() - texts.keys()]
        problems += [f"{lang}: extra {key}" for key in texts.keys() - reference.keys()]
        problems += [f"{lang}: {key} has {placeholders(texts[key])}, bokmål has {placeholders(value)}"
                     for key, value in reference.items()
                     if key in texts and placeholders(texts[key]) != placeholders(value)]
    assert problems == []


def test_unknown_language_falls_back_to_bokmal() -> None:
    catalogue = all_texts()
    assert catalogue.t("se", "errors.bug") == catalogue.t("nb", "errors.bug")


def test_a_key_in_the_wrong_file_is_reported_with_the_file(tmp_path: Path) -> None:
    for lang in LANGUAGES:
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "demo.yaml").write_text("other.key: hei\n", encoding="utf-8")
    with pytest.raises(TextCatalogueError, match="demo.yaml"):
        load_texts(tmp_path)


def test_invalid_yaml_is_reported_with_the_file(tmp_path: Path) -> None:
    for lang in LANGUAGES:
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "demo.yaml").write_text("demo.key: [unclosed\n", encoding="utf-8")
    with pytest.raises(TextCatalogueError, match="not valid YAML"):
        load_texts(tmp_path)


def test_the_features_texts_join_the_kernels_and_a_key_may_live_in_one_folder_only(tmp_path: Path) -> None:
    assert all_texts().has("milestones.usage") and all_texts().has("errors.bug")  # a feature's and the kernel's
    for folder in ("one", "two"):
        for lang in LANGUAGES:
            (tmp_path / folder / lang).mkdir(parents=True)
            (tmp_path / folder / lang / "demo.yaml").write_text("demo.key: hei\n", encoding="utf-8")
    with pytest.raises(TextCatalogueError, match="demo.key is defined in another texts folder"):
        load_texts(tmp_path / "one", tmp_path / "two")


def test_every_text_renders_with_counts_of_zero_one_and_two() -> None:
    catalogue = all_texts()
    for lang in LANGUAGES:
        for key, template in catalogue.by_language[lang].items():
            for n in (0, 1, 2):
                catalogue.t(lang, key, **dict.fromkeys(placeholders(template), n))  # no KeyError, no format error


@pytest.mark.parametrize(("lang", "counts", "expected"), [
    ("nb", (1, 2, 5), ["1 forsinket milepæl", "2 forsinkede milepæler", "5 forsinkede milepæler"]),
    ("nn", (1, 2, 5), ["1 forseinka milepæl", "2 forseinka milepælar", "5 forseinka milepælar"]),
    ("en", (1, 2, 5), ["1 overdue milestone", "2 overdue milestones", "5 overdue milestones"]),
])
def test_counted_words_agree_with_their_number(lang: str, counts: tuple[int, ...], expected: list[str]) -> None:
    assert [all_texts().t(lang, "digest.reason.overdue", value=n) for n in counts] == expected


def test_a_summary_with_no_answers_thanks_nobody() -> None:
    none = all_texts().t("nb", "summaries.group", answered=0, total=5)
    one = all_texts().t("nb", "summaries.group", answered=1, total=5)
    assert "Takk" not in none and "Ingen av 5 svarte" in none
    assert "1 av 5 svarte. Takk til deg" in one and "refleksjonen med" in one
