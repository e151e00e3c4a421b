"""`samskaping jargon`: check a text, or a JSON-lines file of messages, for stammespråk.

`check --jsonl FILE` reads one JSON object per line (`{"id": ..., "text": ..., "lang"?: "nb"|"nn"}`) and
writes one JSON line per input line. A line that cannot be used (invalid JSON, no `text`, bad `lang`)
gets an output line `{"id": ..., "error": "..."}` (id is null when unknown), a message on stderr, and
processing goes on; the exit code is then 1. Blank lines are skipped. A missing file exits with 2.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bot.bootstrap import texts as all_texts
from bot.features.language.engine import Analysis, JargonEngine
from bot.features.language.shipped import build_lexicon, load_engine
from bot.features.language.wordlists import build_wordlists

LANGS = ("nb", "nn")
_SIGNAL_LABELS = ("english", "rare", "insider", "name")  # the signals beyond the glossary say which one found the word


def register(app: typer.Typer) -> None:
    """Add the `jargon` command group to the main CLI."""
    group = typer.Typer(help="Find stammespråk: jargon, unexplained acronyms and hard-to-read text.",
                        no_args_is_help=True)
    group.command("check")(check)
    group.command("build-lexicon")(build_lexicon_command)
    group.command("build-wordlists")(build_wordlists_command)
    app.add_typer(group, name="jargon")


def check(
    text: Annotated[str | None, typer.Argument(help="The text to check.")] = None,
    lang: Annotated[str, typer.Option("--lang", help="nb (bokmål) or nn (nynorsk).")] = "nb",
    jsonl: Annotated[str | None, typer.Option("--jsonl", help="JSON-lines file to check; - reads stdin.")] = None,
) -> None:
    """Print the findings in a text, or one JSON line per input line with --jsonl."""
    if lang not in LANGS:
        raise typer.BadParameter("use nb or nn", param_hint="--lang")
    if jsonl is not None:
        raise typer.Exit(_check_jsonl(jsonl, lang))
    if text is None:
        typer.echo(all_texts().t(lang, "jargon.cli.no_input"), err=True)
        raise typer.Exit(2)
    _print_analysis(text, load_engine().analyse(text, lang=lang), lang)


def build_lexicon_command() -> None:
    """Rebuild the runtime lexicon from the vendored Norsk Ordbank file (after editing the glossary)."""
    common, lemmas = build_lexicon()
    typer.echo(f"lexicon: {common} ordinary words, Ordbank forms for {lemmas} glossary words")


def build_wordlists_command() -> None:
    """Rebuild the signals' word lists from wordfreq, Norsk Ordbank and simplemma (after upgrading them)."""
    english, lookalikes, frequencies, nordic, compounds = build_wordlists()
    typer.echo(f"word lists: {english} English words, {lookalikes} Norwegian look-alikes, "
               f"{frequencies} bokmål frequencies, {nordic} Scandinavian names, {compounds} lexicon compounds")


def _check_jsonl(source: str, lang: str) -> int:
    """Stream the JSON-lines input to stdout; returns the exit code."""
    texts = all_texts()
    if source != "-" and not Path(source).is_file():
        typer.echo(texts.t(lang, "jargon.cli.no_file", path=source), err=True)
        return 2
    engine = load_engine()
    errors = 0
    with _open(source) as handle:
        for output in analyse_lines(engine, handle, lang):
            errors += "error" in output
            sys.stdout.write(json.dumps(output, ensure_ascii=False) + "\n")
            if "error" in output:
                typer.echo(output["error"], err=True)
    if errors:
        typer.echo(texts.t(lang, "jargon.cli.errors", count=errors), err=True)
    return 1 if errors else 0


def _open(source: str) -> AbstractContextManager[TextIO]:
    if source == "-":
        return _NoClose(sys.stdin)
    return open(source, encoding="utf-8")  # noqa: SIM115 - closed by the caller's with-block


class _NoClose:
    """Wrap stdin so that leaving a with-block does not close it."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def __enter__(self) -> TextIO:
        return self.stream

    def __exit__(self, *exc: object) -> None:
        return None


def analyse_lines(engine: JargonEngine, lines: Iterable[str], lang: str) -> Iterator[dict[str, Any]]:
    """One output object per non-blank input line: the analysis, or an error naming the line."""
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield _analyse_line(engine, line, number, lang)


def _analyse_line(engine: JargonEngine, line: str, number: int, default_lang: str) -> dict[str, Any]:
    texts = all_texts()
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"id": None, "error": texts.t(default_lang, "jargon.cli.bad_json", line=number, error=exc.msg)}
    if not isinstance(item, dict):
        return {"id": None, "error": texts.t(default_lang, "jargon.cli.bad_object", line=number)}
    ident, text, lang = item.get("id"), item.get("text"), item.get("lang", default_lang)
    if not isinstance(text, str):
        return {"id": ident, "error": texts.t(default_lang, "jargon.cli.bad_text", line=number)}
    if lang not in LANGS:
        return {"id": ident, "error": texts.t(default_lang, "jargon.cli.bad_lang", line=number, lang=lang)}
    return {"id": ident, **analysis_json(engine.analyse(text, lang=lang))}


def analysis_json(analysis: Analysis) -> dict[str, Any]:
    """The JSON-lines contract: findings with offsets, the word count and LIX."""
    findings = [
        {"start": f.start, "end": f.end, "text": f.text, "lemma": f.lemma, "kind": f.kind, "signal": f.signal,
         "suggestion": f.suggestion}
        for f in analysis.findings
    ]
    return {"findings": findings, "words": analysis.words, "lix": analysis.lix}


def _print_analysis(text: str, analysis: Analysis, lang: str) -> None:
    texts = all_texts()
    console = Console()
    console.print(texts.t(lang, "jargon.cli.summary", words=analysis.words, lix=analysis.lix))
    if not analysis.findings:
        console.print(texts.t(lang, "jargon.cli.none"))
        return
    table = Table(title=texts.t(lang, "jargon.cli.heading", count=len(analysis.findings)), show_lines=True)
    for column in ("", "→", "?"):
        table.add_column(column, overflow="fold")
    for f in analysis.findings:
        what = f"jargon.signal.{f.signal}" if f.signal in _SIGNAL_LABELS else f"jargon.kind.{f.kind}"
        label = f"[bold]{escape(_short(f.text))}[/bold]\n{texts.t(lang, what)}"
        table.add_row(label, escape(f.suggestion), escape(f.reason))
    console.print(table)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
