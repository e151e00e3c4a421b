"""Coordinators edit their group's programme in chat: move a prompt or its deadline, swap, quiet periods, undo;
with the same checks and Norwegian date phrases as a YAML adjustments file."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.features.prompts.tables import PromptPost
from tests.fakes import Conversation
from tests.features.prompts.programme_helpers import group_on_demo_programme, prompt_posts

FIRST = "nysgjerrig-hva-lurer-du-pa"  # demo: posted Tuesday 8 December 09:00, due Tuesday 15 December 12:00
SECOND = "kildejakt-tre-personer"  # demo: posted Monday 14 December 10:00


async def test_moving_a_prompt_keeps_its_time_to_answer_and_can_be_undone(convo: Conversation) -> None:
    await group_on_demo_programme(convo)
    moved = await convo.say(f"/samskaping oppgave flytt {FIRST} torsdag", as_="kari")
    assert "postes nå torsdag 10. desember kl. 09:00, frist torsdag 17. desember kl. 12:00" in moved
    assert "oppgave angre" in moved
    assert "torsdag 10. desember" in await convo.say("/samskaping oppgave neste", as_="kari")
    assert "angret" in await convo.say("/samskaping oppgave angre", as_="kari")
    assert "tirsdag 8. desember kl. 09:00" in await convo.say("/samskaping oppgave neste", as_="kari")
    assert "ingen endring å angre" in await convo.say("/samskaping oppgave angre", as_="kari")


async def test_a_moved_prompt_goes_out_on_its_new_day(convo: Conversation) -> None:
    await group_on_demo_programme(convo)
    await convo.say(f"/samskaping oppgave flytt {FIRST} 10.12", as_="kari")
    await convo.wait(timedelta(days=1, hours=2))  # Tuesday: the old slot
    assert not [k for k in prompt_posts(convo) if FIRST in k]
    await convo.wait(timedelta(days=2))  # Thursday 10:00
    assert [k for k in prompt_posts(convo) if FIRST in k]
    assert "allerede postet" in await convo.say(f"/samskaping oppgave flytt {FIRST} 11.12", as_="kari")


async def test_bad_edits_are_explained_and_change_nothing(convo: Conversation) -> None:
    await group_on_demo_programme(convo)
    assert "ikke med i gruppas program" in await convo.say("/samskaping oppgave flytt tull 10.12", as_="kari")
    assert "passert" in await convo.say(f"/samskaping oppgave flytt {FIRST} 1.12.2026", as_="kari")
    assert "helligdag (Første juledag)" in await convo.say(f"/samskaping oppgave frist {FIRST} 25.12", as_="kari")
    assert "ville kommet før oppgaven postes (tirsdag 8. desember kl. 09:00)" in await convo.say(
        f"/samskaping oppgave frist {FIRST} 7.12", as_="kari")
    assert "ingen oppgave med id «finnes-ikke»" in await convo.say(f"/samskaping oppgave bytt {SECOND} finnes-ikke",
                                                                  as_="kari")
    assert "før den begynner" in await convo.say("/samskaping stille 20.12 til 10.12", as_="kari")
    assert "Bare koordinatorer" in await convo.say(f"/samskaping oppgave flytt {FIRST} 10.12", as_="ola")
    assert "ingen endring å angre" in await convo.say("/samskaping oppgave angre", as_="kari")
    assert "tirsdag 8. desember kl. 09:00" in await convo.say("/samskaping oppgave neste", as_="kari")


async def test_an_open_prompts_deadline_moves_with_its_reminders_and_back(convo: Conversation) -> None:
    await group_on_demo_programme(convo)
    await convo.wait(timedelta(days=1, hours=2))  # the first prompt is open
    moved = await convo.say(f"/samskaping oppgave frist {FIRST} 17.12", as_="kari")
    assert "torsdag 17. desember kl. 12:00" in moved
    assert "torsdag 17. desember kl. 12:00" in await convo.say("/samskaping status", as_="ola")
    async with convo.app.ctx.uow() as uow:
        post = (await uow.session.exec(select(PromptPost).where(PromptPost.prompt_id == FIRST))).one()
    assert "2026-12-16T08:00" in post.reminder_times  # both reminders moved two days along with the deadline
    await convo.say("/samskaping oppgave angre", as_="kari")
    assert "tirsdag 15. desember kl. 12:00" in await convo.say("/samskaping status", as_="ola")


async def test_swapping_a_prompt_posts_the_new_one_in_its_slot(convo: Conversation) -> None:
    await group_on_demo_programme(convo)
    swapped = await convo.say(f"/samskaping oppgave bytt {SECOND} inviter-en-kopp-kaffe", as_="kari")
    assert "byttet med «inviter-en-kopp-kaffe»" in swapped and "mandag 14. desember" in swapped
    assert "inviter-en-kopp-kaffe" in await convo.say("/samskaping oppgave neste", as_="kari")


async def test_a_quiet_period_moves_posts_flags_deadlines_and_is_listed(convo: Conversation) -> None:
    await group_on_demo_programme(convo)
    added = await convo.say("/samskaping stille 14. desember til 16. desember: Planleggingsdager", as_="kari")
    assert "Stille periode lagt til: mandag 14. desember 2026 – onsdag 16. desember 2026" in added
    assert "i en stille periode (Planleggingsdager)" in added  # the first prompt's deadline, the 15th
    assert "torsdag 17. desember" in await convo.say("/samskaping oppgave neste", as_="kari")  # the second moved
    listed = await convo.say("/samskaping stille", as_="kari")
    assert "Planleggingsdager" in listed and "Julaften" in listed  # the programme's own and the group's
    await convo.say("/samskaping språk en", as_="kari")
    assert "is undone" in await convo.say("/samskaping prompt undo", as_="kari")
