"""Pairing for introductions, and the rhythm of rounds. Pure: no I/O, no clock.

`pair_round` splits the eligible members of a group into pairs (one trio when their number is odd):

1. **Sector difference first.** The number of mixed groups (two sectors or more) is the largest possible,
   min(⌊n/2⌋, n − m) where m is the size of the largest sector: each step pairs someone from the sector with
   the most unpaired members with someone from another sector, which keeps that bound reachable.
2. **New pairs next.** A partner one has not met is preferred; the most constrained member picks first
   (the fewest unmet candidates), and a repeat left at the end is swapped with another pair when that makes
   both pairs new without losing a mixed group. A pair is repeated only when swapping cannot avoid it.
3. **Across municipalities last.** When two groups are paired together (the programme allows it), each
   member's `home` is their group: among splits equal on 1 and 2, the most pairs cross the two municipalities.
4. **Deterministic.** The same members, history and seed give the same round; the seed shuffles ties.

Opted-out, paused and inactive members are left out by the caller (they are not eligible). `explain_round`
says, per pair, why it was made: different sectors, new to each other, across municipalities.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import combinations


@dataclass(frozen=True)
class Candidate:
    """An eligible member: a stable key (the member row id), their sector (None: not chosen) and their home (the
    group they belong to, when two groups are paired together)."""

    key: int
    sector: str | None
    home: int = 0


#: who has met whom, both ways (a → the keys a was grouped with before)
Meetings = Mapping[int, Collection[int]]
Group = tuple[int, ...]


def _sector(c: Candidate) -> str:
    # Members without a sector count as one sector of their own kind: pairing two of them is not "mixed".
    return c.sector or ""


def max_mixed(sectors: Sequence[str | None]) -> int:
    """The most mixed groups any pairing of these members can have: min(⌊n/2⌋, n − largest sector)."""
    n = len(sectors)
    if n < 2:
        return 0
    counts: dict[str, int] = {}
    for s in sectors:
        counts[s or ""] = counts.get(s or "", 0) + 1
    return min(n // 2, n - max(counts.values()))


#: groups up to this size are paired by trying every split (945 for ten people); larger ones greedily
EXACT_UP_TO = 10


def pair_round(members: Sequence[Candidate], met: Meetings, seed: int) -> list[Group]:
    """Pairs (and one trio when the number is odd) of member keys; [] for fewer than two members.

    Small groups get the best split there is (most mixed groups, then fewest repeats); larger ones the greedy
    split, which keeps the most mixed groups and avoids repeats where a swap can.
    """
    if len(members) < 2:
        return []
    order = sorted(members, key=lambda c: c.key)
    random.Random(seed).shuffle(order)  # noqa: S311 - a reproducible shuffle, not a secret
    sector_of = {c.key: _sector(c) for c in order}
    home_of = {c.key: c.home for c in order}
    if len(order) <= EXACT_UP_TO:
        return _best_split([c.key for c in order], sector_of, met, home_of)
    return greedy_round(order, sector_of, met, home_of)


def _splits(keys: Sequence[int]) -> Iterator[list[Group]]:
    """Every split of `keys` into pairs, with one trio when their number is odd."""
    if len(keys) < 2:
        yield []
        return
    first, rest = keys[0], keys[1:]
    if len(keys) % 2 == 1:
        for a, b in combinations(rest, 2):
            for tail in _splits([k for k in rest if k not in (a, b)]):
                yield [(first, a, b), *tail]
    for i, partner in enumerate(rest):
        remaining = [*rest[:i], *rest[i + 1:]]
        if len(remaining) != 1:  # an odd remainder still holds its trio; never leave one person alone
            for tail in _splits(remaining):
                yield [(first, partner), *tail]


def _best_split(keys: Sequence[int], sector_of: Mapping[int, str], met: Meetings,
                home_of: Mapping[int, int]) -> list[Group]:
    def score(split: list[Group]) -> tuple[int, int, int]:
        return (sum(_mixed(g, sector_of) for g in split), -sum(_repeats(g, met) for g in split),
                sum(_mixed(g, home_of) for g in split))
    return max(_splits(keys), key=score)  # the first best in the shuffled order: the seed breaks ties


def greedy_round(order: Sequence[Candidate], sector_of: Mapping[int, str], met: Meetings,
                 home_of: Mapping[int, int] | None = None) -> list[Group]:
    """The greedy split of members in a (shuffled) order; near-linear, for groups of any size. With two homes, a
    new partner from the other municipality is preferred to a new one from the same."""
    homes = home_of if home_of is not None and len(set(home_of.values())) > 1 else None
    pools: dict[str, list[int]] = {}
    for c in order:  # each sector's members in the shuffled order; a sector's rank is where its first one came
        pools.setdefault(sector_of[c.key], []).append(c.key)
    rank = {sector: i for i, sector in enumerate(pools)}
    unpaired = set(sector_of)
    empty: Collection[int] = ()
    pairs: list[tuple[int, int]] = []
    while len(unpaired) >= 2:
        big = max(pools, key=lambda s: (len(pools[s]), -rank[s]))
        others = sorted((s for s in pools if s != big), key=lambda s: (-len(pools[s]), rank[s]))
        first = _most_constrained(pools[big], unpaired, met)
        pools[big].remove(first)
        unpaired.discard(first)
        pool = (k for s in others for k in pools[s]) if others else iter(pools[big])
        fallback = _partner(first, pool, met.get(first, empty), homes)
        assert fallback is not None  # noqa: S101 - two or more are unpaired
        pools[sector_of[fallback]].remove(fallback)
        unpaired.discard(fallback)
        pairs.append((first, fallback))
        for s in [s for s, p in pools.items() if not p]:
            del pools[s]
    groups: list[Group] = [tuple(p) for p in pairs]
    if unpaired:
        _add_to_trio(groups, unpaired.pop(), sector_of, met)
    _swap_repeats(groups, sector_of, met)
    return groups


def _partner(first: int, pool: Iterator[int], seen: Collection[int], homes: Mapping[int, int] | None) -> int | None:
    """The first in `pool` that `first` has not met (from the other home when there are two), else the first new
    one, else the first of all."""
    fallback = new = None
    for k in pool:
        fallback = k if fallback is None else fallback
        if k not in seen:
            if homes is None or homes[k] != homes[first]:
                return k
            new = k if new is None else new
    return new if new is not None else fallback


def _most_constrained(pool: list[int], unpaired: set[int], met: Meetings) -> int:
    """Of the first few in `pool`, the one who has already met the most of the people still unpaired but has
    someone new left among them: they have the fewest new partners left, so they choose first. Only a window
    is weighed and only their meetings are counted, so a round stays close to linear in group size."""
    window = pool[:6]
    empty: Collection[int] = ()
    others = len(unpaired) - 1

    def key(k: int) -> tuple[bool, int, int]:
        seen = len(unpaired.intersection(met.get(k, empty)))
        return seen >= others, -seen, window.index(k)  # someone with a new partner left goes first
    return min(window, key=key)


def _is_new(a: int, b: int, met: Meetings) -> bool:
    return b not in met.get(a, ()) and a not in met.get(b, ())


def _repeats(group: Group, met: Meetings) -> int:
    return sum(not _is_new(group[i], b, met) for i in range(len(group)) for b in group[i + 1:])


def _mixed(group: Group, kind_of: Mapping[int, str] | Mapping[int, int]) -> int:
    """1 when the group spans two kinds (sectors, or homes), else 0."""
    return int(len({kind_of[k] for k in group}) > 1)


@dataclass(frozen=True)
class Reasons:
    """Why a pair (or trio) was made: across sectors, new to each other, across the two municipalities."""

    group: Group
    mixed: bool
    new: bool
    across: bool


def explain_round(groups: Sequence[Group], members: Sequence[Candidate], met: Meetings) -> list[Reasons]:
    """Per group of a round (made with this history), the reasons it was put together."""
    sector_of = {c.key: _sector(c) for c in members}
    home_of = {c.key: c.home for c in members}
    return [Reasons(g, bool(_mixed(g, sector_of)), not _repeats(g, met), bool(_mixed(g, home_of))) for g in groups]


def _swap_repeats(groups: list[Group], sector_of: Mapping[int, str], met: Meetings, passes: int = 3) -> None:
    """Swap members between a group with a repeated pair and another group (or move one out of the trio) when
    that leaves fewer repeats and no fewer mixed groups (a few passes; each swap strictly lowers the repeats)."""
    for _ in range(passes):
        improved = False
        for i in range(len(groups)):
            if not _repeats(groups[i], met):
                continue
            for j in range(len(groups)):
                if j != i and _swap_once(groups, i, j, sector_of, met):
                    improved = True
                    break
        if not improved:
            return


def _swap_once(groups: list[Group], i: int, j: int, sector_of: Mapping[int, str], met: Meetings) -> bool:
    one, two = groups[i], groups[j]
    repeats = _repeats(one, met) + _repeats(two, met)
    mixed = _mixed(one, sector_of) + _mixed(two, sector_of)
    for u in range(len(one)):
        for v in range(len(two)):
            new_one = (*one[:u], two[v], *one[u + 1:])
            new_two = (*two[:v], one[u], *two[v + 1:])
            if (_repeats(new_one, met) + _repeats(new_two, met) < repeats
                    and _mixed(new_one, sector_of) + _mixed(new_two, sector_of) >= mixed):
                groups[i], groups[j] = new_one, new_two
                return True
    if len(one) == 3 and len(two) == 2:  # or the trio hands one member over: the pair becomes the trio
        for u in range(3):
            new_one, new_two = (*one[:u], *one[u + 1:]), (*two, one[u])
            if (_repeats(new_one, met) + _repeats(new_two, met) < repeats
                    and _mixed(new_one, sector_of) + _mixed(new_two, sector_of) >= mixed):
                groups[i], groups[j] = new_one, new_two
                return True
    return False


def _add_to_trio(groups: list[Group], extra: int, sector_of: Mapping[int, str], met: Meetings) -> None:
    """The odd one out joins the pair where they are new to both and add a sector (or the best there is)."""
    def score(group: Group) -> tuple[int, int, int]:
        new = sum(_is_new(extra, k, met) for k in group)
        adds_sector = sector_of[extra] not in {sector_of[k] for k in group}
        mixes = len({sector_of[k] for k in group}) == 1 and adds_sector
        return (int(mixes), new, int(adds_sector))
    best = max(range(len(groups)), key=lambda i: (score(groups[i]), -i))
    groups[best] = (*groups[best], extra)


class Rhythm(StrEnum):
    """How often a group's members are introduced."""

    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"


