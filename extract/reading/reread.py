"""Targeted re-reading: one region of a page read again, closer and in other ways, for a value that
failed its check or was read with low confidence.

The page image is the one the page's OCR read (the same rendering or embedded scan, turned as it
was turned for OCR). The region is cut with a little white around it, scaled up (small print and
thin strokes are read better at a larger size) and read as a single line (psm 7), as a block
(psm 6) and, for numbers and dates, with only the characters they are written with. Each reading
is a Candidate that names how it was read; the caller keeps the first one its check accepts
(`choose`) and records that name in the value's provenance."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from PIL import Image, ImageOps

from extract.model import BBox, Document, Line
from extract.reading.band import BAND_READINGS, BandReading, read_band, text_rows
from extract.reading.ocr import page_to_image, read_data
from extract.reading.prepare import as_read, gray_without_other_ink
from extract.settings import Settings

PAD = 0.004  # white kept around the region, in page fractions
BORDER_PX = 20  # white border added around the cut (Tesseract misreads text touching the image edge)
DIGITS = "0123456789.,-€/ "
SPARSE_PSM = 11


class RegionKind(Enum):
    """What a region holds, which decides how it is read again."""

    TEXT = "text"  # a name, a heading, a signing place
    NUMBER = "number"  # an amount or a date in digits


@dataclass(frozen=True)
class Reading:
    name: str  # recorded in provenance, e.g. "x2 psm7 digits"
    scale: int
    psm: int
    whitelist: str | None = None

    @property
    def code(self) -> str:
        """The reading's code in the provenance table: 'reread_x2_psm7_digits'."""
        return "reread_" + self.name.replace(" ", "_")

    def config(self) -> str:
        extra = f" -c tessedit_char_whitelist={self.whitelist.replace(' ', '')}" if self.whitelist else ""
        return f"--psm {self.psm}{extra}"


READINGS = {
    # a line at the page's own scale first: Tesseract's German model misreads some words of large print
    # ('Recgelarbeitsmarkt' at twice the size, 'Regelarbeitsmarkt' as printed); psm 13 reads the line raw
    # (no layout analysis, no dictionary-driven split); twice the size for small print and thin strokes
    RegionKind.TEXT: (Reading("x1 psm7", 1, 7), Reading("x2 psm7", 2, 7), Reading("x1 psm13", 1, 13), Reading("x2 psm6", 2, 6)),
    # psm 11 (sparse text) last: it finds a number a signature line or stroke touches, where a line reading finds nothing
    RegionKind.NUMBER: (Reading("x2 psm7 digits", 2, 7, DIGITS), Reading("x2 psm7", 2, 7), Reading("x3 psm7 digits", 3, 7, DIGITS),
                        Reading("x1 psm11", 1, 11)),
}


@dataclass(frozen=True)
class Candidate:
    text: str  # the words read, joined by single spaces
    confidence: float | None  # the lowest word confidence, None when nothing was read
    reading: str  # Reading.code


def cut(image: Image.Image, bbox: BBox, scale: int) -> Image.Image:
    """The region of the page image with a little white around it, scaled up."""
    left = max(0, int((bbox.x0 - PAD) * image.width))
    top = max(0, int((bbox.y0 - PAD) * image.height))
    right = min(image.width, int((bbox.x1 + PAD) * image.width) + 1)
    bottom = min(image.height, int((bbox.y1 + PAD) * image.height) + 1)
    region = image.crop((left, top, right, bottom)).convert("L")
    if scale > 1:
        region = region.resize((region.width * scale, region.height * scale), Image.Resampling.LANCZOS)
    return ImageOps.expand(region, BORDER_PX, 255)


def read_once(image: Image.Image, bbox: BBox, reading: Reading, settings: Settings) -> Candidate:
    """One reading of the region. A sparse reading (psm 11) also reads specks and strokes, as words of
    low confidence: only its words read with at least settings.low_confidence are kept."""
    data = read_data(cut(image, bbox, reading.scale), settings, reading.config())
    words = [(t.strip(), float(c)) for t, c in zip(data["text"], data["conf"]) if float(c) >= 0 and t and t.strip()]
    if reading.psm == SPARSE_PSM:
        words = [(t, c) for t, c in words if c >= settings.low_confidence]
    confidence = round(min(c for _, c in words), 1) if words else None
    return Candidate(" ".join(t for t, _ in words), confidence, reading.code)


def read_region(image: Image.Image, bbox: BBox, kind: RegionKind, settings: Settings) -> tuple[Candidate, ...]:
    """Every reading of the region for its kind, in order of preference."""
    return tuple(read_once(image, bbox, reading, settings) for reading in READINGS[kind])


def choose(candidates: tuple[Candidate, ...], accept: Callable[[str], bool]) -> Candidate | None:
    """The candidate the caller's check accepts, the most confident one among several."""
    accepted = [c for c in candidates if c.text and accept(c.text)]
    return max(accepted, key=lambda c: c.confidence or 0.0) if accepted else None


def page_reader(document: Document, settings: Settings) -> PageReader | None:
    """The re-reading service for a document with OCRed pages whose PDF is at hand; else None."""
    if not any(page.source == "ocr" for page in document.pages) or not Path(document.path).is_file():
        return None
    turned = {page.number: (page.rotation, page.deskew) for page in document.pages if page.rotation or page.deskew}
    return PageReader(Path(document.path), settings, turned)


class PageReader:
    """The re-reading service for one document: page images made once, turned as for OCR.
    Extraction gets one of these (or None when it works on stored pages without the PDF)."""

    def __init__(self, pdf_path: Path, settings: Settings, turned: dict[int, tuple[int, float]] | None = None) -> None:
        self.pdf_path, self.settings = pdf_path, settings
        self.turned = turned or {}  # page: (rotation, deskew) as its OCR turned it
        self.images: dict[int, Image.Image] = {}

    def image(self, page: int) -> Image.Image:
        if page not in self.images:
            image = page_to_image(self.pdf_path, page, self.settings).image
            gray, _ = gray_without_other_ink(image, self.settings.ink_colour_tolerance, self.settings.ink_colour_min_share)
            rotation, deskew = self.turned.get(page, (0, 0.0))
            self.images[page] = as_read(gray, deskew, rotation)  # as the page's OCR read it
        return self.images[page]

    def reread(self, page: int, bbox: BBox, kind: RegionKind, accept: Callable[[str], bool]) -> Candidate | None:
        """The accepted reading of a region of a page, or None when no reading passes the check. The
        readings are tried in order of preference; the first accepted one whose every word was read with
        confidence at least settings.low_confidence ends the search (the others cost time), else the
        most confident accepted one wins."""
        candidates: list[Candidate] = []
        for reading in READINGS[kind]:
            candidate = read_once(self.image(page), bbox, reading, self.settings)
            candidates.append(candidate)
            if candidate.text and accept(candidate.text) and (candidate.confidence or 0.0) >= self.settings.low_confidence:
                return candidate
        return choose(tuple(candidates), accept)

    def band(self, page: int, bbox: BBox) -> Iterator[tuple[BandReading, tuple[Line, ...]]]:
        """The lines of print in a band of a page read again (reading/band.py): for each reading in order of
        preference, every line found in the band read alone."""
        image = self.image(page)
        rows = text_rows(image, bbox, self.settings)
        for reading in BAND_READINGS:
            yield reading, tuple(line for row in rows for line in read_band(image, row, reading, self.settings))
