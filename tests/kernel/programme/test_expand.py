"""Expanding a programme schedule, with each kind of local adjustment, into dated items."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.errors import AdjustmentError
from bot.kernel.programme.expand import GroupAdjustments, expand
from bot.kernel.programme.schedule import Schedule
from bot.kernel.rules.calendar import is_allowed

OSLO = ZoneInfo("Europe/Oslo")


def oslo(*args: int) -> datetime:
    return datetime(*args, tzinfo=OSLO)


def schedule(**overrides) -> Schedule:
    data = {
        "id": "demo",
        "name": "Demo",
        "reminders": [{"days_before_due": 2, "at": "09:00"}, {"hours_before_due": 3}],
        "gatherings": [
            {
                "id": "oppstart", "title": "Oppstart", "date": "2026-12-07", "start": "09:00", "end": "11:00",
                "form": "digital", "attends": ["kommunegruppa"],
                "between": [
                    {"prompt": "a", "post": {"after": "previous", "days": 1, "at": "09:00"},
                     "due": {"after": "post", "days": 7, "at": "12:00"}},
                    {"prompt": "b", "post": {"after": "previous", "days": 5, "at": "10:00"},
                     "due": {"before": "next", "working_days": 1, "at": "12:00"}},
                    {"prompt": "c", "post": {"after": "previous", "days": 18, "at": "09:00"},
                     "due": {"before": "next", "working_days": 1, "at": "12:00"}},
                ],
            },
            {"id": "samling-2", "title": "Samling 2", "date": "2027-01-04", "start": "12:00", "end": "14:00",
             "form": "physical"},
        ],
        "milestones": [
            {"id": "forankring", "title": "Forankringsmøte", "kind": "forankringsmøte",
             "due": {"before": "samling-2", "working_days": 3, "at": "12:00"}},
        ],
    }
    data.update(overrides)
    return Schedule.model_validate(data)


def by_prompt(calendar):
    return {p.prompt_id: p for p in calendar.prompts}


def test_a_plain_expansion_dates_posts_dues_and_reminders():
    prompts = by_prompt(expand(schedule()))
    a = prompts["a"]
    assert a.key == "demo:oppstart:a"
    assert a.post_at == oslo(2026, 12, 8, 9, 0)
    assert a.due_at == oslo(2026, 12, 15, 12, 0)
    # Sunday 13th 09:00 moves to Monday 08:00; three hours before noon is 09:00.
    assert a.reminders == (oslo(2026, 12, 14, 8, 0), oslo(2026, 12, 15, 9, 0))
    assert a.moved_from is None and a.move_reason is None


def test_a_post_on_saturday_moves_to_monday_with_the_reason():
    b = by_prompt(expand(schedule()))["b"]
    assert b.moved_from == oslo(2026, 12, 12, 10, 0)
    assert b.post_at == oslo(2026, 12, 14, 8, 0)
    assert b.move_reason == "weekend"


def test_a_post_on_christmas_day_moves_and_names_the_holiday():
    c = by_prompt(expand(schedule()))["c"]
    assert c.post_at == oslo(2026, 12, 28, 8, 0)
    assert (c.move_reason, c.move_detail) == ("holiday", "Første juledag")


def test_due_one_working_day_before_the_next_gathering_skips_new_year():
    assert by_prompt(expand(schedule()))["c"].due_at == oslo(2026, 12, 31, 12, 0)


def test_every_post_and_reminder_is_in_allowed_time_and_before_the_due_time():
    calendar = expand(schedule())
    for p in calendar.prompts:
        assert is_allowed(p.post_at, calendar.rules)
        assert all(is_allowed(r, calendar.rules) and p.post_at < r < p.due_at for r in p.reminders)


def test_all_datetimes_are_aware():
    calendar = expand(schedule())
    stamps = [x for p in calendar.prompts for x in (p.post_at, p.due_at, *p.reminders)]
    stamps += [g.start for g in calendar.gatherings] + [m.due_at for m in calendar.milestones]
    assert all(s.tzinfo is not None for s in stamps)


def test_milestones_are_dated_from_their_gathering():
    (milestone,) = expand(schedule()).milestones
    assert milestone.key == "demo:milestone:forankring"
    assert milestone.due_at == oslo(2026, 12, 29, 12, 0)


def test_shifting_all_dates_moves_gatherings_and_posts_but_keeps_keys():
    plain = expand(schedule())
    shifted = expand(schedule(), GroupAdjustments(shift_days=7))
    assert [p.key for p in plain.prompts] == [p.key for p in shifted.prompts]
    assert shifted.gatherings[0].start == oslo(2026, 12, 14, 9, 0)
    assert by_prompt(shifted)["a"].post_at == oslo(2026, 12, 15, 9, 0)
    assert shifted.milestones[0].due_at > plain.milestones[0].due_at


def test_shifting_one_gathering_moves_the_dues_that_hang_on_it():
    adjusted = expand(schedule(), GroupAdjustments(gatherings={"samling-2": {"date": "2027-01-11"}}))
    assert adjusted.gatherings[1].start == oslo(2027, 1, 11, 12, 0)
    assert adjusted.gatherings[1].moved_from == oslo(2027, 1, 4, 12, 0)
    assert by_prompt(adjusted)["b"].due_at == oslo(2027, 1, 8, 12, 0)
    assert by_prompt(adjusted)["a"].due_at == oslo(2026, 12, 15, 12, 0)


def test_shifting_an_unknown_gathering_is_refused():
    with pytest.raises(AdjustmentError, match="samling-9"):
        expand(schedule(), GroupAdjustments(gatherings={"samling-9": {"days": 1}}))


def test_skipping_a_prompt_leaves_it_out_and_records_it():
    calendar = expand(schedule(), GroupAdjustments(skip=("b",)))
    assert "b" not in by_prompt(calendar)
    assert calendar.skipped == ("demo:oppstart:b",)


def test_skipping_by_occurrence_key_works_too():
    calendar = expand(schedule(), GroupAdjustments(skip=("demo:oppstart:c",)))
    assert set(by_prompt(calendar)) == {"a", "b"}


def test_swapping_a_prompt_keeps_the_slot_and_times():
    plain = by_prompt(expand(schedule()))["a"]
    swapped = by_prompt(expand(schedule(), GroupAdjustments(swap={"a": "z"})))["z"]
    assert swapped.key == "demo:oppstart:z"
    assert swapped.swapped_from == "a"
    assert (swapped.post_at, swapped.due_at) == (plain.post_at, plain.due_at)


def test_swapping_onto_a_prompt_already_in_the_block_is_refused():
    with pytest.raises(AdjustmentError, match="twice"):
        expand(schedule(), GroupAdjustments(swap={"a": "b"}))


def test_changing_reminder_timing_replaces_every_reminder():
    reminders = ({"working_days_before_due": 1, "at": "14:00"},)
    adjusted = expand(schedule(), GroupAdjustments(reminders=reminders))
    assert by_prompt(adjusted)["a"].reminders == (oslo(2026, 12, 14, 14, 0),)


def test_no_reminders_at_all_is_a_valid_choice():
    adjusted = expand(schedule(), GroupAdjustments(reminders=()))
    assert all(p.reminders == () for p in adjusted.prompts)


def test_local_quiet_periods_move_posts_and_name_the_period():
    quiet = {"start": "2026-12-08", "end": "2026-12-09", "name": "Planleggingsdager"}
    adjustments = GroupAdjustments(quiet_periods=(quiet,))
    a = by_prompt(expand(schedule(), adjustments))["a"]
    assert a.post_at == oslo(2026, 12, 10, 8, 0)
    assert (a.move_reason, a.move_detail) == ("quiet", "Planleggingsdager")


def test_changed_working_hours_apply_to_posts():
    hours = {"days": ["man", "tir", "ons", "tor", "fre"], "start": "10:00", "end": "14:00"}
    adjustments = GroupAdjustments(working_hours=hours)
    a = by_prompt(expand(schedule(), adjustments))["a"]
    assert a.post_at == oslo(2026, 12, 8, 10, 0)
    assert a.move_reason == "before-hours"


def test_keys_do_not_change_under_any_time_adjustment():
    plain = {p.key for p in expand(schedule()).prompts}
    for adjustments in (
        GroupAdjustments(shift_days=-3),
        GroupAdjustments(gatherings={"oppstart": {"days": 2, "start": "13:00", "end": "15:00"}}),
        GroupAdjustments(quiet_periods=({"start": "2026-12-01", "end": "2026-12-20"},)),
        GroupAdjustments(working_hours={"start": "12:00", "end": "13:00"}),
    ):
        assert {p.key for p in expand(schedule(), adjustments).prompts} == plain


def test_adjustments_round_trip_through_json():
    adjustments = GroupAdjustments(
        shift_days=2, gatherings={"samling-2": {"date": date(2027, 1, 11), "start": time(13)}}, skip=("a",),
        swap={"b": "z"}, reminders=({"days_before_due": 1},),
        working_hours={"start": "09:00", "end": "15:00"},
        quiet_periods=({"start": "2026-12-21", "end": "2027-01-01", "name": "Juleferie"},),
    )
    assert GroupAdjustments.model_validate_json(adjustments.model_dump_json()) == adjustments


def test_prompts_come_out_in_posting_order():
    posts = [p.post_at for p in expand(schedule()).prompts]
    assert posts == sorted(posts)


@settings(max_examples=60, deadline=None)
@given(st.integers(-60, 400))
def test_any_overall_shift_keeps_keys_and_lands_posts_and_reminders_in_allowed_time(days):
    calendar = expand(schedule(), GroupAdjustments(shift_days=days))
    assert {p.key for p in calendar.prompts} == {"demo:oppstart:a", "demo:oppstart:b", "demo:oppstart:c"}
    for p in calendar.prompts:
        assert is_allowed(p.post_at, calendar.rules)
        assert all(is_allowed(r, calendar.rules) and p.post_at < r < p.due_at for r in p.reminders)
