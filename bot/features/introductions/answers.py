"""The buttons after an introduction ("vi møttes" / "ikke ennå"), and the share of introductions that led to a
meeting (for `intro status` and the digest): counted per group, never per person."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.errors import InvalidInput
from bot.features.introductions.tables import IntroAnswer, IntroMatch
from bot.kernel import scope as scopes
from bot.kernel.chat.messages import Message, Reply
from bot.kernel.commands.registry import Pressed
from bot.kernel.context import Request
from bot.kernel.rules.redaction import Erasure
from bot.kernel.storage import queries
from bot.kernel.storage.tables import Group, Member, Outbox, OutboxStatus, id_of
from bot.kernel.storage.uow import UnitOfWork

#: a share over fewer introductions than this is not shown (with two pairs, "1 of 2" points at people)
MIN_SHOWN = 3


async def _answer(button: Pressed, req: Request, met: bool) -> Reply:
    ctx = req.ctx
    async with ctx.uow() as uow:
        match = await uow.session.get(IntroMatch, int(button.value)) if button.value.isdigit() else None
        workspace = await queries.find_workspace(uow.session, req.actor.platform, req.actor.workspace)
        group = await uow.session.get(Group, match.group_id) if match else None
        if match is None or workspace is None or group is None or match.workspace_id != workspace.id:
            raise InvalidInput("introductions.unknown_button")
        scope = await scopes.scope_for_group(uow, ctx, req.actor, group)
        member = scope.member
        if member is None or id_of(member) not in match.member_ids:
            raise InvalidInput("introductions.not_your_introduction")
        found = await uow.session.exec(select(IntroAnswer).where(
            IntroAnswer.match_id == match.id, IntroAnswer.member_id == member.id))
        answer = found.first() or IntroAnswer(workspace_id=match.workspace_id, match_id=id_of(match),
                                              member_id=id_of(member), met=met, answered_at=ctx.clock.now())
        answer.met, answer.answered_at = met, ctx.clock.now()
        uow.session.add(answer)
        await uow.commit()
    return Reply(Message(ctx.t(scope.lang, "introductions.thanks_met" if met else "introductions.thanks_not_yet")))


async def met_button(button: Pressed, req: Request) -> Reply:
    """"Vi møttes"."""
    return await _answer(button, req, True)


async def not_yet_button(button: Pressed, req: Request) -> Reply:
    """"Ikke ennå" (a later "vi møttes" replaces it)."""
    return await _answer(button, req, False)


async def met_share(session: AsyncSession, group_ids: list[int], until: datetime | None = None
                    ) -> dict[int, tuple[int, int]]:
    """Per group: (introductions that led to a meeting, introductions made), up to `until`.

    An introduction led to a meeting when anyone in it answered "vi møttes".
    """
    made = select(IntroMatch.group_id, func.count()).where(col(IntroMatch.group_id).in_(group_ids))
    met = (select(IntroMatch.group_id, func.count(func.distinct(IntroMatch.id)))
           .join(IntroAnswer, col(IntroAnswer.match_id) == IntroMatch.id)
           .where(col(IntroMatch.group_id).in_(group_ids), IntroAnswer.met == True))  # noqa: E712
    if until is not None:
        made = made.where(col(IntroMatch.created_at) < until)
        met = met.where(col(IntroMatch.created_at) < until)
    counts = {int(g): [0, int(n)] for g, n in (await session.exec(made.group_by(col(IntroMatch.group_id)))).all()}
    for gid, n in (await session.exec(met.group_by(col(IntroMatch.group_id)))).all():
        counts.setdefault(int(gid), [0, 0])[0] = int(n)
    return {gid: (m, n) for gid, (m, n) in counts.items()}


async def export_introductions(uow: UnitOfWork, workspace_id: int, user_id: str) -> dict[str, object]:
    """`mine-data`: one's own answers after introductions (not who the others were: that is theirs)."""
    members = (await uow.session.exec(select(Member).where(
        Member.workspace_id == workspace_id, Member.user_id == user_id))).all()
    ids = [id_of(m) for m in members]
    answers = (await uow.session.exec(select(IntroAnswer).where(col(IntroAnswer.member_id).in_(ids)))).all()
    return {"answers": [{"met": a.met, "answered_at": a.answered_at.isoformat()} for a in answers]}


async def cancel_pending_for(uow: UnitOfWork, erasure: Erasure) -> None:
    """`slett-mine-data`: introductions and questions not yet sent to the person are cancelled (what is kept —
    who was introduced to whom, answers — points at the member row, which erasure has made anonymous)."""
    workspace_id, user_id = erasure.workspace_id, erasure.user_id
    pending = await uow.session.exec(select(Outbox).where(
        Outbox.workspace_id == workspace_id, Outbox.status == OutboxStatus.PENDING.value,
        col(Outbox.kind).in_(("introduction", "introduction-ask"))))
    for row in pending.all():
        if row.user_id == user_id or user_id in (row.user_ids or "").split(","):
            row.status = OutboxStatus.CANCELLED.value
