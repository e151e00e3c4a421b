"""The UI text catalogue: every user-visible string, in bokmål, nynorsk and English, looked up by key.

Texts live in folders of `<lang>/<area>.yaml` files, as flat `key: text` mappings; each key starts with its
file's area name (`dates.past` lives in `dates.yaml`). Parameters use `{name}`. The kernel's own texts are in
`bot/kernel/content/texts/`; each feature keeps its texts beside it (`bot/features/<feature>/texts/`) and
bootstrap reads them all into one catalogue.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from bot.errors import TextCatalogueError
from bot.kernel.content.yaml_source import SafeLoader

LANGUAGES: tuple[str, ...] = ("nb", "nn", "en")
DEFAULT_LANGUAGE = "nb"
TEXTS_DIR = Path(__file__).parent / "texts"


def placeholders(template: str) -> frozenset[str]:
    """The `{name}` parameters a template uses (a plural choice `{name|…}` uses `name`)."""
    fields = (name for _, name, _, _ in string.Formatter().parse(_choose_plurals(template, None)) if name)
    return frozenset(fields) | frozenset(_PLURAL_NAME.findall(template))


_PLURAL_NAME = re.compile(r"\{(\w+)\|")


def _choose_plurals(template: str, params: dict[str, object] | None) -> str:
    """`{n|one|other}` or `{n|zero|one|other}` → the form for the number `n` (forms may hold `{…}` themselves).

    Without params every choice becomes its last form, so the parameters of each form can still be read."""
    out, start = [], 0
    for match in _PLURAL_NAME.finditer(template):
        if match.start() < start:
            continue  # inside a choice already handled
        depth, end, forms, form_start = 1, match.end(), [], match.end()
        while depth and end < len(template):
            char = template[end]
            depth += (char == "{") - (char == "}")
            if depth == 1 and char == "|" or depth == 0:
                forms.append(template[form_start:end])
                form_start = end + 1
            end += 1
        out += [template[start:match.start()], _form(forms, params.get(match.group(1)) if params else None)]
        start = end
    return "".join(out) + template[start:]


def _form(forms: list[str], value: object) -> str:
    if not isinstance(value, int) or isinstance(value, bool):
        return forms[-1]
    if len(forms) == 3 and value == 0:
        return forms[0]
    return forms[-2] if value == 1 else forms[-1]


@dataclass(frozen=True)
class TextCatalogue:
    """Texts by language and key; unknown languages fall back to bokmål."""

    by_language: dict[str, dict[str, str]]

    def t(self, lang: str | None, key: str, /, **params: object) -> str:
        texts = self.by_language.get(lang or DEFAULT_LANGUAGE) or self.by_language[DEFAULT_LANGUAGE]
        template = texts.get(key) or self.by_language[DEFAULT_LANGUAGE][key]
        return _choose_plurals(template, params).format(**params)

    def has(self, key: str) -> bool:
        return key in self.by_language[DEFAULT_LANGUAGE]


def _read_language(folder: Path) -> dict[str, str]:
    texts: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader) or {}  # noqa: S506 - a safe loader
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
