"""`/samskaping trekk-svar [oppgave]`: an author takes back their answer; it is deleted, not hidden."""

from __future__ import annotations

from sqlmodel import col, select

from bot.errors import InvalidInput
from bot.features.prompts.commands import Withdraw
from bot.features.prompts.tables import PromptPost, Reflection
from bot.kernel import scope as scopes
from bot.kernel.chat.messages import Message, Reply
from bot.kernel.context import Request
from bot.kernel.storage.tables import Draft


async def withdraw_answer(cmd: Withdraw, req: Request) -> Reply:
    """Delete the actor's answer to the named prompt (default: the newest prompt they answered)."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        member = scopes.require_member(scope)
        statement = (select(Reflection, PromptPost).join(PromptPost, col(Reflection.post_id) == col(PromptPost.id))
                     .where(Reflection.workspace_id == member.workspace_id, Reflection.member_id == member.id,
                            PromptPost.group_id == member.group_id))
        if cmd.prompt_id is not None:
            statement = statement.where(PromptPost.prompt_id == cmd.prompt_id)
        found = (await uow.session.exec(
            statement.order_by(col(PromptPost.post_at).desc(), col(PromptPost.id).desc()).limit(1))).first()
        if found is None:
            raise InvalidInput("reflections.nothing_to_withdraw" if cmd.prompt_id is None
                               else "reflections.no_answer_to", prompt=cmd.prompt_id or "")
        reflection, post = found
        await uow.session.delete(reflection)
        for draft in (await uow.session.exec(select(Draft).where(
                Draft.workspace_id == member.workspace_id, Draft.user_id == member.user_id,
                Draft.purpose == f"reflection:{post.id}"))).all():
            await uow.session.delete(draft)
        await uow.commit()
    prompt = ctx.prompts.get(post.prompt_id)
    title = prompt.title.get(scope.lang) if prompt else post.prompt_id
    return Reply(Message(ctx.t(scope.lang, "reflections.withdrawn", title=title)))
