"""Programme schedules and checklists: every shipped file validates, and each mistake names file and line."""

from datetime import date
from pathlib import Path
from textwrap import dedent

from bot.features.milestones.templates import DIRECTIONS, checklists_dir, load_checklists
from bot.kernel.programme.expand import expand
from bot.kernel.programme.prompts import load_prompts
from bot.kernel.programme.schedules import load_adjustments, load_schedule_file, load_schedules, schedules_dir

PROMPTS = {"a", "b", "c"}

GOOD = """
id: test
name: Test
gatherings:
  - id: g1
    title: Første
    date: 2027-01-14
    start: "09:00"
    end: "12:00"
    form: physical
    attends: [kommunegruppa, skole]
    between:
      - prompt: a
        post: {after: previous, days: 2, at: "09:00"}
        due: {before: next, days: 1, at: "12:00"}
  - id: g2
    title: Andre
    date: 2027-02-11
    start: "09:00"
    end: "12:00"
    form: digital
milestones:
  - id: m1
    title: Forankring
    kind: forankringsmøte
    due: {before: g2, working_days: 5}
    checklist: sjekk
"""


def write(folder: Path, text: str, name: str = "s.yaml") -> Path:
    path = folder / name
    path.write_text(dedent(text).lstrip(), encoding="utf-8")
    return path


def problems_for(tmp_path, text, **kwargs):
    kwargs.setdefault("prompt_ids", PROMPTS)
    schedule, problems = load_schedule_file(write(tmp_path, text), **kwargs)
    assert schedule is None
    return problems


def test_every_shipped_schedule_and_checklist_validates():
    checklists = load_checklists(checklists_dir(schedules_dir()))
    assert checklists.problems == ()
    loaded = load_schedules(prompt_ids=load_prompts().ids(), checklist_ids=checklists.ids())
    assert loaded.problems == ()
    assert {"demo", "kulturskolen-utviklingsaktor"} <= set(loaded.schedules)


def test_shipped_checklists_cover_all_three_directions():
    for template in load_checklists(checklists_dir(schedules_dir())).templates.values():
        assert all(template.by_direction()[d] for d in DIRECTIONS), template.id
        assert all(item.text.has_all_languages() for item in template.items())


def test_the_pilot_has_four_gatherings_in_both_forms_and_milestones():
    pilot = load_schedules().get("kulturskolen-utviklingsaktor")
    assert len(pilot.gatherings) == 4
    assert {g.form for g in pilot.gatherings} == {"physical", "digital"}
    assert {m.kind for m in pilot.milestones} >= {"forankringsmøte", "politisk-sak", "rapport"}


def test_the_demo_runs_about_four_weeks_from_monday_7_december_and_moves_a_slot_off_christmas():
    demo = load_schedules().get("demo")
    calendar = expand(demo)
    assert calendar.gatherings[0].start.date() == date(2026, 12, 7)
    assert (calendar.gatherings[-1].start.date() - date(2026, 12, 7)).days <= 28
    assert 3 <= len(calendar.prompts) <= 4
    assert any(p.move_reason == "holiday" for p in calendar.prompts)
    assert all(p.reminders for p in calendar.prompts)


def test_a_good_schedule_loads(tmp_path):
    path = write(tmp_path, GOOD)
    schedule, problems = load_schedule_file(path, prompt_ids=PROMPTS, checklist_ids={"sjekk"})
    assert problems == [] and schedule.id == "test"


def test_unknown_prompt_ids_name_the_line_and_suggest(tmp_path):
    (problem,) = problems_for(tmp_path, GOOD.replace("prompt: a", "prompt: aa"))
    assert problem.line == 12 and "'aa'" in problem.message and "did you mean 'a'" in problem.message


def test_due_before_post_is_explained(tmp_path):
    text = GOOD.replace("due: {before: next, days: 1", "due: {after: previous, days: 1")
    (problem,) = problems_for(tmp_path, text)
    assert problem.line == 14 and "due" in problem.message and "before it is posted" in problem.message


def test_dates_in_the_past_are_reported_against_today(tmp_path):
    (problem,) = problems_for(tmp_path, GOOD, today=date(2027, 2, 1))
    assert problem.line == 6 and "past" in problem.message


