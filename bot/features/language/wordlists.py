"""Word lists the signals need at run time, derived once from wordfreq, Norsk Ordbank and simplemma.

`build_wordlists` (run by `samskaping jargon build-wordlists`) writes `data/wordlists.txt.gz`, one list per
line (`english <words…>`, `zipf <Zipf×10> <words…>`), which loads in a few hundredths of a second:
- `english`: words far more frequent in English than in Norwegian (wordfreq en vs nb, Zipf difference
  >= 1) that no Norwegian lexicon knows (Norsk Ordbank bokmål forms, simplemma's nynorsk forms);
- `norwegian`: Norwegian forms that the English-word signal would read as an inflected English word
  (mappa is not map + -a, scena is not scene + -a), so run time needs no full Norwegian lexicon;
- `nb_zipf`: wordfreq's bokmål Zipf frequency (times ten) of every word at Zipf >= 2, so run time needs
  neither wordfreq (0.4 s to import and load) nor its 58 MB of data;
- `nordic`: words of four to eight letters that no Norwegian lexicon knows but that Norwegian text uses
  (Zipf >= 2) and Swedish or Danish text uses too (Zipf >= 2.5): names of brands, firms, places and people
  (asko, rema, kiwi). A Norwegian public-sector acronym is Norwegian only (udir, robek, nokut are not in
  Swedish or Danish text), so an all-caps word on this list is a name written in capitals, not an acronym;
- `compounds`: the Norwegian lexicon's words (Ordbank bokmål, simplemma nynorsk forms) that end in an insider head
  of `signals.yaml` (dørrammen, alarmsystemet): a compound the dictionary has is not an insider word.
Run time only reads the small file (see `load_wordlists`).
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
WORDLISTS_FILE = DATA_DIR / "wordlists.txt.gz"
ORDBANK_FILE = DATA_DIR / "ordbank" / "nb_lemma_exc.json.gz"
ENGLISH_MIN_ZIPF = 1.5  # rarer English words are mostly names and typos
ENGLISH_MARGIN = 1.0  # at least ten times more frequent in English than in Norwegian
NB_MIN_ZIPF = 2.0  # rarer words count as Zipf 0 at run time
NORDIC_MIN_ZIPF = 2.5  # a name Swedish or Danish text uses at least this often is known across Scandinavia
NORDIC_LENGTHS = range(4, 9)  # acronyms of three letters (AMU, BPA) are too often Scandinavian words too
SOURCE = "wordfreq 3.1.1 (data CC BY-SA 4.0); Norsk Ordbank bokmål 2005 (CC BY 4.0); simplemma 2.0 nynorsk (MIT)"


@dataclass(frozen=True)
class WordLists:
    """English words that are not Norwegian, and bokmål word frequencies (Zipf)."""

    english: frozenset[str]
    norwegian: frozenset[str]
    nb_zipf: dict[str, float]
    nordic: frozenset[str] = frozenset()
    compounds: frozenset[str] = frozenset()

    def zipf(self, word: str) -> float:
        """wordfreq's bokmål Zipf frequency of a lowercase word (0 when rarer than Zipf 2)."""
        return self.nb_zipf.get(word, 0.0)


def load_wordlists(path: Path = WORDLISTS_FILE) -> WordLists:
    """Read the derived word lists."""
    lists: dict[str, frozenset[str]] = {}
    nb_zipf: dict[str, float] = {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            kind, _, rest = line.partition(" ")
            if kind in ("english", "norwegian", "nordic", "compounds"):
                lists[kind] = frozenset(rest.split())
            elif kind == "zipf":
                value, _, words = rest.partition(" ")
                nb_zipf.update(dict.fromkeys(words.split(), int(value) / 10))
    return WordLists(lists.get("english", frozenset()), lists.get("norwegian", frozenset()), nb_zipf,
                     lists.get("nordic", frozenset()), lists.get("compounds", frozenset()))


def norwegian_forms(ordbank: Path = ORDBANK_FILE) -> set[str]:
    """Every bokmål form in Norsk Ordbank and every nynorsk form simplemma knows, lower case."""
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory  # build time only

    with gzip.open(ordbank, "rt", encoding="utf-8") as handle:
        table: dict[str, dict[str, list[str]]] = json.load(handle)
    forms: set[str] = set()
    for words in table.values():
        for form, lemmas in words.items():
            forms.add(form.lower())
            forms.update(lemma.lower() for lemma in lemmas)
    forms.update(key.lower() for key in DefaultDictionaryFactory().get_dictionary("nn"))
    return forms


def build_wordlists(out: Path = WORDLISTS_FILE) -> tuple[int, int, int, int, int]:
    """Write the word lists; returns (English words, Norwegian look-alikes, bokmål words with a frequency,
    Scandinavian names, lexicon compounds with an insider head)."""
    from wordfreq import iter_wordlist, zipf_frequency  # build time only

    norwegian = norwegian_forms()
    english = []
    for word in iter_wordlist("en"):
        zipf_en = zipf_frequency(word, "en")
        if zipf_en < ENGLISH_MIN_ZIPF:
            break
        if len(word) < 3 or not word.isalpha() or not word.isascii() or word in norwegian:
            continue
        if zipf_en - zipf_frequency(word, "nb") >= ENGLISH_MARGIN:
            english.append(word)
    buckets: dict[int, list[str]] = {}
    nordic = []
    for word in iter_wordlist("nb"):
        zipf_nb = zipf_frequency(word, "nb")
        if zipf_nb < NB_MIN_ZIPF:
            break
        if any(ch.isalpha() for ch in word) and not any(ch.isspace() for ch in word):
            buckets.setdefault(round(zipf_nb * 10), []).append(word)
        if len(word) in NORDIC_LENGTHS and word.isalpha() and word not in norwegian and max(
                zipf_frequency(word, "sv"), zipf_frequency(word, "da")) >= NORDIC_MIN_ZIPF:
            nordic.append(word)
    from bot.features.language.engine.signals import Signals, SignalWords
    from bot.features.language.shipped import SIGNALS_FILE
    from bot.kernel.content.yaml_source import read_data

    heads = tuple(read_data(SIGNALS_FILE)["insider_heads"])
    compounds = sorted(form for form in norwegian if form.isalpha() and form.endswith(heads) and form not in heads)
    nb = {word: value / 10 for value, words in buckets.items() for word in words}
    signals = Signals(SignalWords(english=frozenset(english)), lambda word: nb.get(word, 0.0))
    lookalikes = sorted(form for form in norwegian if form.isalpha() and signals.english(form))
    lines = [f"# {SOURCE}", "english " + " ".join(sorted(english)), "norwegian " + " ".join(lookalikes),
             "nordic " + " ".join(sorted(nordic)), "compounds " + " ".join(compounds)]
    lines += [f"zipf {value} " + " ".join(sorted(words)) for value, words in sorted(buckets.items())]
    with gzip.GzipFile(out, "wb", mtime=0) as handle:  # mtime=0: the same input gives the same bytes
        handle.write(("\n".join(lines) + "\n").encode("utf-8"))
    return len(english), len(lookalikes), len(nb), len(nordic), len(compounds)
