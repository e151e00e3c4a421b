"""Glossary terms: inflections in bokmål and nynorsk, compounds, genitives, phrases, group entries."""

from __future__ import annotations

import pytest

from bot.features.language.engine import GlossaryEntry
from tests.features.language.engine.conftest import found


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Vi trenger forankring nå.", "forankring"),
        ("Forankringen er på plass.", "Forankringen"),
        ("Forankringa er på plass.", "Forankringa"),
        ("Forankringsarbeidet har starta.", "Forankringsarbeidet"),
        ("Kompetansemåla i musikk er fine.", "Kompetansemåla"),
        ("Se kompetansemålene for 4. trinn.", "kompetansemålene"),
        ("Rammeplanens krav må vi følge.", "Rammeplanens"),
        ("Interessentane våre er mange.", "Interessentane"),
        ("Dette er tverrsektorielle tiltak.", "tverrsektorielle"),
        ("Vi implementerte det i fjor.", "implementerte"),
        ("Tiltaket skal iverksettes i august.", "iverksettes"),
        ("Vi må hensynta dette.", "hensynta"),
        ("Det er lite samhandling i dag.", "samhandling"),
        ("Samskapingsprosessen tar tid.", "Samskapingsprosessen"),
        ("Kulturskolerammeplanen kom i fjor.", "Kulturskolerammeplanen"),
        ("Sjekk PP-tjenesten først.", "PP-tjenesten"),
    ],
)
def test_finds_a_glossary_term_in_any_inflection_or_compound(engine, text, word):
    assert (word, "term") in found(engine, text, lang="nb")


def test_nynorsk_message_gets_the_nynorsk_alternative(engine):
    [finding] = engine.analyse("Kompetansemåla er klare.", lang="nn").findings
    assert finding.lemma == "kompetansemål"
    assert finding.suggestion == "det elevane skal lære i eit fag"
    assert engine.analyse("Kompetansemålene er klare.").findings[0].suggestion.startswith("det elevene")


def test_multi_word_terms_match_with_their_inflected_words(engine):
    assert found(engine, "Vi har fire pedagogiske ledere.") == [("pedagogiske ledere", "term")]
    assert found(engine, "Alle har rett på tilpassa opplæring.", lang="nn") == [("tilpassa opplæring", "term")]
    assert found(engine, "Vi har fått øremerkede midler.") == [("øremerkede midler", "term")]


def test_words_of_a_phrase_separated_by_punctuation_are_not_the_phrase(engine):
    assert found(engine, "Han er pedagogisk. Leder du møtet?") == []


def test_short_terms_do_not_fire_inside_ordinary_words(tiny):
    assert found(tiny, "Målgruppen er barn, og målet er klart.") == [("målet", "term")]
    assert found(tiny, "Vi skal male og måle.") == []


def test_ordinary_words_that_contain_a_term_do_not_fire(engine):
    for text in ("Vi planlegger en samling.", "Rammene for møtet er satt.", "Målgruppen er foreldre.",
                 "Vi skal samarbeide med frivillige.", "Styret møtes i kveld.", "Han styrer det meste."):
        assert found(engine, text) == [], text


def test_a_homograph_form_listed_as_skipped_does_not_fire(engine):
    assert found(engine, "Hun styrer alt. Styreren er enig.") == [("Styreren", "term")]


def test_a_term_explained_in_parentheses_is_not_reported(engine):
    assert found(engine, "Vi trenger forankring (at ledelsen står bak) i saken.") == []


def test_suppressed_terms_are_never_reported(engine):
    text = "Forankringen og IOP-en er klare."
    assert found(engine, text, suppressed={"forankring"}) == [("IOP-en", "acronym")]
    assert found(engine, text, suppressed={"Forankring", "iop"}) == []


def test_group_entries_use_the_same_inflection_and_compound_logic(engine):
    own = GlossaryEntry("kulturhusstyre", sector="kulturskole", plain_nb="styret for kulturhuset")
    text = "Kulturhusstyret møtes, og kulturhusstyremøtet er torsdag."
    assert found(engine, text) == []
    assert found(engine, text, extra_entries=[own]) == [("Kulturhusstyret", "term"), ("kulturhusstyremøtet", "term")]


def test_a_group_entry_overrides_the_shipped_explanation(engine):
    own = GlossaryEntry("forankring", sector="innovasjon", plain_nb="at rektor har sagt ja")
    [finding] = engine.analyse("Forankringen er klar.", extra_entries=[own]).findings
    assert finding.suggestion == "at rektor har sagt ja"


def test_each_finding_explains_why_with_the_sector(engine):
    [finding] = engine.analyse("Vi må se på budsjettrammen.").findings
    assert "kommuneøkonomien" in finding.reason
    assert "budsjettramme" in finding.reason


@pytest.mark.parametrize(
    ("text", "lemma"),
    [
        ("Kulturskulen kan ta ein del av kulturskuletimen i SFO.", "kulturskoletime"),
        ("Vi arbeider mykje med undervegsvurdering på ungdomstrinnet.", "underveisvurdering"),
        ("Eleven får oppfølging frå habiliteringstenesta.", "habilitering"),
        ("Saka skal opp i hovudutvalet.", "hovedutvalg"),
    ],
)
def test_nynorsk_spellings_of_compound_parts_are_found(engine, text, lemma):
    [finding] = [f for f in engine.analyse(text, lang="nn").findings if f.kind == "term"]
    assert finding.lemma == lemma


def test_nynorsk_spelling_rewrites_parts_and_endings_only():
    from bot.features.language.engine.inflect import nynorsk_spelling

    assert nynorsk_spelling("underveisvurdering") == "undervegsvurdering"
    assert nynorsk_spelling("tverrfaglig") == "tverrfagleg"
    assert nynorsk_spelling("forankring") == "forankring"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Kommunedirektørens innstilling er å avslutte prosjektet.", "nb"),
        ("Rådmannens innstilling ble vedtatt.", "nb"),
        ("Kommunedirektøren si innstilling er å halde fram.", "nn"),
    ],
)
def test_an_innstilling_to_the_politicians_is_one_term(engine, text, lang):
    [(word, kind)] = found(engine, text, lang)
    assert kind == "term" and word.lower().endswith("innstilling")


@pytest.mark.parametrize(
    "text", ["Gå inn på innstillinger i Teams og slå av varsler.", "Hun har en positiv innstilling til prosjektet."]
)
def test_innstilling_as_settings_or_attitude_is_not_jargon(engine, text):
    assert found(engine, text) == []
