"""Charts for the HTML report as inline SVG, drawn with matplotlib (Agg, no pyplot state).

Deterministic output: `svg.fonttype=none` keeps labels as searchable text, a fixed `svg.hashsalt` gives
stable element ids, and `metadata={"Date": None}` drops the timestamp — two runs give identical bytes.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from bot.features.digest.rules import Digest
from bot.features.digest.section_values import AnchoringStatus, JargonTrend, MilestoneStatus, find_section

if TYPE_CHECKING:  # matplotlib itself is imported only when a chart is drawn
    from matplotlib.axis import Axis
    from matplotlib.figure import Figure
    from matplotlib.typing import RcKeyType

RC: dict[RcKeyType, Any] = {"svg.fonttype": "none", "svg.hashsalt": "samskaping-report", "font.family": "DejaVu Sans",
      "font.size": 9, "axes.spines.top": False, "axes.spines.right": False}
COLOURS = ("#1b6ca8", "#e07a1f", "#2e8b57", "#b03a48", "#6a4c93", "#8a8a8a", "#0f9aa8", "#c49a00")
#: Marker and dash per series, so lines and bars differ by shape as well as by colour (WCAG 1.4.1).
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
DASHES = ("-", "--", ":", "-.")
HATCHES = ("", "//", "xx")
MAX_LINES = 10  # more lines than this are unreadable: the programme line plus the groups needing attention


def _svg(draw: Callable[[Figure], None], size: tuple[float, float]) -> str:
    """Run `draw(figure)` and return the figure as an `<svg>` element (no XML prolog)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    with matplotlib.rc_context(RC):
        figure = Figure(figsize=size, layout="constrained")
        draw(figure)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg"):]


def _whole_numbers(axis: Axis) -> None:
    """Ticks at whole numbers only, for axes that count things."""
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))


def _programme_rate(digest: Digest) -> float | None:
    return digest.totals.answer_rate


def rates_chart(history: Sequence[Digest], programme_label: str) -> str | None:
    """Answer rate per group over the weeks (visible rates only), with the programme as a thick line."""
    if not any(g.answer_rate is not None for d in history for g in d.groups):
        return None
    weeks = [d.week.week for d in history]
    latest = history[-1]
    wanted = [g.group_id for g in latest.attention if not g.is_small]
    if len(latest.groups) <= MAX_LINES:
        wanted = [g.group_id for g in latest.groups if not g.is_small]
    names = {g.group_id: g.municipality for d in history for g in d.groups}

    def draw(figure: Figure) -> None:
        axes = figure.subplots()
        axes.plot(weeks, [_pct(_programme_rate(d)) for d in history], color="#222", linewidth=2.5,
                  label=programme_label)
        for n, gid in enumerate(wanted[:MAX_LINES]):
            series = [_pct(next((g.answer_rate for g in d.groups if g.group_id == gid), None)) for d in history]
            axes.plot(weeks, series, marker=MARKERS[n % len(MARKERS)], markersize=4, color=COLOURS[n % len(COLOURS)],
                      linestyle=DASHES[n % len(DASHES)], label=names[gid])
        axes.set_ylim(0, 100)
        axes.set_xticks(weeks)
        axes.set_ylabel("%")
        axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)

    return _svg(draw, (8.0, 3.2))


def _pct(rate: float | None) -> float:
    return float("nan") if rate is None else round(rate * 100, 1)


def milestones_chart(digest: Digest, labels: tuple[str, str, str]) -> str | None:
    """Done / due / overdue milestones per group as stacked horizontal bars."""
    rows = [(g.municipality, s) for g in digest.groups if (s := find_section(g.sections, MilestoneStatus))]
    if not rows:
        return None
    rows = rows[:40]

    def draw(figure: Figure) -> None:
        axes = figure.subplots()
        names = [name for name, _ in rows]
        left = [0] * len(rows)
        for label, attr, colour, hatch in zip(labels, ("done", "due", "overdue"), ("#2e8b57", "#c49a00", "#b03a48"),
                                              HATCHES, strict=True):
            values = [getattr(s, attr) for _, s in rows]
            bars = axes.barh(names, values, left=left, color=colour, hatch=hatch, edgecolor="white", label=label)
            axes.bar_label(bars, labels=[str(v) if v else "" for v in values], label_type="center", color="white")
            left = [a + b for a, b in zip(left, values, strict=True)]
        axes.invert_yaxis()
        _whole_numbers(axes.xaxis)  # milestones are counted: no 0.25 ticks
        axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)  # beside the bars, not over them

    return _svg(draw, (8.0, 0.6 + 0.28 * len(rows)))


def anchoring_chart(digest: Digest, directions: Sequence[tuple[str, str]]) -> str | None:
    """Stakeholders in the programme's maps by direction (sideways, up, down)."""
    status = find_section(digest.totals.sections, AnchoringStatus)
    if status is None or status.total == 0:
        return None

    def draw(figure: Figure) -> None:
        axes = figure.subplots()
        bars = axes.bar([label for _, label in directions],
                        [status.by_direction.get(key, 0) for key, _ in directions], color=COLOURS[: len(directions)])
        axes.bar_label(bars)  # the count on each bar: the labels under the bars name them, not the colours
        _whole_numbers(axes.yaxis)

    return _svg(draw, (5.0, 2.6))


def jargon_chart(history: Sequence[Digest], programme_label: str) -> str | None:
    """Jargon findings per 100 messages for the programme, week by week."""
    trends = [find_section(d.totals.sections, JargonTrend) for d in history]
    if not any(t is not None and t.per_100 is not None for t in trends):
        return None
    weeks = [d.week.week for d in history]
    values = [float("nan") if t is None or t.per_100 is None else round(t.per_100, 2) for t in trends]

    def draw(figure: Figure) -> None:
        axes = figure.subplots()
        axes.plot(weeks, values, marker="o", color="#6a4c93", label=programme_label)
        axes.set_xticks(weeks)
        axes.set_ylim(bottom=0)

    return _svg(draw, (8.0, 2.6))
