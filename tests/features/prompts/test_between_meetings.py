"""Between-meeting work on a programme schedule: posts on time, reminders, summaries, pauses, budgets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import select

from bot.features.prompts.tables import PromptPost
from bot.kernel.programme import calendars
from bot.kernel.storage.tables import Group, Outbox
from tests.fakes import Conversation
from tests.features.prompts.programme_helpers import group_on_demo_programme, prompt_posts


async def test_choosing_a_programme_shows_what_comes_first(convo: Conversation) -> None:
    await group_on_demo_programme(convo)
    text = await convo.say("/samskaping oppgave neste", as_="kari")
    assert "tirsdag 8. desember kl. 09:00" in text
    assert "flyttet: helg" in text  # the Saturday prompt moves to Monday


async def test_unknown_programme_lists_the_known_ones(convo: Conversation) -> None:
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    text = await convo.say("/samskaping program finnes-ikke", as_="kari")
    assert "finnes-ikke" in text and "demo" in text


async def test_prompts_are_posted_at_their_slot_and_only_once(convo: Conversation) -> None:
    await group_on_demo_programme(convo)
    await convo.wait(timedelta(hours=23))  # Monday 08:00 → Tuesday 07:00 local: not yet
    assert prompt_posts(convo) == []
    await convo.wait(timedelta(hours=2))  # Tuesday 09:00 local
    assert len(prompt_posts(convo)) == 1
    await convo.wait(timedelta(minutes=15))
    await convo.app.tick()
    assert len(prompt_posts(convo)) == 1


async def test_a_saturday_slot_moves_to_monday_morning(convo: Conversation) -> None:
    await group_on_demo_programme(convo)
    for _ in range(7 * 24):
        await convo.wait(timedelta(hours=1))
    posted = [p for p in convo.in_channel() if p.key.startswith("prompt:") and "kildejakt" in p.key]
    assert [p.at.astimezone(UTC) for p in posted] == [datetime(2026, 12, 14, 7, 0, tzinfo=UTC)]


async def test_reminders_go_privately_to_those_who_have_not_answered_and_stop_after_an_answer(
        convo: Conversation) -> None:
    await group_on_demo_programme(convo)
    await convo.wait(timedelta(days=1, hours=2))  # the first prompt is out
    await convo.say("/samskaping refleksjon Jeg lurer på hvordan SFO jobber.", as_="ola")
    for _ in range(6 * 24):
        await convo.wait(timedelta(hours=1))
    reminded = {p.address.user for p in convo.chat.transcript if p.key.startswith("reminder:")}
    assert reminded == {"kari", "siri"}
    assert all(p.kind == "private" for p in convo.chat.transcript if p.key.startswith("reminder:"))


async def test_after_the_due_time_the_group_gets_an_anonymous_summary_and_the_coordinator_a_private_one(
        convo: Conversation) -> None:
    await group_on_demo_programme(convo)
    await convo.wait(timedelta(days=1, hours=2))
    await convo.say("/samskaping refleksjon Et svar.", as_="ola")
    await convo.wait(timedelta(days=8))
    [summary] = [p for p in convo.in_channel() if p.key.startswith("summary:") and p.key.count(":") == 1][:1]
    assert "1 av 3 svarte" in summary.text and "Ola" not in summary.text
    private = [p for p in convo.chat.transcript if p.key.startswith("summary:") and p.kind == "dm"]
    assert [p.address.user for p in private][:1] == ["kari"]


async def test_a_paused_group_gets_no_prompts_until_the_pause_ends(convo: Conversation) -> None:
    await group_on_demo_programme(convo)
    text = await convo.say("/samskaping pause 9. desember", as_="kari")
    assert "pause til og med onsdag 9. desember 2026" in text
    await convo.wait(timedelta(days=1, hours=2))
    assert prompt_posts(convo) == []
    for _ in range(7 * 24):
        await convo.wait(timedelta(hours=1))
    posted = prompt_posts(convo)
    assert not any("nysgjerrig" in key for key in posted)  # its slot was inside the pause: left out
    assert any("kildejakt" in key for key in posted)  # the next one comes as planned


async def test_pause_with_a_date_in_the_past_is_explained_and_changes_nothing(convo: Conversation) -> None:
    await group_on_demo_programme(convo)
    text = await convo.say("/samskaping pause 1.12.2026", as_="kari")
    assert "passert" in text
    await convo.wait(timedelta(days=1, hours=2))
    assert len(prompt_posts(convo)) == 1


async def test_skipping_a_prompt_is_undoable(convo: Conversation) -> None:
    await group_on_demo_programme(convo)
    assert "ta-med" in await convo.say("/samskaping oppgave hopp-over nysgjerrig-hva-lurer-du-pa", as_="kari")
    assert "nysgjerrig-hva-lurer-du-pa" not in await convo.say("/samskaping oppgave neste", as_="kari")
    await convo.say("/samskaping oppgave ta-med nysgjerrig-hva-lurer-du-pa", as_="kari")
    assert "nysgjerrig-hva-lurer-du-pa" in await convo.say("/samskaping oppgave neste", as_="kari")
    assert "ikke med i gruppas program" in await convo.say("/samskaping oppgave hopp-over tull", as_="kari")






async def test_the_nudge_budget_delays_reminders_but_never_drops_them(convo: Conversation) -> None:
    convo.app.ctx.settings.nudges_per_day = 1
    await group_on_demo_programme(convo)
    for _ in range(12 * 24):
        await convo.wait(timedelta(hours=1))
    async with convo.app.ctx.uow() as uow:
        rows = (await uow.session.exec(select(Outbox).where(Outbox.kind == "reminder",
                                                            Outbox.user_id == "siri"))).all()
    days = [r.due_at.astimezone(UTC).date() for r in rows]
    assert len(days) == len(set(days)) and len(rows) >= 2
    assert {r.status for r in rows} <= {"sent", "pending"}


async def test_posting_now_without_an_id_posts_the_programmes_next_prompt_once(convo: Conversation) -> None:
    await group_on_demo_programme(convo)
    schedule = convo.app.ctx.schedules.get("demo")
    assert schedule is not None
    async with convo.app.ctx.uow() as uow:
        group = (await uow.session.exec(select(Group))).one()
        upcoming = [o for o in calendars.group_calendar(schedule, group).prompts
                    if o.post_at > convo.app.ctx.clock.now()]
    first = min(upcoming, key=lambda o: o.post_at)
    await convo.say("/samskaping oppgave send", as_="kari")
    assert prompt_posts(convo) == [f"prompt:{group.id}:{first.key}"]  # posted now, under the programme's own key
    await convo.wait(first.post_at - convo.app.ctx.clock.now() + timedelta(hours=1))
    assert prompt_posts(convo).count(f"prompt:{group.id}:{first.key}") == 1  # its slot came: not posted again
    async with convo.app.ctx.uow() as uow:
        post = (await uow.session.exec(select(PromptPost).where(PromptPost.occurrence_key == first.key))).one()
    assert post.due_at == first.due_at  # the programme's deadline stands
