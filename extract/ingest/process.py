"""One document through every stage: load -> ocr (reading), then extraction -> Agreement; failures become error records."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from pathlib import Path

from extract.errors import DocumentError, Stage
from extract.extraction.agreement import document_to_agreement
from extract.files import file_sha256
from extract.model import Document, DocumentResult, ErrorRecord, Page
from extract.reading.load import TextLayerPage, pdf_to_text_layer_pages
from extract.reading.ocr import ocr_page, tesseract_version
from extract.rules import get_rules
from extract.settings import Settings

log = logging.getLogger(__name__)


def ocr_to_page(path: Path, number: int, why: str, settings: Settings) -> Page:
    """OCR one page whose text layer is unusable (`why` says how)."""
    started = time.perf_counter()
    tesseract_version(settings.lang)
    result = ocr_page(path, number, settings)
    reason = f"OCR: {why}; {result.describe()}"
    log.info("%s page %d: %s, OCR confidence %s", path.name, number, reason, result.confidence,
             extra={"file": path.name, "page": number, "stage": Stage.OCR, "status": "ok",
                    "duration": round(time.perf_counter() - started, 3)})
    return Page(number, "ocr", reason, result.lines, result.confidence, result.rotation, result.deskew)


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


def start_document(path: Path, source_file: str, settings: Settings, max_pages: int | None,
                   sha256: str) -> DocumentResult | PendingDocument:
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
        error = ErrorRecord(source_file, sha256, Stage.LOAD, f"cannot read file: {e.strerror or e}", retry=True)
    log.warning("%s: %s failed: %s", source_file, error.stage, error.error)
    return DocumentResult(source_file, sha256, error=error, pages=pages, seconds=seconds)


def unless_changed(result: DocumentResult, path: Path | None) -> DocumentResult:
    """The result of a document read from `path` in this run, if the file still has the content it was
    hashed as; else a retryable error (read again next run), so that values are never stored under a
    hash they do not belong to. `path` None: the document was not read from its file (stored pages)."""
    if path is None or (result.error is not None and result.error.retry):
        return result  # nothing is stored for a failure that is retried anyway (e.g. the file vanished)
    try:
        now = file_sha256(path)
    except OSError as e:
        now = f"unreadable ({e.strerror or e})"
    if now == result.source_sha256:
        return result
    error = ErrorRecord(result.source_file, result.source_sha256, Stage.LOAD,
                        "the file changed while it was being read; it is read again on the next run", retry=True)
    log.warning("%s: %s", result.source_file, error.error)
    return DocumentResult(result.source_file, result.source_sha256, error=error, seconds=result.seconds)
