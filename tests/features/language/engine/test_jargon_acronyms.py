"""Acronyms: unexplained ones are reported, explained, known and shouted ones are not."""

from __future__ import annotations

import pytest

from bot.features.language.shipped import reads_as_word
from tests.features.language.engine.conftest import found


@pytest.mark.parametrize(
    "text",
    [
        "Eleven har IOP (individuell opplæringsplan).",
        "Eleven har individuell opplæringsplan (IOP).",
        "Eleven har en individuell opplæringsplan, og IOP-en revideres i mars.",
        "Eleven har IOP, dvs. en individuell opplæringsplan.",
        "IOP = individuell opplæringsplan.",
    ],
)
def test_an_explained_acronym_is_not_reported(engine, text):
    assert [kind for _, kind in found(engine, text)] == []


def test_an_unexplained_glossary_acronym_is_reported_with_its_meaning(engine):
    [finding] = engine.analyse("Eleven har IOP.").findings
    assert (finding.text, finding.kind, finding.lemma) == ("IOP", "acronym", "IOP")
    assert "individuell opplæringsplan" in finding.suggestion


def test_an_inflected_acronym_is_reported_whole(engine):
    assert found(engine, "IOP-en og BUPs ventetid.") == [("IOP-en", "acronym"), ("BUPs", "acronym")]


def test_an_acronym_in_a_hyphenated_compound_is_reported_alone(engine):
    assert found(engine, "BTI-modellen og TPO-møtet.") == [("BTI", "acronym"), ("TPO", "acronym")]


def test_an_unknown_all_caps_word_is_a_candidate_unless_explained(engine):
    assert found(engine, "Saken går til HOK på tirsdag.") == [("HOK", "acronym")]
    assert found(engine, "Saken går til HOK (hovedutvalg for oppvekst) på tirsdag.") == []
    [finding] = engine.analyse("Saken går til HOK.").findings
    assert "HOK" in finding.suggestion


@pytest.mark.parametrize(
    "text",
    ["HUSK å svare innen fredag!", "VIKTIG: møtet er flyttet.", "OBS! Ny tid.", "HUGS å svare!",
     "TAKK FOR SIST ALLE SAMMEN!", "NB! Ta med matpakke."],
)
def test_shouted_ordinary_words_are_not_acronyms(engine, text):
    assert found(engine, text, lang="nb") == []


def test_acronyms_everyone_knows_are_allowed(engine):
    assert found(engine, "NRK, NAV og SFO var der, og PC-en virket.") == []
    assert found(engine, "Vi handler på REMA og IKEA, og ser EM-finalen. MVH Kari") == []


def test_an_acronym_with_an_apostrophe_ending_is_found(engine):
    assert found(engine, "IOP'en er klar.") == [("IOP'en", "acronym")]


@pytest.mark.parametrize(
    "text",
    ["Kari Hansen og Per Olsen kommer.", "Vi møtes på Gran skole i Storgata.", "Hilsen Ola, Kari og Mohammed."],
)
def test_names_are_neither_acronyms_nor_jargon(engine, text):
    assert found(engine, text) == []


@pytest.mark.parametrize(
    "text",
    ["Vi tar bl.a. med kart, f.eks. til turen.", "Møte kl. 9, ca. en time, jf. referatet osv.",
     "Det gjelder alle, dvs. foreldre, mtp. tidsbruk."],
)
def test_everyday_abbreviations_are_not_acronyms(engine, text):
    assert found(engine, text) == []


def test_a_glossary_acronym_in_small_letters_is_found_unless_it_is_a_word(engine):
    assert found(engine, "Eleven har iop.") == [("iop", "acronym")]
    assert found(engine, "Hun fikk ros for ask-treet.") == []


def test_an_unknown_acronym_rule_works_without_language_data(tiny):
    assert found(tiny, "HUSK: TPO i dag, og IOP.") == [("TPO", "acronym"), ("IOP", "acronym")]


@pytest.mark.parametrize(
    "text",
    [
        "Samarbeidsutvalget (SU) møtes i morgen.",
        "Vi har møte i samarbeidsutvalet (SU) på tysdag.",
    ],
)
def test_the_written_out_expansion_before_an_acronym_is_not_reported(engine, text):
    assert found(engine, text) == []


def test_a_term_before_punctuation_and_an_explained_acronym_is_still_reported(engine):
    assert found(engine, "Forankring er viktig, samarbeidsutvalget (SU) møtes i morgen.") == [("Forankring", "term")]


@pytest.mark.parametrize(
    ("text", "lang", "word"),
    [
        ("Kan nokon forklare kva gevinstrealisering betyr i praksis?", "nn", "gevinstrealisering"),
        ("Vet noen hva BTI står for i denne sammenhengen?", "nb", "BTI"),
    ],
)
def test_asking_what_a_word_means_is_not_an_explanation(engine, text, lang, word):
    assert [w for w, _ in found(engine, text, lang)] == [word]


def test_saying_what_a_word_means_is_an_explanation(engine):
    assert found(engine, "Gevinstrealisering betyr at vi faktisk tar ut nytten.") == []


@pytest.mark.parametrize("text", ["Vi går på tur med DNT i september.", "Rom for møtet: TBA. ETA ca. kl. 10."])
def test_well_known_organisations_and_chat_abbreviations_are_not_reported(engine, text):
    assert found(engine, text) == []


def test_three_capitals_that_spell_a_rare_word_are_an_acronym(engine):
    # Ordbank knows «tik» and «bpa» only as rare words; in capitals, in a normal sentence, they are acronyms.
    assert found(engine, "TIK-avdelingen har ansvar for nettsidene.") == [("TIK", "acronym")]
    assert found(engine, "Vi har søkt om BPA for eleven.") == [("BPA", "acronym")]
    assert found(engine, "Det er UKE 4 nå, og VI MØTES I GYMSALEN.") == []


def test_a_scandinavian_name_in_capitals_is_not_an_acronym(engine):
    # «telia» is in Norwegian, Swedish and Danish text and is said as a word: a firm written in capitals.
    assert found(engine, "Fakturaen fra TELIA-butikken kom i dag.") == []
    # Norwegian-only capitals said as a word (no Swedish or Danish text has them) are still an acronym.
    assert found(engine, "Vi venter på svar fra SOKAP om saken.") == [("SOKAP", "acronym")]


@pytest.mark.parametrize(("word", "said"), [("ASKO", True), ("TELIA", True), ("DFDS", False), ("TRAS", False)])
def test_capitals_are_said_as_a_word_when_vowels_break_up_the_consonants(word, said):
    assert reads_as_word(word.lower()) is said
