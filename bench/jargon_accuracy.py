"""Accuracy of the jargon engine on the labelled set, next to a naive baseline, in the same run.

Run: .venv/bin/python -m bench.jargon_accuracy [--set FILE] [--errors]

Without --set it scores every set in bench/data (jargon_eval and the held-out sets 1-5, see
bench/README-jargon-heldout.md) and prints, per set, the engine before issue 20 (figures kept in
bench/data/jargon_before.json, measured at commit f48e203 on the same labels), the engine now, and the naive
baseline measured in this run, then each signal's precision (which signal fired: glossary, name, english,
rare, acronym). A bare FILE argument also works.

A finding counts as correct when it has the labelled kind (term or acronym) and overlaps the labelled
span; each label can be matched once. Readability findings are not scored here. The false-alarm rate is
the share of messages with no labelled jargon where at least one term or acronym was reported.
The baseline is an exact, case-insensitive whole-word match of every glossary term and variant.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.features.language.engine import GlossaryEntry
from bot.features.language.shipped import load_engine

DATA = Path(__file__).parent / "data"
SETS = ("jargon_eval", "jargon_heldout", "jargon_heldout2", "jargon_heldout3", "jargon_heldout4", "jargon_heldout5")
BEFORE = DATA / "jargon_before.json"
SCORED = ("term", "acronym")
TARGET_RECALL = 0.85
TARGET_FALSE_ALARMS = 0.03
Span = tuple[int, int, str]  # start, end, kind
Found = tuple[int, int, str, str]  # start, end, kind, signal


@dataclass
class Score:
    """Counts for precision, recall and F1, and false alarms on jargon-free messages."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    clean: int = 0
    false_alarms: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=lambda: {k: [0, 0, 0] for k in SCORED})
    by_signal: dict[str, list[int]] = field(default_factory=dict)  # signal -> [right, wrong]

    def add(self, expected: list[Span], predicted: list[Found]) -> tuple[list[Span], list[Found]]:
        """Score one message; returns (missed labels, wrong findings)."""
        unmatched = list(expected)
        wrong: list[Found] = []
        for span in predicted:
            match = next((e for e in unmatched if e[2] == span[2] and e[0] < span[1] and span[0] < e[1]), None)
            signal = self.by_signal.setdefault(span[3], [0, 0])
            if match is None:
                wrong.append(span)
                self.by_kind[span[2]][1] += 1
                signal[1] += 1
            else:
                unmatched.remove(match)
                self.by_kind[span[2]][0] += 1
                signal[0] += 1
        for span in unmatched:
            self.by_kind[span[2]][2] += 1
        self.tp += len(predicted) - len(wrong)
        self.fp += len(wrong)
        self.fn += len(unmatched)
        if not expected:
            self.clean += 1
            self.false_alarms += bool(predicted)
        return unmatched, wrong

    def row(self) -> tuple[float, float, float, float]:
        """(precision, recall, F1, false-alarm rate)."""
        return (*_prf(self.tp, self.fp, self.fn), self.false_alarms / max(self.clean, 1))


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def baseline(entries: Iterable[GlossaryEntry]) -> Callable[[str, str], list[Found]]:
    """Exact, case-insensitive, whole-word match of every glossary term and variant."""
    patterns = [
        (re.compile(r"(?<!\w)" + re.escape(surface) + r"(?!\w)", re.IGNORECASE), entry)
        for entry in entries
        for surface in entry.surfaces()
    ]

    def find(text: str, lang: str) -> list[Found]:
        spans = []
        for pattern, entry in patterns:
            for match in pattern.finditer(text):
                spans.append((match.start(), match.end(), "acronym" if entry.acronym else "term", "glossary"))
        return spans

    return find


def engine_finder() -> Callable[[str, str], list[Found]]:
    """The shipped engine's term and acronym findings, with the signal that found each."""
    engine = load_engine()

    def find(text: str, lang: str) -> list[Found]:
        analysis = engine.analyse(text, lang=lang)
        return [(f.start, f.end, f.kind, f.signal) for f in analysis.findings if f.kind in SCORED]

    return find


