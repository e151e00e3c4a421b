"""Erasing a person (`slett-mine-data`): nothing that names them, nor anything they wrote, is left anywhere.

In one transaction:
1. their answers lose their text (the length and time stay, so "7 of 9 answered" stays true), their member
   rows lose name, language, role and platform id (a random pseudonym), drafts and chat-adapter rows go;
2. messages addressed to them are emptied, and those not yet sent are cancelled (an export on its way, too);
3. each feature forgets what it keeps (`Feature.erasers`: hints, digest roles, research consent, audit);
4. finally every text column of every table in the workspace is scrubbed of their id, names and answers:
   digest quotes, channel messages naming them, audit details, outbox keys. The same walk is what the
   erasure test checks, so a table added later is covered without anyone remembering it.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable

from sqlalchemy import String, Table, Text, delete, or_, update
from sqlalchemy.types import TypeEngine
from sqlmodel import SQLModel, col, select

from bot.features.prompts.tables import Reflection
from bot.kernel.chat.messages import Message
from bot.kernel.context import AppContext
from bot.kernel.rules.people import Role
from bot.kernel.rules.redaction import PSEUDONYM_PREFIX, Erasure
from bot.kernel.storage.tables import Draft, Group, Member, Outbox, OutboxStatus
from bot.kernel.storage.tables_slack import SlackDmChannel
from bot.kernel.storage.tables_teams import TeamsUser
from bot.kernel.storage.uow import UnitOfWork

EMPTY_PAYLOAD = json.dumps(Message("").to_dict())
_UNSENT = (OutboxStatus.PENDING.value, OutboxStatus.CLAIMED.value, OutboxStatus.UNCERTAIN.value)


def new_pseudonym() -> str:
    """A random stand-in for an erased platform id: it cannot be traced back, with or without any key."""
    return PSEUDONYM_PREFIX + secrets.token_hex(6)


async def _memberships(uow: UnitOfWork, workspace_id: int, user_id: str) -> list[Member]:
    found = await uow.session.exec(select(Member).join(Group, col(Member.group_id) == Group.id).where(
        Member.workspace_id == workspace_id, Member.user_id == user_id))
    return list(found.all())


async def has_data(uow: UnitOfWork, workspace_id: int, user_id: str) -> bool:
    """Whether anything is kept about the person in the workspace (their memberships or messages to them)."""
    if await _memberships(uow, workspace_id, user_id):
        return True
    found = await uow.session.exec(select(Outbox.id).where(
        Outbox.workspace_id == workspace_id, Outbox.user_id == user_id).limit(1))
    return found.first() is not None


async def erase_person(uow: UnitOfWork, ctx: AppContext, workspace_id: int, user_id: str, *,
                       names: Iterable[str] = ()) -> tuple[int, int]:
    """Erase one person; returns (answers blanked, unsent messages to them cancelled)."""
    members = await _memberships(uow, workspace_id, user_id)
    reflections = list((await uow.session.exec(select(Reflection).where(
        col(Reflection.member_id).in_([m.id for m in members])))).all()) if members else []
    erasure = Erasure(workspace_id, user_id, new_pseudonym(), ctx.clock.now(),
                      names=tuple(dict.fromkeys(n for n in (*names, *(m.display_name for m in members)) if n)),
                      texts=tuple(r.text for r in reflections if r.text))
    for reflection in reflections:
        reflection.text, reflection.quote_consent = "", False
    for member in members:
        member.user_id, member.display_name, member.language = erasure.pseudonym, "", None
        member.role = Role.PARTICIPANT.value  # an erased coordinator keeps no authority
        member.reminders_enabled, member.hints_enabled, member.active = False, False, False
    session = uow.session
    await session.exec(delete(Draft).where(col(Draft.workspace_id) == workspace_id, col(Draft.user_id) == user_id))
    await session.exec(delete(SlackDmChannel).where(
        col(SlackDmChannel.workspace_id) == workspace_id, col(SlackDmChannel.user_id) == user_id))
    await session.exec(delete(TeamsUser).where(
        col(TeamsUser.workspace_id) == workspace_id, col(TeamsUser.user_id) == user_id))
    cancelled = await _empty_their_messages(uow, erasure)
    for erase in ctx.features.erasers:  # what the other features keep about the person (hints, roles, audit, ...)
        await erase(uow, erasure)
    await session.flush()
    await scrub_everywhere(uow, erasure)
    return len(reflections), cancelled


async def _empty_their_messages(uow: UnitOfWork, erasure: Erasure) -> int:
    """Messages to the person lose their content; those not sent yet are cancelled. Returns how many."""
    mine = (col(Outbox.workspace_id) == erasure.workspace_id) & (col(Outbox.user_id) == erasure.user_id)
    unsent = await uow.session.exec(update(Outbox).where(mine, col(Outbox.status).in_(_UNSENT))
                                    .values(status=OutboxStatus.CANCELLED.value))
    await uow.session.exec(update(Outbox).where(mine).values(payload=EMPTY_PAYLOAD, channel_id=None, last_error=None))
    return int(unsent.rowcount or 0)


def text_columns(table: Table) -> list[str]:
    """The columns of a table that can hold free text (names, ids, JSON payloads)."""
    return [c.name for c in table.columns if _holds_text(c.type) and not c.primary_key]


def _holds_text(kind: TypeEngine[object]) -> bool:
    """String, Text and SQLModel's AutoString (a TypeDecorator over String)."""
    return isinstance(kind, String | Text) or isinstance(getattr(kind, "impl_instance", None), String | Text)


async def scrub_everywhere(uow: UnitOfWork, erasure: Erasure) -> int:
    """Scrub the person's id, names and answers from every text column of the workspace's rows; returns cells."""
    needles = erasure.needles()
    changed = 0
    connection = await uow.session.connection()
    for table in SQLModel.metadata.sorted_tables:
        if "workspace_id" not in table.c or "id" not in table.c:
            continue
        for name in text_columns(table):
            column = table.c[name]
            found = await connection.execute(
                table.select().with_only_columns(table.c.id, column)
                .where(table.c.workspace_id == erasure.workspace_id,
                       or_(*(column.contains(n, autoescape=True) for n in needles))))
            for row_id, value in found.all():
                scrubbed = erasure.scrub(str(value))
                if scrubbed != value:
                    length = getattr(column.type, "length", None)
                    await connection.execute(table.update().where(table.c.id == row_id)
                                             .values({name: scrubbed[:length] if length else scrubbed}))
                    changed += 1
    return changed
