"""Pairing speed: one round of introductions for a national programme (357 groups, 50,000 members) after 20
earlier rounds, with the pure pairing rule (`bot.features.introductions.rules.pair_round`).

Prints seconds for the whole programme and the share of pairs that are cross-sector and new (never met in the
20 rounds before). Target: under 2 s. The baseline from the same run is the naive pairing (shuffle, pair
neighbours — what a Donut-style random pairing does), timed and scored the same way.

With `--twinned`, neighbouring groups are introduced two by two (the programme lets two municipalities meet):
one pairing per two groups, and the share of pairs across the two municipalities is printed too.

    python -m bench.pairing_speed [--groups 357 --members 50000 --rounds 20 --seed 1] [--twinned]
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable, Sequence
from itertools import combinations

from bot.features.introductions.rules import Candidate, Group, Meetings, pair_round, round_seed
from bot.kernel.rules.people import Sector

Pairer = Callable[[Sequence[Candidate], Meetings, int], list[Group]]


def naive_round(members: Sequence[Candidate], met: Meetings, seed: int) -> list[Group]:
    """The baseline: shuffle and pair neighbours (the last one joins the last pair when odd)."""
    order = [c.key for c in members]
    random.Random(seed).shuffle(order)  # noqa: S311 - a benchmark's reproducible shuffle
    groups: list[Group] = [tuple(order[i:i + 2]) for i in range(0, len(order) - 1, 2)]
    if len(order) % 2 and groups:
        groups[-1] = (*groups[-1], order[-1])
    return groups


def programme(groups: int, members: int, seed: int) -> list[list[Candidate]]:
    """Groups of uneven size (one in five large), members in uneven sectors (school and kindergarten most)."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data
    weights = [rng.uniform(0.5, 4.0) for _ in range(groups)]
    sizes = [max(2, round(members * w / sum(weights))) for w in weights]
    sectors = [s.value for s in Sector]
    sector_weights = [6, 6, 2, 1, 3, 1, 2, 2, 1]
    key = 0
    result = []
    for size in sizes:
        group = []
        for _ in range(size):
            group.append(Candidate(key, rng.choices(sectors, sector_weights)[0]))
            key += 1
        result.append(group)
    return result


def twinned(groups: list[list[Candidate]]) -> list[list[Candidate]]:
    """Neighbouring groups paired together: one unit per two groups, each member keeping their own group."""
    return [[Candidate(c.key, c.sector, i + h) for h, group in enumerate(groups[i:i + 2]) for c in group]
            for i in range(0, len(groups), 2)]


def remember(met: dict[int, set[int]], groups: list[Group]) -> None:
    for group in groups:
        for a, b in combinations(group, 2):
            met.setdefault(a, set()).add(b)
            met.setdefault(b, set()).add(a)


def history(groups: list[list[Candidate]], rounds: int, pairer: Pairer) -> list[dict[int, set[int]]]:
    """Each group's meetings after `rounds` earlier rounds made by `pairer`."""
    met: list[dict[int, set[int]]] = []
    for gid, members in enumerate(groups):
        seen: dict[int, set[int]] = {}
        for number in range(rounds):
            remember(seen, pairer(members, seen, round_seed(gid, number)))
        met.append(seen)
    return met


def score(groups: list[list[Candidate]], met: list[dict[int, set[int]]], rounds: int, pairer: Pairer
          ) -> tuple[float, float, float, float, int]:
    """Seconds for one round of the whole programme, and the shares of pairs that are cross-sector, new and
    across two municipalities."""
    started = time.perf_counter()
    made = [pairer(members, met[gid], round_seed(gid, rounds)) for gid, members in enumerate(groups)]
    seconds = time.perf_counter() - started
    pairs = cross = new = across = 0
    for gid, members in enumerate(groups):
        sector, home = {c.key: c.sector for c in members}, {c.key: c.home for c in members}
        for group in made[gid]:
            for a, b in combinations(group, 2):
                pairs += 1
                cross += sector[a] != sector[b]
                new += b not in met[gid].get(a, ())
                across += home[a] != home[b]
    return seconds, cross / pairs, new / pairs, across / pairs, pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--groups", type=int, default=357)
    parser.add_argument("--members", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--twinned", action="store_true", help="introduce neighbouring groups two by two")
    args = parser.parse_args()
    groups = programme(args.groups, args.members, args.seed)
    groups = twinned(groups) if args.twinned else groups
    total = sum(len(g) for g in groups)
    units = "pairs of groups" if args.twinned else "groups"
    print(f"{len(groups)} {units}, {total} members (largest group {max(len(g) for g in groups)}), "
          f"{args.rounds} earlier rounds")
    for name, pairer in (("naive (shuffle, pair neighbours)", naive_round), ("pair_round", pair_round)):
        built = time.perf_counter()
        met = history(groups, args.rounds, pairer)
        built = time.perf_counter() - built
        seconds, cross, new, across, pairs = score(groups, met, args.rounds, pairer)
        between = f", across municipalities {across:6.1%}" if args.twinned else ""
        print(f"{name:34} {seconds:6.2f} s for round {args.rounds + 1} ({pairs} pairs within groups): "
              f"cross-sector {cross:6.1%}, new {new:6.1%}{between}  [history of {args.rounds} rounds: {built:.1f} s]")
    print("target: pair_round under 2 s for the whole programme")


if __name__ == "__main__":
    main()
