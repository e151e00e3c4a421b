"""Messages about a prompt's progress: the private reminder, and the summaries after the due time."""

from __future__ import annotations

from collections.abc import Sequence

from bot.features.prompts.answers import ANSWER
from bot.features.prompts.tables import PromptPost, Reflection
from bot.kernel.chat.messages import Button, Field, Message
from bot.kernel.context import AppContext
from bot.kernel.programme.prompts import Prompt
from bot.kernel.rules.when import format_moment
from bot.kernel.storage.tables import Group, Member


def reminder_message(ctx: AppContext, group: Group, post: PromptPost, prompt: Prompt | None, lang: str) -> Message:
    """A friendly private reminder with the answer button."""
    title = prompt.title.get(lang) if prompt else post.prompt_id
    return Message(
        ctx.t(lang, "summaries.reminder", title=title, due=format_moment(post.due_at, group.timezone, lang)),
        buttons=(Button(ctx.t(lang, "prompts.answer_button"), ANSWER, str(post.id), "primary"),),
        footer=ctx.t(lang, "summaries.reminder_footer"),
    )


def _counts(everyone: Sequence[Member], answers: Sequence[Reflection]) -> tuple[int, int, int]:
    ids = {m.id for m in everyone}
    current = [a for a in answers if a.member_id in ids]
    return len(current), len(everyone), sum(a.late for a in current)


def group_summary(ctx: AppContext, group: Group, post: PromptPost, everyone: Sequence[Member],
                  answers: Sequence[Reflection]) -> Message:
    """The anonymous channel summary after the due time: how many answered, never who."""
    lang = group.language
    prompt = ctx.prompts.get(post.prompt_id)
    answered, total, _ = _counts(everyone, answers)
    return Message(
        ctx.t(lang, "summaries.group", answered=answered, total=total),
        title=ctx.t(lang, "summaries.group_title", title=prompt.title.get(lang) if prompt else post.prompt_id),
        footer=ctx.t(lang, "summaries.group_footer"),
    )


def coordinator_summary(ctx: AppContext, group: Group, post: PromptPost, everyone: Sequence[Member],
                        answers: Sequence[Reflection], coordinator: Member) -> Message:
    """The coordinator's private summary: counts, who has not answered, and the answers' lengths."""
    lang = coordinator.language or group.language
    prompt = ctx.prompts.get(post.prompt_id)
    answered, total, late = _counts(everyone, answers)
    answered_ids = {a.member_id for a in answers}
    silent = ", ".join(m.display_name or m.user_id for m in everyone if m.id not in answered_ids) or "–"
    return Message(
        ctx.t(lang, "summaries.coordinator", answered=answered, total=total, late=late,
              municipality=group.municipality),
        title=ctx.t(lang, "summaries.group_title", title=prompt.title.get(lang) if prompt else post.prompt_id),
        fields=(Field(ctx.t(lang, "status.not_answered"), silent),),
    )
