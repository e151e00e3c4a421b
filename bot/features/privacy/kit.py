"""The privacy kit's pages, `/personvern` (privacy statement) and `/vilkar` (terms of use), in nb, nn and en.

Plain, script-free HTML (WCAG 2.1 AA in mind: headings, `lang`, a skip link, contrast, reflow). The controller and
contact come from the settings, the retention table from the retention settings, so the page states what the
installation really does. List texts in the catalogue separate their items with `|`.
"""

from __future__ import annotations

from html import escape

from bot.kernel.content.texts import LANGUAGES, TextCatalogue
from bot.settings import Settings

PAGES = {"personvern": "privacy", "vilkar": "terms"}
_STYLE = ("body{font:1.05rem/1.55 system-ui,sans-serif;max-width:46rem;margin:0 auto;padding:1rem;color:#1a1a1a;"
          "background:#fff}a{color:#0b4f8a}h1{font-size:1.7rem}h2{font-size:1.25rem;margin-top:2rem}"
          "table{border-collapse:collapse;width:100%}th,td{border:1px solid #767676;padding:.4rem;text-align:left;"
          "vertical-align:top}code{background:#f0f0f0;padding:0 .2rem}.skip{position:absolute;left:-999px}"
          ".skip:focus{left:1rem}nav ul{list-style:none;padding:0;display:flex;gap:1rem}")


def _inline(text: str) -> str:
    """Escaped text with `code` spans."""
    parts = escape(text).split("`")
    return "".join(f"<code>{p}</code>" if n % 2 else p for n, p in enumerate(parts))


def _items(text: str) -> str:
    return "<ul>" + "".join(f"<li>{_inline(item)}</li>" for item in text.split("|")) + "</ul>"


def _retention_table(t: TextCatalogue, lang: str, s: Settings) -> str:
    cells = t.t(lang, "kit.retention_rows", answers=s.retention_answers_months, outbox=s.retention_outbox_days,
                hints=s.retention_hint_log_days, audit=s.retention_audit_months).split("|")
    rows = "".join(f'<tr><th scope="row">{escape(what)}</th><td>{escape(kept)}</td></tr>'
                   for what, kept in zip(cells[::2], cells[1::2], strict=True))
    head = (f'<tr><th scope="col">{escape(t.t(lang, "kit.retention_what"))}</th>'
            f'<th scope="col">{escape(t.t(lang, "kit.retention_kept"))}</th></tr>')
    return f"<table><thead>{head}</thead><tbody>{rows}</tbody></table>"


def page_html(page: str, lang: str, texts: TextCatalogue, settings: Settings) -> str:
    """One page ("personvern" or "vilkar") in one language (unknown languages fall back to bokmål)."""
    lang = lang if lang in LANGUAGES else "nb"
    t = texts.t
    unknown = t(lang, "kit.not_given")
    controller, contact = settings.privacy_controller or unknown, settings.privacy_contact or unknown

    def section(key: str, body: str) -> str:
        return f"<h2>{escape(t(lang, key))}</h2>{body}"

    def para(key: str, **params: object) -> str:
        return f"<p>{_inline(t(lang, key, **params))}</p>"

    if PAGES[page] == "privacy":
        title = t(lang, "kit.privacy_title")
        body = [para("kit.intro"),
                section("kit.controller_heading", para("kit.controller", controller=controller, contact=contact)
                        + para("kit.complaint")),
                section("kit.stored_heading", _items(t(lang, "kit.stored"))),
                section("kit.why_heading", para("kit.why")),
                section("kit.retention_heading", _retention_table(texts, lang, settings) + para("kit.retention_erase")),
                section("kit.who_heading", _items(t(lang, "kit.who", size=settings.digest_min_group_size))),
                section("kit.rights_heading", _items(t(lang, "kit.rights"))),
                section("kit.processors_heading", para("kit.processors")),
                section("kit.accessibility_heading", para("kit.accessibility", contact=contact))]
    else:
        title = t(lang, "kit.terms_title")
        body = [para("kit.terms_intro"), _items(t(lang, "kit.terms", controller=controller)),
                f'<p><a href="/personvern?lang={lang}">{escape(t(lang, "kit.terms_privacy"))}</a></p>',
                section("kit.accessibility_heading", para("kit.accessibility", contact=contact))]
    current = ' aria-current="page"'
    other = " ".join(f'<li><a href="/{page}?lang={code}" hreflang="{code}" lang="{code}"'
                     f'{current if code == lang else ""}>{name}</a></li>'
                     for code, name in (("nb", "Bokmål"), ("nn", "Nynorsk"), ("en", "English")))
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{escape(title)}</title>'
            f"<style>{_STYLE}</style></head><body>"
            f'<a class="skip" href="#main">{escape(t(lang, "kit.skip"))}</a>'
            f'<nav aria-label="{escape(t(lang, "kit.languages"))}"><ul>{other}</ul></nav>'
            f'<main id="main"><h1>{escape(title)}</h1>{"".join(body)}</main></body></html>\n')
