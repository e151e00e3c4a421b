"""Every UI text exists in bokmål, nynorsk and English, with the same parameters."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import TextCatalogueError
from bot.kernel.content.texts import LANGUAGES, load_texts, placeholders


def test_every_key_exists_in_every_language_with_the_same_parameters() -> None:
    catalogue = load_texts()
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
    catalogue = load_texts()
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
