"""The UI text catalogue: every user-visible string, in bokmål, nynorsk and English, looked up by key.

Texts live in `bot/kernel/content/texts/<lang>/<feature>.yaml` as flat `key: text` mappings; each key starts
with its file's feature name (`dates.past` lives in `dates.yaml`). Parameters use `{name}`.
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


def load_texts(root: Path = TEXTS_DIR) -> TextCatalogue:
    """Read every language folder under `root`."""
    return TextCatalogue({lang: _read_language(root / lang) for lang in LANGUAGES})


@cache
def default_texts() -> TextCatalogue:
    """The shipped catalogue, read once per process."""
    return load_texts()
