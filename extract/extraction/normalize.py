"""Normalize stage: unify whitespace, quotes and dashes, join hyphenated line breaks and repair
common OCR confusions. Nothing is invented: a word is only changed into a word of the domain
lexicon, and only by one of the character confusions listed in models/."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from extract.model import Document, Text
from extract.rules import Rules

_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]{6,}")


@lru_cache(maxsize=8)
def _confusion_index(lexicon: tuple[str, ...], confusions: tuple[str, ...]) -> dict[str, str]:
    """Map every single-confusion misspelling of a lexicon word back to that word."""
    known = set(lexicon)
    pairs = [tuple(item.split(" ")) for item in confusions]
    index: dict[str, str] = {}
    ambiguous: set[str] = set()
    for word in lexicon:
        for right, wrong in pairs:  # the correct text `right` was read as `wrong`
            start = word.find(right)
            while start != -1:
                variant = word[:start] + wrong + word[start + len(right):]
                if variant not in known:
                    if variant in index and index[variant] != word:
                        ambiguous.add(variant)
                    index[variant] = word
                start = word.find(right, start + 1)
    for variant in ambiguous:
        del index[variant]
    return index


_SPLIT = re.compile(r"\b([A-ZÄÖÜ][a-zäöüß]{2,}) ([a-zäöüß]{3,})\b")


def repair_lexicon_words(text: str, rules: Rules) -> str:
    """Restore words of the domain lexicon: a word read with one listed OCR confusion, or a
    word split in two by a stray space ('Fachkräfte sicherung'; the second part lower case)."""
    lexicon = rules.words("lexicon.domain")
    index = _confusion_index(lexicon, rules.words("ocr.confusions"))
    text = _WORD.sub(lambda m: index.get(m.group(0), m.group(0)), text)
    known = set(lexicon)
    return _SPLIT.sub(lambda m: m.group(1) + m.group(2) if m.group(1) + m.group(2) in known else m.group(0), text)


def normalize_text(text: str, rules: Rules) -> str:
    """Apply every normalize rule of models/normalize.jsonl in order, then the lexicon repair."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    for rule in rules.normalize:
        text = rule.regex.sub(rule.replacement, text)
    return repair_lexicon_words(text, rules).strip("\n")


def _line_key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split())).lower()


def running_lines(pages: list[str], keep: re.Pattern[str], edge: int = 3) -> set[str]:
    """Lines that repeat within the first or last `edge` lines of several pages: letterheads, footers."""
    if len(pages) < 3:
        return set()
    seen: dict[str, int] = {}
    for page in pages:
        lines = [line for line in page.split("\n") if line.strip()]
        for key in {_line_key(line) for line in lines[:edge] + lines[-edge:] if not keep.match(line)}:
            seen[key] = seen.get(key, 0) + 1
    return {key for key, count in seen.items() if count >= max(2, len(pages) // 2) and len(key) > 6}


def drop_edge_lines(page: str, repeated: set[str], edge: int = 3) -> str:
    """Remove the repeated lines found among the first or last `edge` non-empty lines of a page."""
    lines = page.split("\n")
    filled = [i for i, line in enumerate(lines) if line.strip()]
    edges = set(filled[:edge] + filled[-edge:])
    return "\n".join(line for i, line in enumerate(lines) if not (i in edges and _line_key(line) in repeated))


def document_to_text(document: Document, rules: Rules) -> Text:
    """The normalized text of a document: pages normalized one by one, running headers and
    footers dropped, pages joined by form feeds."""
    pages = [page.text for page in document.pages]
    repeated = running_lines(pages, rules.regex("segment.header"))
    parts: list[str] = []
    starts: list[int] = []
    offset = 0
    for raw in pages:
        starts.append(offset)
        if repeated:
            raw = drop_edge_lines(raw, repeated)
        normalized = normalize_text(raw, rules)
        parts.append(normalized)
        offset += len(normalized) + 1
    return Text("\f".join(parts), tuple(starts))
