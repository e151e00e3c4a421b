"""GET /personvern, /vilkar and /tilgjengelighet: the privacy statement, terms and accessibility statement.

Public pages (the Teams app store listing links them) in nb, nn or en: `?lang=` first, then the browser's
Accept-Language, then the installation's LANGUAGE.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse

from bot.bootstrap import Container
from bot.features.privacy.pages import LANGUAGES, PAGES, page_html

HEADERS = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
           "Referrer-Policy": "no-referrer", "Cache-Control": "public, max-age=300"}


def page_language(request: Request, default: str) -> str:
    """`?lang=` when we speak it, else the first of Accept-Language we speak (`no` is bokmål), else `default`."""
    asked = request.query_params.get("lang", "").lower()
    if asked in LANGUAGES:
        return asked
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        code = "nb" if code == "no" else code
        if code in LANGUAGES:
            return code
    return default


def mount_privacy_pages(web: FastAPI, app: Container) -> None:
    """Add one route per page."""
    for path in PAGES:
        web.add_api_route(f"/{path}", _handler(app, path), methods=["GET"], response_class=HTMLResponse)


def _handler(app: Container, path: str) -> Callable[[Request], Awaitable[HTMLResponse]]:
    async def show(request: Request) -> HTMLResponse:
        lang = page_language(request, app.settings.language)
        html = page_html(path, lang, app.settings, app.ctx.t)
        return HTMLResponse(html, headers={**HEADERS, "Content-Language": lang})
    return show