RHYTHM_DAYS = {Rhythm.WEEKLY: 7, Rhythm.BIWEEKLY: 14, Rhythm.MONTHLY: 28}
_RHYTHM_WORDS = {
    "hver uke": Rhythm.WEEKLY, "kvar veke": Rhythm.WEEKLY, "ukentlig": Rhythm.WEEKLY, "vekentleg": Rhythm.WEEKLY,
    "weekly": Rhythm.WEEKLY, "every week": Rhythm.WEEKLY, "hver veke": Rhythm.WEEKLY, "kvar uke": Rhythm.WEEKLY,
    "annenhver uke": Rhythm.BIWEEKLY, "annahver veke": Rhythm.BIWEEKLY, "annakvar veke": Rhythm.BIWEEKLY,
    "hver andre uke": Rhythm.BIWEEKLY, "kvar andre veke": Rhythm.BIWEEKLY, "every other week": Rhythm.BIWEEKLY,
    "every two weeks": Rhythm.BIWEEKLY, "biweekly": Rhythm.BIWEEKLY, "fortnightly": Rhythm.BIWEEKLY,
    "hver måned": Rhythm.MONTHLY, "kvar månad": Rhythm.MONTHLY, "månedlig": Rhythm.MONTHLY,
    "månadleg": Rhythm.MONTHLY, "monthly": Rhythm.MONTHLY, "every month": Rhythm.MONTHLY,
}


def parse_rhythm(text: str) -> Rhythm | None:
    """The rhythm a user wrote (nb/nn/en), or None; `annenhver uke` is the default when nothing is written."""
    words = " ".join(text.strip().lower().split())
    if not words:
        return Rhythm.BIWEEKLY
    return _RHYTHM_WORDS.get(words)


def round_seed(group_id: int, number: int) -> int:
    """The seed of a group's round: the same round is always paired the same way."""
    return group_id * 100_003 + number
