"""The privacy statement, terms of use and accessibility statement as self-contained, printable HTML pages.

Served by `samskaping serve` at /personvern, /vilkar and /tilgjengelighet in nb, nn and en, and linked from the
Teams app. The controller, the contact and every figure (retention, the digest's group threshold) come from the
settings, so the page says what this installation does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

from bot.settings import Settings

LANGUAGES = ("nb", "nn", "en")
#: path → (title key, the keys of its sections: a heading key and its paragraph or list keys)
PAGES: dict[str, tuple[str, tuple[tuple[str | None, tuple[str, ...]], ...]]] = {
    "personvern": ("pages.privacy.title", (
        (None, ("pages.privacy.intro",)),
        ("pages.privacy.controller_heading", ("pages.privacy.controller",)),
        ("pages.privacy.stored_heading", tuple(f"pages.privacy.stored_{n}" for n in range(1, 7))),
        ("pages.privacy.why_heading", ("pages.privacy.why",)),
        ("pages.privacy.who_heading", tuple(f"pages.privacy.who_{n}" for n in range(1, 6))),
        ("pages.privacy.retention_heading", ("pages.privacy.retention_intro", "retention")),
        ("pages.privacy.rights_heading", tuple(f"pages.privacy.rights_{n}" for n in range(1, 5))),
        ("pages.privacy.processors_heading", ("pages.privacy.processors",)),
    )),
    "vilkar": ("pages.terms.title", (
        (None, ("pages.terms.intro",)),
        ("pages.terms.use_heading", ("pages.terms.use",)),
        ("pages.terms.content_heading", ("pages.terms.content",)),
        ("pages.terms.availability_heading", ("pages.terms.availability",)),
        ("pages.terms.contact_heading", ("pages.terms.contact",)),
    )),
    "tilgjengelighet": ("pages.a11y.title", (
        (None, ("pages.a11y.intro", "pages.a11y.how", "pages.a11y.limits", "pages.a11y.feedback")),
    )),
}
CSS = """
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1d2430;
       margin: 0 auto; max-width: 760px; padding: 24px; }
h1 { font-size: 26px; } h2 { font-size: 19px; margin-top: 28px; }
code { background: #f1f3f5; padding: 0 3px; border-radius: 3px; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 6px 8px;
  border-bottom: 1px solid #d9dde3; vertical-align: top; } thead th { background: #f4f6f8; }
nav { font-size: 14px; } nav a { color: #1b5e8f; margin-right: 12px; }
@page { size: A4; margin: 15mm; }
"""

Translate = Callable[..., str]


def retention_rows(settings: Settings, t: Translate, lang: str) -> list[tuple[str, str]]:
    """(what, how long) for each kind of personal data, as this installation is configured."""
    reflections = (t(lang, "pages.kept_months", n=settings.retention_months) if settings.retention_months
                   else t(lang, "pages.kept_forever"))
    events = t(lang, "pages.kept_hours", n=round(settings.slack_event_retention_hours))
    until_erased = t(lang, "pages.kept_until_erased")
    return [(t(lang, "pages.row_profile"), until_erased), (t(lang, "pages.row_reflections"), reflections),
            (t(lang, "pages.row_outbox"), until_erased), (t(lang, "pages.row_audit"), until_erased),
            (t(lang, "pages.row_slack_events"), events)]


def _inline(text: str) -> str:
    """Escaped text with `code` spans (the commands people type)."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escape(text))


def page_html(page: str, lang: str, settings: Settings, t: Translate) -> str:
    """One of PAGES as a complete HTML document in `lang`."""
    title_key, sections = PAGES[page]
    params = {"controller": settings.privacy_controller or t(lang, "pages.not_set"),
              "contact": settings.privacy_contact or t(lang, "pages.not_set"),
              "threshold": settings.digest_min_group_size}
    body: list[str] = []
    for heading, keys in sections:
        if heading is not None:
            body.append(f"<h2>{escape(t(lang, heading))}</h2>")
        items = [key for key in keys if key != "retention"]
        if len(items) > 1 and heading is not None:
            body.append("<ul>" + "".join(f"<li>{_inline(t(lang, k, **params))}</li>" for k in items) + "</ul>")
        else:
            body += [f"<p>{_inline(t(lang, k, **params))}</p>" for k in items]
        if "retention" in keys:
            body.append(_retention_table(settings, t, lang))
    others = " ".join(f'<a href="/{page}?lang={code}" lang="{code}" hreflang="{code}">'
                      f"{escape(t(code, 'pages.lang_name'))}</a>" for code in LANGUAGES if code != lang)
    title = escape(t(lang, title_key))
    return (f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>'
            f"<style>{CSS}</style></head><body><header><h1>{title}</h1>"
            f'<nav aria-label="{escape(t(lang, "pages.other_languages"))}">{others}</nav></header>'
            f"<main>{''.join(body)}</main></body></html>\n")


def _retention_table(settings: Settings, t: Translate, lang: str) -> str:
    rows = "".join(f'<tr><th scope="row">{escape(what)}</th><td>{escape(kept)}</td></tr>'
                   for what, kept in retention_rows(settings, t, lang))
    return (f'<table><thead><tr><th scope="col">{escape(t(lang, "pages.privacy.retention_data"))}</th>'
            f'<th scope="col">{escape(t(lang, "pages.privacy.retention_kept"))}</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>")


def retention_markdown(settings: Settings, t: Translate, lang: str = "en") -> str:
    """The retention table for docs/privacy.md, generated from the settings (`samskaping privacy retention`)."""
    header = f"| {t(lang, 'pages.privacy.retention_data')} | {t(lang, 'pages.privacy.retention_kept')} |"
    return "\n".join([header, "| --- | --- |", *(f"| {what} | {kept} |"
                                                   for what, kept in retention_rows(settings, t, lang))])
