"""Typed records flowing between the stages: Page -> Document -> Section -> Agreement/Project."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from extract.errors import Stage

# The reading's records live in extract/pages.py (they alone key the page cache); every stage names them here.
from extract.pages import CELL_LINE_BREAK as CELL_LINE_BREAK
from extract.pages import CELL_LINE_WRAP as CELL_LINE_WRAP
from extract.pages import BBox as BBox
from extract.pages import Document as Document
from extract.pages import Line as Line
from extract.pages import Page as Page
from extract.pages import TextSource as TextSource
from extract.pages import Word as Word


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
    pieces: tuple[str, ...] = ()  # where the name may be several projects: its pieces (table_row_starts.CellItem)
    heading_confidence: float | None = None  # the lowest OCR confidence of measure_type_raw's words; None for a text layer


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
    DISTRICT_TITLE_MISREAD = "district_title_misread"
    DISTRICT_CONFLICT = "district_conflict"
    DISTRICT_TITLE_BODY_MISMATCH = "district_title_body_mismatch"
    TITLE_NOT_FOUND = "title_not_found"
    SECTIONS_NOT_FOUND = "sections_not_found"
    PROJECTS_NOT_FOUND = "projects_not_found"
    PROJECT_WITHOUT_MEASURE_TYPE = "project_without_measure_type"
    PROJECTS_INCOMPLETE = "projects_incomplete"
    PROJECT_TABLE_NUMBERING = "project_table_numbering"
    PROJECT_LIST_NUMBERING = "project_list_numbering"
    PROJECT_LIST_BULLETS_LOST = "project_list_bullets_lost"
    PROJECT_TABLE_ROW_AMBIGUOUS = "project_table_row_ambiguous"
    PROJECT_CELL_LINES_AMBIGUOUS = "project_cell_lines_ambiguous"
    PROJECT_CELL_LINES_JOINED = "project_cell_lines_joined"
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
    PROJECT_NAME_GAP = "project_name_gap"
    MEASURE_TYPE_WITHOUT_PROJECTS = "measure_type_without_projects"
    PROJECT_NAME_OCR_PAGE = "project_name_ocr_page"
    MEASURE_TYPE_LOW_CONFIDENCE = "measure_type_low_confidence"
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
    PROJECT_NAME_VARIANT = "project_name_variant"
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
