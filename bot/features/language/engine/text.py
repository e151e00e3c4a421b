"""Chat text to words: hide markup that must not be judged, then split into tokens and sentences."""

from __future__ import annotations

import re
from typing import NamedTuple

# Markup the engine must not judge. Each match is blanked out with spaces, so offsets stay valid.
_MARKUP = re.compile(
    r"""
      ```.*?(?:```|\Z)                      # code block (an unclosed one runs to the end)
    | `[^`\n]+`                             # inline code
    | ^[ \t]*(?:>>>|&gt;&gt;&gt;).*\Z       # Slack: everything after >>> is quoted
    | ^[ \t]*(?:>|&gt;)[^\n]*               # quoted line
    | <blockquote\b.*?</blockquote>          # Teams quote
    | <(?:code|pre)\b.*?</(?:code|pre)>      # Teams code
    | <at\b[^>]*>.*?</at>                   # Teams mention
    | <[@#!][^>\n]*>                        # Slack user, channel and special mentions
    | <(?:https?|mailto|tel):[^>\n]*>       # Slack link, with or without |label
    | </?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?> # other HTML tags (Teams sends HTML)
    | (?:https?://|www\.)[^\s<>]+           # bare URL
    | [\w.+-]+@[\w-]+(?:\.[\w-]+)+          # e-mail address
    | :[a-z0-9_+-]+:                        # emoji code
    | &[a-z]{2,6};                          # HTML entity
    """,
    re.S | re.M | re.X,
)
# A dotted abbreviation (f.eks., bl.a.), a number with dots (3.0, 15.12.2026, 10:30), or a word,
# possibly hyphenated (PP-tjenesten) or with an apostrophe. Every token starts with a letter or digit and one of
# the alternatives always matches there, so the text between two tokens is what [\W_]* takes: `_GAP_TOKEN` reads
# (gap, token) pairs with one findall, and the offsets follow from their lengths. Possessive quantifiers: a
# failed abbreviation gives up at once instead of retrying shorter letter runs.
_WORD_SHAPES = r"(?:[^\W\d_]{1,4}+\.){2,}|\d++(?:[.,:]\d+)+|[^\W_]++(?:[-'’][^\W_]+)*"
_GAP_TOKEN = re.compile(rf"([\W_]*)({_WORD_SHAPES})")
_LETTER = re.compile(r"[^\W\d_]")
_SENTENCE_END = frozenset(".!?:")
_SENTENCE_END_OR_NEWLINE = frozenset(".!?:\n")
# Abbreviations whose full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    "kl ca jf ev evt osv dvs mfl mm nr ref tlf pga iht mht mtp ifm vs el etc bl f eks inkl ekskl kap avd"
    " adm dir stk kr mnd min sek st prof dr sept okt nov des jan feb mar apr aug".split()
)


class Token(NamedTuple):
    """One word: offsets into the original text, the text, and whether it starts a sentence."""

    start: int
    end: int
    text: str
    sentence_start: bool


# Cheap test before the big pattern: every match of `_MARKUP` contains one of these (a clock time such as 10:30
# does not, so most messages skip the big pattern).
_MAY_HAVE_MARKUP = re.compile(r"[`<>&@]|https?:|www\.|:[a-z0-9_+-]+:")


def mask_markup(text: str) -> str:
    """The text with markup replaced by spaces (same length, so offsets stay valid)."""
    if _MAY_HAVE_MARKUP.search(text) is None:
        return text
    return _MARKUP.sub(_blank, text)


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group())


class Reading(NamedTuple):
    """A masked text read once: its tokens, sentences, word lengths, longest sentence (in words), and how many
    tokens of two characters or more are written in capitals (HUSK, IOP; a message may be shouting)."""

    tokens: list[Token]
    sentences: int
    word_lengths: list[int]
    longest_sentence: int
    capitals: int


def read(masked: str) -> Reading:
    """Tokens, sentence count, the lengths of the words (numbers excluded) and the longest sentence, in one pass."""
    tokens: list[Token] = []
    lengths: list[int] = []
    sentences = longest = current = capitals = 0
    end = 0
    prev_text = ""
    append, add_length, new = tokens.append, lengths.append, tuple.__new__  # Token(...) costs a Python call
    for gap, word in _GAP_TOKEN.findall(masked):
        start = end + len(gap)
        end = start + len(word)
        if not tokens:
            starts = True
        elif len(gap) == 1:  # one character between two words, nearly always a space: the fast path
            starts = gap in _SENTENCE_END_OR_NEWLINE and _ends_sentence(gap, prev_text)
        else:
            starts = _ends_sentence(gap, prev_text)
        if starts:
            sentences += 1
            current = 0
        append(new(Token, (start, end, word, starts)))
        if word.isupper() and len(word) >= 2:
            capitals += 1
        if word[0].isalpha() or is_word(word):
            add_length(len(word))
            current += 1
            if current > longest:
                longest = current
        prev_text = word
    return Reading(tokens, sentences, lengths, longest, capitals)


def tokenize(masked: str) -> tuple[list[Token], int]:
    """The tokens of a masked text and the number of sentences in it."""
    reading = read(masked)
    return reading.tokens, reading.sentences


def _ends_sentence(gap: str, prev_word: str) -> bool:
    """Whether the characters between two words end a sentence (not after an abbreviation)."""
    if "\n" in gap:
        return True
    if _SENTENCE_END.isdisjoint(gap):
        return False
    return prev_word.lower() not in ABBREVIATIONS and not prev_word.endswith(".")


def is_word(token_text: str) -> bool:
    """Whether a token contains a letter (numbers do not count as words)."""
    return _LETTER.search(token_text) is not None

