"""Ink on the page image as OCR read it, for the checks that look there (blank_dates.py, lost_dash.py):
a box's pixels, and the gray level that parts the print's ink from the paper."""

from __future__ import annotations

import numpy as np

from extract.model import BBox
from extract.reading.inks import MIN_CONTRAST, levels


def region_of(gray: np.ndarray, box: BBox) -> np.ndarray:
    """The pixels of `box` (page fractions) in a gray page image."""
    height, width = gray.shape
    return gray[max(0, int(box.y0 * height)):int(np.ceil(box.y1 * height)), max(0, int(box.x0 * width)):int(np.ceil(box.x1 * width))]


def print_threshold(print_region: np.ndarray, level: float = 0.5) -> float | None:
    """The gray level `level` of the way from the print's ink to the paper (0.5: half way) in a region
    of print (a line's words); None when the region holds too little print to tell."""
    ink, paper = levels(print_region)
    return ink + level * (paper - ink) if paper - ink >= MIN_CONTRAST else None
