"""Figures that cannot be undone: a hidden group's answers leave no trace in anything a lead sees.

The property: change what a hidden group answered (how many, how long), in any week it is hidden, and every
published figure of every week — group lines, programme totals, week-on-week changes, member counts by sector,
the attention list — stays exactly the same. Then no subtraction of totals, weeks or sectors can find it,
because there is nothing left to subtract. The database test checks the same on real queries (the median too).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.features.digest.rules import Digest, DigestRules, GroupFacts, build_digest
from bot.features.digest.service import programme_digest
from bot.kernel.rules.weeks import IsoWeek
from bot.kernel.storage.tables import Programme, Workspace
from bot.settings import Settings
from tests.features.digest.digest_fixture import JOINED, W48, W49, WEEK, Seeder

NOW = datetime(2026, 12, 6, 22, 0, tzinfo=UTC)
RULES = DigestRules()  # the default threshold
SECTORS = ("skole", "barnehage", "kulturskole", "administrasjon")


def test_the_default_threshold_is_five() -> None:
    assert RULES.min_group_size == 5 and Settings(_env_file=None).digest_min_group_size == 5  # type: ignore[call-arg]


@st.composite
def group_weeks(draw: st.DrawFn, gid: int, weeks: int) -> list[GroupFacts]:
    """One group over `weeks` weeks: members by sector, prompts and answers per week, consistent week to week."""
    history: list[GroupFacts] = []
    for week in range(weeks):
        by_sector = {s: n for s in SECTORS if (n := draw(st.integers(0, 3)))}
        members = sum(by_sector.values())
        prompts = draw(st.integers(0, 3))
        answers = draw(st.integers(0, prompts * members))
        before = history[-1] if history else None
        history.append(GroupFacts(
            group_id=gid, municipality=f"G{gid}", created_at=NOW - timedelta(days=90), members_by_sector=by_sector,
            prompts=prompts, answers=answers, previous_members=before.members if before else 0,
            previous_prompts=before.prompts if before else 0, previous_answers=before.answers if before else 0,
            median_length=float(draw(st.integers(1, 600))) if answers else None,
            last_activity=NOW - timedelta(days=week)))
    return history


@st.composite
def programmes(draw: st.DrawFn) -> list[list[GroupFacts]]:
    """Facts per week (outer list) for 1–6 groups."""
    weeks = draw(st.integers(1, 4))
    groups = [draw(group_weeks(gid, weeks)) for gid in range(1, draw(st.integers(1, 6)) + 1)]
    return [[g[w] for g in groups] for w in range(weeks)]


def _published(weeks: list[list[GroupFacts]]) -> list[Digest]:
    """What leads see for each week (the overall median is taken over the shown groups, as the service does)."""
    return [build_digest("P", IsoWeek(2026, 40 + n), facts, RULES, now=NOW, median_length=_shown_median(facts))
            for n, facts in enumerate(weeks)]


def _shown_median(facts: list[GroupFacts]) -> float | None:
    lengths = sorted(f.median_length for f in facts if f.members >= RULES.min_group_size and f.median_length)
    return lengths[len(lengths) // 2] if lengths else None


def _perturbed(weeks: list[list[GroupFacts]], data: st.DataObject) -> list[list[GroupFacts]]:
    """The same programme, but every hidden group answered differently (a different count and length)."""
    changed: list[list[GroupFacts]] = []
    for facts in weeks:
        row = []
        for f in facts:
            if f.members < RULES.min_group_size:
                answers = data.draw(st.integers(0, f.prompts * f.members))
                length = float(data.draw(st.integers(1, 600))) if answers else None
                f = replace(f, answers=answers, median_length=length)
            row.append(f)
        changed.append(row)
    for w in range(1, len(changed)):  # next week's "previous" figures follow the change
        changed[w] = [replace(f, previous_answers=b.answers) for f, b in zip(changed[w], changed[w - 1], strict=True)]
    return changed


@settings(max_examples=300, deadline=None)
@given(programmes(), st.data())
def test_no_published_figure_depends_on_a_hidden_groups_answers(weeks: list[list[GroupFacts]],
                                                              data: st.DataObject) -> None:
    assert _published(_perturbed(weeks, data)) == _published(weeks)


@settings(max_examples=200, deadline=None)
@given(programmes())
def test_subtracting_the_shown_groups_from_the_total_finds_nothing_hidden(weeks: list[list[GroupFacts]]) -> None:
    """The attack from the issue, spelled out: total answers minus the shown groups' answers."""
    for digest, facts in zip(_published(weeks), weeks, strict=True):
        shown = [g for g in digest.groups if g.answer_rate is not None]
        derived = sum(round(g.answer_rate * g.prompts * g.members) for g in shown)  # type: ignore[operator]
        total_possible = sum(g.prompts * g.members for g in shown)
        if digest.totals.answer_rate is not None:
            # nothing is left over for a hidden group to account for
            assert round(digest.totals.answer_rate * total_possible) - derived == 0
        hidden = [f for f in facts if f.members < RULES.min_group_size]
        assert all(g.answer_rate is None and g.rate_change is None and g.median_length is None
                   for g in digest.groups if g.group_id in {f.group_id for f in hidden})


