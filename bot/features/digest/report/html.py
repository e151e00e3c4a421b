"""The HTML report: one self-contained, printable page (inline CSS, inline SVG charts, no external assets).

Everything shown comes from the digest model, which has no person in it; every value is HTML-escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from html import escape

from bot.features.digest.format import DIRECTIONS, Formatter
from bot.features.digest.report import charts
from bot.features.digest.rules import Digest, GroupDigest

CSS = """
:root { --ink: #1d2430; --muted: #5b6472; --line: #d9dde3; --accent: #1b6ca8; --warn: #b03a48; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink);
       margin: 0 auto; max-width: 1100px; padding: 24px 32px; background: #fff; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 28px 0 8px; border-bottom: 2px solid var(--line); }
.muted { color: var(--muted); font-size: 13px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; margin: 16px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.card b { display: block; font-size: 22px; color: var(--accent); } .card span { font-size: 13px; color: var(--muted); }
ul.attention li { margin: 3px 0; } ul.attention b { color: var(--warn); }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f4f6f8; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.flag > :first-child { border-left: 3px solid var(--warn); } tbody th { background: none; font-weight: normal; }
figure { margin: 8px 0 16px; } figure svg { max-width: 100%; height: auto; }
blockquote { margin: 8px 0; padding: 6px 12px; border-left: 3px solid var(--accent); background: #f4f8fb; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
@page { size: A4; margin: 15mm; }
@media print { body { padding: 0; max-width: none; } h2 { break-after: avoid; } figure, tr { break-inside: avoid; } }
"""


def _cards(digest: Digest, fmt: Formatter) -> str:
    t = digest.totals
    items = [(str(t.groups), "digest.field.groups"), (str(t.members), "digest.field.members"),
             (str(t.prompts), "digest.field.prompts"), (fmt.percent(t.answer_rate), "digest.field.answer_rate"),
             (fmt.chars(t.median_length), "digest.field.median_length")]
    cards = [f'<div class="card"><b>{escape(v)}</b><span>{escape(fmt.t(k))}</span></div>' for v, k in items]
    for section in t.sections:
        label, value = fmt.section_field(section)
        cards.append(f'<div class="card"><span>{escape(label)}</span><div>{escape(value)}</div></div>')
    return f'<div class="cards">{"".join(cards)}</div>'


def _attention(digest: Digest, fmt: Formatter) -> str:
    if not digest.attention:
        return f"<p>{escape(fmt.t('digest.none_need_attention'))}</p>"
    items = [f"<li><b>{escape(g.municipality)}</b>: {escape(fmt.reasons(g))}</li>" for g in digest.attention]
    return f'<ul class="attention">{"".join(items)}</ul>'


def _row(group: GroupDigest, fmt: Formatter, hidden: str) -> str:
    cells = [escape(group.municipality), str(group.members), str(group.prompts),
             hidden if group.is_small else fmt.percent(group.answer_rate),
             "" if group.is_small else fmt.points(group.rate_change),
             "" if group.is_small else fmt.chars(group.median_length), fmt.day(group.last_activity)]
    numeric = [f'<td class="num">{escape(c)}</td>' for c in cells[1:]]
    flag = ' class="flag"' if group.reasons else ""
    return (f'<tr{flag}><th scope="row">{cells[0]}</th>{"".join(numeric)}'
            f"<td>{escape(fmt.reasons(group))}</td></tr>")


def _table(digest: Digest, fmt: Formatter, min_group_size: int) -> str:
    heads = ("group", "members", "prompts", "rate", "change", "median", "last", "reasons")
    head = "".join(f"<th scope=\"col\">{escape(fmt.t(f'digest.col.{h}'))}</th>" for h in heads)
    hidden = fmt.t("digest.value.hidden", size=min_group_size)
    rows = "".join(_row(g, fmt, hidden) for g in digest.groups)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _sectors(digest: Digest, fmt: Formatter) -> str:
    items = sorted(digest.totals.members_by_sector.items(), key=lambda kv: (-kv[1], kv[0]))
    rows = "".join(f'<tr><th scope="row">{escape(fmt.sector(s))}</th><td class="num">{n}</td></tr>' for s, n in items)
    head = f'<tr><th scope="col">{escape(fmt.t("digest.col.sector"))}</th><th scope="col">' \
           f'{escape(fmt.t("digest.col.members"))}</th></tr>'
    return f"<table><thead>{head}</thead><tbody>{rows}</tbody></table>"


def _themes(digest: Digest, fmt: Formatter) -> str:
    if not digest.themes:
        return f"<p>{escape(fmt.t('digest.no_themes'))}</p>"
    words = ", ".join(f"{escape(t.word)} ({t.count})" for t in digest.themes)
    quotes = "".join(
        f"<blockquote>{escape(q.text)}" + (f' <span class="muted">– {escape(q.municipality)}</span>'
                                          if q.municipality else "") + "</blockquote>" for q in digest.quotes)
    heading = f"<h3>{escape(fmt.t('digest.heading.quotes'))}</h3>{quotes}" if quotes else ""
    return f"<p>{words}</p>{heading}"


def _charts(digest: Digest, history: Sequence[Digest], fmt: Formatter) -> str:
    programme = fmt.t("digest.report_programme")
    labels = (fmt.t("digest.milestone.done"), fmt.t("digest.milestone.due"), fmt.t("digest.milestone.overdue"))
    drawn = [
        ("digest.report_chart_rates", charts.rates_chart(history, programme)),
        ("digest.report_chart_milestones", charts.milestones_chart(digest, labels)),
        ("digest.report_chart_anchoring", charts.anchoring_chart(digest, [(d, fmt.direction(d)) for d in DIRECTIONS])),
        ("digest.report_chart_jargon", charts.jargon_chart(history, programme)),
    ]
    return "".join(f"<h2>{escape(fmt.t(key))}</h2><figure>{_labelled(svg, fmt.t(key))}</figure>"
                   for key, svg in drawn if svg)


def _labelled(svg: str, label: str) -> str:
    """The chart as one image with a text alternative (screen readers do not read the drawing's parts)."""
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)


def render_report(digest: Digest, history: Sequence[Digest], fmt: Formatter, *, generated_at: datetime,
                  min_group_size: int, start: datetime, end: datetime) -> str:
    """The whole page as a string."""
    title = fmt.t("digest.title", week=digest.week.week, name=digest.title)
    sub = fmt.t("digest.report_generated", moment=fmt.day(generated_at), week=str(digest.week),
                start=fmt.day(start), end=fmt.day(end - timedelta(seconds=1)))
    body = [f"<header><p class=\"muted\">{escape(fmt.t('digest.report_title'))}</p><h1>{escape(title)}</h1>"
            f"<p class=\"muted\">{escape(sub)}</p></header><main>", _cards(digest, fmt),
            f"<h2>{escape(fmt.t('digest.heading.attention'))}</h2>", _attention(digest, fmt),
            _charts(digest, history, fmt),
            f"<h2>{escape(fmt.t('digest.heading.groups'))}</h2>", _table(digest, fmt, min_group_size),
            f"<h2>{escape(fmt.t('digest.heading.sectors'))}</h2>", _sectors(digest, fmt),
            f"<h2>{escape(fmt.t('digest.heading.themes'))}</h2>", _themes(digest, fmt),
            f"</main><footer>{escape(fmt.t('digest.footer', size=min_group_size))}</footer>"]
    return (f'<!DOCTYPE html>\n<html lang="{escape(fmt.lang)}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{escape(title)}</title>'
            f"<style>{CSS}</style></head><body>{''.join(body)}</body></html>\n")
