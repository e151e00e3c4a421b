"""Speed of the jargon engine: start-up, messages per second for ~30-word messages, and memory held.

Run: .venv/bin/python -m bench.jargon_speed

Start-up is measured in a fresh interpreter (imports, glossary, lexicon, wordfreq). Throughput is
measured after warm-up on one core, next to a plain regex tokenisation of the same messages, so the
ratio stays meaningful on a noisy or slow machine. Memory is what tracemalloc sees allocated while
building the engine.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

TARGET_PER_SECOND = 5000
WORDS = 30
_STARTUP = (
    "import time; t = time.perf_counter();"
    "from bot.features.language.shipped import load_engine; load_engine();"
    "print(time.perf_counter() - t)"
)


def messages() -> list[str]:
    """About 30-word messages built from the labelled set, so they mix jargon and everyday text."""
    path = ROOT / "bench" / "data" / "jargon_eval.jsonl"
    texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line]
    out = []
    for i in range(len(texts)):
        words: list[str] = []
        j = i
        while len(words) < WORDS:
            words += texts[j % len(texts)].split()
            j += 1
        out.append(" ".join(words[:WORDS]))
    return out


def startup_seconds() -> float:
    """Seconds to import and build the engine in a fresh Python process (best of three)."""
    runs = []
    for _ in range(3):
        done = subprocess.run(  # noqa: S603 - our own interpreter and a fixed snippet
            [sys.executable, "-c", _STARTUP], cwd=ROOT, capture_output=True, text=True, check=True
        )
        runs.append(float(done.stdout.strip()))
    return min(runs)


def rate(function, batch: list[str], seconds: float = 2.0) -> float:
    """Calls per second of `function` over the batch, repeated for about `seconds`."""
    for text in batch[:50]:
        function(text)  # warm-up
    count = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for text in batch:
            function(text)
        count += len(batch)
    return count / (time.perf_counter() - start)


def engine_memory() -> float:
    """MiB allocated while loading the glossary, lexicon and engine."""
    from bot.features.language import shipped as glossary

    glossary.load_engine.cache_clear()
    tracemalloc.start()
    engine = glossary.load_engine()
    current, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del engine
    return current / 2**20


def main() -> None:
    """Print start-up time, throughput (engine and plain tokenisation) and memory."""
    print(f"start-up (fresh process, best of 3): {startup_seconds():.3f} s (target < 1 s)")
    from bot.features.language.shipped import load_engine

    engine = load_engine()
    batch = messages()
    words = sum(len(text.split()) for text in batch) / len(batch)
    engine_rate = rate(lambda text: engine.analyse(text), batch)
    word = re.compile(r"\w+")
    plain_rate = rate(word.findall, batch)
    print(f"messages: {len(batch)} distinct, {words:.0f} words each")
    print(f"engine.analyse: {engine_rate:,.0f} messages/s (target >= {TARGET_PER_SECOND:,})")
    print(f"plain regex tokenisation: {plain_rate:,.0f} messages/s; engine is {plain_rate / engine_rate:.1f}x slower")
    print(f"memory held by the engine (tracemalloc): {engine_memory():.1f} MiB")


if __name__ == "__main__":
    main()
