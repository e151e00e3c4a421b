"""Pauses never drop a prompt silently, and `oppgave ta-med` really brings one back and says when."""

from __future__ import annotations

from datetime import timedelta

from tests.fakes import Conversation
from tests.features.prompts.programme_helpers import group_on_demo_programme, prompt_posts

FIRST = "nysgjerrig-hva-lurer-du-pa"  # demo: posted Tuesday 8 December 09:00, due Tuesday 15 December 12:00


async def test_a_pause_lists_the_prompts_it_skips_and_how_to_bring_them_back(convo: Conversation) -> None:
    await group_on_demo_programme(convo)
    text = await convo.say("/samskaping pause 9. desember", as_="kari")
    assert "Denne oppgaven ville kommet i pausen" in text and f"`{FIRST}`" in text
    assert "tirsdag 8. desember kl. 09:00" in text and "oppgave ta-med <id>" in text


async def test_bringing_a_paused_over_prompt_back_posts_it_and_says_when(convo: Conversation) -> None:
    await group_on_demo_programme(convo)
    await convo.say("/samskaping pause 9. desember", as_="kari")
    await convo.wait(timedelta(days=3))  # Thursday 10 December 08:00, the pause is over
    assert prompt_posts(convo) == []
    answer = await convo.say(f"/samskaping oppgave ta-med {FIRST}", as_="kari")
    assert "er med igjen" in answer and "postes torsdag 10. desember" in answer
    assert "frist torsdag 17. desember kl. 11:00" in answer  # its 7 days and 3 hours to answer kept
    await convo.wait(timedelta(minutes=5))
    assert [k for k in prompt_posts(convo) if FIRST in k]
    assert "allerede postet" in await convo.say(f"/samskaping oppgave ta-med {FIRST}", as_="kari")


async def test_bringing_one_back_during_the_pause_posts_it_on_the_first_working_day_after(convo: Conversation) -> None:
    await group_on_demo_programme(convo)
    await convo.say("/samskaping pause 11. desember", as_="kari")
    await convo.wait(timedelta(days=2))
    assert "postes mandag 14. desember kl. 08:00" in await convo.say(f"/samskaping oppgave ta-med {FIRST}",
                                                                     as_="kari")
    await convo.wait(timedelta(days=4))  # Saturday: still nothing
    assert not [k for k in prompt_posts(convo) if FIRST in k]
    await convo.wait(timedelta(days=2))  # Monday
    assert [k for k in prompt_posts(convo) if FIRST in k]


async def test_a_skipped_prompt_comes_back_at_its_own_slot_when_that_is_ahead(convo: Conversation) -> None:
    await group_on_demo_programme(convo)
    await convo.say(f"/samskaping oppgave hopp-over {FIRST}", as_="kari")
    assert "postes tirsdag 8. desember kl. 09:00" in await convo.say(f"/samskaping oppgave ta-med {FIRST}",
                                                                    as_="kari")
    await convo.wait(timedelta(days=1, hours=1))
    assert [k for k in prompt_posts(convo) if FIRST in k]


async def test_a_pause_over_an_open_deadline_is_refused_and_changes_nothing(convo: Conversation) -> None:
    await group_on_demo_programme(convo)
    await convo.wait(timedelta(days=1, hours=2))  # the first prompt is open, due Tuesday 15 December
    refused = await convo.say("/samskaping pause 16. desember", as_="kari")
    assert "dekker fristen" in refused and "Ingenting er endret" in refused
    await convo.wait(timedelta(days=6))
    assert any("kildejakt" in k for k in prompt_posts(convo))  # no pause: the next prompt came


async def test_a_pause_that_ends_before_the_open_deadline_is_fine(convo: Conversation) -> None:
    await group_on_demo_programme(convo)
    await convo.wait(timedelta(days=1, hours=2))
    assert "pause til og med" in await convo.say("/samskaping pause 10. desember", as_="kari")


async def test_pause_messages_in_english(convo: Conversation) -> None:
    await group_on_demo_programme(convo)
    await convo.say("/samskaping språk en", as_="kari")
    assert "is skipped" in await convo.say("/samskaping pause 9. desember", as_="kari")
    assert "is back in" in await convo.say(f"/samskaping prompt include {FIRST}", as_="kari")
