"""Signature strokes drawn through a line of print, set to paper before the line is read again.

A signature signed across the typed signing line ('Wiesbaden, den 31.5.2025') crosses its letters with
long straight strokes (a zigzag, a flourish) of the print's darkness, which dropping the lighter ink
(inks.py) keeps. OCR then reads the crossed letters as others ('31.572075'). A stroke is told from the
print by its shape: a straight run of ink slanted between STROKE_ANGLES, longer than a share of the
line's height (settings.stroke_length). Letters have no such run: their stems stand upright, their bars
lie flat, and their slanted strokes ('V', 'A', '/', '7') are shorter than the line is high. The
runs are found by shearing the ink so that each slope tried lies flat (rows for slopes up to 45
degrees, columns for steeper ones) and taking its long runs, two pixels wide (a thin line's rounding
jitters by one); they are set to paper with their soft edge. Where a stroke crosses a letter the
letter loses a stroke's width, which OCR reads through."""

from __future__ import annotations

import math

import numpy as np
from PIL import Image, ImageFilter

from extract.reading.inks import levels

STROKE_ANGLES = (15, 79)  # degrees from the horizontal (either way) a signature's straight strokes lie within
ANGLE_STEP = 2  # degrees between the slopes tried
EDGE_PX = 1  # a stroke's soft edge: ink this close to its run is the stroke's


def _covered(full: np.ndarray, length: int, width: int) -> np.ndarray:
    """Pixels of rows `width` long inside any window of `length` that `full` marks at its start."""
    starts = full.shape[1]
    counts = np.zeros((full.shape[0], starts + 1), dtype=np.int32)
    counts[:, 1:] = np.cumsum(full, axis=1)
    columns = np.arange(width)
    high = np.minimum(columns, starts - 1) + 1
    low = np.clip(columns - length + 1, 0, starts)
    return (counts[:, high] - counts[:, low]) > 0


def long_runs(mask: np.ndarray, length: int) -> np.ndarray:
    """Where `mask` (bool) holds a run of at least `length` along axis 1."""
    if length < 1 or mask.shape[1] < length:
        return np.zeros(mask.shape, dtype=bool)
    counts = np.zeros((mask.shape[0], mask.shape[1] + 1), dtype=np.int32)
    counts[:, 1:] = np.cumsum(mask, axis=1)
    full = (counts[:, length:] - counts[:, :-length]) == length  # the window starting at x is all ink
    return _covered(full, length, mask.shape[1])


def _flat_runs(ink: np.ndarray, slope: float, length: int) -> np.ndarray:
    """The ink of straight runs of `slope` (rows per column, at most 1 either way) spanning at least
    `length` columns: the ink sheared so that the slope lies flat, runs two rows high."""
    height, width = ink.shape
    rows = np.arange(height)[:, None] + np.round(slope * np.arange(width)).astype(int)[None, :]
    columns = np.broadcast_to(np.arange(width), ink.shape)
    inside = (rows >= 0) & (rows < height)
    sheared = np.zeros(ink.shape, dtype=bool)
    sheared[inside] = ink[rows[inside], columns[inside]]
    pair = sheared.copy()
    pair[:-1] |= sheared[1:]
    run = long_runs(pair, length)
    found = sheared & (run | np.vstack([np.zeros((1, width), dtype=bool), run[:-1]]))
    out = np.zeros(ink.shape, dtype=bool)
    out[rows[found], columns[found]] = True
    return out


def stroke_mask(ink: np.ndarray, line_px: float, length_share: float) -> np.ndarray:
    """The ink (bool) of straight slanted strokes longer than `length_share` of the line's height."""
    mask = np.zeros(ink.shape, dtype=bool)
    stroke = length_share * line_px
    for degrees in range(STROKE_ANGLES[0], STROKE_ANGLES[1] + 1, ANGLE_STEP):
        angle = math.radians(degrees)
        for sign in (1, -1):
            if degrees <= 45:  # along the columns: the stroke spans length * cos columns
                mask |= _flat_runs(ink, sign * math.tan(angle), max(2, int(stroke * math.cos(angle))))
            else:  # along the rows: transpose, the stroke spans length * sin rows
                mask |= _flat_runs(ink.T, sign / math.tan(angle), max(2, int(stroke * math.sin(angle)))).T
    return mask


def drop_strokes(image: Image.Image, line_px: float, length_share: float) -> Image.Image:
    """The region (gray) with the straight slanted strokes through its line of print set to paper."""
    gray = np.asarray(image.convert("L"))
    ink, paper = levels(gray)
    if paper - ink < 64:  # hardly any print: nothing to tell apart
        return image.convert("L")
    mask = stroke_mask(gray < (ink + paper) / 2, line_px, length_share)
    if not mask.any():
        return image.convert("L")
    grown = np.asarray(Image.fromarray(mask.astype(np.uint8) * 255).filter(ImageFilter.MaxFilter(2 * EDGE_PX + 1))) > 0
    out = gray.copy()
    out[grown & (gray < paper)] = int(round(paper))
    return Image.fromarray(out)
