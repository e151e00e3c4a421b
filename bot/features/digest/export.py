"""Research export of a programme: only the answers of members who gave research consent (`forskning ja`,
separate from quote consent), with keyed pseudonyms, generalised places and weeks instead of times. Names and
platform user ids never leave the database.

Pseudonyms are an HMAC-SHA256 of the member's row id under EXPORT_PSEUDONYM_SALT (a per-installation secret
key): stable across exports of one installation, not reversible without the key. Quasi-identifiers are
generalised until each published (municipality, sector) pair covers at least five people, or left out; answer
times are published as ISO weeks.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict, dataclass

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.features.digest.queries import COUNTED_ROLES
from bot.features.digest.tables import ResearchConsent
from bot.features.prompts.tables import PromptPost, Reflection
from bot.kernel.rules.weeks import week_of
from bot.kernel.storage.tables import Group, Member, Programme

COLUMNS = ("member", "sector", "municipality", "prompt_id", "week", "length", "late", "text")
#: every published (municipality, sector) combination covers at least this many people, or is generalised
MIN_COMBINATION = 5
ANY = "*"


@dataclass(frozen=True)
class ExportRow:
    """One answer, as researchers get it: who (a keyed pseudonym), where (generalised), which week, how long."""

    member: str
    sector: str
    municipality: str
    prompt_id: str
    week: str
    length: int
    late: bool
    text: str | None


def pseudonym(salt: str, workspace_id: int, member_id: int) -> str:
    """A stable pseudonym for one member row: an HMAC under the installation's secret key, not reversible without
    it (a plain hash of a known id would be)."""
    if not salt:
        raise ValueError("EXPORT_PSEUDONYM_SALT must be set for research exports")
    digest = hmac.new(salt.encode(), f"member:{workspace_id}:{member_id}".encode(), hashlib.sha256)
    return "m_" + digest.hexdigest()[:16]


def generalise(people: Mapping[int, tuple[str, str]], k: int = MIN_COMBINATION) -> dict[int, tuple[str, str]]:
    """(municipality, sector) per member, generalised until each published pair covers at least `k` members:
    first the sector becomes `*`, then the municipality; members still in a smaller pair are left out."""
    published = dict(people)
    for level in (1, 0):  # 1: the sector, 0: the municipality
        sizes = Counter(published.values())
        for member, pair in published.items():
            if sizes[pair] < k:
                published[member] = (pair[0], ANY) if level == 1 else (ANY, ANY)
    sizes = Counter(published.values())
    return {member: pair for member, pair in published.items() if sizes[pair] >= k}


async def export_rows(session: AsyncSession, programme: Programme, salt: str, *, tz: str = "Europe/Oslo"
                      ) -> list[ExportRow]:
    """The answers of participants and coordinators who gave research consent (`forskning ja`), oldest first."""
    found = await session.exec(
        select(Reflection, col(Member.sector), col(Group.municipality), PromptPost)
        .join(Member, col(Reflection.member_id) == Member.id)
        .join(ResearchConsent, col(ResearchConsent.member_id) == Member.id)
        .join(PromptPost, col(Reflection.post_id) == PromptPost.id)
        .join(Group, col(PromptPost.group_id) == Group.id)
        .where(Group.workspace_id == programme.workspace_id, Group.programme_id == programme.id,
               col(Member.role).in_(COUNTED_ROLES), Member.active == True)  # noqa: E712
        .order_by(col(Reflection.created_at), col(Reflection.id)))
    rows = found.all()
    places = generalise({r.member_id: (municipality, sector or "unknown") for r, sector, municipality, _ in rows})
    return [ExportRow(  # the join makes reflection.member_id the member's row id
        member=pseudonym(salt, programme.workspace_id, reflection.member_id),
        municipality=places[reflection.member_id][0], sector=places[reflection.member_id][1], prompt_id=post.prompt_id,
        week=str(week_of(reflection.created_at, tz)), length=reflection.length, late=reflection.late,
        text=reflection.text or None,
    ) for reflection, _sector, _municipality, post in rows if reflection.member_id in places]


def to_csv(rows: list[ExportRow]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({**asdict(row), "text": row.text or ""})
    return buffer.getvalue()


def to_json(programme: Programme, rows: list[ExportRow]) -> str:
    document = {"programme": programme.slug, "pseudonymised": True,
                "note": f"only members who gave research consent; places generalised to at least {MIN_COMBINATION}",
                "answers": [asdict(r) for r in rows]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
