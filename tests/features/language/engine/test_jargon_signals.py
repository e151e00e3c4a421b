"""The signals beyond the glossary (English words, rare management words, public-sector names) and bad input."""

from __future__ import annotations

import pytest

from bot.features.language.engine import JargonEngine
from bot.features.language.engine.signals import Signals, SignalWords
from bot.features.language.shipped import load_names
from tests.features.language.engine.conftest import found


def signals_of(engine: JargonEngine, text: str, lang: str = "nb") -> list[tuple[str, str]]:
    return [(f.text, f.signal) for f in engine.analyse(text, lang=lang).findings if f.kind != "readability"]


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("Hvem eier backloggen for nettsiden?", "nb", [("backloggen", "english")]),
    ("Vi må onboarde dei nye assistentane.", "nn", [("onboarde", "english")]),
    ("Dette er low-hanging fruit for oss.", "nb", [("low-hanging fruit", "english")]),
    ("Vi fann tre pain points i overgangen.", "nn", [("pain points", "english")]),
    ("Vi laga eit stakeholder-kart og fann mange touchpoints.", "nn", [("touchpoints", "english")]),
])
def test_english_words_are_found_and_neighbours_merged(engine: JargonEngine, text: str, lang: str,
                                                       expected: list[tuple[str, str]]) -> None:
    assert [item for item in signals_of(engine, text, lang) if item[1] == "english"] == expected


@pytest.mark.parametrize("text", [
    "Møtet er på Teams, link kommer, og vi har workshop etterpå. Sorry for sein beskjed!",
    "Eg har lagt bileta i mappa vår, og scena i kulturhuset er ledig.",  # mappa is not map, scena not scene
    "Hugs at born og vaksne er velkomne heim til oss på laurdag.",  # nynorsk words that are English words too
    "Kari-Anne tok med Harry Potter-bøkene til Flåm.",  # names
])
def test_everyday_loans_nynorsk_and_names_are_quiet(engine: JargonEngine, text: str) -> None:
    assert signals_of(engine, text, "nn") == []


@pytest.mark.parametrize(("text", "lang", "word"), [
    ("Budsjettet gir rammereduksjon i alle sektorer.", "nb", "rammereduksjon"),
    ("Vi må sjå på kapasitetsstyringa før jul.", "nn", "kapasitetsstyringa"),
    ("Barnehagen skal ha ei ressursorientert tilnærming.", "nn", "ressursorientert"),
    ("I utforskingsfasen snakkar vi med familiane.", "nn", "utforskingsfasen"),
])
def test_rare_management_words_are_found_in_bokmal_and_nynorsk(engine: JargonEngine, text: str, lang: str,
                                                               word: str) -> None:
    assert (word, "rare") in signals_of(engine, text, lang)


@pytest.mark.parametrize("text", [
    "Styringsgruppa møtes på tirsdag, og planleggingsdagen er flyttet.",
    "Vi har oppstartsfasen bak oss og er godt i gang med juleavslutninga.",
    "Kalenderinvitasjonen til foreldremøtet er sendt.",
])
def test_ordinary_long_words_are_not_rare_terms(engine: JargonEngine, text: str) -> None:
    assert [item for item in signals_of(engine, text) if item[1] != "glossary"] == []


def test_a_name_is_explained_and_an_acronym_name_counts_as_written_out() -> None:
    names = {entry.term: entry for entry in load_names()}
    assert names["Bufetat"].signal == "name" and names["Bufetat"].plain("en")
    assert all(entry.plain("nb") and entry.plain("nn") and entry.plain("en") for entry in names.values())


def test_names_are_found_in_compounds_and_explained_names_are_learned(engine: JargonEngine) -> None:
    assert ("Udir", "acronym") in found(engine, "Kan nokon sende meg Udir-rettleiaren?", "nn")
    assert ("Bufetat", "term") in found(engine, "Bufetat-saka er klar.", "nn")
    analysis = engine.analyse("Vi ringte Bufetat (statens barnevern) i går.")
    assert [f for f in analysis.findings if f.kind != "readability"] == []
    assert analysis.explained == ("bufetat",)


def test_a_muted_signal_word_is_muted_in_its_inflected_forms(engine: JargonEngine) -> None:
    text = "Vi må sjå på kapasitetsstyringa."
    assert found(engine, text, "nn", suppressed={"kapasitetsstyring"}) == []


