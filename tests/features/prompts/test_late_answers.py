"""After the deadline the bot says so: a reminder still waiting at the deadline is never sent, and the answer form
opened from an old post or reminder says the deadline has passed and that late answers are welcome."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import select

from bot.clock import ManualClock
from bot.features.prompts.tables import PromptPost
from bot.kernel.storage.tables import Outbox
from tests.fakes import Conversation


async def _prompt_due_monday_morning(convo: Conversation) -> int:
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    await convo.say("/samskaping bli-med skole", as_="ola")
    await convo.say("/samskaping oppgave send", as_="kari")  # Monday 7 Dec 09:00: due Monday 14 Dec 09:00
    async with convo.app.ctx.uow() as uow:
        post = (await uow.session.exec(select(PromptPost))).one()
    assert post.id is not None
    return post.id


async def test_a_reminder_still_waiting_at_the_deadline_is_cancelled_not_sent(convo: Conversation) -> None:
    await _prompt_due_monday_morning(convo)
    assert isinstance(convo.app.ctx.clock, ManualClock)
    convo.app.ctx.clock.set(datetime(2026, 12, 14, 6, 59, tzinfo=UTC))  # Monday 07:59: reminders wait for 08:00
    await convo.app.tick()
    # the bot is down (or the platform holds it back) from 08:00 until after the 09:00 deadline
    await convo.wait(timedelta(hours=1, minutes=2))  # 09:01, well inside the outbox's grace period
    assert not [p for p in convo.chat.transcript if p.key.startswith("reminder:")]
    async with convo.app.ctx.uow() as uow:
        reminders = (await uow.session.exec(select(Outbox).where(Outbox.kind == "reminder"))).all()
    assert len(reminders) == 2 and {r.status for r in reminders} == {"cancelled"}
    assert [p for p in convo.chat.transcript if p.key.startswith("summary:")]


async def test_the_answer_form_after_the_deadline_says_late_answers_are_welcome(convo: Conversation) -> None:
    post_id = await _prompt_due_monday_morning(convo)
    [before] = await convo.press("answer", str(post_id), as_="ola")
    assert before.form is not None and "Fristen var" not in before.form.intro
    await convo.wait(timedelta(days=8))
    [after] = await convo.press("answer", str(post_id), as_="ola")
    assert after.form is not None
    assert "Fristen var mandag 14. desember kl. 09:00, men sene svar er velkomne" in after.form.intro
    await convo.say("/samskaping språk en", as_="ola")
    [english] = await convo.press("answer", str(post_id), as_="ola")
    assert english.form is not None and "late answers are welcome" in english.form.intro
    saved = await convo.say("/samskaping refleksjon Sent, men godt.", as_="ola")
    assert "marked late" in saved
