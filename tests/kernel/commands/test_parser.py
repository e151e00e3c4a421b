"""The `/samskaping` parser: names, aliases, arguments, and that nothing but a UserError ever escapes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.bootstrap import registry
from bot.errors import UnknownCommand, UsageError, UserError
from bot.features.groups.commands import Join, SetLanguage, SetRole, SetSector, SetUp
from bot.features.prompts.commands import PromptSend, Reflect, Status
from bot.kernel.commands.parser import Help, parse, parse_mention, split_command
from bot.kernel.rules.people import Role, Sector

SPECS = registry().specs


@pytest.mark.parametrize(("line", "expected"), [
    ("/samskaping oppsett Bodø", SetUp("Bodø")),
    ("oppsett  Nord-Aurdal   kommune", SetUp("Nord-Aurdal kommune")),
    ("/samskaping setup Tromsø", SetUp("Tromsø")),
    ("/samskaping bli-med SFO/AKS", Join(Sector.SFO_AKS)),
    ("/samskaping join kindergarten", Join(Sector.BARNEHAGE)),
    ("/samskaping bli-med", Join(None)),
    ("/samskaping sektor kulturskule", SetSector(Sector.KULTURSKOLE)),
    ("/samskaping status", Status()),
    ("/samskaping STATUS", Status()),
    ("/samskaping refleksjon  Vi lærte mye. ", Reflect("Vi lærte mye.")),
    ("/samskaping oppgave send", PromptSend(None)),
    ("/samskaping prompt send nysgjerrig-1", PromptSend("nysgjerrig-1")),
    ("/samskaping språk nynorsk", SetLanguage("nn")),
    ("/samskaping language en", SetLanguage("en")),
    ("/samskaping rolle <@U123|ola> koordinator", SetRole("U123", Role.COORDINATOR)),
    ("/samskaping role @ola mentor", SetRole("ola", Role.MENTOR)),
    ("/samskaping", Help(None)),
    ("", Help(None)),
    ("/samskaping hjelp oppsett", Help("oppsett")),
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
    assert parse(f"/samskaping oppsett {name}", SPECS) == SetUp(name[:120])


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
