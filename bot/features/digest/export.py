"""Research export of a programme: pseudonymised member ids, sectors, prompt ids, times and answer lengths;
reflection texts only where the author consented. Names and platform user ids never leave the database.

Pseudonyms are an HMAC-SHA256 of the member's row id under EXPORT_PSEUDONYM_SALT (a per-installation secret):
stable across exports of one installation, not reversible without the secret.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.features.digest.queries import COUNTED_ROLES
from bot.features.prompts.tables import PromptPost, Reflection
from bot.kernel.storage.tables import Group, Member, Programme

COLUMNS = ("member", "sector", "municipality", "prompt_id", "posted_at", "due_at", "answered_at", "length", "late",
           "text")


@dataclass(frozen=True)
class ExportRow:
    """One answer, as researchers get it."""

    member: str
    sector: str
    municipality: str
    prompt_id: str
    posted_at: str
    due_at: str
    answered_at: str
    length: int
    late: bool
    text: str | None


def pseudonym(salt: str, workspace_id: int, member_id: int) -> str:
    """A stable, keyed pseudonym for one member row."""
    if not salt:
        raise ValueError("EXPORT_PSEUDONYM_SALT must be set for research exports")
    digest = hmac.new(salt.encode(), f"member:{workspace_id}:{member_id}".encode(), hashlib.sha256)
    return "m_" + digest.hexdigest()[:16]


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


async def export_rows(session: AsyncSession, programme: Programme, salt: str) -> list[ExportRow]:
    """Every participant and coordinator answer in the programme, oldest first."""
    found = await session.exec(
        select(Reflection, col(Member.sector), col(Group.municipality), PromptPost)
        .join(Member, col(Reflection.member_id) == Member.id)
        .join(PromptPost, col(Reflection.post_id) == PromptPost.id)
        .join(Group, col(PromptPost.group_id) == Group.id)
        .where(Group.workspace_id == programme.workspace_id, Group.programme_id == programme.id,
               col(Member.role).in_(COUNTED_ROLES))
        .order_by(col(Reflection.created_at), col(Reflection.id)))
    return [ExportRow(  # the join makes reflection.member_id the member's row id
        member=pseudonym(salt, programme.workspace_id, reflection.member_id), sector=sector or "unknown",
        municipality=municipality, prompt_id=post.prompt_id, posted_at=_iso(post.post_at), due_at=_iso(post.due_at),
        answered_at=_iso(reflection.created_at), length=reflection.length, late=reflection.late,
        text=reflection.text if reflection.quote_consent else None,
    ) for reflection, sector, municipality, post in found.all()]


def to_csv(rows: list[ExportRow]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({**asdict(row), "text": row.text or ""})
    return buffer.getvalue()


def to_json(programme: Programme, rows: list[ExportRow]) -> str:
    document = {"programme": programme.slug, "pseudonymised": True,
                "note": "text is present only where the author consented", "answers": [asdict(r) for r in rows]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
