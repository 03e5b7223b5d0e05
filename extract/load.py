"""Load stage: open a PDF with pdfplumber and decide per page whether its text layer is usable."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.table import Table

from extract.errors import LoadError
from extract.layout import rows_to_lines, words_to_rows
from extract.model import BBox, Line, Word
from extract.settings import Settings

log = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"


@dataclass(frozen=True)
class LayerVerdict:
    usable: bool
    reason: str


@dataclass(frozen=True)
class TextLayerPage:
    """A page as its text layer shows it, with the verdict whether that layer can be used."""

    number: int
    width: float
    height: float
    lines: tuple[Line, ...]
    verdict: LayerVerdict


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _sniff(head: bytes) -> str:
    lowered = head.lower()
    if b"<html" in lowered or b"<!doctype" in lowered:
        return "HTML"
    for magic, name in ((b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"PK\x03\x04", "a ZIP/Office file"), (b"GIF8", "a GIF image")):
        if head.startswith(magic):
            return name
    return "unknown data"


def check_image_sizes(page: pdfplumber.page.Page, number: int, settings: Settings) -> None:
    """Refuse image bombs before anything decodes or renders them: images with huge pixel counts."""
    for image in page.images:
        width, height = image.get("srcsize", (0, 0))
        if width * height > settings.max_image_pixels:
            raise LoadError(f"page {number}: image too large ({width}x{height} pixels, limit {settings.max_image_pixels:,})")


def check_pdf_header(path: Path) -> None:
    """Fail early with a clear reason when a file is empty or not a PDF at all."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(1024)
    except OSError as e:
        raise LoadError(f"cannot read file: {e.strerror or e}", retry=True) from e
    if not head:
        raise LoadError("empty file (0 bytes)")
    if PDF_MAGIC not in head:
        raise LoadError(f"not a PDF (no %PDF- header; content looks like {_sniff(head)})")


def text_to_layer_verdict(text: str, settings: Settings) -> LayerVerdict:
    """Judge a page's extracted text: is it real text or must the page be OCRed?"""
    garbage = text.count("\ufffd") + text.count("(cid:") * 5
    visible = [c for c in text if not c.isspace()]
    letters = sum(c.isalpha() for c in visible)
    if letters == 0:
        return LayerVerdict(False, "no text layer")
    if letters < settings.min_text_letters:
        return LayerVerdict(False, f"too little text ({letters} letters)")
    if garbage / max(len(visible), 1) > settings.max_garbage_ratio:
        return LayerVerdict(False, f"garbage text layer ({garbage} replacement/cid glyphs)")
    ratio = letters / len(visible)
    if ratio < settings.min_letter_ratio:
        return LayerVerdict(False, f"mostly non-letters ({ratio:.0%} letters)")
    return LayerVerdict(True, f"text layer ({letters} letters)")


def _inside(word: dict, bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    cx, cy = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


def table_to_rows(table: Table, width: float, height: float) -> list[list[Word]]:
    """A ruled table as rows of one word each: per row the first cell (a heading), then every other
    non-empty cell of the first two columns as a list item; a cell's wrapped lines are joined."""
    rows: list[list[Word]] = []
    for row in table.rows:
        for index, cell in enumerate(row.cells[:2]):
            if cell is None:
                continue
            text = " ".join((table.page.within_bbox(cell).extract_text() or "").split())
            if text:
                x0, top, x1, bottom = cell
                line = text if index == 0 else f"• {text}"
                rows.append([Word(line, BBox(x0 / width, top / height, x1 / width, min(bottom, top + 14) / height))])
    return rows


def plumber_words_to_words(words: list[dict], width: float, height: float) -> list[Word]:
    return [Word(w["text"], BBox(w["x0"] / width, w["top"] / height, w["x1"] / width, w["bottom"] / height)) for w in words]


def pdf_to_text_layer_pages(path: Path, settings: Settings, max_pages: int | None = None) -> tuple[TextLayerPage, ...]:
    """Read every page's text layer and judge it. Raises LoadError for unreadable files."""
    check_pdf_header(path)
    pages: list[TextLayerPage] = []
    try:
        with pdfplumber.open(path) as pdf:
            if not pdf.pages:
                raise LoadError("PDF has no pages")
            if max_pages is not None and len(pdf.pages) > max_pages:
                raise LoadError(f"too many pages ({len(pdf.pages)} > limit {max_pages})")
            for index, page in enumerate(pdf.pages):
                check_image_sizes(page, index + 1, settings)
                width, height = float(page.width), float(page.height)
                raw = page.extract_words(x_tolerance=2, y_tolerance=3, keep_blank_chars=False)
                tables = [t for t in page.find_tables() if len(t.columns) >= 2 and len(t.rows) >= 1]
                table_rows: list[list[Word]] = []
                for table in tables:
                    raw = [w for w in raw if not _inside(w, table.bbox)]
                    table_rows += table_to_rows(table, width, height)
                rows = words_to_rows(plumber_words_to_words(raw, width, height)) + table_rows
                lines = rows_to_lines(sorted(rows, key=lambda r: min(w.bbox.y0 for w in r)))
                text = "\n".join(line.text for line in lines)
                verdict = text_to_layer_verdict(text, settings)
                log.info("%s page %d: %s", path.name, index + 1, verdict.reason)
                pages.append(TextLayerPage(index + 1, float(page.width), float(page.height), lines, verdict))
                page.flush_cache()
    except LoadError:
        raise
    except OSError as e:
        raise LoadError(f"cannot read file: {e.strerror or e}", retry=True) from e
    except PDFSyntaxError as e:
        raise LoadError(f"broken PDF: {e}") from e
    except Exception as e:  # pdfminer raises many unrelated types for damaged or encrypted files
        chain = [e, e.__cause__, e.__context__, *[a for a in e.args if isinstance(a, BaseException)]]
        if any(x is not None and ("Password" in type(x).__name__ or "Encrypt" in type(x).__name__) for x in chain):
            raise LoadError("password-protected PDF") from e
        raise LoadError(f"cannot parse PDF ({type(e).__name__}: {e})") from e
    return tuple(pages)
