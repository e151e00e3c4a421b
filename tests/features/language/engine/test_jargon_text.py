"""Markup the engine must ignore, offsets into the original text, and readability (words and LIX)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.features.language.engine.readability import lix
from bot.features.language.engine.text import mask_markup, read, tokenize
from tests.features.language.engine.conftest import found


@pytest.mark.parametrize(
    "text",
    [
        "Skriv `IOP` eller ```\nforankring\nPPT\n``` for hjelp.",
        "Les https://udir.no/lk20/forankring og www.kommune.no/IOP i dag.",
        "Hei <@U02ABC123> og <#C123|forankring> og <!here>.",
        "Hei <at>Forankring Olsen</at>, kan du ta det?",
        "Bra :forankring: jobba!",
        "> Vi må sikre forankringen og IOP\nEnig!",
        "&gt; Forankringen er viktig\nEnig!",
        "Skriv til iop.kontakt@kommune.no i dag.",
        "Se <https://kommune.no/bup|BUP-siden> for mer.",
        "<blockquote>Forankringen og IOP</blockquote><p>Enig!</p>",
    ],
)
def test_markup_is_not_judged(engine, text):
    assert found(engine, text) == []


def test_masking_keeps_length_and_newlines():
    text = "a `kode` b\n> sitat\nc https://x.no d"
    masked = mask_markup(text)
    assert len(masked) == len(text)
    assert masked.count("\n") == text.count("\n")
    assert "kode" not in masked and "sitat" not in masked and "x.no" not in masked


def test_offsets_point_into_the_original_text(engine):
    text = "Hei <@U1>! :tada: Forankringa og IOP-en, jf. BUP-henvisningen — og tverrsektorielle tiltak."
    analysis = engine.analyse(text)
    assert [f.text for f in analysis.findings] == ["Forankringa", "IOP-en", "BUP", "tverrsektorielle"]
    for finding in analysis.findings:
        assert text[finding.start : finding.end] == finding.text


_ALPHABET = st.sampled_from(
    ["forankringa", "IOP", "BUP-en", " ", "\n", "> ", "`", ":tada:", "<@U1>", "https://x.no/", "Kari", ".",
     "(", ")", "kompetansemål", "æøå", "HUSK", "—", "pedagogiske", "ledere", "3.0", "kommune", "-"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_every_finding_is_a_slice_of_the_original(engine, text):
    for finding in engine.analyse(text).findings:
        assert text[finding.start : finding.end] == finding.text
        assert 0 <= finding.start <= finding.end <= len(text)


def test_sentences_do_not_end_at_everyday_abbreviations():
    tokens, sentences = tokenize("Vi møtes kl. 9 i dag, bl.a. med Kari. Hun kommer! Ok?")
    assert sentences == 3
    assert [t.text for t in tokens if t.sentence_start] == ["Vi", "Hun", "Ok"]


def test_lix_is_words_per_sentence_plus_percentage_of_long_words():
    assert lix([2, 3, 7, 8], 2) == pytest.approx(2 + 50.0)
    assert lix([], 0) == 0.0


def test_word_count_and_lix_are_reported(engine):
    analysis = engine.analyse("Dette er en kort melding. Den har to setninger.")
    assert analysis.words == 9
    assert analysis.lix == pytest.approx(9 / 2 + 100 * 2 / 9, abs=0.1)


def test_a_long_hard_message_gets_one_readability_finding_covering_it(engine):
    sentence = ("Kommunedirektørens administrative gjennomgang av organisasjonsutviklingsprosessene "
                "viser betydelige utfordringer knyttet til koordineringsmekanismer mellom virksomhetene ")
    text = "  " + (sentence * 4).strip() + ".  "
    readability = [f for f in engine.analyse(text).findings if f.kind == "readability"]
    assert len(readability) == 1
    assert readability[0].text == text.strip()
    assert "LIX" in readability[0].suggestion


def test_one_very_long_sentence_of_long_words_is_hard_to_read(engine):
    text = ("Vedrørende gjennomføringen av kompetansehevingstiltakene innenfor oppvekstsektoren forutsettes "
            "det at virksomhetslederne utarbeider helhetlige implementeringsplaner med tydelige ansvarsforhold, "
            "tidsfrister og rapporteringsrutiner før budsjettbehandlingen i kommunestyret og i formannskapet")
    assert "readability" in [f.kind for f in engine.analyse(text).findings]


def test_a_short_plain_message_gets_no_readability_finding(engine):
    assert engine.analyse("Takk for i dag, vi ses på torsdag!").findings == ()


def test_candidate_terms_are_rare_words_outside_the_glossary(engine):
    text = "Vi diskuterte ressursfordelingsmodellen og forankringen med Kari. Det var kjekt. TPO kommer."
    candidates = engine.candidate_terms(text)
    assert "ressursfordelingsmodell" in candidates
    assert "TPO" in candidates
    assert not {"forankring", "forankringen", "kari", "kjekt", "diskuterte"} & set(candidates)


def test_tokens_keep_their_offsets_and_words_in_capitals_are_counted():
    text = "Hei!  HUSK møtet kl. 10:30 — IOP-en, f.eks. (A) og LK20.\nTakk_"
    reading = read(text)
    assert [(t.start, t.end, t.text) for t in reading.tokens][:3] == [(0, 3, "Hei"), (6, 10, "HUSK"), (11, 16, "møtet")]
    assert all(text[t.start : t.end] == t.text for t in reading.tokens)
    assert "10:30" in [t.text for t in reading.tokens] and "f.eks." in [t.text for t in reading.tokens]
    assert reading.capitals == 2  # HUSK and LK20; IOP-en is not all capitals, «A» is one letter


def test_a_clock_time_is_not_markup_but_an_emoji_code_is():
    assert mask_markup("Møte kl. 10:30 i dag") == "Møte kl. 10:30 i dag"
    assert mask_markup("Takk :tada: alle") == "Takk " + " " * len(":tada:") + " alle"
