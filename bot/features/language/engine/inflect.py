"""Inflected forms of a Norwegian word, bokmål and nynorsk, from its ending (rules; the lexicon adds more)."""

from __future__ import annotations

# Endings of nouns: definite singular (m/f/n), plural (bokmål and nynorsk), definite plural.
_NOUN_ENDINGS = ("en", "a", "et", "er", "ene", "ar", "ane", "a", "i")
_NOUN_E_ENDINGS = ("n", "r", "ne", "t")  # after a final -e: barnehage-n, -r, -ne; stykke-t
_NOUN_E_DROPPED = ("a", "ar", "ane", "or", "one")  # nynorsk and feminine: barnehag-ar, skul-ane, kyrkj-a
_ADJ_ENDINGS = ("e", "t")
_VERB_ENDINGS = ("er", "es", "te", "t", "et", "a", "ar", "ast", "ande", "ende", "ing", "inga", "ingen")
INFLECTION_ENDINGS = frozenset(
    {"s", "en", "a", "et", "er", "ene", "ar", "ane", "e", "t", "ne", "i", "te", "es", "ast", "ens", "as", "ets"}
)


def word_forms(word: str, pos: str = "noun") -> set[str]:
    """Lowercase forms of one word, including genitive -s; over-generates a little on purpose."""
    lower = word.lower()
    if pos == "verb":
        forms = _verb_forms(lower)
    elif pos == "adj":
        forms = _adj_forms(lower)
    elif pos == "noun":
        forms = _noun_forms(lower)
    else:
        forms = {lower}
    return forms | {_genitive(form) for form in forms}


def _genitive(form: str) -> str:
    return form + "'" if form.endswith(("s", "x", "z")) else form + "s"


def _noun_forms(lemma: str) -> set[str]:
    forms = {lemma}
    if lemma.endswith("e"):
        forms.update(lemma + ending for ending in _NOUN_E_ENDINGS)
        forms.update(lemma[:-1] + ending for ending in _NOUN_E_DROPPED)
        return forms
    forms.update(lemma + ending for ending in _NOUN_ENDINGS)
    if lemma.endswith("er") and len(lemma) > 4:  # styrer: styrere, styrerne; lærer-ar is not used
        forms.update({lemma + "e", lemma + "ne"})
    if lemma.endswith("el") and len(lemma) > 4:  # middel: midler, midlene, midla
        stem = lemma[:-2] + "l"
        forms.update({stem + "er", stem + "ene", stem + "a", stem + "ar", stem + "ane"})
    if lemma.endswith(("midler", "midlar")):  # plural only: spillemidler, -midlene, nynorsk -midlane, -midla
        forms.update(lemma[:-2] + ending for ending in ("ene", "ane", "a"))
    if lemma.endswith("m") and not lemma.endswith("mm"):  # program: programmet, programmer
        forms.update(lemma + "m" + ending for ending in _NOUN_ENDINGS)
    return forms


def _adj_forms(lemma: str) -> set[str]:
    forms = {lemma}
    if lemma.endswith("ell"):  # tverrsektoriell: tverrsektorielt, tverrsektorielle
        return forms | {lemma[:-1] + "t", lemma + "e"}
    if lemma.endswith(("ig", "isk", "lig")):
        return forms | {lemma + "e"}
    if lemma.endswith("et"):  # tilpasset: tilpassede, tilpassete; nynorsk tilpassa
        return forms | {lemma[:-2] + "ede", lemma + "e", lemma[:-2] + "a", lemma[:-1] + "de"}
    if lemma.endswith("ert"):  # organisert: organiserte
        return forms | {lemma + "e"}
    return forms | {lemma + ending for ending in _ADJ_ENDINGS}


def _verb_forms(lemma: str) -> set[str]:
    stem = lemma[:-1] if lemma.endswith(("e", "a")) else lemma
    forms = {lemma, stem + "e", stem + "a", lemma + "s"}
    forms.update(stem + ending for ending in _VERB_ENDINGS)
    forms.update({stem + "ede", stem + "ete", stem + "te" + "s"})  # participle used as adjective
    return forms


def phrase_forms(surface: str, pos: str) -> list[set[str]]:
    """Forms for each word of a term; words before the last one are inflected as adjectives."""
    words = surface.split()
    if len(words) == 1:
        return [word_forms(words[0], pos)]
    head = words[-1]
    modifiers = [_modifier_forms(word) for word in words[:-1]]
    return [*modifiers, word_forms(head, pos)]


def _modifier_forms(word: str) -> set[str]:
    lower = word.lower()
    if lower in {"for", "av", "i", "og", "til", "med", "på", "om"} or len(lower) < 3:
        return {lower}
    if lower.endswith(("s", "ets", "ens")):  # barnets beste: a genitive stays a genitive
        return {lower}
    return _adj_forms(lower)


# Bokmål spellings inside words and their nynorsk counterparts, so a compound the glossary writes in bokmål
# (kulturskoletime, underveisvurdering, hovedutvalg) is also found as nynorsk (kulturskuletime,
# undervegsvurdering, hovudutval). Longer pieces first: veileder before leder.
_NYNORSK_PARTS = (
    ("undersøkelse", "undersøking"),
    ("fornyelse", "fornying"),
    ("oppnåelse", "oppnåing"),
    ("underveis", "undervegs"),
    ("sakkyndig", "sakkunnig"),
    ("innbygger", "innbyggjar"),
    ("forskning", "forsking"),
    ("virksomhet", "verksemd"),
    ("myndighet", "mynde"),
    ("veileder", "rettleiar"),
    ("tjeneste", "teneste"),
    ("tilskudd", "tilskot"),
    ("særskilt", "særskild"),
    ("ledelse", "leiing"),
    ("forebygg", "førebygg"),
    ("utvalg", "utval"),
    ("midler", "midlar"),
    ("bruker", "brukar"),
    ("lærer", "lærar"),
    ("leder", "leiar"),
    ("skole", "skule"),
    ("hoved", "hovud"),
    ("bilde", "bilete"),
    ("dybde", "djupne"),
)
_NYNORSK_ENDS = (("lig", "leg"), ("ende", "ande"), ("else", "ing"))  # tverrfaglig, ressurskrevende, -else


def nynorsk_spelling(surface: str) -> str:
    """The surface with common bokmål word parts in nynorsk spelling (the same text if none applies)."""
    words = []
    for word in surface.split():
        lower = word.lower()
        for bokmal, nynorsk in _NYNORSK_PARTS:
            lower = lower.replace(bokmal, nynorsk)
        for bokmal, nynorsk in _NYNORSK_ENDS:
            if lower.endswith(bokmal) and len(lower) > len(bokmal) + 3:
                lower = lower[: -len(bokmal)] + nynorsk
                break
        words.append(lower if lower != word.lower() else word)
    return " ".join(words)


def bokmal_spelling(word: str) -> str:
    """A lowercase nynorsk word with common word parts in bokmål spelling (for bokmål word frequencies)."""
    for bokmal, nynorsk in _NYNORSK_PARTS:
        word = word.replace(nynorsk, bokmal)
    return word
