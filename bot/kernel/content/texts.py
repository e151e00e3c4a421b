"""The UI text catalogue: every user-visible string, in bokmål, nynorsk and English, looked up by key.

Texts live in folders of `<lang>/<area>.yaml` files, as flat `key: text` mappings; each key starts with its
file's area name (`dates.past` lives in `dates.yaml`). Parameters use `{name}`. The kernel's own texts are in
`bot/kernel/content/texts/`; each feature keeps its texts beside it (`bot/features/<feature>/texts/`) and
bootstrap reads them all into one catalogue.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from bot.errors import TextCatalogueError

LANGUAGES: tuple[str, ...] = ("nb", "nn", "en")
DEFAULT_LANGUAGE = "nb"
TEXTS_DIR = Path(__file__).parent / "texts"


def placeholders(template: str) -> frozenset[str]:
    """The `{name}` parameters a template uses."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


@dataclass(frozen=True)
class TextCatalogue:
    """Texts by language and key; unknown languages fall back to bokmål."""

    by_language: dict[str, dict[str, str]]

    def t(self, lang: str | None, key: str, /, **params: object) -> str:
        texts = self.by_language.get(lang or DEFAULT_LANGUAGE) or self.by_language[DEFAULT_LANGUAGE]
        template = texts.get(key) or self.by_language[DEFAULT_LANGUAGE][key]
        return template.format(**params)

    def has(self, key: str) -> bool:
        return key in self.by_language[DEFAULT_LANGUAGE]


def _read_language(folder: Path) -> dict[str, str]:
    texts: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise TextCatalogueError(f"{path}: not valid YAML: {exc}") from exc
        if not isinstance(data, dict):
            raise TextCatalogueError(f"{path}: expected a mapping of key: text")
        for key, value in data.items():
            if not isinstance(value, str):
                raise TextCatalogueError(f"{path}: {key}: the text must be a string")
            if not str(key).startswith(path.stem + "."):
                raise TextCatalogueError(f"{path}: {key}: keys in this file start with '{path.stem}.'")
            texts[str(key)] = value.rstrip("\n")
    return texts


def load_texts(*roots: Path) -> TextCatalogue:
    """Read every language folder under each root into one catalogue; a key defined twice is an error."""
    by_language: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
    for root in roots or (TEXTS_DIR,):
        for lang in LANGUAGES:
            texts = _read_language(root / lang)
            twice = sorted(texts.keys() & by_language[lang].keys())
            if twice:
                raise TextCatalogueError(f"{root / lang}: {twice[0]} is defined in another texts folder too")
            by_language[lang].update(texts)
    return TextCatalogue(by_language)


@cache
def shipped_texts(*roots: Path) -> TextCatalogue:
    """The shipped catalogue of these roots (the kernel's and the features' folders), read once per process."""
    return load_texts(*roots)
