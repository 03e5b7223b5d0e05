"""Load stage: read every page's text layer and decide per page whether it is usable.

pdfium reads the pages (extract/textlayer.py); its characters become words exactly as pdfplumber's
extract_words forms them, and ruled tables are found in its drawing with pdfplumber's table
algorithm (extract/tables.py). pdfplumber itself (ten times slower) reads only pages with text that
is not upright, glyphs without Unicode, a turned page or too much drawing to look at, and whole
files pdfium cannot open, so broken files keep pdfplumber's error messages."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.table import Table

from extract.errors import LoadError
from extract.model import BBox, Line, Word
from extract.reading.layout import rows_to_lines, words_to_rows
from extract.reading.quality import layer_rules, poor, text_to_quality
from extract.reading.streams import check_stream_sizes
from extract.reading.tables import (
    Cell,
    cell_words_to_text,
    chars_to_cell_text,
    edges_to_plumber_edges,
    edges_to_tables,
    long_rules,
    outside_tables,
    tables_to_rows,
)
from extract.reading.textlayer import (
    X_TOLERANCE,
    Y_TOLERANCE,
    chars_to_words,
    edges_to_ruled_table,
    objects_to_edges,
    objects_to_image_sizes,
    objects_to_text_scales,
    page_to_objects,
    single_to_decimal,
    textpage_to_chars,
)
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


def _sniff(head: bytes) -> str:
    lowered = head.lower()
    if b"<html" in lowered or b"<!doctype" in lowered:
        return "HTML"
    for magic, name in ((b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"PK\x03\x04", "a ZIP/Office file"),
                        (b"GIF8", "a GIF image")):
        if head.startswith(magic):
            return name
    return "unknown data"


def check_image_sizes(sizes: Iterable[tuple[int, int]], number: int, settings: Settings) -> None:
    """Refuse image bombs before anything decodes or renders them: images with huge pixel counts."""
    for width, height in sizes:
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
    """Judge a page's extracted text: is it real text or must the page be OCRed? A layer of enough
    words is judged by its quality (see quality.py): a scanner's poor invisible OCR is read again."""
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
    rules = layer_rules(settings.models_dir)
    quality = text_to_quality(text, rules)
    if poor(quality, rules):
        return LayerVerdict(False, f"poor text layer ({quality.describe()}, under {rules.min_quality:.2f})")
    if quality.words < rules.min_words:
        return LayerVerdict(True, f"text layer ({letters} letters)")
    return LayerVerdict(True, f"text layer ({letters} letters, quality {quality.score:.2f})")


def rows_to_layer_page(rows: list[list[Word]], number: int, width: float, height: float, settings: Settings,
                       separators: tuple[float, ...] = ()) -> TextLayerPage:
    lines = rows_to_lines(sorted(rows, key=lambda r: min(w.bbox.y0 for w in r)), separators=separators)
    verdict = text_to_layer_verdict("\n".join(line.text for line in lines), settings)
    return TextLayerPage(number, width, height, lines, verdict)


# --- pdfplumber: pages that may hold a ruled table, and files pdfium cannot open ---------------


def plumber_cell_text(table: Table, cell: Cell, last: bool = False, room: float = Settings.cell_break_room) -> str:
    """A cell's words as pdfplumber extracts them (the page's word tolerances), as tables.cell_words_to_text
    joins them (`room`: Settings.cell_break_room)."""
    width, height = float(table.page.width), float(table.page.height)
    words = table.page.within_bbox(cell).extract_words(x_tolerance=X_TOLERANCE, y_tolerance=Y_TOLERANCE)
    return cell_words_to_text(plumber_words_to_words(words, width, height), (cell[0] / width, cell[2] / width), height / width, room)


def plumber_words_to_words(words: list[dict], width: float, height: float) -> list[Word]:
    return [Word(w["text"], BBox(w["x0"] / width, w["top"] / height, w["x1"] / width, w["bottom"] / height)) for w in words]


def plumber_page_to_layer_page(page: pdfplumber.page.Page, number: int, settings: Settings) -> TextLayerPage:
    """One page read by pdfplumber: its words, and its ruled tables as heading and item rows."""
    check_image_sizes((image.get("srcsize", (0, 0)) for image in page.images), number, settings)
    width, height = float(page.width), float(page.height)
    raw = page.extract_words(x_tolerance=X_TOLERANCE, y_tolerance=Y_TOLERANCE, keep_blank_chars=False)
    tables = [t for t in page.find_tables() if len(t.columns) >= 2 and len(t.rows) >= 1]
    words = outside_tables(plumber_words_to_words(raw, width, height), tables, width, height)
    cell_text = lambda table, cell, last: plumber_cell_text(table, cell, last, settings.cell_break_room)  # noqa: E731
    rows = words_to_rows(words) + tables_to_rows(tables, cell_text, width, height)
    edges = [(True, height - e["top"], e["x0"], e["x1"]) for e in page.horizontal_edges]  # as pdfium's, in page space
    layer = rows_to_layer_page(rows, number, width, height, settings, long_rules(edges, height, width, height))
    page.flush_cache()
    return layer


