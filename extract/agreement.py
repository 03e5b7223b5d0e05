"""One document through every stage: load -> ocr -> normalize -> segment -> extract -> Agreement."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from pathlib import Path

from extract.errors import DocumentError, NotAnAgreementError
from extract.fields import build_context, extract_amount, extract_district, extract_ministry, extract_year, is_agreement
from extract.load import TextLayerPage, file_sha256, pdf_to_text_layer_pages
from extract.model import Agreement, Document, DocumentResult, ErrorRecord, Field, Page
from extract.normalize import document_to_text
from extract.ocr import ocr_page, tesseract_version
from extract.projects import extract_projects
from extract.rules import Rules, get_rules
from extract.segment import text_to_sections
from extract.settings import Settings
from extract.signatures import extract_signatures

log = logging.getLogger(__name__)

FIELD_ORDER = (
    "year", "district", "ministry", "amount_eur",
    "ministry_signed_place", "ministry_signed_date", "district_signed_place", "district_signed_date",
)


def ocr_to_page(path: Path, number: int, why: str, settings: Settings) -> Page:
    """OCR one page whose text layer is unusable (`why` says how)."""
    tesseract_version(settings.lang)
    result = ocr_page(path, number, settings)
    reason = f"OCR: {why}; {'scan read at its' if result.image_source == 'embedded' else 'rendered at'} {result.dpi} dpi"
    log.info("%s page %d: %s, OCR confidence %s", path.name, number, reason, result.confidence)
    return Page(number, "ocr", reason, result.lines, result.confidence, result.rotation)


def layer_to_page(layer: TextLayerPage) -> Page:
    return Page(layer.number, "text_layer", layer.verdict.reason, layer.lines)


def pdf_to_document(path: Path, source_file: str, sha256: str, settings: Settings, max_pages: int | None = None) -> Document:
    """Load every page, OCR the ones whose text layer is unusable."""
    pages: list[Page] = []
    for layer in pdf_to_text_layer_pages(path, settings, max_pages=max_pages):
        if layer.verdict.usable:
            pages.append(layer_to_page(layer))
        else:
            pages.append(ocr_to_page(path, layer.number, layer.verdict.reason, settings))
    return Document(str(path), source_file, sha256, tuple(pages))


@dataclass(frozen=True)
class PendingDocument:
    """A document whose text layers are read, with the pages that still need OCR: these are
    OCRed as separate tasks (in parallel), then the document is finished with all its pages."""

    source_file: str
    sha256: str
    pages: tuple[Page, ...]  # read from their text layer
    to_ocr: tuple[tuple[int, str], ...]  # (page number, why its text layer is unusable)


def start_document(path: Path, source_file: str, settings: Settings, max_pages: int | None, sha256: str) -> DocumentResult | PendingDocument:
    """Read a document's text layers. Without pages to OCR it is finished at once; else the
    pages to OCR are handed back (see PendingDocument)."""
    started = time.perf_counter()
    try:
        layers = pdf_to_text_layer_pages(path, settings, max_pages=max_pages)
    except (OSError, DocumentError) as e:
        return _error_result(source_file, sha256, e, (), time.perf_counter() - started)
    pages = tuple(layer_to_page(layer) for layer in layers if layer.verdict.usable)
    to_ocr = tuple((layer.number, layer.verdict.reason) for layer in layers if not layer.verdict.usable)
    if to_ocr:
        return PendingDocument(source_file, sha256, pages, to_ocr)
    result = process_file(path, source_file, settings, sha256=sha256, pages=pages)
    return replace(result, seconds=time.perf_counter() - started)


def _review(fields: dict[str, Field], settings: Settings) -> list[str]:
    reasons: list[str] = []
    for name in ("year", "district", "ministry", "amount_eur"):
        if fields[name].value is None:
            reasons.append(f"{name}_missing")
    for name in FIELD_ORDER:
        prov = fields[name].provenance
        if fields[name].value is not None and prov and prov.confidence is not None and prov.confidence < settings.low_confidence:
            reasons.append(f"low_confidence:{name}")
    return reasons


def document_to_agreement(document: Document, rules: Rules, settings: Settings) -> tuple[Agreement, tuple]:
    text = document_to_text(document, rules)
    sections = text_to_sections(text, rules)
    ctx = build_context(document, text, sections, rules)
    ok, why = is_agreement(ctx)
    if not ok:
        raise NotAnAgreementError(why)
    reasons: list[str] = []
    year, split = extract_year(ctx)
    if split:
        reasons.append("year_ambiguous")
    district, district_reasons = extract_district(ctx)
    reasons += district_reasons
    seat = rules.district(str(district.value)).seat if district.value else None
    fields: dict[str, Field] = {
        "year": year,
        "district": district,
        "ministry": extract_ministry(ctx),
        "amount_eur": extract_amount(ctx),
    }
    signature_fields, signature_reasons = extract_signatures(ctx, seat)
    fields.update(signature_fields)
    reasons += signature_reasons
    projects, project_reasons = extract_projects(ctx)
    reasons += project_reasons
    reasons = _review(fields, settings) + reasons
    agreement = Agreement(
        agreement_id=document.sha256[:16],
        source_file=document.source_file,
        source_sha256=document.sha256,
        page_count=len(document.pages),
        text_source=document.text_source,
        fields=fields,
        projects=projects,
        review_reasons=tuple(dict.fromkeys(reasons)),
    )
    return agreement, sections


def process_file(path: Path, source_file: str, settings: Settings, max_pages: int | None = None,
                 sha256: str = "", pages: tuple[Page, ...] | None = None) -> DocumentResult:
    """Process one file; a DocumentError becomes an error record, the batch goes on.
    With `pages` (read before, from the state store) the PDF is neither opened nor OCRed again.
    The pages read are returned with the result, also when the document is no agreement."""
    started = time.perf_counter()
    document: Document | None = None
    try:
        sha256 = sha256 or file_sha256(path)
        rules = get_rules(settings.models_dir)
        if pages is None:
            document = pdf_to_document(path, source_file, sha256, settings, max_pages=max_pages)
        else:
            document = Document(str(path), source_file, sha256, pages)
        agreement, sections = document_to_agreement(document, rules, settings)
        return DocumentResult(source_file, sha256, agreement, sections, pages=document.pages, seconds=time.perf_counter() - started)
    except (OSError, DocumentError) as e:
        read = document.pages if document is not None else ()
        return _error_result(source_file, sha256, e, read, time.perf_counter() - started)


def _error_result(source_file: str, sha256: str, e: OSError | DocumentError, pages: tuple[Page, ...], seconds: float) -> DocumentResult:
    if isinstance(e, DocumentError):
        error = ErrorRecord(source_file, sha256, e.stage, str(e), retry=e.retry)
    else:
        error = ErrorRecord(source_file, sha256, "load", f"cannot read file: {e.strerror or e}", retry=True)
    log.warning("%s: %s failed: %s", source_file, error.stage, error.error)
    return DocumentResult(source_file, sha256, error=error, pages=pages, seconds=seconds)
