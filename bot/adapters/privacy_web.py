"""GET /personvern and /vilkar (`?lang=nb|nn|en`): the privacy statement and terms the Teams package links to."""

from __future__ import annotations

from fastapi import FastAPI, Query
from fastapi.responses import HTMLResponse

from bot.bootstrap import Container
from bot.features.privacy.kit import page_html

_HEADERS = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
            "Referrer-Policy": "no-referrer", "Cache-Control": "public, max-age=3600"}


def mount_privacy_pages(web: FastAPI, app: Container) -> None:
    """Add the pages (with English aliases /privacy and /terms); the language defaults to LANGUAGE."""
    for path, aliases in (("personvern", ("privacy",)), ("vilkar", ("terms", "vilkår"))):
        def serve(lang: str = Query(""), page: str = path) -> HTMLResponse:
            html = page_html(page, lang or app.settings.language, app.ctx.texts, app.settings)
            return HTMLResponse(html, headers=_HEADERS)

        for route in (path, *aliases):
            web.add_api_route(f"/{route}", serve, methods=["GET"], response_class=HTMLResponse,
                              include_in_schema=False)
