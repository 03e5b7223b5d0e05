"""One document through every stage: load -> ocr -> normalize -> segment -> extract -> Agreement."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from extract.errors import DocumentError, NotAnAgreementError
from extract.fields import build_context, extract_amount, extract_district, extract_ministry, extract_year, is_agreement
from extract.load import file_sha256, pdf_to_text_layer_pages
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


def pdf_to_document(path: Path, source_file: str, sha256: str, settings: Settings, max_pages: int | None = None) -> Document:
    """Load every page, OCR the ones whose text layer is unusable."""
    pages: list[Page] = []
    for layer in pdf_to_text_layer_pages(path, settings, max_pages=max_pages):
        if layer.verdict.usable:
            pages.append(Page(layer.number, "text_layer", layer.verdict.reason, layer.lines))
            continue
        tesseract_version(settings.lang)
        result = ocr_page(path, layer.number, settings)
        reason = f"OCR: {layer.verdict.reason}; {'scan read at its' if result.image_source == 'embedded' else 'rendered at'} {result.dpi} dpi"
        log.info("%s page %d: %s, OCR confidence %s", path.name, layer.number, reason, result.confidence)
        pages.append(Page(layer.number, "ocr", reason, result.lines, result.confidence, result.rotation))
    return Document(str(path), source_file, sha256, tuple(pages))


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
    except OSError as e:
        error = ErrorRecord(source_file, sha256, "load", f"cannot read file: {e.strerror or e}", retry=True)
    except DocumentError as e:
        error = ErrorRecord(source_file, sha256, e.stage, str(e), retry=e.retry)
    log.warning("%s: %s failed: %s", source_file, error.stage, error.error)
    read = document.pages if document is not None else ()
    return DocumentResult(source_file, sha256, error=error, pages=read, seconds=time.perf_counter() - started)
