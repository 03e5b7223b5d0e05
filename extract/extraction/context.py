"""What the extraction rules look at for one document (text, sections, spaCy doc) and the provenance of a value."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein
from spacy.tokens import Doc

from extract.extraction.normalize import normalize_text
from extract.extraction.text import alnum_key, runs
from extract.extraction.value_words import value_to_words
from extract.model import BBox, Document, Page, Project, Provenance, Section, Text, Word
from extract.reading.reread import Candidate, PageReader, RegionKind
from extract.rules import Rules
from extract.settings import ExtractionSettings


@dataclass(frozen=True)
class Annex:
    """An annex a section points to (annex.py), looked up once per document."""

    offset: int | None  # where the annex begins (its title line); None without one
    list_start: int | None  # where its project list starts; None without an annex or a list in it


@dataclass(frozen=True)
class Context:
    """Everything the field rules look at for one document."""

    document: Document
    text: Text
    sections: tuple[Section, ...]
    rules: Rules
    flat: str  # the text with every whitespace run collapsed to one space
    index: tuple[int, ...]  # flat offset -> text offset
    doc: Doc  # the spaCy doc of `flat`
    annex: Annex  # the annex after the signatures that holds the project list, if any
    scoring: ExtractionSettings = ExtractionSettings()  # the scores and cut-offs of the field rules
    reader: PageReader | None = None  # re-reads a region of an OCRed page (None: no PDF at hand, or no OCRed page)

    def span_to_text(self, start: int, end: int) -> tuple[int, int]:
        return self.index[start], self.index[max(end - 1, start)] + 1

    def section_of(self, offset: int) -> Section | None:
        for section in self.sections:
            if section.start <= offset < section.end:
                return section
        return None

    def head(self) -> Section | None:
        return next((s for s in self.sections if s.key == "kopf"), None)


def text_to_flat(text: str) -> tuple[str, tuple[int, ...]]:
    """Collapse whitespace runs to one space, keeping a map from each flat offset to the original."""
    chars: list[str] = []
    index: list[int] = []
    for match in runs(text):
        if match.group(0).isspace():
            chars.append(" ")
            index.append(match.start())
        else:
            chars.extend(match.group(0))
            index.extend(range(match.start(), match.end()))
    return "".join(chars), tuple(index)


def build_context(document: Document, text: Text, sections: tuple[Section, ...], rules: Rules,
                  scoring: ExtractionSettings | None = None, reader: PageReader | None = None) -> Context:
    from extract.extraction.annex import find_annex  # late: annex.py reads list markers (outline.py), which reads the Context
    flat, index = text_to_flat(text.value)
    return Context(document, text, sections, rules, flat, index, rules.nlp(flat), find_annex(text.value, rules),
                   scoring or ExtractionSettings(), reader)


def page_text_owners(page: Page) -> tuple[str, tuple[int, ...]]:
    """The page's text exactly as Page.text writes it and, per character, the index of the word it
    belongs to (words numbered over the page's lines in order; -1 for spaces, tabs and line breaks)."""
    chars: list[str] = []
    owners: list[int] = []
    number = 0

    def put(text: str, owner: int) -> None:
        chars.append(text)
        owners.extend([owner] * len(text))

    for line in page.lines:
        if chars:
            put("\n\n" if line.gap_before else "\n", -1)
        column = 0
        for i, word in enumerate(line.words):
            col = line.columns[i] if line.columns else 0
            if col > column:
                put("\t" * (col - column), -1)
                column = col
            elif i:
                put(" ", -1)
            put(word.text, number)
            number += 1
    return "".join(chars), tuple(owners)


@lru_cache(maxsize=32)
def _aligned_owners(normalized: str, page: Page) -> tuple[int, ...]:
    """For each character of a page's normalized text, the word it was read from (-1 where the
    normalization wrote a character that no word has): the normalized text aligned to the page's
    text (hyphenation joined, quotes and OCR confusions repaired, headers dropped) line by line first
    (lines the normalization left as they were pair up whole, a dropped running header is no line of
    the normalized text), then by an edit script inside each run of changed lines. A single edit
    script over the page may pair a word with its twin in a dropped line ('Limburg' of the running
    header 'Landkreis Limburg-Weilburg' for the signing place 'Limburg a. d. Lahn') at the same cost."""
    raw, owners = page_text_owners(page)
    mapped = [-1] * len(normalized)
    src_lines, dest_lines = normalized.split("\n"), raw.split("\n")
    src_at, dest_at = _line_starts(src_lines), _line_starts(dest_lines)
    blocks = SequenceMatcher(None, src_lines, dest_lines, autojunk=False).get_opcodes()
    for tag, s0, s1, d0, d1 in blocks:
        if tag == "equal":
            start, dest = src_at[s0], dest_at[d0]
            for i in range(start, src_at[s1] - 1 if s1 < len(src_lines) else len(normalized)):
                mapped[i] = owners[dest + i - start]
        elif tag == "replace":
            src_end = src_at[s1] - 1 if s1 < len(src_lines) else len(normalized)
            dest_end = dest_at[d1] - 1 if d1 < len(dest_lines) else len(raw)
            src_start, dest_start = src_at[s0], dest_at[d0]
            for op in Levenshtein.opcodes(normalized[src_start:src_end], raw[dest_start:dest_end]):
                if op.tag in ("equal", "replace"):
                    for i in range(op.src_start, op.src_end):
                        mapped[src_start + i] = owners[dest_start + min(op.dest_start + i - op.src_start, op.dest_end - 1)]
    return tuple(mapped)


def _line_starts(lines: list[str]) -> list[int]:
    """Where each line starts in the text the lines were split from by '\\n'."""
    starts, at = [], 0
    for line in lines:
        starts.append(at)
        at += len(line) + 1
    return starts


def _read_words(ctx: Context, number: int, start: int, end: int) -> list[Word]:
    """The words of page `number` the text span [start, end) was read from."""
    page = ctx.document.pages[number - 1]
    first = ctx.text.page_starts[number - 1]
    last = ctx.text.page_starts[number] - 1 if number < len(ctx.text.page_starts) else len(ctx.text.value)
    owners = _aligned_owners(ctx.text.value[first:last], page)
    indices = sorted({o for o in owners[max(start - first, 0) : max(end - first, 0)] if o >= 0})
    words = [w for line in page.lines for w in line.words]
    return [words[i] for i in indices]


def _searched_words(snippet: str, page: Page, min_ratio: float) -> list[Word]:
    """The page's words that best match the snippet (exact first, then a fuzzy window search)."""
    words = [w for line in page.lines for w in line.words]
    tokens = snippet.split()
    best: tuple[float, int] = (0.0, -1)
    size = len(tokens)
    texts = [w.text for w in words]
    exact = next((i for i, text in enumerate(texts) if text == tokens[0] and texts[i : i + size] == tokens), None) if tokens else None
    if exact is not None:
        best = (100.0, exact)  # the first window the fuzzy search below would score 100
    elif tokens and words:
        for i in range(max(len(words) - size + 1, 1)):
            score = fuzz.ratio(" ".join(w.text for w in words[i : i + size]), " ".join(tokens))
            if score > best[0]:
                best = (score, i)
    return words[best[1] : best[1] + size] if best[1] >= 0 and best[0] >= min_ratio else []


def provenance(ctx: Context, start: int, end: int, rule: str, value: str | None = None) -> Provenance:
    """Where a value was found: page, text source and, from the words the span was read from,
    confidence and box. Only when no word maps to the span (a text the normalization wrote) are
    the page's words searched for the snippet. With the `value`, only the span's words the value's
    words align to (value_words.py; provenance.value_word_similarity: a word normalization repaired
    is still its word): a table cell's name wrapped over lines spans the cells beside it in the
    text, and specks read as marks sit between words; neither is the value's."""
    snippet = ctx.text.value[start:end]
    number = ctx.text.page_at(start)
    page = ctx.document.pages[number - 1]
    hit = _read_words(ctx, number, start, end) or _searched_words(snippet, page, ctx.scoring.provenance_min_ratio)
    if value is not None:
        hit = value_to_words(value, hit, float(ctx.rules.threshold("provenance.value_word_similarity"))) or hit
    bbox = BBox.union([w.bbox for w in hit])
    confs = [w.conf for w in hit if w.conf is not None]
    confidence = round(min(confs), 1) if confs else None
    return Provenance(number, page.source, rule, snippet, confidence, bbox)


def reread(ctx: Context, value_ok: bool, prov: Provenance, kind: RegionKind, accept: Callable[[str], bool],
           low: float | None = None) -> Candidate | None:
    """The value's region read again (reading/reread.py) when the value was OCRed and failed its check
    (value_ok False) or one of its words was read with a confidence under `low` (default
    Settings.low_confidence): the reading the check accepts, or None. A reading replaces a value that
    passed its check only when it is read more confidently."""
    if ctx.reader is None or prov.source != "ocr" or prov.page is None or prov.bbox is None:
        return None
    below = ctx.reader.settings.low_confidence if low is None else low
    if value_ok and prov.confidence is not None and prov.confidence >= below:
        return None
    found = ctx.reader.reread(prov.page, prov.bbox, kind, accept)
    if found is None or (value_ok and (found.confidence or 0.0) <= (prov.confidence or 0.0)):
        return None
    return found


def reread_provenance(prov: Provenance, found: Candidate) -> Provenance:
    """A value's provenance once a re-reading of its region won: that reading's text, confidence and code."""
    return replace(prov, snippet=found.text, confidence=found.confidence, reading=found.reading)


def brings_in(again: str, name: str, similar: float) -> bool:
    """Whether a re-reading holds words the name as read has no counterpart for: words (of three
    letters or digits or more) inserted between its words, or more words in place of fewer that do
    not spell them ('Regel arbeitsmarkt' for 'Regelarbeitsmarkt' does; rapidfuzz ratio at least
    `similar`). Such a word is another cell's, whose text lay inside the name's region ('WIR – Wege
    in den Jobcenter Regelarbeitsmarkt'); a misread word read again in its place is a repair."""
    have, got = name.split(), again.split()
    for op, i1, i2, j1, j2 in SequenceMatcher(None, have, got, autojunk=False).get_opcodes():
        added = [w for w in got[j1:j2] if sum(c.isalnum() for c in w) >= 3]
        if op == "insert" and added:
            return True
        if op == "replace" and j2 - j1 > i2 - i1 and fuzz.ratio("".join(got[j1:j2]), "".join(have[i1:i2])) < similar:
            return True
    return False


def reread_projects(ctx: Context, projects: tuple[Project, ...], looks_right: Callable[[str], bool]) -> tuple[Project, ...]:
    """Project names read again where a name fails its self-check (`looks_right`, checks/names.py) or
    a word of it was read under project.min_confidence: the region of the name's words, read closer
    (reading/reread.py, as text). A reading is kept when it is normalized like the page's text, looks
    right and is still the same name as read (rapidfuzz ratio at least reread.name_similarity): a
    re-reading repairs letters, it never brings in another line."""
    low = float(ctx.rules.threshold("project.min_confidence"))
    similar = float(ctx.rules.threshold("reread.name_similarity"))
    word_similar = float(ctx.rules.threshold("reread.word_similarity"))
    marker = ctx.rules.regex("projects.list_marker")

    separators = sorted([*ctx.rules.words("projects.item_separators"), "."], key=len, reverse=True)
    dotted = ctx.rules.regex("projects.dotted_word")

    def cleaned(text: str, name: str = "") -> str:
        """The region's text as a name: normalized, without its marker, and without an item's
        separator or full stop the list had taken off the name as read ('A.N.K.E.R..' -> 'A.N.K.E.R.')."""
        text = " ".join(marker.sub("", normalize_text(text, ctx.rules, ocr=True), count=1).split())
        end = next((sep for sep in separators if name and text.endswith(sep) and not name.endswith(sep)), "")
        if end == "." and dotted.search(text) and not text.endswith(".."):
            end = ""  # an acronym's last dot ('A.N.K.E.R.' read again for 'AN.KER'), no full stop
        return text[: len(text) - len(end)].rstrip() if end else text

    def marks(text: str) -> int:
        """Marks between two letters or digits ('AN.KER', 'B2-Beruf'): a word's own, no speck at its edge."""
        return sum(1 for a, c, b in zip(text, text[1:], text[2:]) if a.isalnum() and b.isalnum() and not c.isalnum() and not c.isspace())

    def accept(name: str) -> Callable[[str], bool]:
        def right(text: str) -> bool:
            again = cleaned(text, name)
            if alnum_key(again) == alnum_key(name) and marks(again) < marks(name):
                return False  # the same letters without marks inside words the first reading saw ('ANKER' for 'AN.KER')
            if dotted.search(name) and dotted.search(again) and len(alnum_key(again)) < len(alnum_key(name)):
                return False  # an acronym's letters are the name: a reading with fewer lost one ('A.N.K.E.' for 'A.N.KER.')
            return looks_right(again) and fuzz.ratio(again, name) >= similar and not brings_in(again, name, word_similar)
        return right

    kept: list[Project] = []
    for project in projects:
        name = project.project_name
        found = reread(ctx, looks_right(name), project.provenance, RegionKind.TEXT, accept(name), low)
        if found is not None:  # another name, or the same one read more confidently
            project = replace(project, project_name=cleaned(found.text, name), provenance=reread_provenance(project.provenance, found))
        kept.append(project)
    return tuple(kept)
