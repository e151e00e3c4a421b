"""GET /reports/{programme_id}/{week}?token=…: the weekly HTML report behind a signed, expiring link."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Query
from fastapi.responses import HTMLResponse, PlainTextResponse, Response

from bot.bootstrap import Container
from bot.errors import UserError
from bot.features.digest.report import report_html
from bot.features.digest.report import tokens as report_tokens
from bot.kernel.rules.weeks import IsoWeek

log = logging.getLogger(__name__)
_NOT_FOUND = PlainTextResponse("Not found", status_code=404)


def _week(text: str) -> IsoWeek | None:
    year, _, number = text.upper().partition("-W")
    try:
        return IsoWeek(int(year), int(number))
    except ValueError:
        return None


def mount_reports(web: FastAPI, app: Container) -> None:
    """Add the report route; without REPORT_SECRET_KEY every request is answered 404 (no unsigned access)."""

    @web.get("/reports/{programme_id}/{week}", response_model=None)
    async def report(programme_id: int, week: str, token: str = Query("")) -> Response:
        secret = app.settings.report_secret_key
        parsed = _week(week)
        if parsed is None or not report_tokens.verify(secret, programme_id, str(parsed), token,
                                                       now=app.ctx.clock.now()):
            return _NOT_FOUND  # the same answer for a bad, expired or missing token: nothing to probe
        try:
            page = await report_html(app, programme_id, parsed)
        except UserError:
            return _NOT_FOUND
        headers = {"Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer",
                   "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:"}
        return HTMLResponse(page, headers=headers)
