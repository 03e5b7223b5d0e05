"""The pages as read: words with their boxes, lines, pages and the document they make up — what the
reading stage produces and the page cache keeps. Only this module and the reading package decide the
page cache key (settings.READING_CODE): a change to the extraction's records (extract/model.py, which
re-exports these) does not send every scan to OCR again."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

TextSource = Literal["text_layer", "ocr"]


@dataclass(frozen=True)
class BBox:
    """A box in page coordinates, as fractions of the page width and height (0..1, origin top left)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @staticmethod
    def union(boxes: list[BBox]) -> BBox | None:
        if not boxes:
            return None
        return BBox(
            min(b.x0 for b in boxes),
            min(b.y0 for b in boxes),
            max(b.x1 for b in boxes),
            max(b.y1 for b in boxes),
        )


# A line break inside a table cell where the line ended with room for the next line's first word:
# the writer broke the line (one item per line), not the word processor (a wrapped line). Unicode's
# LINE SEPARATOR, so text splitting and `\s` still see a space everywhere else.
CELL_LINE_BREAK = "\u2028"
# A line break inside a table cell where the next line's first word would not have fitted: the word
# processor wrapped the line. Unicode's PARAGRAPH SEPARATOR, a space to text splitting and `\s`.
CELL_LINE_WRAP = "\u2029"


@dataclass(frozen=True)
class Word:
    text: str
    bbox: BBox
    conf: float | None = None  # OCR confidence 0-100; None for a text layer


@dataclass(frozen=True)
class Line:
    words: tuple[Word, ...]
    # True when a blank gap (new paragraph or block) precedes this line.
    gap_before: bool = False
    # Table column of each word (empty outside tables); a new column is rendered as a tab.
    columns: tuple[int, ...] = ()

    @property
    def text(self) -> str:
        if not self.columns:
            return " ".join(w.text for w in self.words)
        parts: list[str] = []
        column = 0
        for word, col in zip(self.words, self.columns):
            if col > column:
                parts.append("\t" * (col - column))
                column = col
            elif parts:
                parts.append(" ")
            parts.append(word.text)
        return "".join(parts)


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    source: TextSource
    reason: str  # why the text layer was used or OCR was run
    lines: tuple[Line, ...]
    confidence: float | None = None  # mean OCR word confidence, None for a text layer
    rotation: int = 0  # degrees the page image was turned before OCR
    deskew: float = 0.0  # degrees a slanted scan was turned level before OCR and before `rotation` (reading/prepare.py)

    @property
    def text(self) -> str:
        parts: list[str] = []
        for line in self.lines:
            if line.gap_before and parts:
                parts.append("")
            parts.append(line.text)
        return "\n".join(parts)


@dataclass(frozen=True)
class Document:
    path: str
    source_file: str  # relative to the input folder
    sha256: str
    pages: tuple[Page, ...]

    @property
    def text_source(self) -> str:
        sources = {p.source for p in self.pages}
        if len(sources) == 1:
            return sources.pop()
        return "mixed" if sources else "text_layer"
