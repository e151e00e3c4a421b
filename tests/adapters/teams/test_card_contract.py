"""The card checks themselves: they must be able to fail, or the 'every card passes' assertions prove nothing."""

from __future__ import annotations

import pytest

from tests.adapters.teams.card_rules import MAX_ACTIVITY_BYTES, activity_problems, card_problems
from tests.adapters.teams.renderer_check import RENDERER, unavailable_reason

SEVEN = [{"type": "Action.Submit", "title": f"Valg {i}", "data": {}} for i in range(7)]
GOOD = {"type": "AdaptiveCard", "version": "1.5",
        "body": [{"type": "TextBlock", "text": "Hei", "wrap": True},
                 {"type": "Input.Text", "id": "svar", "label": "Svar", "isRequired": True,
                  "errorMessage": "Skriv et svar"}],
        "actions": [{"type": "Action.Submit", "title": "Send", "data": {}}]}


def test_a_good_card_passes() -> None:
    assert card_problems(GOOD) == []


def test_the_python_rules_catch_hidden_actions_duplicate_ids_and_a_newer_schema() -> None:
    card = {**GOOD, "version": "1.6", "actions": SEVEN,
            "body": [*GOOD["body"], {"type": "Input.Text", "id": "svar", "label": "Igjen"}]}
    problems = " | ".join(card_problems(card))
    assert "7 card actions" in problems and "'svar' used 2 times" in problems and "1.6 > 1.5" in problems


def test_an_activity_over_teams_size_limit_is_refused() -> None:
    text = "x" * MAX_ACTIVITY_BYTES
    activity = {"type": "message", "attachments": [
        {"contentType": "application/vnd.microsoft.card.adaptive",
         "content": {**GOOD, "body": [{"type": "TextBlock", "text": text}]}}]}
    assert any("bytes" in problem for problem in activity_problems(activity))


@pytest.mark.skipif(unavailable_reason() is not None, reason=str(unavailable_reason()))
def test_the_renderer_validator_refuses_what_teams_would_hide() -> None:
    problems = RENDERER.problems({**GOOD, "actions": SEVEN, "body": [
        {"type": "Input.Text", "id": "a", "isRequired": True},
        {"type": "Input.ChoiceSet", "id": "b", "choices": []}]})
    joined = " | ".join(problems)
    assert "TooManyActions" in joined
    assert "RequiredInputsShouldHaveErrorMessage" in joined and "RequiredInputsShouldHaveLabel" in joined
    assert "CollectionCantBeEmpty" in joined
    assert RENDERER.problems(GOOD) == []
