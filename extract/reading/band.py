"""Reading a band of a page again, line by line: the signing block under a seal or a signature.

When the signature part finds the signatories' block but not the place and date line above or beside
it, the line was lost under other ink (reading/inks.py). The band of the page where it must stand
(between the last line of the agreement's text and the signatories' names) is read again in several
ways, each a BandReading that names how it was read: as it was, with the ink lighter than the print
dropped, at the page's scale and twice it. Tesseract finds the lines in the band itself (psm 6: one
block of text, no picture regions); each reading gives the band's lines, words in page fractions.
The caller parses the lines and keeps only what validates (a known place, a date in its window)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps

from extract.model import BBox, Line, Word
from extract.reading.inks import MIN_CONTRAST, drop_lighter_ink, levels
from extract.reading.layout import words_to_lines
from extract.reading.ocr import read_data
from extract.settings import Settings

BORDER_PX = 20  # white border around the cut (Tesseract misreads text touching the image edge)


@dataclass(frozen=True)
class BandReading:
    name: str  # recorded in provenance, e.g. "x2 psm6 inkdrop"
    scale: int
    psm: int
    drop_lighter: bool  # ink lighter than the print set to paper first (reading/inks.py)

    @property
    def code(self) -> str:
        """The reading's code in the provenance table: 'reread_band_x2_psm6_inkdrop'."""
        return "reread_band_" + self.name.replace(" ", "_")


# each line of the band alone (psm 7: a block read whole takes seal and signature strokes for lines of
# their own), with the lighter ink dropped first, then as it is; at the page's scale and at twice it
# (thin strokes, small print)
BAND_READINGS = (
    BandReading("x1 psm7 inkdrop", 1, 7, True),
    BandReading("x2 psm7 inkdrop", 2, 7, True),
    BandReading("x1 psm7", 1, 7, False),
    BandReading("x2 psm7", 2, 7, False),
)
LINE_OVER_MEDIAN = 2.0  # a row of the band holds print when it has this many times the median inked row's print pixels
LINE_OF_FULLEST = 0.5  # ... or half the fullest row's, where no strokes make the middle small (a band of print alone)
# (seal and signature strokes cross every row a little; a line of print fills its x-height's rows)
MIN_RUN = 3  # rows: a thinner run of dense rows is a rule or a stroke, no line of print
CAP_REACH = 0.7  # a line's rows of print (its x-height, mostly) widened by this many of their heights above (capitals) ...
DESCENDER_REACH = 0.5  # ... and this many below (descenders)


def cut_band(image: Image.Image, bbox: BBox) -> tuple[Image.Image, int, int]:
    """The band of the page image (gray) and its left and top in pixels."""
    left, top = max(0, int(bbox.x0 * image.width)), max(0, int(bbox.y0 * image.height))
    right, bottom = min(image.width, int(bbox.x1 * image.width) + 1), min(image.height, int(bbox.y1 * image.height) + 1)
    return image.crop((left, top, right, bottom)).convert("L"), left, top


def text_rows(image: Image.Image, bbox: BBox, settings: Settings) -> list[BBox]:
    """The lines of print in a band, as bands of the page: the runs of rows dense with print once the
    lighter ink is dropped (a line of print fills its x-height's rows with ink; the strokes of a seal
    or a signature cross many rows thinly), widened for capitals and descenders."""
    band, _, top = cut_band(image, bbox)
    cleaned = drop_lighter_ink(band, settings.seal_core_share, settings.seal_reach_px)
    gray = np.asarray(cleaned.image)
    ink, paper = levels(gray)
    if paper - ink < MIN_CONTRAST:  # hardly any print in the band
        return []
    rows = (gray < (ink + paper) / 2).sum(axis=1)
    inked = rows[rows > 0]
    if not len(inked):
        return []
    # rows with print's ink: as many as twice the inked rows' middle (strokes cross many rows thinly), or in a band
    # of print alone (its inked rows all the line's) half the fullest row's
    dense = rows >= min(LINE_OVER_MEDIAN * float(np.median(inked)), LINE_OF_FULLEST * float(inked.max()))
    edges = np.diff(np.concatenate(([0], dense.astype(np.int8), [0])))
    runs = [(int(a), int(b)) for a, b in zip(np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0])]
    merged: list[tuple[int, int]] = []
    for start, end in runs:  # a gap of less than half a run's height inside one line (between x-height and a rule)
        if merged and start - merged[-1][1] < (end - start) / 2:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    strips = []
    for start, end in merged:
        if end - start < MIN_RUN:
            continue
        height = end - start
        y0 = top + max(0, start - CAP_REACH * height)
        y1 = top + min(band.height, end + DESCENDER_REACH * height)
        strips.append(BBox(bbox.x0, y0 / image.height, bbox.x1, y1 / image.height))
    return strips


def band_image(image: Image.Image, bbox: BBox, reading: BandReading, settings: Settings) -> tuple[Image.Image, int, int]:
    """The band as the reading reads it: cut, cleaned, scaled, bordered; and the cut's left and top."""
    band, left, top = cut_band(image, bbox)
    if reading.drop_lighter:
        band = drop_lighter_ink(band, settings.seal_core_share, settings.seal_reach_px).image
    if reading.scale > 1:
        band = band.resize((band.width * reading.scale, band.height * reading.scale), Image.Resampling.LANCZOS)
    return ImageOps.expand(band, BORDER_PX, 255), left, top


def read_band(image: Image.Image, bbox: BBox, reading: BandReading, settings: Settings) -> tuple[Line, ...]:
    """The lines one reading finds in the band, word boxes in page fractions of `image`."""
    read, left, top = band_image(image, bbox, reading, settings)
    data = read_data(read, settings, f"--psm {reading.psm}")
    words: list[Word] = []
    groups: dict[tuple[int, int, int], list[int]] = {}
    for i, text in enumerate(data["text"]):
        conf = float(data["conf"][i])
        if conf < 0 or not text or not text.strip() or all(c in settings.rule_glyphs for c in text.strip()):
            continue

        def page_x(px: float) -> float:
            return (left + (px - BORDER_PX) / reading.scale) / image.width

        def page_y(px: float) -> float:
            return (top + (px - BORDER_PX) / reading.scale) / image.height

        x, y, w, h = (int(data[k][i]) for k in ("left", "top", "width", "height"))
        groups.setdefault((int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i])), []).append(len(words))
        box = BBox(max(0.0, page_x(x)), max(0.0, page_y(y)), min(1.0, page_x(x + w)), min(1.0, page_y(y + h)))
        words.append(Word(text.strip(), box, conf))
    return words_to_lines(words, aspect=image.height / image.width, groups=list(groups.values()))
