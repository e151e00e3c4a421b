"""The prompt library: between-meeting prompts from `prompts/*.yaml`, validated, with clear errors.

Each file holds `prompts:` — a list of prompts (see `prompts/README.md`). A bad prompt is reported
and left out; the others still load, so a running bot keeps working with what is valid.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

import bot
from bot.kernel.content.yaml_source import Problem, load_list_file, read_yaml
from bot.kernel.programme.schedule import Slug

CRITERIA: tuple[str, ...] = ("nysgjerrig", "kildejakt", "inviter", "ambisiøs", "forankre", "ta-tid")
TRACKS: tuple[str, ...] = ("tiltak", "organisasjon", "begge")
Criterion = Literal["nysgjerrig", "kildejakt", "inviter", "ambisiøs", "forankre", "ta-tid"]
Track = Literal["tiltak", "organisasjon", "begge"]


def _text_or_map(value: Any) -> Any:
    """A bare string means bokmål only."""
    return {"nb": value} if isinstance(value, str) else value


class Localized(BaseModel):
    """A text in bokmål (required), nynorsk and English; missing languages fall back to bokmål."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    nb: str = Field(min_length=1)
    nn: str | None = Field(None, min_length=1)
    en: str | None = Field(None, min_length=1)

    def get(self, lang: str | None = "nb") -> str:
        """The text in `lang`, or bokmål when that language is missing."""
        value = getattr(self, lang or "nb", None) if lang in ("nb", "nn", "en") else None
        return (value or self.nb).strip()

    def has_all_languages(self) -> bool:
        return bool(self.nn and self.en)


Text = Annotated[Localized, BeforeValidator(_text_or_map)]


class Prompt(BaseModel):
    """One between-meeting prompt: a short, concrete question for the group."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: Slug
    title: Text
    text: Text
    criterion: Criterion
    track: Track
    effort_minutes: int = Field(ge=1, le=240)
    follow_up: tuple[Text, ...] = ()

    def for_json(self) -> dict[str, Any]:
        """A plain dict for `prompts list --json`."""
        return self.model_dump(mode="json")


@dataclass(frozen=True)
class PromptLibrary:
    """All valid prompts by id, plus the problems found while loading."""

    prompts: dict[str, Prompt] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    sources: dict[str, Path] = field(default_factory=dict)

    def __contains__(self, prompt_id: object) -> bool:
        return prompt_id in self.prompts

    def get(self, prompt_id: str) -> Prompt | None:
        return self.prompts.get(prompt_id)

    def ids(self) -> frozenset[str]:
        return frozenset(self.prompts)


def prompts_dir() -> Path:
    """The prompt folder: $PROMPTS_DIR, else the repository's `prompts/`."""
    return Path(os.environ.get("PROMPTS_DIR") or Path(bot.__file__).parent.parent / "prompts")


def load_prompt_file(path: Path) -> tuple[list[Prompt], list[Problem]]:
    """Every valid prompt in one file, and a problem for each invalid one."""
    return load_list_file(path, "prompts", Prompt)


def load_prompts(directory: Path | None = None) -> PromptLibrary:
    """Load every `*.yaml` in the folder; duplicate ids are reported and the first one wins."""
    folder = directory or prompts_dir()
    if not folder.is_dir():
        return PromptLibrary(problems=(Problem(folder, None, "folder not found"),))
    found: dict[str, Prompt] = {}
    sources: dict[str, Path] = {}
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.yaml")):
        prompts, file_problems = load_prompt_file(path)
        problems += file_problems
        for prompt in prompts:
            if prompt.id in found:
                problems.append(_duplicate(path, prompt.id, sources[prompt.id]))
                continue
            found[prompt.id], sources[prompt.id] = prompt, path
    return PromptLibrary(found, tuple(problems), sources)


def _duplicate(path: Path, prompt_id: str, first: Path) -> Problem:
    doc = read_yaml(path)
    items = doc.data["prompts"]
    indices = [i for i, item in enumerate(items) if isinstance(item, dict) and item.get("id") == prompt_id]
    index = indices[1] if first == path and len(indices) > 1 else indices[0]
    return doc.problem(("prompts", index, "id"), f"the id '{prompt_id}' is already used in {first.name}")
