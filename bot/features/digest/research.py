"""`/samskaping forskning ja|nei`: a member's own, revocable consent to the research export, kept apart from
consent to digest quotes (`sitat`). Without it, nothing of theirs is in the export."""

from __future__ import annotations

from sqlalchemy import delete
from sqlmodel import col, select

from bot.features.digest.commands import ResearchConsent as ResearchChoice
from bot.features.digest.tables import ResearchConsent
from bot.kernel import scope as scopes
from bot.kernel.chat.messages import Message, Reply
from bot.kernel.context import Request
from bot.kernel.rules.redaction import Erasure
from bot.kernel.storage.tables import Member, id_of
from bot.kernel.storage.uow import UnitOfWork


async def research_consent(cmd: ResearchChoice, req: Request) -> Reply:
    """Give, withdraw or show one's research consent in this group."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        member = scopes.require_member(scope)
        found = (await uow.session.exec(select(ResearchConsent).where(
            ResearchConsent.member_id == member.id))).first()
        if cmd.allow and found is None:
            uow.session.add(ResearchConsent(workspace_id=member.workspace_id, member_id=id_of(member),
                                            given_at=ctx.clock.now()))
        elif cmd.allow is False and found is not None:
            await uow.session.delete(found)
        await uow.commit()
    state = (found is not None) if cmd.allow is None else cmd.allow
    return Reply(Message(ctx.t(scope.lang, "digest.research_yes" if state else "digest.research_no")))


async def erase_research_consent(uow: UnitOfWork, erasure: Erasure) -> None:
    """An erased person's consents go (their member rows may already carry the pseudonym)."""
    members = select(Member.id).where(col(Member.workspace_id) == erasure.workspace_id,
                                      col(Member.user_id).in_((erasure.user_id, erasure.pseudonym)))
    await uow.session.exec(delete(ResearchConsent).where(col(ResearchConsent.member_id).in_(members)))
