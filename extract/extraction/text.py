"""Text mechanics shared by the extraction stages: lines and tokens with their offsets, comparison
keys, and word patterns built from the word lists in models/. Nothing here knows about agreements;
every pattern that does lives in models/regexes.jsonl."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

_LINE_ENDS = re.compile(r"(?<=[\n\f])")  # after each line or page break, which stays with its line
_BREAKS = re.compile(r"[\n\f]")
_RUNS = re.compile(r"\s+|\S+")
_TOKENS = re.compile(r"\S+")
_DIGITS = re.compile(r"\d+")
_NOT_WORD = re.compile(r"[^\wäöüß\- ]")
_NON_WORD_RUN = re.compile(r"\W+")
_EDGE_PUNCT = re.compile(r"^\W+|\W+$")


def split_keep_ends(text: str) -> list[str]:
    """The lines of `text`, each with its `\\n` or `\\f` (so that their lengths add up to the text's)."""
    return _LINE_ENDS.split(text)


def split_lines(text: str) -> list[str]:
    """The lines of `text`, split at line and page breaks."""
    return _BREAKS.split(text)


def lines_with_offsets(text: str) -> list[tuple[int, str]]:
    """Each line of `text` without its break, with the offset where it starts."""
    out: list[tuple[int, str]] = []
    offset = 0
    for line in split_keep_ends(text):
        out.append((offset, line.rstrip("\n\f")))
        offset += len(line)
    return out


def runs(text: str) -> Iterator[re.Match[str]]:
    """The whitespace runs and the tokens of `text`, in order."""
    return _RUNS.finditer(text)


def tokens(text: str) -> list[re.Match[str]]:
    """The whitespace-separated tokens of `text` with their offsets."""
    return list(_TOKENS.finditer(text))


def digit_key(text: str) -> str:
    """Lower case, whitespace collapsed, every digit run masked as '#': lines that differ only in
    a page number or a year compare equal."""
    return _DIGITS.sub("#", " ".join(text.split())).lower()


def fold(text: str) -> str:
    """Lower case, punctuation (but hyphens) as spaces, whitespace collapsed."""
    return " ".join(_NOT_WORD.sub(" ", text.lower()).split())


def alnum_key(text: str) -> str:
    """Only the word characters, lower case."""
    return _NON_WORD_RUN.sub("", text).lower()


def strip_punct(word: str) -> str:
    """A token without the punctuation around it."""
    return _EDGE_PUNCT.sub("", word)


def find_phrase(text: str, phrase: str) -> Iterator[re.Match[str]]:
    """Where `phrase` (words of models/) stands in `text` with no letter or digit glued to either end."""
    return re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", text)


@lru_cache(maxsize=64)
def words_pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern matching any of `words` (a word list of models/) as a whole word; None for none."""
    if not words:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b")


def has_any_word(text: str, words: tuple[str, ...]) -> bool:
    """Whether one of `words` stands in `text` as a whole word."""
    pattern = words_pattern(words)
    return pattern is not None and pattern.search(text) is not None
