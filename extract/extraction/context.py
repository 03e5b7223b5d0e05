"""What the extraction rules look at for one document (text, sections, spaCy doc) and the provenance of a value."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz
from spacy.tokens import Doc

from extract.model import BBox, Document, Provenance, Section, Text
from extract.rules import Rules
from extract.settings import ExtractionSettings


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
    scoring: ExtractionSettings = ExtractionSettings()  # the scores and cut-offs of the field rules

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
    for match in re.finditer(r"\s+|\S+", text):
        if match.group(0).isspace():
            chars.append(" ")
            index.append(match.start())
        else:
            chars.extend(match.group(0))
            index.extend(range(match.start(), match.end()))
    return "".join(chars), tuple(index)


def build_context(document: Document, text: Text, sections: tuple[Section, ...], rules: Rules,
                  scoring: ExtractionSettings | None = None) -> Context:
    flat, index = text_to_flat(text.value)
    return Context(document, text, sections, rules, flat, index, rules.nlp(flat), scoring or ExtractionSettings())


def provenance(ctx: Context, start: int, end: int, rule: str) -> Provenance:
    """Where a value was found: page, text source and, from the page's words, confidence and box."""
    snippet = ctx.text.value[start:end]
    number = ctx.text.page_at(start)
    page = ctx.document.pages[number - 1]
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
    confidence: float | None = None
    bbox: BBox | None = None
    if best[1] >= 0 and best[0] >= ctx.scoring.provenance_min_ratio:
        hit = words[best[1] : best[1] + len(tokens)]
        bbox = BBox.union([w.bbox for w in hit])
        confs = [w.conf for w in hit if w.conf is not None]
        confidence = round(min(confs), 1) if confs else None
    return Provenance(number, page.source, rule, snippet, confidence, bbox)
