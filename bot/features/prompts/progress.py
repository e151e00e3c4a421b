"""Per-group progress numbers (members, prompts, answers), counted in the database."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Integer, func
from sqlmodel import col, select

from bot.features.prompts.tables import PromptPost, Reflection
from bot.kernel.context import AppContext
from bot.kernel.storage.tables import Group, Member, id_of


@dataclass(frozen=True)
class GroupNumbers:
    municipality: str
    members: int
    prompts: int
    answers: int
    late: int

    @property
    def rate(self) -> float:
        """Answers per possible answer (members × prompts)."""
        possible = self.members * self.prompts
        return self.answers / possible if possible else 0.0


async def group_numbers(ctx: AppContext) -> list[GroupNumbers]:
    """Every group's totals, with aggregate queries (no rows loaded per person)."""
    async with ctx.uow() as uow:
        members = dict((await uow.session.exec(select(Member.group_id, func.count()).where(
            Member.active == True).group_by(col(Member.group_id)))).all())  # noqa: E712
        posts = dict((await uow.session.exec(select(PromptPost.group_id, func.count()).where(
            PromptPost.post_at <= ctx.clock.now()).group_by(col(PromptPost.group_id)))).all())
        answers = {gid: (n, late) for gid, n, late in (await uow.session.exec(
            select(PromptPost.group_id, func.count(), func.sum(func.cast(col(Reflection.late), Integer)))
            .join(Reflection, col(Reflection.post_id) == PromptPost.id).group_by(col(PromptPost.group_id)))).all()}
        groups = (await uow.session.exec(select(Group).order_by(col(Group.id)))).all()
    return [GroupNumbers(g.municipality, members.get(id_of(g), 0), posts.get(id_of(g), 0),
                         answers.get(id_of(g), (0, 0))[0], int(answers.get(id_of(g), (0, 0))[1] or 0))
            for g in groups]