def test_no_past_check_without_today(tmp_path):
    assert load_schedule_file(write(tmp_path, GOOD), prompt_ids=PROMPTS)[1] == []


def test_gatherings_out_of_order_are_reported(tmp_path):
    (problem,) = problems_for(tmp_path, GOOD.replace("date: 2027-02-11", "date: 2027-01-10"))
    assert problem.line == 17 and "keep gatherings in order" in problem.message


def test_overlapping_gatherings_are_reported(tmp_path):
    text = GOOD.replace("date: 2027-02-11", "date: 2027-01-14").replace(
        '"09:00"\n    end: "12:00"\n    form: digital', '"11:00"\n    end: "13:00"\n    form: digital'
    )
    problems = problems_for(tmp_path, text)
    assert any("overlaps" in p.message and p.line == 18 for p in problems)


def test_unknown_sector_lists_the_allowed_ones(tmp_path):
    (problem,) = problems_for(tmp_path, GOOD.replace("attends: [kommunegruppa, skole]", "attends: [skolen]"))
    assert problem.line == 10 and "'skolen'" in problem.message and "barnehage" in problem.message


def test_unknown_form_lists_the_allowed_ones(tmp_path):
    (problem,) = problems_for(tmp_path, GOOD.replace("form: physical", "form: fysisk"))
    assert problem.line == 9 and "'physical' or 'digital'" in problem.message


def test_next_after_the_last_gathering_is_explained(tmp_path):
    text = GOOD.replace(
        "    form: digital\n",
        "    form: digital\n    between:\n      - prompt: b\n        post: {after: previous, days: 1}\n"
        "        due: {before: next, days: 1}\n",
    )
    (problem,) = problems_for(tmp_path, text)
    assert problem.line == 24 and "no next gathering" in problem.message


def test_unknown_checklist_and_milestone_anchor_are_reported(tmp_path):
    text = GOOD.replace("due: {before: g2, working_days: 5}", "due: {before: g3, working_days: 5}")
    problems = problems_for(tmp_path, text, checklist_ids={"annen"})
    messages = " | ".join(p.message for p in problems)
    assert "unknown gathering 'g3'" in messages and "no checklist template 'sjekk'" in messages


def test_bad_times_and_typos_are_explained(tmp_path):
    text = GOOD.replace('start: "09:00"', 'start: "9.00"', 1)
    text = text.replace("attends:", "attend:")
    messages = [f"{p.line}: {p.message}" for p in problems_for(tmp_path, text)]
    assert any(m.startswith("7:") and "HH:MM" in m for m in messages)
    assert any(m.startswith("10:") and "did you mean 'attends'" in m for m in messages)


def test_a_folder_returns_the_valid_schedules_and_the_problems(tmp_path):
    write(tmp_path, GOOD, "a.yaml")
    write(tmp_path, GOOD.replace("id: test", "id: other").replace("prompt: a", "prompt: x"), "b.yaml")
    loaded = load_schedules(tmp_path, prompt_ids=PROMPTS)
    assert list(loaded.schedules) == ["test"]
    assert [p.file.name for p in loaded.problems] == ["b.yaml"]


def test_adjustments_files_are_checked_against_the_schedule(tmp_path):
    schedule, _ = load_schedule_file(write(tmp_path, GOOD), prompt_ids=PROMPTS)
    path = write(tmp_path, "shift_days: 7\nskip: [zz]\ngatherings:\n  g9: {days: 1}\n", "adj.yaml")
    adjustments, problems = load_adjustments(path, schedule, PROMPTS)
    assert adjustments is None
    assert sorted(p.line for p in problems) == [2, 4]


def test_adjustments_accept_json(tmp_path):
    schedule, _ = load_schedule_file(write(tmp_path, GOOD), prompt_ids=PROMPTS)
    path = write(tmp_path, '{"shift_days": 7, "swap": {"a": "b"}}', "adj.json")
    adjustments, problems = load_adjustments(path, schedule, PROMPTS)
    assert problems == [] and adjustments.swap == {"a": "b"}


def test_schedules_dir_can_be_overridden_by_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SCHEDULES_DIR", str(tmp_path))
    assert schedules_dir() == tmp_path