def test_voss_one_of_two_cannot_be_read_off_the_programme_total() -> None:
    """The case the issue found: Voss (2 members, 1 answer) was the programme total minus the visible groups."""
    bergen = GroupFacts(1, "Bergen", NOW, {"skole": 6}, prompts=1, answers=3)
    voss = GroupFacts(2, "Voss", NOW, {"skole": 2}, prompts=1, answers=1)
    digest = build_digest("P", IsoWeek(2026, 49), [bergen, voss], RULES, now=NOW)
    assert digest.totals.answer_rate == 3 / 6  # Bergen's own rate: Voss is not in it
    assert [g.answer_rate for g in digest.groups] == [0.5, None]


async def _world(uow, external: str, voss_answers: int) -> Programme:  # noqa: ANN001
    """A programme with two shown groups (6 and 5 members) and Voss (2 members, hidden), over two weeks."""
    ws = Workspace(platform="console", external_id=external, created_at=JOINED)
    uow.session.add(ws)
    await uow.flush()
    programme = Programme(workspace_id=ws.id, slug="pilot", name="Pilot", created_at=JOINED)
    uow.session.add(programme)
    await uow.flush()
    s = Seeder(uow, ws)
    for name, size, answering in (("Bergen", 6, 4), ("Odda", 5, 2), ("Voss", 2, voss_answers)):
        group = await s.group(programme, name, f"C-{name}-{external}")
        members = [await s.member(group, f"{name}{n}", SECTORS[n % 2]) for n in range(size)]
        for key, at in (("w48", W48), ("w49", W49)):
            post = await s.post(group, key, at)
            for n, member in enumerate(members[:answering]):
                length = 20 + 37 * n + (300 if name == "Voss" else 0)
                await s.answer(post, member, f"Svar {n} fra {name}", length=length)
    await uow.commit()
    return programme


async def test_the_real_digest_is_the_same_whatever_the_hidden_group_answered(app) -> None:  # noqa: ANN001
    """On each database: Voss answering 1 or 2 of 2 changes nothing a lead sees, this week or in the trend.

    (When a group was last active is shown for every group, hidden or not, so leads see who has gone quiet.)"""
    seen = []
    for n, voss_answers in enumerate((1, 2)):
        async with app.ctx.uow() as uow:
            programme = await _world(uow, f"T-{n}", voss_answers)
            digests = [await programme_digest(uow.session, app.ctx, programme, week, with_themes=False)
                       for week in (WEEK.previous(), WEEK)]
        seen.append([(d.totals, [replace(g, group_id=0) for g in d.groups], d.attention and
                      [g.municipality for g in d.attention]) for d in digests])
    assert seen[0] == seen[1]
    totals = seen[0][1][0]
    assert totals.answer_rate == (4 + 2) / (6 + 5) and totals.members == 13
