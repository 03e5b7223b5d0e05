"""Page preparation before OCR, each step kept because benchmarks/scans.py shows it pays.

Deskew: a scan fed at a slant (a few degrees) makes Tesseract's layout analysis join words of
neighbouring lines and cut table rows; the page is turned level first. The angle is measured on a
small copy of the page: the dark pixels' rows are projected at trial angles, and the angle at which
the projection is sharpest (text lines fall into few rows, the white between them into none) is
the page's slant. A page is turned only when the slant is at least Settings.deskew_min_degrees
(smaller slants Tesseract copes with itself); off by default, see Settings for why.

Not built yet: despeckling, background/shadow removal and dropping coloured ink (seals, signatures)
before OCR; scans under 300 dpi are rendered at 300 (Settings.embedded_dpi), as before."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

from extract.settings import Settings

SAMPLE_WIDTH = 600  # about this many pixels across: the copy the slant is measured on
DARK = 128  # gray level under which a pixel counts as ink
COARSE = 0.5  # degrees between the first trial angles ...
STEP = 0.1  # ... and between the angles tried around the best of them


@dataclass(frozen=True)
class Prepared:
    image: Image.Image
    deskew: float = 0.0  # degrees the page was turned by (PIL's rotate: counter-clockwise positive), 0 when level


def slant(image: Image.Image, max_degrees: float) -> float:
    """The page's slant in degrees within ±max_degrees: the angle PIL's rotate turns the page level
    by; 0.0 for a page with too little ink to tell."""
    gray = image if image.mode == "L" else image.convert("L")
    small = gray.reduce(max(1, gray.width // SAMPLE_WIDTH))  # a box filter: far cheaper than a resampling resize
    ink = np.asarray(small) < DARK
    ys, xs = np.nonzero(ink)
    if len(ys) < 200:
        return 0.0
    across = xs - small.width / 2  # from the middle: the rows turn about the page's centre line
    height = small.height

    def sharpness(angle: float) -> float:
        # a text line slanted by `angle` lies level after turning the page back: rows y - x*tan(angle)
        rows = np.round(ys - across * np.tan(np.radians(angle))).astype(np.int64)
        profile = np.bincount(rows[(rows >= 0) & (rows < height)], minlength=height).astype(np.float64)
        return float(np.dot(profile, profile))

    coarse = np.arange(-max_degrees, max_degrees + COARSE / 2, COARSE)
    best = max(coarse, key=sharpness)  # then the best angle within a coarse step of it
    fine = np.arange(best - COARSE + STEP, best + COARSE - STEP / 2, STEP)
    best = max(fine, key=sharpness)
    return round(float(best), 1)


def prepare(image: Image.Image, settings: Settings) -> Prepared:
    """The page image as Tesseract reads it: turned level when slanted (see the module's doc)."""
    if not settings.deskew_min_degrees:
        return Prepared(image)
    angle = slant(image, settings.deskew_max_degrees)
    if abs(angle) < settings.deskew_min_degrees:
        return Prepared(image)
    # ink along y = y0 + x*tan(a) (image rows run down): PIL's rotate by a brings it level
    level = image.rotate(angle, resample=Image.Resampling.BILINEAR, expand=False, fillcolor=255)
    return Prepared(level, angle)
