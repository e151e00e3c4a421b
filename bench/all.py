"""`make bench`: run every benchmark, each in its own process, and print one table of their figures.

Columns: what, figure, target, baseline measured in the same run, database, met / not met (– where the
issue sets no target). The table is also written to bench/results.md, and the README's "Measured" section
is regenerated from it. Benchmarks that write `Figure`s (`--results`) are read from their file; the older
ones (dispatch, jargon) are read from their printed lines. A benchmark over the time limit is
stopped and shown as such, never left out.

    python -m bench.all [--only NAME,NAME] [--postgres URL] [--no-readme]
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench.results import Figure, load

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results.md"
README = ROOT / "README.md"
LIMIT_SECONDS = 120.0  # each benchmark must finish within this here (the bar)
GRACE_SECONDS = 300.0  # stopped only after this; a first run builds the digest database (cached afterwards)
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"

Parser = Callable[[str], list[Figure]]


@dataclass(frozen=True)
class Bench:
    name: str
    args: tuple[str, ...] = ()
    postgres: bool = True  # takes --postgres
    parse: Parser | None = None  # None: it writes Figures itself (--results)


def _number(pattern: str, out: str) -> str | None:
    found = re.search(pattern, out, re.MULTILINE)
    return found.group(1).replace(",", "") if found else None


def dispatch(out: str) -> list[Figure]:
    figures = []
    for database, section in (("SQLite", out.split("PostgreSQL (")[0]), ("PostgreSQL", "".join(
            out.split("PostgreSQL (")[1:]))):
        row = re.search(r"^\s+10000\s+\d+\s+([\d.]+)\s+(\d+)\s+(\d+)%\s+[\d.]+\s+(\d+)x", section, re.MULTILINE)
        if row:
            rate = int(row.group(2))
            figures.append(Figure("dispatch_throughput", "outbox dispatch, 10,000 due rows to the in-memory port",
                                  f"{rate:,} rows/s", "≥ 2,000 rows/s" if database == "SQLite" else "",
                                  f"the port alone is {row.group(4)}× faster; {row.group(3)} % in the database",
                                  database, rate >= 2000 if database == "SQLite" else None))
    return figures


def jargon_speed(out: str) -> list[Figure]:
    rate = _number(r"^engine\.analyse: ([\d,]+) messages per CPU-second", out)
    naive = re.search(r"naive whole-word glossary matcher.*?: ([\d,]+) messages per CPU-second; engine is ([\d.]+)x",
                      out)
    startup = _number(r"^start-up[^:]*: ([\d.]+) s", out)
    figures = []
    if rate:
        baseline = f"naive glossary matcher {naive.group(1)}/s ({naive.group(2)}× slower)" if naive else "–"
        figures.append(Figure("jargon_speed", "jargon engine, 30-word messages, one core (item 4)",
                              f"{int(rate):,} messages/s", "≥ 10,000 messages/s, ≥ 2× naive", baseline, "–",
                              int(rate) >= 10_000 and naive is not None and float(naive.group(2)) >= 2))
    if startup:
        figures.append(Figure("jargon_speed", "jargon engine start-up, fresh process", f"{float(startup):.2f} s",
                              "< 0.5 s", "–", "–", float(startup) < 0.5))
    return figures


def jargon_accuracy(out: str) -> list[Figure]:
    """Per held-out set: recall and false alarms now, against the targets; the naive matcher as the baseline."""
    figures = []
    for found in re.finditer(r"^(jargon_\w+)\s+(\d+) before.*?\n\s+now\s+[\d.]+\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)%"
                             r"\n\s+naive\s+[\d.]+\s+[\d.]+\s+([\d.]+)", out, re.MULTILINE):
        name, messages, recall, f1, alarms, naive_f1 = found.groups()
        held_out = name != "jargon_eval"
        figures.append(Figure(
            "jargon_accuracy", f"jargon findings, {name} ({messages} messages): recall, false alarms",
            f"recall {recall}, false alarms {alarms} % (F1 {f1})",
            "recall ≥ 0.85, false alarms ≤ 3 %" if held_out else "no regression", f"naive F1 {naive_f1}", "–",
            float(recall) >= 0.85 and float(alarms) <= 3 if held_out else None))
    return figures


def pairing(out: str) -> list[Figure]:
    rows = {m.group(1).strip(): m for m in re.finditer(
        r"^(naive \(shuffle, pair neighbours\)|pair_round)\s+([\d.]+) s .*?cross-sector\s+([\d.]+)%, new\s+([\d.]+)%",
        out, re.MULTILINE)}
    ours, naive = rows.get("pair_round"), rows.get("naive (shuffle, pair neighbours)")
    if ours is None:
        return []
    seconds = float(ours.group(2))
    baseline = (f"naive shuffle {float(naive.group(2)):.2f} s, {naive.group(3)} % cross-sector, "
                f"{naive.group(4)} % new") if naive else "–"
    return [Figure("pairing_speed", "introductions: one round for 357 groups / 50,000 members after 20 rounds",
                   f"{seconds:.2f} s; {ours.group(3)} % cross-sector, {ours.group(4)} % new", "< 2 s", baseline,
                   "–", seconds < 2)]


BENCHES = (
    Bench("demo_speed", postgres=False),
    Bench("digest_speed"),
    Bench("programme_year"),
    Bench("fanout_rate", ("--dms", "1500", "--channels", "100", "--chats", "2000", "--k1-seconds", "0")),
    Bench("dispatch_throughput", ("--sizes", "1000,10000"), parse=dispatch),
    Bench("pairing_speed", postgres=False, parse=pairing),
    Bench("jargon_speed", postgres=False, parse=jargon_speed),
    Bench("jargon_accuracy", postgres=False, parse=jargon_accuracy),
    Bench("inbound_latency", ("--seconds", "10")),
    Bench("trigger_latency", ("--no-baseline", "--triggers", "100")),
)


def run(bench: Bench, postgres: str, results: Path) -> tuple[list[Figure], float, str]:
    """Run one benchmark in its own process; its figures, seconds and how it ended."""
    argv = [sys.executable, "-m", f"bench.{bench.name}", *bench.args]
    if bench.postgres:
        argv += ["--postgres", postgres]
    if bench.parse is None:
        argv += ["--results", str(results)]
    print(f"\n== bench.{bench.name}", flush=True)
    started = time.perf_counter()
    # Its own session, so a benchmark stopped at the limit takes its mocks and servers with it.
    process = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,  # noqa: S603
                               start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out = process.communicate()[0] or ""
        print(out)
        found = bench.parse(out) if bench.parse else []
        return found, time.perf_counter() - started, f"stopped after {GRACE_SECONDS:.0f} s"
    done = subprocess.CompletedProcess(argv, process.returncode, stdout, stderr)
    seconds = time.perf_counter() - started
    print(done.stdout + (done.stderr[-2000:] if done.returncode else ""), flush=True)
    figures = bench.parse(done.stdout) if bench.parse else [f for f in load(results) if f.bench == bench.name]
    if done.returncode:  # the figures printed before the failure still count
        return figures, seconds, f"failed (exit {done.returncode}; last error line: {_last_line(done.stderr)})"
    return figures, seconds, "ok" if figures else "ran; its output was not recognised (see above)"


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return (lines[-1] if lines else "none")[:160].replace("|", "/")


def table(figures: list[Figure], runs: list[tuple[str, float, str]], load: str) -> str:
    lines = [f"Measured by `make bench` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, {load}. "
             "Figures are noisy on a shared machine; each row's baseline was measured in the same run.", "",
             "| what | figure | target | baseline (same run) | database | verdict |", "|---|---|---|---|---|---|"]
    lines += [f"| {f.what} | {f.figure} | {f.target or '–'} | {f.baseline} | {f.database} | {f.verdict} |"
              for f in figures]
    lines += ["", "| benchmark | seconds | under 2 minutes | outcome |", "|---|---|---|---|"]
    lines += [f"| `bench.{name}` | {seconds:.0f} | {'yes' if seconds < LIMIT_SECONDS else 'NO'} | {outcome} |"
              for name, seconds, outcome in runs]
    return "\n".join(lines) + "\n"


def update_readme(section: str) -> None:
    text = README.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        print(f"README.md has no {BEGIN} … {END} block; not updated")
        return
    head, rest = text.split(BEGIN, 1)
    README.write_text(head + BEGIN + "\n" + section + END + rest.split(END, 1)[1], encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="comma-separated benchmark names (default: all)")
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL", ""))
    parser.add_argument("--no-readme", dest="readme", action="store_false")
    args = parser.parse_args()
    chosen = [b for b in BENCHES if not args.only or b.name in args.only.split(",")]
    before = os.getloadavg()[0]
    figures: list[Figure] = []
    runs: list[tuple[str, float, str]] = []
    with tempfile.TemporaryDirectory() as folder:
        results = Path(folder) / "figures.jsonl"
        for bench in chosen:
            found, seconds, outcome = run(bench, args.postgres, results)
            figures += found
            runs.append((bench.name, seconds, outcome))
    load = f"load average {before:.1f} at the start and {os.getloadavg()[0]:.1f} at the end"
    if not args.postgres:
        load += "; PostgreSQL skipped (no TEST_DATABASE_URL)"
    report = table(figures, runs, load)
    print("\n" + report)
    if not args.only:  # a partial run leaves the full table alone
        RESULTS.write_text("# Benchmark results\n\n" + report, encoding="utf-8")
        if args.readme:
            update_readme(report)


if __name__ == "__main__":
    main()
