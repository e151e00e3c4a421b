"""The group's export of its source register (`kilde eksport [csv|json]`): every entry, by sector, as a file-like
message sent privately to whoever asked.

The export follows the register's erasure rules: it never says who added an entry (that is the only personal
field, and erasure blanks it), and what erasure scrubbed from titles and notes is gone from the export too.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from bot.features.sources import records
from bot.features.sources.commands import SourceExport
from bot.features.sources.rules import by_sector
from bot.features.sources.tables import SourceEntry
from bot.kernel import scope as scopes
from bot.kernel.chat.messages import Message, Reply
from bot.kernel.context import Request
from bot.kernel.delivery.outbox import Envelope, enqueue

COLUMNS = ("number", "type", "title", "link", "sector", "owner", "note", "added")


def export_rows(entries: Sequence[SourceEntry]) -> list[dict[str, object]]:
    """The entries as rows, grouped by sector like the register (who added them is left out)."""
    return [{"number": e.number, "type": e.kind, "title": e.title, "link": e.link, "sector": e.sector,
             "owner": e.owner, "note": e.note, "added": e.created_at.date().isoformat()}
            for _, found in by_sector(entries) for e in found]


def to_csv(rows: list[dict[str, object]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: "" if v is None else v for k, v in row.items()} for row in rows)
    return buffer.getvalue()


def to_json(municipality: str, rows: list[dict[str, object]]) -> str:
    return json.dumps({"group": municipality, "sources": rows}, ensure_ascii=False, indent=1) + "\n"


async def export_register(cmd: SourceExport, req: Request) -> Reply:
    """Send the group's register to the member who asked, by direct message (CSV or JSON)."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await records.scope_in(uow, ctx, req)
        scopes.require_member(scope)
        group = scopes.members_group(scope)
        rows = export_rows(await records.entries(uow, group))
        body = to_json(group.municipality, rows) if cmd.format == "json" else to_csv(rows)
        now = ctx.clock.now()
        await enqueue(uow.session, Envelope(
            workspace_id=group.workspace_id, key=f"export-sources:{group.id}:{req.actor.user}:{now.isoformat()}",
            kind="export", target="dm", user_id=req.actor.user, due_at=now, priority=2,
            message=Message(f"```\n{body}```", title=ctx.t(scope.lang, "sources.export_title",
                                                          municipality=group.municipality))), now=now)
        await uow.commit()
    return Reply(Message(ctx.t(scope.lang, "sources.export_sent", count=len(rows), format=cmd.format.upper())))