def evaluate(rows: list[dict], find: Callable[[str, str], list[Found]], show: bool = False) -> Score:
    """Score one finder over every row; optionally print its mistakes."""
    score = Score()
    for row in rows:
        expected = [(e["start"], e["end"], e["kind"]) for e in row["expected"]]
        missed, wrong = score.add(expected, find(row["text"], row.get("lang", "nb")))
        if show and (missed or wrong):
            text = row["text"]
            print(f"  {row['id']}: {text!r}")
            for s, e, kind in missed:
                print(f"      missed {kind}: {text[s:e]!r}")
            for s, e, kind, signal in wrong:
                print(f"      wrong  {kind} ({signal}): {text[s:e]!r}")
    return score


def _set_path(argv: list[str]) -> Path | None:
    """The set to score: `--set FILE`, `--set=FILE`, a bare FILE, or None (every set)."""
    for i, arg in enumerate(argv):
        if arg == "--set" and i + 1 < len(argv):
            return Path(argv[i + 1])
        if arg.startswith("--set="):
            return Path(arg.split("=", 1)[1])
    skip = {i + 1 for i, arg in enumerate(argv) if arg == "--set"}
    bare = [a for i, a in enumerate(argv) if not a.startswith("--") and i not in skip]
    return Path(bare[0]) if bare else None


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def one_set(path: Path, show: bool) -> None:
    """Print the accuracy table for the engine and the baseline on one set, by kind and by signal."""
    rows = _rows(path)
    clean = sum(1 for row in rows if not row["expected"])
    labels = sum(len(row["expected"]) for row in rows)
    print(f"{path.name}: {len(rows)} messages, {labels} labelled findings, {clean} without jargon")
    engine_score = evaluate(rows, engine_finder(), show=show)
    base_score = evaluate(rows, baseline(load_engine().entries))
    print(f"{'':10} {'precision':>9} {'recall':>7} {'F1':>6} {'false alarms':>13}")
    for name, score in (("engine", engine_score), ("baseline", base_score)):
        p, r, f1, fa = score.row()
        print(f"{name:10} {p:9.3f} {r:7.3f} {f1:6.3f} {fa:12.1%}")
        for kind, (tp, fp, fn) in score.by_kind.items():
            kp, kr, kf = _prf(tp, fp, fn)
            print(f"  {kind:8} {kp:9.3f} {kr:7.3f} {kf:6.3f}")
    print(_signals_line(engine_score))


def _signals_line(score: Score) -> str:
    parts = [f"{signal} {right / (right + wrong):.2f} ({right}/{right + wrong})"
             for signal, (right, wrong) in sorted(score.by_signal.items())]
    return "  precision per signal: " + ", ".join(parts)


def all_sets(show: bool) -> None:
    """Before (issue 20 start), now and the naive baseline for every set, then precision per signal."""
    before = json.loads(BEFORE.read_text(encoding="utf-8"))
    find, naive = engine_finder(), baseline(load_engine().entries)
    print(f"before = the engine at commit {before['commit']} (bench/data/jargon_before.json); "
          "now and naive baseline measured in this run")
    print(f"{'set':16} {'msgs':>4} {'':9} {'precision':>9} {'recall':>7} {'F1':>6} {'false alarms':>13}")
    signal_lines = []
    for name in SETS:
        rows = _rows(DATA / f"{name}.jsonl")
        now, base = evaluate(rows, find, show=show), evaluate(rows, naive)
        b = before["sets"][name]
        lines = [("before", (b["precision"], b["recall"], b["f1"], b["false_alarms"])),
                 ("now", now.row()), ("naive", base.row())]
        for number, (label, (p, r, f1, fa)) in enumerate(lines):
            head = f"{name:16} {len(rows):4}" if number == 0 else f"{'':16} {'':4}"
            print(f"{head} {label:9} {p:9.3f} {r:7.3f} {f1:6.3f} {fa:12.1%}")
        signal_lines.append(f"{name}:{_signals_line(now)[1:]}")
        _, recall, _, alarms = now.row()
        if name != "jargon_eval":  # the held-out sets carry the targets
            verdict = "met" if recall >= TARGET_RECALL and alarms <= TARGET_FALSE_ALARMS else "NOT met"
            print(f"{'':21} targets (recall >= {TARGET_RECALL}, false alarms <= {TARGET_FALSE_ALARMS:.0%}): {verdict}")
    print()
    print("\n".join(signal_lines))


def main(argv: list[str]) -> None:
    """Print the accuracy of every set (or of one set with --set FILE)."""
    path = _set_path(argv)
    if path is None:
        all_sets("--errors" in argv)
    else:
        one_set(path, "--errors" in argv)


if __name__ == "__main__":
    main(sys.argv[1:])