def test_signals_alone() -> None:
    words = SignalWords(english=frozenset({"backlog", "scope", "map"}), everyday_loans=frozenset({"link"}),
                        management_heads=("reduksjon",), management_modifiers=("gevinst",),
                        plain_heads=("gruppe",), abstract_suffixes=("orientert",))
    signals = Signals(words, lambda word: 4.0 if word == "organisering" else 0.0)
    assert signals.english("backloggen") == "backlog" and signals.english("scopar") == "scope"
    assert signals.english("mappa") is None and signals.english("link") is None
    assert signals.rare_term("rammereduksjon") and signals.rare_term("gevinstkartet")
    assert signals.rare_term("ressursorientert") and not signals.rare_term("gevinstgruppe")
    assert not signals.rare_term("organisering")


LONG = "Vi har hatt et godt møte om forankring i ledelsen. " * 200  # about 10,000 characters


@pytest.mark.parametrize("text", [
    "🎉🎉🎉", "👍", ":tada: :heart:", "", "   \n\t ", LONG, "Привет! Vi sees på møtet om forankring. مرحبا 你好",
    "```\nforankring roadmap backlog IOP\n```", "`backloggen` er tom", "Se https://udir.no/forankring-og-backlog",
    "> Vi må sikre forankringen og backloggen\nEnig!", "Hei <@U02ABC123>, se <#C1|backlog-kanalen>.",
    "<at>Backlog Olsen</at> kan du ta det?", "ÅÆØ" * 3000, "a-" * 5000, "\u200b\u200b\u200b", "x" * 10_000,
])
def test_bad_input_never_crashes_and_markup_is_never_judged(engine: JargonEngine, text: str) -> None:
    analysis = engine.analyse(text)
    for finding in analysis.findings:
        assert text[finding.start : finding.end] == finding.text
    inside = [f.text for f in analysis.findings if f.kind != "readability"]
    if text.startswith(("```", "`", "Se https", ">", "Hei <@", "<at>")):
        assert inside == []
    if text == LONG:
        assert [f.kind for f in analysis.findings].count("readability") == 1


@pytest.mark.parametrize(("text", "lang"), [
    ("Vi treng ein behovsanalyse før vi går vidare.", "nn"),  # behov + analyse
    ("Alle einingar skal ha ein kompetanseplan.", "nn"),  # kompetanse + plan
    ("Vi må ha ei tenestebeskriving på plass.", "nn"),  # teneste + beskriving (bokmål beskrivelse)
    ("Driftsstyret for kulturskolen møtes tre ganger i året.", "nb"),  # drift + styret
])
def test_a_compound_of_two_everyday_words_is_not_noun_disease(engine: JargonEngine, text: str, lang: str) -> None:
    assert [item for item in signals_of(engine, text, lang) if item[1] == "rare"] == []


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("Vi har ein stand-up kvar morgon.", "nn", ("stand-up", "english")),
    ("Vi tar en follow-up på fredag.", "nb", ("follow-up", "english")),
    ("Vi må ha ein exit-strategi for prosjektet.", "nn", ("exit-strategi", "rare")),
    ("Vi har en output-basert modell.", "nb", ("output-basert", "rare")),
    ("Kommunen skal bli meir datadriven.", "nn", ("datadriven", "rare")),
])
def test_hyphenated_phrasal_nouns_and_management_compounds_are_found(engine: JargonEngine, text: str, lang: str,
                                                                     expected: tuple[str, str]) -> None:
    assert expected in signals_of(engine, text, lang)


@pytest.mark.parametrize("text", [
    "Send meg en e-post om SFO-tilbudet før TV-aksjonen.",
    "Kari-Anne har sendt påmeldinga til 17. mai-toget.",
])
def test_ordinary_hyphenated_words_are_quiet(engine: JargonEngine, text: str) -> None:
    assert signals_of(engine, text) == []


def test_a_homonym_in_its_everyday_sense_gets_no_hint(engine: JargonEngine) -> None:
    assert signals_of(engine, "Båten er forankret ved brygga, vi møtes der kl. 10.") == []
    assert signals_of(engine, "Seilbåten vart forankra i hamna i natt.", "nn") == []
    assert signals_of(engine, "Prosjektet er forankret i ledelsen.") == [("forankret", "glossary")]


def test_a_glossary_verb_done_again_is_the_same_term(engine: JargonEngine) -> None:
    assert signals_of(engine, "Prosjektet må reforankres i ledergruppen.") == [("reforankres", "glossary")]
    assert signals_of(engine, "Vi må redusere kostnadene og reparere taket.") == []


