"""The notes rendered three ways from one outline: chat text, a printable A4 HTML page, and a Word document."""

from __future__ import annotations

import io
from html import escape

from docx import Document
from docx.shared import Pt, RGBColor

from bot.features.notes.outline import Line

WARNING, MUTED = RGBColor(0xB0, 0x3A, 0x48), RGBColor(0x5B, 0x64, 0x72)
_TEXT_PREFIX = {"bullet": "• ", "check": "☑ ", "open": "☐ ", "quote": "> "}

CSS = """
* { box-sizing: border-box; }
body { font: 11pt/1.45 "DejaVu Sans", "Segoe UI", system-ui, sans-serif; color: #1d2430; margin: 0 auto;
       max-width: 180mm; padding: 12mm 0; }
h1 { font-size: 20pt; margin: 0 0 4pt; }
h2 { font-size: 14pt; margin: 18pt 0 6pt; border-bottom: 2px solid #d9dde3; break-after: avoid; }
h3 { font-size: 12pt; margin: 12pt 0 4pt; break-after: avoid; }
p { margin: 3pt 0; } .meta { color: #5b6472; font-size: 9.5pt; }
.warning { border: 1px solid #b03a48; color: #7a1f2b; padding: 4pt 8pt; border-radius: 4pt; margin: 8pt 0; }
.answer, blockquote { margin: 4pt 0 6pt; padding: 3pt 10pt; border-left: 3px solid #1b6ca8; background: #f4f8fb;
                      break-inside: avoid; }
.answer b { display: block; font-size: 9.5pt; color: #1b6ca8; }
ul { margin: 2pt 0 6pt 14pt; padding: 0; } li.check::marker { content: "☑ "; } li.open::marker { content: "☐ "; }
@page { size: A4; margin: 18mm 16mm; }
@media print { body { padding: 0; max-width: none; } }
"""


def notes_text(lines: list[Line]) -> tuple[str, str]:
    """(title, body) for chat: light markdown, one line per outline line."""
    title = lines[0].text
    body = []
    for line in lines[1:]:
        if line.kind in ("heading", "subheading"):
            body.append(f"\n*{line.text}*")
        elif line.kind == "answer":
            body.append(f"*{line.label}*: {line.text}")
        elif line.kind in ("meta", "warning"):
            body.append(f"_{line.text}_")
        else:
            body.append(_TEXT_PREFIX.get(line.kind, "") + line.text)
    return title, "\n".join(body).strip()


def notes_html(lines: list[Line], lang: str) -> str:
    """A self-contained page (inline CSS, no external assets) that prints on A4; every value escaped."""
    parts: list[str] = []
    in_list = False
    for line in lines:
        listed = line.kind in ("bullet", "check", "open")
        if listed and not in_list:
            parts.append("<ul>")
        if in_list and not listed:
            parts.append("</ul>")
        in_list = listed
        text = escape(line.text)
        parts.append({
            "title": f"<h1>{text}</h1>", "heading": f"<h2>{text}</h2>", "subheading": f"<h3>{text}</h3>",
            "meta": f'<p class="meta">{text}</p>', "warning": f'<p class="warning">{text}</p>',
            "text": f"<p>{text}</p>", "quote": f"<blockquote>{text}</blockquote>",
            "answer": f'<div class="answer"><b>{escape(line.label)}</b>{text}</div>',
        }.get(line.kind, f'<li class="{line.kind}">{text}</li>'))
    if in_list:
        parts.append("</ul>")
    title = escape(lines[0].text)
    return (f'<!doctype html>\n<html lang="{escape(lang)}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>'
            f"<style>{CSS}</style></head><body><main>{''.join(parts)}</main></body></html>\n")


def notes_docx(lines: list[Line]) -> bytes:
    """A Word document (what municipalities open and archive): headings, bullets, answers and check boxes."""
    document = Document()
    document.styles["Normal"].font.size = Pt(11)
    for line in lines:
        if line.kind == "title":
            document.add_heading(line.text, level=0)
        elif line.kind == "heading":
            document.add_heading(line.text, level=1)
        elif line.kind == "subheading":
            document.add_heading(line.text, level=2)
        elif line.kind in ("bullet", "check", "open"):
            prefix = "" if line.kind == "bullet" else _TEXT_PREFIX[line.kind]
            document.add_paragraph(prefix + line.text, style="List Bullet")
        elif line.kind == "answer":
            paragraph = document.add_paragraph(style="Quote")
            paragraph.add_run(f"{line.label}: ").bold = True
            paragraph.add_run(line.text)
        elif line.kind == "quote":
            document.add_paragraph(line.text, style="Quote")
        else:
            run = document.add_paragraph().add_run(line.text)
            if line.kind in ("meta", "warning"):
                run.italic = True
                run.font.color.rgb = WARNING if line.kind == "warning" else MUTED
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
