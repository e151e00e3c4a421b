"""Collecting reflections: the form, the command, thread replies; too-long text is kept, never lost."""

from __future__ import annotations

from sqlalchemy import ScalarResult
from sqlmodel import col, select

from bot.errors import InvalidInput
from bot.features.prompts import queries as prompt_queries
from bot.features.prompts.commands import Reflect
from bot.features.prompts.tables import PromptPost, Reflection
from bot.kernel import scope as scopes
from bot.kernel.chat.events import MessageEvent
from bot.kernel.chat.messages import Button, Form, FormInput, Message, Reply
from bot.kernel.commands.registry import Pressed, Submitted
from bot.kernel.context import AppContext, Request
from bot.kernel.programme.prompts import Prompt
from bot.kernel.rules.when import format_moment
from bot.kernel.storage import queries
from bot.kernel.storage.tables import Draft, Group, Member, Outbox, id_of
from bot.kernel.storage.uow import UnitOfWork

#: the answer form, and the button that opens it (Teams opens it as a dialog: adapters/teams/render.py)
FORM_ID, ANSWER = "reflection", "answer"
BUTTON_CHARS = 70


def library_prompt(ctx: AppContext, prompt_id: str) -> Prompt:
    """The prompt a post was made from; a bug (not the user's) when the library no longer has it."""
    prompt = ctx.prompts.get(prompt_id)
    if prompt is None:
        raise LookupError(f"prompt {prompt_id!r} is not in the prompt library")
    return prompt


def _draft_purpose(post: PromptPost) -> str:
    return f"reflection:{post.id}"


def _pending_purpose(group_id: int) -> str:
    """A text written with `refleksjon <tekst>` while several prompts were open, kept until the author picks one."""
    return f"reflection:pending:{group_id}"


async def _drafts(uow: UnitOfWork, post: PromptPost, member: Member) -> ScalarResult[Draft]:
    return await uow.session.exec(select(Draft).where(
        Draft.workspace_id == post.workspace_id, Draft.user_id == member.user_id,
        col(Draft.purpose).in_((_draft_purpose(post), _pending_purpose(post.group_id)))))


def reflection_form(ctx: AppContext, group: Group, post: PromptPost, lang: str, *, initial: str = "",
                    error: str | None = None) -> Form:
    """The answer form for a prompt post, pre-filled with a kept draft or the earlier answer."""
    prompt = library_prompt(ctx, post.prompt_id)
    limit = ctx.settings.reflection_max_chars
    intro = f"*{prompt.title.get(lang)}*\n{prompt.text.get(lang)}\n\n_{ctx.t(lang, 'reflections.who_reads')}_"
    if ctx.clock.now() > post.due_at:  # opened from an old post or reminder: say so before they write
        intro += "\n" + ctx.t(lang, "reflections.past_due", due=format_moment(post.due_at, group.timezone, lang))
    return Form(
        form_id=FORM_ID, title=ctx.t(lang, "reflections.form_title"),
        submit_label=ctx.t(lang, "reflections.submit"),
        intro=intro,
        inputs=(FormInput("text", ctx.t(lang, "reflections.input_label", limit=limit), multiline=True,
                          required_message=ctx.t(lang, "reflections.empty"),
                          max_length=limit, initial=initial),),
        metadata=str(post.id), error=error,
    )


async def _initial_text(uow: UnitOfWork, post: PromptPost, member: Member) -> str:
    """A kept over-long draft for this post, else a text waiting for its prompt, else the earlier answer."""
    kept = sorted((await _drafts(uow, post, member)).all(), key=lambda d: d.purpose != _draft_purpose(post))
    if kept:
        return kept[0].text
    earlier = await prompt_queries.reflection_by(uow.session, post, member)
    return earlier.text if earlier else ""


async def _answerable_posts(uow: UnitOfWork, ctx: AppContext, group: Group) -> list[PromptPost]:
    """The open prompts; when none is open, the latest one (a late answer is welcome)."""
    now = ctx.clock.now()
    posts = await prompt_queries.open_posts(uow.session, group, now=now)
    if not posts:
        latest = await prompt_queries.latest_post(uow.session, group, now=now)
        posts = [latest] if latest is not None else []
    if not posts:
        raise InvalidInput("reflections.no_prompt")
    return posts


