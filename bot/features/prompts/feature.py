"""Prompts: the between-meeting work — programmes, posting prompts, answers, reminders and summaries."""

from __future__ import annotations

from pathlib import Path

from bot.features.prompts import (
    answers,
    pauses,
    planner,
    posting,
    programmes,
    reading,
    schedule_edits,
    status,
    tables,
    withdrawing,
)
from bot.features.prompts import commands as c
from bot.kernel.commands.registry import CommandSpec, Feature

FEATURE = Feature(
    name="prompts",
    texts=Path(__file__).parent / "texts",
    needs=("groups",),
    commands=(
        CommandSpec("status", (), lambda rest: c.Status(), "commands.usage.status", {c.Status: status.group_status}),
        CommandSpec("refleksjon", ("reflect", "svar", "answer"), lambda rest: c.Reflect(rest.strip()),
                    "commands.usage.refleksjon", {c.Reflect: answers.reflect}),
        CommandSpec("svarene", ("answers", "svara"), c.build_read_answers, "commands.usage.svarene",
                    {c.ReadAnswers: reading.read_answers}),
        CommandSpec("trekk-svar", ("withdraw",), c.build_withdraw, "commands.usage.trekk-svar",
                    {c.Withdraw: withdrawing.withdraw_answer}),
        CommandSpec("oppgave", ("prompt",), c.build_prompt, "commands.usage.oppgave", {
            c.PromptSend: posting.send_prompt_now, c.PromptList: posting.list_prompts,
            c.PromptNext: programmes.next_prompts, c.PromptSkip: pauses.skip_prompt,
            c.PromptUnskip: pauses.unskip_prompt, c.PromptMove: schedule_edits.move_prompt,
            c.PromptDue: schedule_edits.move_deadline, c.PromptSwap: schedule_edits.swap_prompt,
            c.ScheduleUndo: schedule_edits.undo_edit}),
        CommandSpec("program", ("programme",), c.build_programme, "commands.usage.program",
                    {c.ChooseProgramme: programmes.choose_programme}),
        CommandSpec("stille", ("quiet",), c.build_quiet, "commands.usage.stille",
                    {c.QuietPeriod: schedule_edits.quiet_periods}),
        CommandSpec("pause", (), c.build_pause, "commands.usage.pause", {c.PauseGroup: pauses.pause_group}),
    ),
    actions={answers.ANSWER: answers.open_answer_form},
    forms={answers.FORM_ID: answers.submit_form},
    on_message=(answers.answer_in_thread,),
    planners=(planner.plan_prompts,),
    tables=(tables,),
    inert_tables=(tables.Reflection,),
)
