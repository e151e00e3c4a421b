"""Speed of the jargon engine: start-up, messages per second for ~30-word messages, and memory held.

Run: .venv/bin/python -m bench.jargon_speed

Start-up is measured in a fresh interpreter: imports, glossary, lexicon, word lists and names, and the first
analysis (best of three), as wall time and as the CPU time the process used. Throughput is measured after
warm-up on one core in CPU time (messages per CPU-second of this process: on a shared, busy machine wall time
mostly measures the other processes), in the same run as two
baselines: the naive whole-word glossary matcher of `bench.jargon_accuracy` built from the same glossary
(one case-insensitive regex per glossary form; the engine should be at least twice as fast) and a plain
regex tokenisation (a floor no analysis can beat). The engine caches what it decided about each word, as
chat vocabulary repeats; "first sight" clears that cache before every message, so every word is new.
Memory is what tracemalloc sees allocated while building the engine.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from bench.jargon_accuracy import baseline

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "data"

TARGET_PER_SECOND = 10_000  # issue 19 item 4 (issue 20 asks for 5,000)
TARGET_RATIO = 2.0
TARGET_STARTUP = 0.5
WORDS = 30
_STARTUP = (
    "import time; t = time.perf_counter(); c = time.process_time();"
    "from bot.features.language.shipped import load_engine;"
    "load_engine().analyse('Vi må sikre forankringen før roadmap-møtet med Udir.');"
    "print(time.perf_counter() - t, time.process_time() - c)"
)


def messages(name: str = "jargon_eval") -> list[str]:
    """About 30-word messages built from a labelled set, so they mix jargon and everyday text."""
    path = DATA / f"{name}.jsonl"
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


def startup_seconds() -> tuple[float, float]:
    """(wall, CPU) seconds to import, build the engine and analyse one message in a fresh Python process
    (best of three, interpreter start not counted)."""
    runs = []
    for _ in range(3):
        done = subprocess.run(  # noqa: S603 - our own interpreter and a fixed snippet
            [sys.executable, "-c", _STARTUP], cwd=ROOT, capture_output=True, text=True, check=True
        )
        wall, cpu = done.stdout.split()
        runs.append((float(wall), float(cpu)))
    return min(wall for wall, _ in runs), min(cpu for _, cpu in runs)


def rate(function: Callable[[str], object], batch: list[str], seconds: float = 2.0,
         before_each: Callable[[], object] | None = None) -> float:
    """Calls per CPU-second of `function` over the batch, repeated for about `seconds` of CPU time."""
    for text in batch[:50]:
        function(text)  # warm-up
    count = 0
    start = time.process_time()
    while time.process_time() - start < seconds:
        for text in batch:
            if before_each is not None:
                before_each()
            function(text)
        count += len(batch)
    return count / (time.process_time() - start)


def engine_memory() -> float:
    """MiB allocated while loading the glossary, lexicon, word lists, names and engine."""
    from bot.features.language import shipped as glossary

    glossary.load_engine.cache_clear()
    tracemalloc.start()
    engine = glossary.load_engine()
    current, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del engine
    return current / 2**20


def _met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main() -> None:
    """Print start-up time, throughput (engine, naive glossary matcher, plain tokenisation) and memory."""
    wall, cpu = startup_seconds()
    print(f"start-up to the first analysis (fresh process, best of 3): {wall:.3f} s wall, {cpu:.3f} s CPU "
          f"(target < {TARGET_STARTUP} s: {_met(cpu < TARGET_STARTUP)} in CPU time, {_met(wall < TARGET_STARTUP)} "
          "in wall time)")
    from bot.features.language.shipped import load_engine

    engine = load_engine()
    batch = messages()
    words = sum(len(text.split()) for text in batch) / len(batch)
    engine_rate = rate(lambda text: engine.analyse(text), batch)
    naive = baseline(engine.entries)
    naive_rate = rate(lambda text: naive(text, "nb"), batch)
    held_out = messages("jargon_heldout4")
    cold_rate = rate(lambda text: engine.analyse(text), held_out, before_each=engine.forget_words)
    word = re.compile(r"\w+")
    plain_rate = rate(word.findall, batch)
    ratio = engine_rate / naive_rate
    print(f"messages: {len(batch)} distinct, {words:.0f} words each")
    print(f"engine.analyse: {engine_rate:,.0f} messages per CPU-second "
          f"(target >= {TARGET_PER_SECOND:,}: {_met(engine_rate >= TARGET_PER_SECOND)})")
    print(f"naive whole-word glossary matcher, same glossary, same run: {naive_rate:,.0f} messages per CPU-second; "
          f"engine is {ratio:.1f}x faster (target >= {TARGET_RATIO:.0f}x: {_met(ratio >= TARGET_RATIO)})")
    print(f"engine.analyse, every word new (held-out set 4, cache cleared): {cold_rate:,.0f} per CPU-second")
    slower = plain_rate / engine_rate
    print(f"plain regex tokenisation: {plain_rate:,.0f} per CPU-second; engine is {slower:.1f}x slower")
    print(f"memory held by the engine (tracemalloc): {engine_memory():.1f} MiB")


if __name__ == "__main__":
    main()