def _which_prompt(ctx: AppContext, group: Group, posts: list[PromptPost], lang: str, *, kept: bool) -> Message:
    """Several prompts are open: one button per prompt, each opening that prompt's form."""
    lines = [ctx.t(lang, "reflections.which", count=len(posts))]
    lines += [f"• {library_prompt(ctx, p.prompt_id).title.get(lang)} "
              f"({ctx.t(lang, 'prompts.due_label')}: {format_moment(p.due_at, group.timezone, lang)})" for p in posts]
    if kept:
        lines.append(ctx.t(lang, "reflections.text_kept"))
    return Message("\n".join(lines), buttons=tuple(
        Button(_button_label(library_prompt(ctx, p.prompt_id).title.get(lang)), ANSWER, str(p.id))
        for p in posts))


def _button_label(title: str) -> str:
    """A prompt title short enough for a button (Slack allows 75 characters)."""
    return title if len(title) <= BUTTON_CHARS else title[:BUTTON_CHARS - 1] + "…"


async def _keep_pending(uow: UnitOfWork, ctx: AppContext, group: Group, member: Member, text: str) -> None:
    found = await uow.session.exec(select(Draft).where(
        Draft.workspace_id == group.workspace_id, Draft.user_id == member.user_id,
        Draft.purpose == _pending_purpose(id_of(group))))
    draft = found.first() or Draft(workspace_id=group.workspace_id, user_id=member.user_id,
                                   purpose=_pending_purpose(id_of(group)), text=text, updated_at=ctx.clock.now())
    draft.text, draft.updated_at = text, ctx.clock.now()
    uow.session.add(draft)
    await uow.commit()


async def reflect(cmd: Reflect, req: Request) -> Reply:
    """`/samskaping refleksjon [tekst]`: answer the open prompt (no text opens the form); several open: ask which."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        member = scopes.require_member(scope)
        group = scopes.require_group(scope)
        posts = await _answerable_posts(uow, ctx, group)
        if len(posts) > 1:
            if cmd.text.strip():
                await _keep_pending(uow, ctx, group, member, cmd.text.strip())
            return Reply(_which_prompt(ctx, group, posts, scope.lang, kept=bool(cmd.text.strip())))
        post = posts[0]
        if not cmd.text.strip():
            initial = await _initial_text(uow, post, member)
            return Reply(form=reflection_form(ctx, group, post, scope.lang, initial=initial))
        return await save_reflection(uow, ctx, group, member, post, cmd.text, scope.lang)


async def open_answer_form(button: Pressed, req: Request) -> Reply:
    """The "Svar" button (in the channel, a reminder or a DM): open the form for the post it names."""
    ctx = req.ctx
    async with ctx.uow() as uow:
        group, member, post, lang = await _post_for_user(uow, ctx, req, button.value)
        initial = await _initial_text(uow, post, member)
        return Reply(form=reflection_form(ctx, group, post, lang, initial=initial))


async def submit_form(form: Submitted, req: Request) -> Reply:
    """The form was submitted: save, or show the form again with the text and what to fix."""
    ctx, text = req.ctx, form.values.get("text", "")
    async with ctx.uow() as uow:
        group, member, post, lang = await _post_for_user(uow, ctx, req, form.metadata)
        try:
            return await save_reflection(uow, ctx, group, member, post, text, lang)
        except InvalidInput as exc:
            error = ctx.t(lang, exc.key, **exc.params)
            return Reply(form=reflection_form(ctx, group, post, lang, initial=text, error=error))


async def _post_for_user(uow: UnitOfWork, ctx: AppContext, req: Request, post_id: str
                         ) -> tuple[Group, Member, PromptPost, str]:
    """The post a form belongs to, checked against the submitter's own membership."""
    post = await uow.session.get(PromptPost, int(post_id)) if post_id.isdigit() else None
    workspace = await queries.find_workspace(uow.session, req.actor.platform, req.actor.workspace)
    if post is None or workspace is None or post.workspace_id != workspace.id:
        raise InvalidInput("reflections.unknown_post")
    group = await uow.session.get(Group, post.group_id)
    if group is None:  # the post's group row is gone (the foreign key makes this unexpected)
        raise InvalidInput("reflections.unknown_post")
    member = await queries.member_of(uow.session, group, req.actor.user)
    if member is None:
        raise InvalidInput("errors.not_member")
    return group, member, post, scopes.language_of(ctx, req.actor, group, member)


