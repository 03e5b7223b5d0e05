"""How good a page's text layer is, judged by its words rather than by its mere presence.

Scanner software often puts an invisible OCR layer under the scan; a poor one (an old engine, a bad
scan) has words nobody writes: 'Zlelvere1nbarnng', 'clas', 'Hau$halt'. A layer is scored by
  - its dictionary rate: the share of its words that are German words of the word lists in
    models/dictionary.jsonl (an inflected form or a compound ending in a listed word counts too), and
  - its garbled rate: the share of its words whose characters no writer puts together: a digit
    inside letters, a capital after a small letter, a symbol inside a word, a long word without vowel.
The quality is dictionary rate times (1 - garbled rate); a page with enough words whose quality lies
under the threshold is OCRed (thresholds in models/thresholds.jsonl, ids layer.*)."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extract.rules import RulesError, compile_regex, read_jsonl

WORD_EDGE = "\"'„“”‚‘’«»()[]{}.,;:!?*"  # stripped from a token's ends before it is judged
VOWELS = set("aeiouyäöüAEIOUYÄÖÜ")
THRESHOLD_IDS = ("layer.min_quality", "layer.min_words", "layer.min_head", "layer.vowelless_length")
GARBLED_IDS = ("layer.inner_symbol", "layer.digit_in_letters", "layer.case_flip")  # models/regexes.jsonl


@dataclass(frozen=True)
class LayerRules:
    words: frozenset[str]  # the dictionary, lower case
    min_quality: float  # a layer with enough words scoring under this is OCRed
    min_words: int  # fewer words than this: too few to judge by dictionary rate
    min_head: int  # the shortest listed word that may end a compound ('...budget')
    vowelless_length: int  # a lower-case word this long without a vowel is garbled
    endings: tuple[str, ...]  # inflection endings tried off a word before the look-up (wordlists.jsonl layer.endings)
    inner_symbol: re.Pattern[str]  # a character no word holds inside
    digit_in_letters: re.Pattern[str]  # digits inside letters, or glued to a word's end
    case_flip: re.Pattern[str]  # a capital after a small letter

    def key(self) -> str:
        """What of these rules decides how pages are read (part of the page-cache key)."""
        values = (sorted(self.words), self.min_quality, self.min_words, self.min_head, self.vowelless_length, self.endings,
                  self.inner_symbol.pattern, self.digit_in_letters.pattern, self.case_flip.pattern)
        return hashlib.sha256(json.dumps(values, ensure_ascii=False).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class LayerQuality:
    words: int  # words judged (tokens with a letter)
    dictionary_rate: float
    garbled_rate: float

    @property
    def score(self) -> float:
        return round(self.dictionary_rate * (1.0 - self.garbled_rate), 2)

    def describe(self) -> str:
        return f"quality {self.score:.2f}: {self.dictionary_rate:.0%} dictionary words, {self.garbled_rate:.0%} garbled, {self.words} words"


@lru_cache(maxsize=4)
def layer_rules(models_dir: Path) -> LayerRules:
    """The dictionary and the layer.* thresholds from the models folder."""
    words = frozenset(w.lower() for row in read_jsonl(Path(models_dir) / "dictionary.jsonl", ("words", "doc")) for w in row["words"])
    values = {row["id"]: row["value"] for row in read_jsonl(Path(models_dir) / "thresholds.jsonl", ("value", "doc"))}
    missing = [key for key in THRESHOLD_IDS if key not in values]
    if missing or not words:
        raise RulesError(f"text-layer rules incomplete: missing thresholds {missing} or an empty dictionary.jsonl")
    regexes = {row["id"]: compile_regex(row["pattern"], row.get("flags", ""), f"regexes.jsonl:{row['id']}")
               for row in read_jsonl(Path(models_dir) / "regexes.jsonl", ("pattern",)) if row["id"] in GARBLED_IDS}
    endings = next((tuple(row["words"]) for row in read_jsonl(Path(models_dir) / "wordlists.jsonl", ("words",))
                    if row["id"] == "layer.endings"), None)
    if len(regexes) < len(GARBLED_IDS) or endings is None:
        raise RulesError(f"text-layer rules incomplete: regexes {', '.join(GARBLED_IDS)} and word list layer.endings needed")
    return LayerRules(words, float(values["layer.min_quality"]), int(values["layer.min_words"]), int(values["layer.min_head"]),
                      int(values["layer.vowelless_length"]), endings, regexes["layer.inner_symbol"], regexes["layer.digit_in_letters"],
                      regexes["layer.case_flip"])


def tokens(text: str) -> list[str]:
    """The words of a text that hold a letter, their surrounding punctuation stripped."""
    found = (token.strip(WORD_EDGE) for token in text.split())
    return [t for t in found if any(c.isalpha() for c in t)]


def in_dictionary(word: str, rules: LayerRules) -> bool:
    """A listed word, an inflected form of one, or a compound that ends in one ('Ausbildungsbudget')."""
    lower = word.lower()
    forms = [lower, *(lower[: -len(e)] for e in rules.endings if lower.endswith(e) and len(lower) > len(e) + 1)]
    if any(form in rules.words for form in forms):
        return True
    for form in forms:
        for start in range(3, len(form) - rules.min_head + 1):
            if form[start:] in rules.words:
                return True
    return False


def garbled(word: str, rules: LayerRules) -> bool:
    """Characters no writer puts together in one word."""
    if rules.inner_symbol.search(word) or rules.digit_in_letters.search(word):
        return True
    if word[:1].islower() and rules.case_flip.search(word):  # 'zwIschen'; 'GmbH', 'JobCenter' start with a capital
        return True
    letters = [c for c in word if c.isalpha()]
    return word.islower() and len(letters) >= rules.vowelless_length and not VOWELS.intersection(letters)


def text_to_quality(text: str, rules: LayerRules) -> LayerQuality:
    words = tokens(text)
    if not words:
        return LayerQuality(0, 0.0, 0.0)
    known = sum(in_dictionary(w, rules) for w in words)
    bad = sum(garbled(w, rules) for w in words)
    return LayerQuality(len(words), round(known / len(words), 3), round(bad / len(words), 3))


def poor(quality: LayerQuality, rules: LayerRules) -> bool:
    """Whether a layer with this quality is OCRed: enough words to judge, and a score under the threshold."""
    return quality.words >= rules.min_words and quality.score < rules.min_quality
