"""Typed records flowing between the stages: Page -> Document -> Section -> Agreement/Project."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Literal

from extract.errors import Stage

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


@dataclass(frozen=True)
class Text:
    """The normalized document text; pages joined by form feeds."""

    value: str
    page_starts: tuple[int, ...]

    def page_at(self, offset: int) -> int:
        """1-based page number of a character offset."""
        number = 1
        for i, start in enumerate(self.page_starts):
            if offset >= start:
                number = i + 1
        return number


@dataclass(frozen=True)
class Section:
    key: str  # "praeambel", "1" ... "n", or "kopf" for the title block
    title: str
    text: str
    start: int
    end: int
    page_start: int
    page_end: int


@dataclass(frozen=True)
class Provenance:
    page: int | None
    source: str  # text_layer | ocr | derived
    rule: str  # id of the rule that produced the value
    snippet: str = ""
    confidence: float | None = None
    bbox: BBox | None = None
    reading: str = "page"  # how the value's words were read: "page" (the page's text) or a re-reading's code (reading/reread.py)


@dataclass(frozen=True)
class Field:
    name: str
    value: str | int | Decimal | None
    provenance: Provenance | None = None
    raw: str = ""


@dataclass(frozen=True)
class Project:
    position: int
    measure_type: str
    measure_type_raw: str
    project_name: str
    provenance: Provenance


class ReviewReason(str, Enum):
    """Why a record needs a person's check. Each code is listed with its meaning in
    models/review_reasons.jsonl (checked on load); the README and datapackage.json show the list."""

    YEAR_MISSING = "year_missing"
    DISTRICT_MISSING = "district_missing"
    MINISTRY_MISSING = "ministry_missing"
    AMOUNT_MISSING = "amount_eur_missing"
    LOW_CONFIDENCE = "low_confidence"
    MINISTRY_SIGNATURE_MISSING = "ministry_signature_missing"
    DISTRICT_SIGNATURE_MISSING = "district_signature_missing"
    MINISTRY_DATE_BLANK = "ministry_signed_date_blank"
    MINISTRY_DATE_ILLEGIBLE = "ministry_signed_date_illegible"
    DISTRICT_DATE_BLANK = "district_signed_date_blank"
    DISTRICT_DATE_ILLEGIBLE = "district_signed_date_illegible"
    YEAR_AMBIGUOUS = "year_ambiguous"
    YEAR_TITLE_BODY_MISMATCH = "year_title_body_mismatch"
    DISTRICT_NOT_IN_TITLE = "district_not_in_title"
    DISTRICT_CONFLICT = "district_conflict"
    DISTRICT_TITLE_BODY_MISMATCH = "district_title_body_mismatch"
    TITLE_NOT_FOUND = "title_not_found"
    SECTIONS_NOT_FOUND = "sections_not_found"
    PROJECTS_NOT_FOUND = "projects_not_found"
    PROJECT_WITHOUT_MEASURE_TYPE = "project_without_measure_type"
    PROJECTS_INCOMPLETE = "projects_incomplete"
    PROJECT_TABLE_NUMBERING = "project_table_numbering"
    PROJECT_TABLE_ROW_AMBIGUOUS = "project_table_row_ambiguous"
    PROJECT_CELL_LINES_AMBIGUOUS = "project_cell_lines_ambiguous"
    PROJECT_TABLE_OVERFLOW = "project_table_overflow"
    PROJECT_SUBITEMS = "project_subitems"
    PROJECT_NAME_MARKER = "project_name_marker"
    PROJECT_NAME_ANNOTATION = "project_name_annotation"
    PROJECT_NAME_HEADING = "project_name_heading"
    PROJECT_NAME_FURNITURE = "project_name_furniture"
    PROJECT_NAME_PROSE = "project_name_prose"
    PROJECT_NAME_CONNECTOR_END = "project_name_connector_end"
    PROJECT_NAME_FRAGMENT = "project_name_fragment"
    PROJECT_NAME_GARBLED = "project_name_garbled"
    PROJECT_NAME_DUPLICATE = "project_name_duplicate"
    PROJECT_NAME_LOW_CONFIDENCE = "project_name_low_confidence"
    MEASURE_TYPE_WITHOUT_PROJECTS = "measure_type_without_projects"
    PROJECT_NAME_OCR_PAGE = "project_name_ocr_page"
    MEASURE_TYPE_HEADING_FORM = "measure_type_heading_form"
    MEASURE_TYPE_HEADINGS_MERGED = "measure_type_headings_merged"
    AMOUNT_AMBIGUOUS = "amount_ambiguous"
    AMOUNT_OUTSIDE_BUDGET_SECTION = "amount_outside_budget_section"
    AMOUNT_IMPLAUSIBLE = "amount_implausible"
    AMOUNT_TOTAL_MISMATCH = "amount_total_mismatch"
    SIGNED_PLACE_UNKNOWN = "signed_place_unknown"
    SIGNED_PLACE_OCR_REPAIRED = "signed_place_ocr_repaired"
    SIGNED_PLACE_ILLEGIBLE = "signed_place_illegible"
    DISTRICT_PLACE_OUTSIDE_DISTRICT = "district_place_outside_district"
    MINISTRY_PLACE_NOT_WIESBADEN = "ministry_place_not_wiesbaden"
    SIGNED_DATE_OUTSIDE_WINDOW = "signed_date_outside_window"
    SIGNATURES_IDENTICAL = "signatures_identical"
    DUPLICATE_AGREEMENT = "duplicate_agreement"
    EXTRACTION_FAILED = "extraction_failed"


@dataclass(frozen=True)
class Flag:
    """One review reason: its code and, where it helps, a detail (a field name, a project position,
    a party). Written as 'code' or 'code:detail' in review_reasons."""

    code: ReviewReason
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.code.value}:{self.detail}" if self.detail else self.code.value

    @staticmethod
    def parse(text: str) -> Flag:
        """The flag written as `text`; ValueError for a code that is not a ReviewReason."""
        code, _, detail = text.partition(":")
        return Flag(ReviewReason(code), detail)


@dataclass(frozen=True)
class Agreement:
    agreement_id: str
    source_file: str
    source_sha256: str
    page_count: int
    text_source: str
    fields: dict[str, Field]
    projects: tuple[Project, ...]
    review_reasons: tuple[str, ...] = ()  # each the str() of a Flag

    @property
    def needs_review(self) -> bool:
        return bool(self.review_reasons)

    def value(self, name: str) -> str | int | Decimal | None:
        item = self.fields.get(name)
        return item.value if item else None


@dataclass(frozen=True)
class ErrorRecord:
    source_file: str
    source_sha256: str
    stage: Stage
    error: str
    # True when the failure says nothing about the file's content (unreadable now, changed while it
    # was read, worker died): it is reported, but not remembered, so the next run tries again. Costly
    # failures (time or memory limit) are remembered until the file changes or --retry-failed.
    retry: bool = False


@dataclass(frozen=True)
class DocumentResult:
    """What processing one input file produced: an agreement or an error, never both."""

    source_file: str
    source_sha256: str
    agreement: Agreement | None = None
    sections: tuple[Section, ...] = ()
    error: ErrorRecord | None = None
    pages: tuple[Page, ...] = field(default=(), repr=False)
    seconds: float = 0.0