@contextmanager
def plumber_errors() -> Iterator[None]:
    """pdfplumber's and pdfminer's failures as LoadErrors with a clear reason."""
    try:
        yield
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


def page_event(path: Path, number: int) -> dict[str, object]:
    """The fields of a page's log event (--log-json): the file, the page, the stage (text layer read)."""
    return {"file": path.name, "page": number, "stage": "load", "status": "ok", "duration": None}


def plumber_pdf_to_layer_pages(path: Path, settings: Settings, max_pages: int | None = None) -> tuple[TextLayerPage, ...]:
    """Every page read by pdfplumber (files pdfium cannot open: pdfplumber names what is wrong)."""
    with plumber_errors(), pdfplumber.open(path) as pdf:
        if not pdf.pages:
            raise LoadError("PDF has no pages")
        if max_pages is not None and len(pdf.pages) > max_pages:
            raise LoadError(f"too many pages ({len(pdf.pages)} > limit {max_pages})")
        pages = []
        for index, page in enumerate(pdf.pages):
            pages.append(plumber_page_to_layer_page(page, index + 1, settings))
            log.info("%s page %d: %s", path.name, index + 1, pages[-1].verdict.reason, extra=page_event(path, index + 1))
    return tuple(pages)


# --- pdfium: every other page ------------------------------------------------------------------


def pdfium_page_to_layer_page(pdf: pdfium.PdfDocument, index: int, settings: Settings) -> TextLayerPage | None:
    """One page read by pdfium; None when pdfplumber must read it: a turned page, text not upright,
    or a usable page that may hold a ruled table. Image bombs are refused first."""
    page = pdf[index]
    textpage = None
    try:
        objects = page_to_objects(page)
        check_image_sizes(objects_to_image_sizes(objects), index + 1, settings)
        scales = objects_to_text_scales(objects)
        if page.get_rotation() % 360 or scales is None:
            return None
        left, bottom, right, top = (single_to_decimal(value) for value in page.get_mediabox())
        width, height = right - left, top - bottom
        textpage = page.get_textpage()
        chars = textpage_to_chars(textpage, left, top, scales.pop() if len(scales) == 1 else None)
        if chars is None:
            return None
        words = chars_to_words(chars, width, height)
        edges = objects_to_edges(objects)
        separators = long_rules(edges or [], top, width, height)
        layer = rows_to_layer_page(words_to_rows(words), index + 1, width, height, settings, separators)
        if not layer.verdict.usable or not edges_to_ruled_table(edges):
            return layer
        if edges is None:
            return None  # too much drawing to look at here: pdfplumber decides
        tables = edges_to_tables(edges_to_plumber_edges(edges, left, top))
        if not tables:
            return layer
        cell_text = chars_to_cell_text(chars, width, height, settings.cell_break_room)
        rows = words_to_rows(outside_tables(words, tables, width, height)) + tables_to_rows(tables, cell_text, width, height)
        return rows_to_layer_page(rows, index + 1, width, height, settings, separators)
    finally:
        if textpage is not None:
            textpage.close()
        page.close()


def pdf_to_text_layer_pages(path: Path, settings: Settings, max_pages: int | None = None) -> tuple[TextLayerPage, ...]:
    """Read every page's text layer and judge it. Raises LoadError for unreadable files."""
    check_pdf_header(path)
    check_stream_sizes(path, settings)
    try:
        pdf = pdfium.PdfDocument(str(path))
    except OSError as e:
        raise LoadError(f"cannot read file: {e.strerror or e}", retry=True) from e
    except pdfium.PdfiumError as e:
        log.debug("%s: pdfium cannot open it (%s), pdfplumber reads it", path.name, e)
        return plumber_pdf_to_layer_pages(path, settings, max_pages)
    pages: list[TextLayerPage] = []
    try:
        count = len(pdf)
        if count == 0:
            return plumber_pdf_to_layer_pages(path, settings, max_pages)
        if max_pages is not None and count > max_pages:
            raise LoadError(f"too many pages ({count} > limit {max_pages})")
        plumber: pdfplumber.PDF | None = None
        try:
            for index in range(count):
                layer = pdfium_page_to_layer_page(pdf, index, settings)
                if layer is None:
                    log.debug("%s page %d: read by pdfplumber", path.name, index + 1)
                    with plumber_errors():
                        plumber = plumber or pdfplumber.open(path)
                        layer = plumber_page_to_layer_page(plumber.pages[index], index + 1, settings)
                log.info("%s page %d: %s", path.name, index + 1, layer.verdict.reason, extra=page_event(path, index + 1))
                pages.append(layer)
        finally:
            if plumber is not None:
                plumber.close()
    except pdfium.PdfiumError as e:
        log.debug("%s: pdfium cannot read it (%s), pdfplumber reads it", path.name, e)
        return plumber_pdf_to_layer_pages(path, settings, max_pages)
    finally:
        pdf.close()
    return tuple(pages)
