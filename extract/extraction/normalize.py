"""Normalize stage: unify whitespace, quotes and dashes, join hyphenated line breaks and repair
common OCR confusions. Nothing is invented: a word is only changed into a word of the domain
lexicon, and only by one of the character confusions listed in models/."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from extract.extraction.furniture import furniture_lines, page_text
from extract.model import Document, Text
from extract.rules import Rules


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


@lru_cache(maxsize=4096)
def _nearest_long_word(word: str, lexicon: tuple[str, ...], letters_per_edit: int) -> str | None:
    """The one lexicon word an OCRed word is a misreading of: at most one edit (a letter replaced,
    added or lost) per `letters_per_edit` letters away; None when none is, or more than one."""
    limit = max(1, len(word) // letters_per_edit)
    near = [known for known in lexicon if abs(len(known) - len(word)) <= limit
            and Levenshtein.distance(known, word, score_cutoff=limit) <= limit]
    return near[0] if len(near) == 1 else None


def repair_lexicon_words(text: str, rules: Rules, ocr: bool = False) -> str:
    """Restore words of the domain lexicon: a word read with one listed OCR confusion, or a
    word split in two by a stray space ('Fachkräfte sicherung'; the second part lower case, down to
    a last letter a large title's letter spacing set apart: 'Zielvereinbarun g'). On OCRed text also
    a long lexicon word read with a letter or two misread, added or lost (lexicon.ocr_letters_per_edit:
    'Oualifizierungsprojekte', 'Benachteiliste', 'Qualliizierungsvorbereitung'): a text layer keeps
    what its writer typed."""
    lexicon = rules.words("lexicon.domain")
    index = _confusion_index(lexicon, rules.words("ocr.confusions"))
    known = set(lexicon)
    shortest = int(rules.threshold("lexicon.ocr_min_letters"))
    long_words = tuple(w for w in lexicon if len(w) >= shortest)
    per_edit = int(rules.threshold("lexicon.ocr_letters_per_edit"))

    def repaired(match: re.Match[str]) -> str:
        word = match.group(0)
        if word in index:
            return index[word]
        if ocr and len(word) >= shortest and word not in known and not any(word[:-cut] in known for cut in (1, 2)):
            return _nearest_long_word(word, long_words, per_edit) or word  # (an inflected lexicon word is a word)
        return word

    text = rules.regex("lexicon.candidate").sub(repaired, text)
    joined = lambda m: m.group(1) + m.group(2) if m.group(1) + m.group(2) in known else m.group(0)  # noqa: E731
    return rules.regex("lexicon.split_word").sub(joined, text)


def rewrite(text: str, rules: Rules, *scopes: str) -> str:
    """`text` with the rules of models/normalize.jsonl of these scopes applied, scope by scope in file order."""
    for scope in scopes:
        for rule in rules.rewrites(scope):
            text = rule.regex.sub(rule.replacement, text)
    return text


def normalize_text(text: str, rules: Rules, ocr: bool = False) -> str:
    """Apply every text rule of models/normalize.jsonl in order (and, for OCRed text, the ocr rules:
    what OCR cannot tell apart, written as the genre writes it), then the lexicon repair."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = rewrite(text, rules, "text", "ocr") if ocr else rewrite(text, rules, "text")
    return repair_lexicon_words(text, rules, ocr).strip("\n")


def document_to_text(document: Document, rules: Rules) -> Text:
    """The normalized text of a document: page furniture (running headers and footers, page numbers)
    left out, pages normalized one by one and joined by form feeds."""
    drops = furniture_lines(document.pages, rules)
    parts: list[str] = []
    starts: list[int] = []
    offset = 0
    for page, drop in zip(document.pages, drops):
        starts.append(offset)
        normalized = normalize_text(page_text(page, drop), rules, page.source == "ocr")
        parts.append(normalized)
        offset += len(normalized) + 1
    return Text("\f".join(parts), tuple(starts))
