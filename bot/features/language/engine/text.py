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
# possibly hyphenated (PP-tjenesten) or with an apostrophe.
_TOKEN = re.compile(r"(?:[^\W\d_]{1,4}\.){2,}|\d+(?:[.,:]\d+)+|[^\W_]+(?:[-'’][^\W_]+)*")
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


_MAY_HAVE_MARKUP = re.compile(r"[`<>:&@]|https?:|www\.")  # cheap test before the big pattern


def mask_markup(text: str) -> str:
    """The text with markup replaced by spaces (same length, so offsets stay valid)."""
    if _MAY_HAVE_MARKUP.search(text) is None:
        return text
    return _MARKUP.sub(_blank, text)


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group())


class Reading(NamedTuple):
    """A masked text read once: its tokens, sentences, word lengths and longest sentence (in words)."""

    tokens: list[Token]
    sentences: int
    word_lengths: list[int]
    longest_sentence: int


def read(masked: str) -> Reading:
    """Tokens, sentence count, the lengths of the words (numbers excluded) and the longest sentence, in one pass."""
    tokens: list[Token] = []
    lengths: list[int] = []
    sentences = longest = current = 0
    prev_end = 0
    prev_text = ""
    append, add_length = tokens.append, lengths.append
    for match in _TOKEN.finditer(masked):
        start, end = match.span()
        word = match.group()
        if not tokens:
            starts = True
        elif start - prev_end == 1:  # one character between two words, nearly always a space: the fast path
            starts = masked[prev_end] in _SENTENCE_END_OR_NEWLINE and _ends_sentence(masked[prev_end], prev_text)
        else:
            starts = _ends_sentence(masked[prev_end:start], prev_text)
        if starts:
            sentences += 1
            current = 0
        append(Token(start, end, word, starts))
        if word[0].isalpha() or is_word(word):
            add_length(len(word))
            current += 1
            if current > longest:
                longest = current
        prev_end, prev_text = end, word
    return Reading(tokens, sentences, lengths, longest)


def tokenize(masked: str) -> tuple[list[Token], int]:
    """The tokens of a masked text and the number of sentences in it."""
    reading = read(masked)
    return reading.tokens, reading.sentences


def _ends_sentence(gap: str, prev_word: str) -> bool:
    """Whether the characters between two words end a sentence (not after an abbreviation)."""
    if "\n" in gap:
        return True
    if not any(ch in _SENTENCE_END for ch in gap):
        return False
    return prev_word.lower() not in ABBREVIATIONS and not prev_word.endswith(".")


def is_word(token_text: str) -> bool:
    """Whether a token contains a letter (numbers do not count as words)."""
    return _LETTER.search(token_text) is not None

