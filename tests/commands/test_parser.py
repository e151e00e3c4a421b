"""The `/samskaping` parser: names, aliases, arguments, and that nothing but a UserError ever escapes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.chat import commands as c
from bot.commands.parser import parse, parse_mention, split_command
from bot.commands.table import SPECS
from bot.core.people import Role, Sector
from bot.errors import UnknownCommand, UsageError, UserError


@pytest.mark.parametrize(("line", "expected"), [
    ("/samskaping oppsett Bodø", c.SetUp("Bodø")),
    ("oppsett  Nord-Aurdal   kommune", c.SetUp("Nord-Aurdal kommune")),
    ("/samskaping setup Tromsø", c.SetUp("Tromsø")),
    ("/samskaping bli-med SFO/AKS", c.Join(Sector.SFO_AKS)),
    ("/samskaping join kindergarten", c.Join(Sector.BARNEHAGE)),
    ("/samskaping bli-med", c.Join(None)),
    ("/samskaping sektor kulturskule", c.SetSector(Sector.KULTURSKOLE)),
    ("/samskaping status", c.Status()),
    ("/samskaping STATUS", c.Status()),
    ("/samskaping refleksjon  Vi lærte mye. ", c.Reflect("Vi lærte mye.")),
    ("/samskaping oppgave send", c.PromptSend(None)),
    ("/samskaping prompt send nysgjerrig-1", c.PromptSend("nysgjerrig-1")),
    ("/samskaping språk nynorsk", c.SetLanguage("nn")),
    ("/samskaping language en", c.SetLanguage("en")),
    ("/samskaping rolle <@U123|ola> koordinator", c.SetRole("U123", Role.COORDINATOR)),
    ("/samskaping role @ola mentor", c.SetRole("ola", Role.MENTOR)),
    ("/samskaping", c.Help(None)),
    ("", c.Help(None)),
    ("/samskaping hjelp oppsett", c.Help("oppsett")),
])
def test_parses_norwegian_names_english_aliases_and_arguments(line: str, expected: object) -> None:
    assert parse(line, SPECS) == expected


@pytest.mark.parametrize("line", ["/samskaping oppsett", "/samskaping språk svensk", "/samskaping rolle ola",
                                  "/samskaping rolle @ola sjef", "/samskaping oppgave slett"])
def test_missing_or_wrong_arguments_give_usage_errors(line: str) -> None:
    with pytest.raises(UsageError):
        parse(line, SPECS)


def test_unknown_sector_is_a_usage_error_that_names_what_was_typed() -> None:
    with pytest.raises(UsageError) as raised:
        parse("/samskaping bli-med rektorat", SPECS)
    assert raised.value.params == {"typed": "rektorat"}


def test_a_typo_suggests_the_nearest_command() -> None:
    with pytest.raises(UnknownCommand) as raised:
        parse("/samskaping stauts", SPECS)
    assert raised.value.params["suggestion"] == "status"


@given(st.text(max_size=200))
def test_any_input_parses_or_raises_a_user_error(line: str) -> None:
    try:
        parse(line, SPECS)
    except UserError:
        pass


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), min_size=1, max_size=60))
def test_setup_keeps_the_municipality_name_as_written(name: str) -> None:
    assert parse(f"/samskaping oppsett {name}", SPECS) == c.SetUp(name[:120])


@given(st.sampled_from([n for spec in SPECS for n in (spec.name, *spec.aliases)]), st.text(max_size=40))
def test_every_name_and_alias_resolves(word: str, rest: str) -> None:
    assert split_command(f"/samskaping {word} x")[0] == word.lower()
    try:
        parse(f"/samskaping {word} {rest}", SPECS)
    except UserError:
        pass


@pytest.mark.parametrize(("token", "user"), [("<@U1>", "U1"), ("<@U1|kari>", "U1"), ("@kari", "kari"),
                                             ("kari", None), ("<#C1|general>", None)])
def test_mentions_from_slack_teams_and_the_console(token: str, user: str | None) -> None:
    assert parse_mention(token) == user
