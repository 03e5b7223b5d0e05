"""Other ink over printed text: seals, stamps and signatures laid over a line of print.

A seal or a signature over a signing line ('Wiesbaden, den 2.8.2025') is read by Tesseract as strokes
of the letters beneath, or makes the line part of a picture region that is never recognised. Such
ink is lighter than the print it covers: a stamp pad's ink and a pen's ink scan as mid-gray where
toner scans black; on a colour scan it has another colour (dropped before OCR, reading/prepare.py).

`drop_lighter_ink` keeps the print and sets to paper the ink that is lighter than the print's core:
a pixel is kept when it is as dark as print (within `core_share` of the way from the print's ink to
the paper) or lies within `reach` pixels of such a pixel (the soft edge of a printed stroke, and a
seal's stroke where it crosses a letter); anything else that is not paper goes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter

INK_PERCENTILE = 1  # the darkest this share (per cent) of the region's pixels: the print's ink ...
PAPER_PERCENTILE = 60  # ... and this percentile: the paper (most of a line's region is paper)
PAPER_SHARE = 0.75  # a pixel at least this far from the ink towards the paper counts as paper
MIN_CONTRAST = 64  # gray levels between ink and paper: less, and a region holds hardly any print, or its print is sparse ...
MIN_DARK_PIXELS = 50  # ... and then this many pixels clearly darker than the paper are print enough to measure ...
DARK_PERCENTILE = 20  # ... its ink: the darkest this share (per cent) of them


@dataclass(frozen=True)
class Dropout:
    image: Image.Image  # gray, the lighter ink set to paper
    dropped: np.ndarray  # bool, the pixels set to paper
    share: float  # share of the region's pixels set to paper


def levels(gray: np.ndarray) -> tuple[float, float]:
    """The print's ink and the paper's gray level in a region. Where print is sparse (a signing line
    across a band of the page), its darkest INK_PERCENTILE is paper: the ink is then taken from the
    pixels clearly darker than the paper (MIN_CONTRAST), the darkest DARK_PERCENTILE of them."""
    ink, paper = float(np.percentile(gray, INK_PERCENTILE)), float(np.percentile(gray, PAPER_PERCENTILE))
    if paper - ink < MIN_CONTRAST:
        dark = gray[gray < paper - MIN_CONTRAST]
        if dark.size >= MIN_DARK_PIXELS:
            ink = float(np.percentile(dark, DARK_PERCENTILE))
    return ink, paper


def drop_lighter_ink(image: Image.Image, core_share: float, reach: int) -> Dropout:
    """The region with ink lighter than its print set to paper (see the module's doc)."""
    gray = np.asarray(image.convert("L"))
    ink, paper = levels(gray)
    if paper - ink < MIN_CONTRAST:  # hardly any print in the region: nothing to tell apart
        return Dropout(image.convert("L"), np.zeros(gray.shape, dtype=bool), 0.0)
    core = gray <= ink + core_share * (paper - ink)
    near = np.asarray(Image.fromarray(core.astype(np.uint8) * 255).filter(ImageFilter.MaxFilter(2 * reach + 1))) > 0
    inked = gray < ink + PAPER_SHARE * (paper - ink)
    dropped = inked & ~near
    out = gray.copy()
    out[dropped] = int(round(paper))
    return Dropout(Image.fromarray(out), dropped, round(float(dropped.mean()), 4))
