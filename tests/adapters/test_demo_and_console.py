"""The demo and the console chat, run as a new user would run them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bot.adapters.demo import run_demo

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """\
# A scripted conversation covering the first loop
/samskaping oppsett Bodø
/som ola
/samskaping bli-med
/knapp Skole
/som kari
/samskaping oppgave send
/som ola
/samskaping refleksjon Vi lærte at kulturskolen kan bidra i SFO.
/samskaping status
/som kari
/samskaping status
/samskaping bli-med kulturskole
/samskaping refleksjon
Mitt svar fra skjemaet
/samskaping status
"""


async def test_the_demo_runs_a_full_cycle_and_ends_with_a_summary(tmp_path: Path) -> None:
    lines: list[str] = []
    report = tmp_path / "report.html"
    sim = await run_demo(lines.append, database_url=f"sqlite+aiosqlite:///{tmp_path}/demo.db", report=report)
    text = "\n".join(lines)
    assert "Mellomarbeid:" in text and "påminnelse" in text and "Oppsummering:" in text
    assert "Første juledag" in text  # a holiday moved a prompt
    assert "══ Oppsummering" in text and sim.stats["answers"] > 0
    assert "milepæl ferdig 1" in text and "milepæl flytt 1" in text  # one done, one moved …
    assert "Fristen for «Forankringsmøte med ledelsen» i Voss var" in text  # … and one overdue
    assert "Prosjektleders ukesammendrag" in text and "ukesammendrag:" in text  # delivered on Mondays too
    digest = text.split("Prosjektleders ukesammendrag")[1]
    assert not any(name in digest for name in ("Kari", "Ola", "Siri", "Nilsen"))  # groups, never people
    assert "<svg" in report.read_text(encoding="utf-8")
    assert "Kari Nilsen (Bodø) leser svarene" in text and "Svar 1–" in text  # the coordinator reads the answers
    assert "Notat til samlingen: Samling i kulturhuset" in text and "Koordinatorens eksemplar" in text
    assert (tmp_path / "notat.docx").read_bytes()[:2] == b"PK"
    assert "📚 Ola Berg (Bodø): /samskaping kilde ny plan" in text  # sources being added
    assert "Slik settes de sammen" in text and "Hvorfor akkurat dere: dere jobber i ulike sektorer" in text
    assert "fadder for Bodø" in text and "til Frode Lund (fadder), ber om støtte" in text
    mentor = text.split("══ Fadderens første ukesammendrag", 1)[1]  # one group, and the request counted
    assert "*Bodø*" in mentor and "Voss" not in mentor and "Bedt fadder om støtte: én gang" in mentor


def test_samskaping_chat_replays_a_scripted_conversation(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "chat"], input=SCRIPT, capture_output=True, text=True, timeout=120,
        cwd=tmp_path, env={"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/chat.db", "PATH": "/usr/bin:/bin",
                           "PYTHONPATH": str(ROOT)}, check=True)
    out = result.stdout
    assert "Samskapingsgruppa for *Bodø* er satt opp" in out
    assert "(bare synlig for ola" in out and "Mellomarbeid:" in out
    assert "1 av 2 har svart" in out
    assert "Har svart: Ola (Skole)" in out  # the coordinator sees names
    assert "2 av 2 har svart" in out  # the form answer counted
    assert "Traceback" not in result.stderr
