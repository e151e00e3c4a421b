"""Retention: what is deleted by age, on every scheduler tick, and what `samskaping retention --dry-run` shows.

- answer texts: blanked RETENTION_ANSWERS_MONTHS after the group's last prompt (its programme's end); the
  answer's length and time stay, so the group's figures stay true;
- outbox: the content of messages sent, skipped, cancelled or given up on is emptied after RETENTION_OUTBOX_DAYS
  (the row and its key stay, so nothing is sent twice); drafts older than that go;
- hint log: rows older than RETENTION_HINT_LOG_DAYS;
- audit: entries older than RETENTION_AUDIT_MONTHS.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, delete, func, update
from sqlmodel import col, select

from bot.features.audit.tables import AuditEntry
from bot.features.language.tables import HintLog
from bot.features.privacy.erasure import EMPTY_PAYLOAD
from bot.features.prompts.tables import PromptPost, Reflection
from bot.kernel.context import AppContext
from bot.kernel.delivery.planning import Timed
from bot.kernel.storage.tables import Draft, Outbox, OutboxStatus
from bot.kernel.storage.uow import UnitOfWork
from bot.settings import Settings

DAYS_PER_MONTH = 30.44
#: how often the scheduler enforces retention: daily, at the first tick after midnight (the periods are months
#: and days; each tick would only repeat the same statements)
ENFORCE_EVERY = timedelta(days=1)
_FINISHED = (OutboxStatus.SENT.value, OutboxStatus.FAILED.value, OutboxStatus.SKIPPED.value,
             OutboxStatus.CANCELLED.value)


@dataclass(frozen=True)
class Rule:
    """One kind of data, how long it is kept (the setting and its value) and the moment before which it goes."""

    what: str
    setting: str
    kept: str
    cutoff: datetime


def rules(settings: Settings, now: datetime) -> tuple[Rule, ...]:
    s = settings
    months = timedelta(days=DAYS_PER_MONTH)
    return (
        Rule("answers", "RETENTION_ANSWERS_MONTHS", f"{s.retention_answers_months} months after the group's last "
             "prompt", now - s.retention_answers_months * months),
        Rule("outbox", "RETENTION_OUTBOX_DAYS", f"{s.retention_outbox_days} days after sending",
             now - timedelta(days=s.retention_outbox_days)),
        Rule("drafts", "RETENTION_OUTBOX_DAYS", f"{s.retention_outbox_days} days after the last edit",
             now - timedelta(days=s.retention_outbox_days)),
        Rule("hint_log", "RETENTION_HINT_LOG_DAYS", f"{s.retention_hint_log_days} days",
             now - timedelta(days=s.retention_hint_log_days)),
        Rule("audit", "RETENTION_AUDIT_MONTHS", f"{s.retention_audit_months} months",
             now - s.retention_audit_months * months),
    )


def _old_answers(cutoff: datetime) -> ColumnElement[bool]:
    ended = (select(PromptPost.group_id).group_by(col(PromptPost.group_id))
             .having(func.max(PromptPost.post_at) < cutoff))
    posts = select(PromptPost.id).where(col(PromptPost.group_id).in_(ended))
    return col(Reflection.post_id).in_(posts) & (col(Reflection.text) != "")


def _conditions(rule: Rule) -> tuple[Any, ColumnElement[bool]]:
    """The table and the condition of the rows a rule removes (or empties)."""
    match rule.what:
        case "answers":
            return Reflection, _old_answers(rule.cutoff)
        case "outbox":
            return Outbox, (col(Outbox.status).in_(_FINISHED) & (col(Outbox.payload) != EMPTY_PAYLOAD)
                            & (func.coalesce(col(Outbox.sent_at), col(Outbox.created_at)) < rule.cutoff))
        case "drafts":
            return Draft, col(Draft.updated_at) < rule.cutoff
        case "hint_log":
            return HintLog, col(HintLog.sent_at) < rule.cutoff
        case _:
            return AuditEntry, col(AuditEntry.at) < rule.cutoff


async def due(uow: UnitOfWork, settings: Settings, now: datetime) -> list[tuple[Rule, int]]:
    """How many rows each rule would remove or empty now (the dry run)."""
    counted = []
    for rule in rules(settings, now):
        table, condition = _conditions(rule)
        found = await uow.session.exec(select(func.count()).select_from(table).where(condition))
        counted.append((rule, int(found.one())))
    return counted


async def enforce(uow: UnitOfWork, settings: Settings, now: datetime) -> int:
    """Remove or empty what is past its time (caller commits); returns how many rows were touched."""
    touched = 0
    for rule in rules(settings, now):
        table, condition = _conditions(rule)
        if rule.what == "answers":
            statement: Any = update(Reflection).where(condition).values(text="", quote_consent=False)
        elif rule.what == "outbox":
            statement = update(Outbox).where(condition).values(payload=EMPTY_PAYLOAD, last_error=None)
        else:
            statement = delete(table).where(condition)
        result = await uow.session.exec(statement)
        touched += int(result.rowcount or 0)
    return touched


async def apply_retention(uow: UnitOfWork, ctx: AppContext) -> Timed:
    """The scheduler's planner: enforce retention inside the tick's unit of work, then rest until midnight."""
    await enforce(uow, ctx.settings, ctx.clock.now())
    return Timed(ctx.clock.now() + ENFORCE_EVERY)


def markdown_table(settings: Settings) -> str:
    """The retention table of docs/privacy.md, from the settings (`samskaping retention --markdown`)."""
    lines = ["| data | kept | setting | what happens |", "| --- | --- | --- | --- |"]
    effect = {"answers": "text blanked; length and time stay for the group's figures",
              "outbox": "message content emptied; the row and its key stay (nothing is sent twice)",
              "drafts": "deleted", "hint_log": "deleted", "audit": "deleted"}
    for rule in rules(settings, datetime.max):
        lines.append(f"| {rule.what} | {rule.kept} | `{rule.setting}` | {effect[rule.what]} |")
    return "\n".join(lines) + "\n"
