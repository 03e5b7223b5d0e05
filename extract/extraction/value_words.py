"""Which of a text span's words a value was read from.

A value's span in the document text can hold words that are not the value's: a table cell's name
wrapped over lines spans the cells beside it ('WIR – Wege in den' / provider 'Jobcenter' /
'Regelarbeitsmarkt'), and a scan's specks read as marks ('°', '®', '«') sit between words. Their
boxes would widen the value's crop and their confidence (specks are read at 0) would lower the
value's. The value's tokens are aligned in order to the span's words: each token to at most one
word like it (letters and digits at least `min_similar` alike, rapidfuzz ratio; a token without
letters or digits to a word written the same, '&', any dash for any), maximising the likeness less a small cost
per word skipped inside the alignment, so that of two equal readings the compact one wins (the
name's own 'Ausbildung in der …' rather than the type cell's 'Ausbildung' lines above). Words
between the first and last aligned ones that are like a token too (a word OCR split in two), and
a word just before or after them like the first or last token, are kept with them; marks and words
like no token are not."""

from __future__ import annotations

import unicodedata

from rapidfuzz import fuzz

from extract.extraction.text import alnum_key
from extract.model import Word

SKIP_COST = 1.0  # per word skipped inside an alignment: against likeness scores of 0-100


def _likeness(token: str, word: str, min_similar: float) -> float:
    """How alike a value's token and a read word are (0 when not alike enough to align)."""
    token_key, word_key = alnum_key(token), alnum_key(word)
    if not token_key or not word_key:
        return 100.0 if not token_key and not word_key and _marks(token) == _marks(word) else 0.0
    score = fuzz.ratio(token_key, word_key)
    return score if score >= min_similar else 0.0


def _marks(text: str) -> str:
    """A text of marks as compared: every dash alike ('–' normalized from OCR's '—')."""
    return "".join("-" if unicodedata.category(c) == "Pd" else c for c in text.strip())


def value_to_words(value: str, words: list[Word], min_similar: float) -> list[Word]:
    """The words of `words` (in reading order) the value was read from; empty when no token aligns."""
    tokens = value.split()
    if not tokens or not words:
        return []
    n, m = len(tokens), len(words)
    like = [[_likeness(t, w.text, min_similar) for w in words] for t in tokens]
    # best[i][j]: the best alignment of the first i tokens whose last aligned word is word j - 1 (j = 0:
    # none aligned yet); came[i][j]: the word index + 1 aligned before it, or None when token i - 1
    # was left unaligned (the alignment is best[i - 1][j]'s)
    minus = float("-inf")
    best = [[0.0] + [minus] * m for _ in range(n + 1)]
    came: list[list[int | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        running, running_at = minus, 0  # max over k in 1..j-1 of best[i-1][k] + SKIP_COST * k, and its k
        for j in range(1, m + 1):
            best[i][j] = best[i - 1][j]
            if like[i - 1][j - 1] > 0:
                before, at = 0.0, 0  # no word aligned before: nothing skipped counts
                if running > minus and running - SKIP_COST * (j - 1) > before:
                    before, at = running - SKIP_COST * (j - 1), running_at
                if before + like[i - 1][j - 1] > best[i][j]:
                    best[i][j], came[i][j] = before + like[i - 1][j - 1], at
            if best[i - 1][j] > minus and best[i - 1][j] + SKIP_COST * j > running:
                running, running_at = best[i - 1][j] + SKIP_COST * j, j
    end = max(range(1, m + 1), key=lambda j: best[n][j])
    if best[n][end] <= 0:
        return []
    aligned: list[int] = []
    i, j = n, end
    while i > 0 and j > 0:
        previous = came[i][j]
        if previous is not None:
            aligned.append(j - 1)
            j = previous
        i -= 1
    aligned.reverse()
    keys = [alnum_key(t) for t in tokens]

    def alike(k: int, among: list[str]) -> bool:
        key = alnum_key(words[k].text)
        return bool(key) and any(other and fuzz.ratio(other, key) >= min_similar for other in among)

    first, last = aligned[0], aligned[-1]
    kept = set(aligned) | {k for k in range(first, last + 1) if alike(k, keys)}
    if first > 0 and alike(first - 1, keys[:1]):
        kept.add(first - 1)  # the first half of a first word OCR split ('Qualifi-' 'zierung')
    if last + 1 < m and alike(last + 1, keys[-1:]):
        kept.add(last + 1)
    return [words[k] for k in sorted(kept)]