@pytest.mark.parametrize(("text", "lang", "word"), [
    ("Kommunen har fått inkluderingsmidlane for i år.", "nn", "inkluderingsmidlane"),  # plural only: -midlane
    ("Spillemidlene er fordelt.", "nb", "Spillemidlene"),
    ("Familien fekk Husbanklånet innvilga.", "nn", "Husbanklånet"),  # Husbank|en loses its article
    ("Vi har fått Fritidskortordninga i kommunen.", "nn", "Fritidskortordninga"),  # Fritidskort|et
    ("Det er søknadsfrist for Klimasats-midlar i februar.", "nn", "Klimasats"),
])
def test_schemes_are_found_in_plural_definite_forms_and_in_compounds_of_a_definite_name(
        engine: JargonEngine, text: str, lang: str, word: str) -> None:
    assert (word, "name") in signals_of(engine, text, lang)


@pytest.mark.parametrize("text", [
    "VI LAR BARNA LEKE UTE I DAG, HUSK KLÆR!",  # names whose letters spell an ordinary word are not listed
    "HUGS AT DEI LAR OSS BRUKE SALEN, MEN ROP IKKJE!",
    "Bustøtta kjem den 20., og lammet i barnehagen heiter Bua.",
])
def test_ordinary_words_that_look_like_scheme_names_are_quiet(engine: JargonEngine, text: str) -> None:
    assert signals_of(engine, text, "nn") == []


def test_a_re_word_of_general_norwegian_is_its_own_word(engine: JargonEngine) -> None:
    # habilitering is a glossary term; rehabilitering is an everyday word, not habilitering done again
    assert signals_of(engine, "Mor er på rehabilitering, og rehabiliteringa går bra.", "nn") == []
    assert ("habiliteringa", "glossary") in signals_of(engine, "Vi søkte om plass hjå habiliteringa.", "nn")
    assert ("reforankres", "glossary") in signals_of(engine, "Planen må reforankres i leiinga.", "nb")


@pytest.mark.parametrize(("text", "lang", "word"), [
    ("Saken ligger i sakssystemet, så du finner den der.", "nb", "sakssystemet"),
    ("Vi har brukt heile lønnsramma for i år.", "nn", "lønnsramma"),
    ("Vi ser på organisasjonsgraden i bedriften.", "nb", "organisasjonsgraden"),
])
def test_an_insider_compound_in_the_definite_is_found(engine: JargonEngine, text: str, lang: str, word: str) -> None:
    assert signals_of(engine, text, lang) == [(word, "insider")]


@pytest.mark.parametrize(("text", "lang"), [
    ("Vi kjøper eit nytt kvalitetssystem.", "nn"),  # indefinite: a kind of system, not one you should know
    ("Dørrammen på lageret må målast.", "nn"),  # a compound the dictionary has
    ("Vi har brukt heile ramma for i år.", "nn"),  # the head alone
    ("Med frostgradene må borna ha ull under.", "nn"),  # grad in the plural: temperature
])
def test_indefinite_dictionary_and_plain_heads_are_not_insider_words(engine: JargonEngine, text: str,
                                                                     lang: str) -> None:
    assert [item for item in signals_of(engine, text, lang) if item[1] == "insider"] == []


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("Studentane kjem på auskultering i veke 12.", "nn", [("auskultering", "rare")]),  # auskultere: rare verb
    ("Husk å oppdatere funksjonsvurderingene.", "nb", []),  # funksjons|vurdere: vurdere is a common verb
    ("Rapporteringa er levert, og registreringa er ferdig.", "nn", []),
])
def test_a_verbal_noun_of_a_rare_loan_verb_is_a_rare_word(engine: JargonEngine, text: str, lang: str,
                                                         expected: list[tuple[str, str]]) -> None:
    assert signals_of(engine, text, lang) == expected


def test_insider_signal_alone() -> None:
    zipf = {"fag": 4.7, "år": 6.2, "alarm": 4.0}
    words = SignalWords(insider_heads=("systemet", "ramma"), lexicon_compounds=frozenset({"alarmsystemet"}))
    signals = Signals(words, lambda word: zipf.get(word, 0.0))
    assert signals.insider("fagsystemet") == "systemet" and signals.insider("årsramma") == "ramma"
    assert signals.insider("alarmsystemet") is None  # the dictionary has it
    assert signals.insider("qxzsystemet") is None  # the qualifier is no word
    assert signals.insider("fagsystem") is None  # indefinite
