"""Counts of injected faults and of what arrived, across the whole fault-injection suite (printed at the end)."""

from __future__ import annotations

from collections import Counter

#: fault name → how many were injected
INJECTED: Counter[str] = Counter()
#: "keys", "lost", "duplicated", "uncertain", "failed_visibly" → totals over every test
OUTCOMES: Counter[str] = Counter()


def record(injected: Counter[str] | dict[str, int], **outcomes: int) -> None:
    INJECTED.update(injected)
    OUTCOMES.update(outcomes)


def summary() -> str:
    faults = ", ".join(f"{name} {count}" for name, count in sorted(INJECTED.items()))
    results = ", ".join(f"{name} {count}" for name, count in sorted(OUTCOMES.items()))
    return f"fault injection: {sum(INJECTED.values())} faults/crashes injected ({faults}); {results}"
