"""The schedule tells the truth: no summary, reminder or post on a public holiday, no reminder after its
deadline, and a simulated run over random programmes (2026–2028) sends nothing on a Norwegian holiday."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from bot.clock import ManualClock
from bot.features.prompts.posting import schedule_post
from bot.kernel.programme.deadlines import flagged_deadlines
from bot.kernel.programme.expand import expand
from bot.kernel.programme.schedule import Schedule
from bot.kernel.rules.calendar import CalendarRules, holiday_name, local
from bot.kernel.storage.tables import Group
from bot.settings import Settings
from tests.fakes import Conversation


def _set(convo: Conversation, when: datetime) -> None:
    assert isinstance(convo.app.ctx.clock, ManualClock)
    convo.app.ctx.clock.set(when)


async def test_a_summary_due_on_christmas_day_goes_out_on_the_next_working_morning(convo: Conversation) -> None:
    _set(convo, datetime(2026, 12, 18, 11, 0, tzinfo=UTC))  # Friday 12:00 in Oslo
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    await convo.say("/samskaping bli-med skole", as_="ola")
    ctx = convo.app.ctx
    async with ctx.uow() as uow:  # a programme's prompt due Friday 25 December 12:00 (validation only flags it)
        group = (await uow.session.exec(select(Group))).one()
        await schedule_post(uow, ctx, group, prompt_id="ambisios-det-som-ikke-gikk", occurrence_key="jul",
                            post_at=ctx.clock.now(), due_at=datetime(2026, 12, 25, 11, 0, tzinfo=UTC), reminders=())
        await uow.commit()
    await convo.wait(timedelta(days=7, hours=1))  # 1. juledag 13:00
    assert not [p for p in convo.chat.transcript if p.key.startswith("summary:")]
    await convo.wait(timedelta(days=2, hours=20))  # Monday 28 December 09:00
    summaries = [p for p in convo.chat.transcript if p.key.startswith("summary:")]
    assert len(summaries) == 2 and {local_date(p.at) for p in summaries} == {date(2026, 12, 28)}
    assert all(holiday_name(local_date(p.at)) is None for p in convo.chat.transcript)


async def test_a_prompt_posted_now_is_never_due_on_a_holiday(convo: Conversation) -> None:
    _set(convo, datetime(2026, 12, 18, 11, 0, tzinfo=UTC))  # a week later is Christmas Day
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    assert "Frist: mandag 28. desember kl. 12:00" in await convo.say("/samskaping oppgave send", as_="kari")
    _set(convo, datetime(2026, 12, 14, 11, 0, tzinfo=UTC))  # an ordinary week: seven days
    assert "Frist: mandag 21. desember kl. 12:00" in await convo.say("/samskaping oppgave send", as_="kari")


def local_date(when: datetime) -> date:
    return local(when, CalendarRules()).date()


class TestNoReminderAfterTheDeadline:
    @pytest.fixture
    def settings(self, database_url: str) -> Settings:
        return Settings(database_url=database_url, nudges_per_day=1, _env_file=None)  # type: ignore[call-arg]

    async def test_a_reminder_the_budget_would_delay_past_the_deadline_is_not_sent(self, convo: Conversation) -> None:
        await convo.say("/samskaping oppsett Bodø", as_="kari")
        await convo.say("/samskaping bli-med skole", as_="ola")
        await convo.say("/samskaping oppgave send", as_="kari")  # due Monday 14 December 09:00
        await convo.wait(timedelta(hours=1))
        await convo.say("/samskaping oppgave send", as_="kari")  # due Monday 14 December 10:00
        await convo.wait(timedelta(days=6))  # Sunday: both reminders are planned for Monday 08:00
        await convo.wait(timedelta(hours=22))  # Monday 08:00 in Oslo
        await convo.wait(timedelta(days=1))
        await convo.wait(timedelta(days=2))  # both deadlines passed
        reminders = [p for p in convo.seen_by("ola") if p.key.startswith("reminder:")]
        assert len(reminders) == 1  # one a day: the second would have come on Tuesday, after its deadline
        assert reminders[0].at < datetime(2026, 12, 14, 8, 0, tzinfo=UTC)


def _random_schedule(seed: int, prompt_ids: list[str]) -> Schedule:
    """A programme around holidays (Christmas, Easter, May, Whitsun) in 2026–2028, with random offsets."""
    rnd = random.Random(seed)
    start = rnd.choice([date(2026, 12, 14), date(2027, 3, 15), date(2027, 4, 26), date(2028, 4, 3),
                        date(2027, 12, 13), date(2028, 5, 1)])
    gatherings, day = [], start
    for index in range(3):
        between = [{
            "prompt": prompt,
            "post": {"after": "previous", "days": rnd.randint(0, 12), "at": f"{rnd.randint(6, 20):02d}:00"},
            "due": {"after": "post", "days": rnd.randint(1, 12), "at": f"{rnd.randint(7, 18):02d}:00"},
            "reminders": [{"days_before_due": rnd.randint(0, 4), "at": f"{rnd.randint(6, 20):02d}:00"},
                          {"hours_before_due": rnd.randint(1, 30)}],
        } for prompt in rnd.sample(prompt_ids, 2)]
        gatherings.append({"id": f"samling-{index + 1}", "title": "Samling", "date": day.isoformat(),
                           "form": "digital", "between": between})
        day += timedelta(days=rnd.randint(14, 25))
    return Schedule.model_validate({"id": f"tilfeldig-{seed}", "name": "Tilfeldig", "gatherings": gatherings})


@pytest.mark.parametrize("seed", [7, 25])  # seeds whose random programme has deadlines on public holidays
async def test_a_simulated_run_sends_nothing_on_a_public_holiday(convo: Conversation, seed: int) -> None:
    prompt_ids = sorted(convo.app.ctx.prompts.ids())[:6]
    schedule = _random_schedule(seed, prompt_ids)
    convo.app.ctx.schedules.schedules[schedule.id] = schedule
    _set(convo, datetime.combine(schedule.gatherings[0].date, datetime.min.time(), UTC) - timedelta(days=1))
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    await convo.say("/samskaping bli-med skole", as_="ola")
    await convo.say(f"/samskaping program {schedule.id}", as_="kari")
    convo.chat.transcript.clear()  # set-up replies answer commands; the schedule is what is checked
    calendar = expand(schedule)
    assert any(f.block.kind == "holiday" for f in flagged_deadlines(calendar))  # the run meets the hard case
    moments = sorted({m + timedelta(minutes=1) for o in calendar.prompts
                      for m in (o.post_at, o.due_at, *o.reminders)})
    last = moments[-1] + timedelta(days=5)
    day = moments[0].date()
    while day <= last.date():  # every holiday at noon, and every morning after one
        if holiday_name(day):
            moments += [datetime(day.year, day.month, day.day, 11, tzinfo=UTC),
                        datetime(day.year, day.month, day.day, 11, tzinfo=UTC) + timedelta(days=1)]
        day += timedelta(days=1)
    for moment in sorted(set(moments)):
        if moment > convo.app.ctx.clock.now():
            _set(convo, moment)
            await convo.app.tick()
    sent = convo.chat.transcript
    assert [p for p in sent if p.key.startswith("prompt:")], "the run posted prompts"
    assert [p for p in sent if p.key.startswith("summary:")], "the run posted summaries"
    on_holidays = [(p.key, p.at) for p in sent if holiday_name(local_date(p.at))]
    assert on_holidays == []


async def test_choosing_a_programme_flags_deadlines_on_holidays_and_in_quiet_periods(convo: Conversation) -> None:
    _set(convo, datetime(2026, 12, 1, 8, 0, tzinfo=UTC))
    schedule = Schedule.model_validate({
        "id": "jul", "name": "Jul",
        "quiet_periods": [{"start": "2027-01-04", "end": "2027-01-05", "name": "Planleggingsdager"}],
        "gatherings": [{"id": "samling-1", "title": "Samling", "date": "2026-12-14", "form": "digital", "between": [
            {"prompt": "nysgjerrig-hva-lurer-du-pa", "post": {"after": "previous", "days": 1, "at": "09:00"},
             "due": {"after": "post", "days": 10, "at": "12:00"}},  # Friday 25 December
            {"prompt": "kildejakt-tre-personer", "post": {"after": "previous", "days": 2, "at": "09:00"},
             "due": {"after": "post", "days": 20, "at": "12:00"}},  # Monday 4 January, a quiet day
            {"prompt": "forankre-hvem-ma-vite", "post": {"after": "previous", "days": 2, "at": "09:00"},
             "due": {"after": "post", "days": 7, "at": "12:00"}}]}]})  # Wednesday 23 December: fine
    convo.app.ctx.schedules.schedules[schedule.id] = schedule
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    chosen = await convo.say("/samskaping program jul", as_="kari")
    assert "på en helligdag (Første juledag)" in chosen and "i en stille periode (Planleggingsdager)" in chosen
    assert chosen.count("⚠") == 2
    assert chosen.count("⚠") == (await convo.say("/samskaping oppgave neste", as_="kari")).count("⚠")
