"""The Teams app package: manifest.json (schema v1.30) filled from settings, two icons, one zip.

The manifest is checked against Microsoft's own v1.30 JSON schema (shipped beside this module, from the
MIT-licensed npm package @microsoft/app-manifest 1.1.2) before anything is written.
"""

from __future__ import annotations

import io
import json
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.adapters.teams.schema_check import Validator
from bot.errors import ManifestError

PACKAGE_DIR = Path(__file__).parent / "package"
SCHEMA_PATH = PACKAGE_DIR / "MicrosoftTeams.schema.v1.30.json"
TEMPLATE_PATH = PACKAGE_DIR / "manifest.template.json"
ACCENT = (0x2E, 0x6B, 0x5E)
COMMANDS = (  # the main subcommands, as Teams shows them when you type @Samskaping (at most 12 per list)
    ("hjelp", "Alt Samskaping kan, kort forklart"),
    ("status", "Dagens oppgave og hvor mange som har svart"),
    ("refleksjon", "Svar på dagens oppgave"),
    ("bli-med", "Bli med i gruppa: bli-med <sektor>"),
    ("sektor", "Bytt sektor: sektor <sektor>"),
    ("oppsett", "Sett opp gruppa i kanalen: oppsett <kommune>"),
    ("oppgave", "Oppgaver: oppgave liste | oppgave send"),
    ("språk", "Språk: språk bokmål | nynorsk | english"),
    ("rolle", "Gi en rolle: rolle @person koordinator"),
)




@dataclass(frozen=True)
class PackageInput:
    """What varies per installation: the ids, the bot's host name, the version and the developer's site."""

    bot_id: str
    domain: str
    app_id: str = ""
    version: str = "1.0.0"
    website: str = ""


def build_manifest(spec: PackageInput) -> dict[str, Any]:
    """The manifest template with ids, domain, version and URLs filled in."""
    website = (spec.website or f"https://{spec.domain}/").rstrip("/")
    values = {"app_id": spec.app_id or spec.bot_id, "bot_id": spec.bot_id, "domain": spec.domain,
              "version": spec.version, "website": website}
    text = TEMPLATE_PATH.read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", json.dumps(value)[1:-1])
    manifest: dict[str, Any] = json.loads(text)
    commands = [{"title": name, "description": about} for name, about in COMMANDS]
    manifest["bots"][0]["commandLists"] = [{"scopes": ["team", "groupChat"], "commands": commands},
                                           {"scopes": ["personal"], "commands": commands}]
    return manifest


def validate(manifest: dict[str, Any]) -> None:
    """Raise ManifestError unless `manifest` is valid against the official v1.30 schema."""
    problems = Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))).errors(manifest)
    if problems:
        raise ManifestError(problems)


def _png(width: int, height: int, pixel: Callable[[int, int], tuple[int, int, int, int]]) -> bytes:
    """An RGBA PNG, written by hand (no imaging library needed)."""
    rows = b"".join(b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(width)) for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def _rings(x: float, y: float, size: int) -> bool:
    """Three overlapping rings: several sectors making something together."""
    centres = ((0.38, 0.42), (0.62, 0.42), (0.5, 0.63))
    radius, width = 0.2 * size, max(1.6, 0.045 * size)
    return any(abs(((x - cx * size) ** 2 + (y - cy * size) ** 2) ** 0.5 - radius) <= width / 2 for cx, cy in centres)


def color_icon() -> bytes:
    """192×192, full colour: white rings on the accent colour."""
    return _png(192, 192, lambda x, y: (255, 255, 255, 255) if _rings(x + 0.5, y + 0.5, 192) else (*ACCENT, 255))


def outline_icon() -> bytes:
    """32×32, white rings on a transparent background (what Teams asks of an outline icon)."""
    return _png(32, 32, lambda x, y: (255, 255, 255, 255) if _rings(x + 0.5, y + 0.5, 32) else (0, 0, 0, 0))


def build_package(spec: PackageInput) -> bytes:
    """The zip to upload to Teams: manifest.json, color.png, outline.png (validated first)."""
    manifest = build_manifest(spec)
    validate(manifest)
    buffer = io.BytesIO()
    files = {"manifest.json": (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode(),
             "color.png": color_icon(), "outline.png": outline_icon()}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():  # a fixed timestamp: the same input gives the same zip
            archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def png_size(data: bytes) -> tuple[int, int, int]:
    """(width, height, colour type) of a PNG, read from its header."""
    width, height, _, colour = struct.unpack(">IIBB", data[16:26])
    return width, height, colour
