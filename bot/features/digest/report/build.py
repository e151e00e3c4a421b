"""Build the HTML report and the digest text for a programme and week (CLI, web route and demo call these)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.errors import InvalidInput
from bot.features.digest import service as digests
from bot.features.digest.format import Formatter
from bot.features.digest.messages import message_lines, programme_message
from bot.features.digest.report.html import render_report
from bot.kernel.context import AppContext
from bot.kernel.rules.weeks import IsoWeek, parse_week, week_of
from bot.kernel.storage.tables import Programme

HISTORY_WEEKS = 8


def context_of(app_or_ctx: object) -> AppContext:
    """Accept a `Container` (it has `.ctx`) or an `AppContext`."""
    ctx = getattr(app_or_ctx, "ctx", app_or_ctx)
    if not isinstance(ctx, AppContext):
        raise TypeError("expected a Container or an AppContext")
    return ctx


def resolve_week(ctx: AppContext, week: str | IsoWeek | None) -> IsoWeek:
    """An IsoWeek from '2026-W48', '48' or None (the week before this one: the last complete week)."""
    today = week_of(ctx.clock.now(), ctx.settings.timezone)
    if week is None:
        return today.previous()
    if isinstance(week, IsoWeek):
        return week
    parsed = parse_week(week, today=today)
    if parsed is None:
        raise InvalidInput("digest.bad_week", typed=week)
    return parsed


async def _programme(ctx: AppContext, programme: str | int | Programme) -> Programme:
    if isinstance(programme, Programme):
        return programme
    async with ctx.uow() as uow:
        return await digests.find_programme(uow.session, str(programme))


async def report_html(app_or_ctx: object, programme: str | int | Programme, week: str | IsoWeek | None = None,
                      *, lang: str | None = None) -> str:
    """The self-contained HTML report of a programme's week, with eight weeks of trends."""
    ctx = context_of(app_or_ctx)
    found = await _programme(ctx, programme)
    when = resolve_week(ctx, week)
    async with ctx.uow() as uow:
        digest = await digests.programme_digest(uow.session, ctx, found, when)
        history = await digests.weekly_history(uow.session, ctx, found, when, HISTORY_WEEKS)
    fmt = Formatter(ctx.texts, lang or ctx.settings.language, ctx.settings.timezone)
    start, end = when.bounds(ctx.settings.timezone)
    return render_report(digest, history, fmt, generated_at=min(ctx.clock.now(), end),
                         min_group_size=ctx.settings.digest_min_group_size, start=start, end=end)


async def write_report(app_or_ctx: object, programme: str | int | Programme, week: str | IsoWeek | None,
                       path: str | Path, *, lang: str | None = None) -> Path:
    """Write the HTML report to `path` (the demo's `--report report.html` calls this)."""
    target = Path(path)
    page = await report_html(app_or_ctx, programme, week, lang=lang)
    await asyncio.to_thread(target.write_text, page, encoding="utf-8")
    return target


async def digest_lines(app_or_ctx: object, programme: str | int | Programme, week: str | IsoWeek | None = None,
                       *, lang: str | None = None) -> list[str]:
    """The lead's digest as plain text lines (the demo's ending, `samskaping digest` without --html)."""
    ctx = context_of(app_or_ctx)
    found = await _programme(ctx, programme)
    when = resolve_week(ctx, week)
    async with ctx.uow() as uow:
        digest = await digests.programme_digest(uow.session, ctx, found, when)
    fmt = Formatter(ctx.texts, lang or ctx.settings.language, ctx.settings.timezone)
    return message_lines(programme_message(digest, fmt, min_group_size=ctx.settings.digest_min_group_size))