async def save_reflection(uow: UnitOfWork, ctx: AppContext, group: Group, member: Member, post: PromptPost,
                          text: str, lang: str) -> Reply:
    """Validate and store (or update) a member's answer; keep over-long text as a draft."""
    text = text.strip()
    limit = ctx.settings.reflection_max_chars
    now = ctx.clock.now()
    if not text:
        raise InvalidInput("reflections.empty")
    if len(text) > limit:
        await _keep_draft(uow, ctx, post, member, text)
        raise InvalidInput("reflections.too_long", length=len(text), limit=limit, over=len(text) - limit)
    earlier = await prompt_queries.reflection_by(uow.session, post, member)
    late = now > post.due_at
    if earlier is not None and late:
        raise InvalidInput("reflections.edit_closed", due=format_moment(post.due_at, group.timezone, lang))
    reflection = earlier or Reflection(workspace_id=post.workspace_id, post_id=id_of(post), member_id=id_of(member),
                                       text=text, length=len(text), late=late, created_at=now, updated_at=now)
    reflection.text, reflection.length, reflection.updated_at = text, len(text), now
    uow.session.add(reflection)
    await _drop_draft(uow, post, member)
    await uow.commit()
    key = "reflections.saved_late" if late else ("reflections.updated" if earlier else "reflections.saved")
    confirmation = ctx.t(lang, key, length=len(text), due=format_moment(post.due_at, group.timezone, lang))
    criterion = library_prompt(ctx, post.prompt_id).criterion if post.prompt_id in ctx.prompts else ""
    buttons = [b for act in ctx.features.answer_actions  # e.g. "put this in the source register"
               if (b := await act(uow, ctx, group, member, id_of(reflection), criterion, lang)) is not None]
    for suggest in ctx.features.answer_tips:  # suggestions (plainer words), never a block
        if tip := await suggest(uow, ctx, group, member, text, lang):
            return Reply(Message(f"{confirmation}\n\n{tip}", buttons=tuple(buttons)))
    return Reply(Message(confirmation, buttons=tuple(buttons)))


async def _keep_draft(uow: UnitOfWork, ctx: AppContext, post: PromptPost, member: Member, text: str) -> None:
    own = [d for d in (await _drafts(uow, post, member)).all() if d.purpose == _draft_purpose(post)]
    draft = own[0] if own else Draft(workspace_id=post.workspace_id, user_id=member.user_id,
                                     purpose=_draft_purpose(post), text=text, updated_at=ctx.clock.now())
    draft.text, draft.updated_at = text, ctx.clock.now()
    uow.session.add(draft)
    await uow.commit()


async def _drop_draft(uow: UnitOfWork, post: PromptPost, member: Member) -> None:
    for draft in (await _drafts(uow, post, member)).all():
        await uow.session.delete(draft)


async def post_for_thread(uow: UnitOfWork, group: Group, thread_ref: str) -> PromptPost | None:
    """The prompt post whose channel message started this thread."""
    found = await uow.session.exec(select(Outbox.idempotency_key).where(
        Outbox.workspace_id == group.workspace_id, Outbox.channel_id == group.channel_id,
        Outbox.kind == "prompt", Outbox.platform_ref == thread_ref))
    key = found.first()
    if key is None:
        return None
    occurrence = key.split(":", 2)[2]
    posts = await uow.session.exec(select(PromptPost).where(
        PromptPost.group_id == group.id, PromptPost.occurrence_key == occurrence))
    return posts.first()


async def answer_in_thread(req: Request, event: MessageEvent) -> Reply | None:
    """A reply in a prompt's thread counts as the author's reflection (None: not a prompt thread)."""
    thread_ref, text = event.thread, event.text
    if thread_ref is None or thread_ref == event.message_id:
        return None
    ctx = req.ctx
    async with ctx.uow() as uow:
        scope = await scopes.resolve(uow, ctx, req.actor, req.channel)
        if scope.group is None or scope.member is None:
            return None
        post = await post_for_thread(uow, scope.group, thread_ref)
        if post is None:
            return None
        try:
            return await save_reflection(uow, ctx, scope.group, scope.member, post, text, scope.lang)
        except InvalidInput as exc:
            return Reply(Message(ctx.t(scope.lang, exc.key, **exc.params)))
