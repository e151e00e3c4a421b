"""Build bench/data/jargon_heldout.jsonl from its marked-up source, bench/data/jargon_heldout.src.txt.

Run: .venv/bin/python -m bench.jargon_heldout_build [NAME]   (NAME: jargon_heldout (default), jargon_heldout2,
jargon_heldout3, jargon_heldout4, jargon_heldout5)

Source lines are `lang<TAB>text`; a literal backslash-n in the text is a newline; labels are written
inline as ⟦t|word⟧ (term) or ⟦a|word⟧ (acronym), and their offsets are computed here.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

DATA = Path(__file__).parent / "data"
MARK = re.compile(r"⟦([ta])\|([^⟧]+)⟧")
KINDS = {"t": "term", "a": "acronym"}
PREFIXES = {"jargon_heldout": "h", "jargon_heldout2": "g", "jargon_heldout3": "k", "jargon_heldout4": "m",
            "jargon_heldout5": "p"}


def parse(line: str) -> tuple[str, str, list[dict]]:
    """One source line -> (lang, plain text, labels with offsets into the plain text)."""
    lang, marked = line.split("\t", 1)
    marked = marked.replace("\\n", "\n")
    text, labels, pos = [], [], 0
    length = 0
    for match in MARK.finditer(marked):
        before = marked[pos : match.start()]
        text.append(before)
        length += len(before)
        word = match.group(2)
        labels.append({"start": length, "end": length + len(word), "text": word, "kind": KINDS[match.group(1)]})
        text.append(word)
        length += len(word)
        pos = match.end()
    text.append(marked[pos:])
    return lang, "".join(text), labels


def main(name: str = "jargon_heldout") -> None:
    """Write DATA/NAME.jsonl from DATA/NAME.src.txt, numbering messages h001, h002, ... (prefix per set)"""
    source, target = DATA / f"{name}.src.txt", DATA / f"{name}.jsonl"
    prefix = PREFIXES[name]
    lines = [line for line in source.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    out = []
    for number, line in enumerate(lines, 1):
        lang, text, labels = parse(line)
        assert lang in ("nb", "nn"), line
        for label in labels:
            assert text[label["start"] : label["end"]] == label["text"]
        row = {"id": f"{prefix}{number:03d}", "lang": lang, "text": text, "expected": labels}
        out.append(json.dumps(row, ensure_ascii=False))
    target.write_text("\n".join(out) + "\n", encoding="utf-8")
    clean = sum(1 for line in out if '"expected": []' in line)
    print(f"{target.name}: {len(out)} messages, {clean} without jargon")


if __name__ == "__main__":
    main(*sys.argv[1:2])
