"""GET /notes/{group_id}/{docx|html}?u=…&g=…&s=…&lang=…&token=…: a coordinator's gathering notes behind a signed,
expiring link (sent to them by direct message from `/samskaping notat`), made when the link is opened."""

from __future__ import annotations

import asyncio
import re
import unicodedata

from fastapi import FastAPI, Query
from fastapi.responses import HTMLResponse, PlainTextResponse, Response

from bot.bootstrap import Container
from bot.features.notes.links import FORMATS, NotesRef, is_valid
from bot.features.notes.render import notes_docx, notes_html
from bot.features.notes.service import linked_notes

_NOT_FOUND = PlainTextResponse("Not found", status_code=404)
MAX_ID = 2**31
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_HEADERS = {"Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}


def file_name(municipality: str, fmt: str) -> str:
    """`notat-bodo.docx`: ASCII only, so every browser keeps it in the Content-Disposition header."""
    ascii_name = unicodedata.normalize("NFKD", municipality.replace("ø", "o").replace("Ø", "O").replace("æ", "ae")
                                       .replace("Æ", "Ae")).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "gruppe"
    return f"notat-{slug}.{fmt}"


def mount_notes(web: FastAPI, app: Container) -> None:
    """Add the notes route; without REPORT_SECRET_KEY every request is answered 404 (no unsigned access)."""

    @web.get("/notes/{group_id}/{fmt}", response_model=None)
    async def notes(group_id: int, fmt: str, u: str = Query(""), g: str = Query(""), s: str = Query("0"),
                    lang: str = Query("nb"), token: str = Query("")) -> Response:
        ref = NotesRef(group_id, u, g or None, s == "1", lang)
        if (fmt not in FORMATS or not 0 < group_id < MAX_ID  # beyond any id the database holds: nothing to look up
                or not is_valid(app.settings, ref, token, now=app.ctx.clock.now())):
            return _NOT_FOUND  # the same answer for a bad, expired or missing token: nothing to probe
        found = await linked_notes(app.ctx, ref)
        if found is None:
            return _NOT_FOUND
        lines, municipality = found
        if fmt == "html":
            return HTMLResponse(notes_html(lines, lang), headers={
                **_HEADERS, "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"})
        document = await asyncio.to_thread(notes_docx, lines)  # python-docx is CPU work: off the event loop
        return Response(document, media_type=DOCX, headers={
            **_HEADERS, "Content-Disposition": f'attachment; filename="{file_name(municipality, "docx")}"'})
