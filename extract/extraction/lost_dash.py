"""A dash under a measure-type heading that OCR dropped, found on the page image.

A list says a type has no project with a line of its own holding only a dash ('D. Fortbildung …' /
'–'). Tesseract drops such a lone short stroke: the text shows a heading with nothing under it, which
is flagged (measure_type_without_projects) because its projects may have been lost. The band under the
heading, down to the next line read, is looked at on the page image as OCR read it: when all its ink
is one short flat stroke (a dash: about a letter wide, far less high, at most specks beside it), the
line said 'none' and the heading is not flagged. Any other ink (a line of text OCR lost) keeps the flag.
A table says it in the project cell beside the type cell: its band is the cell's width over the row.

The shapes are data (models/thresholds.jsonl, `projects.dash_*`), in heights of the heading's line."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

from extract.extraction.context import Context, provenance
from extract.extraction.page_ink import print_threshold, region_of
from extract.model import BBox, Word
from extract.rules import Rules

MARGIN = 0.15  # the band keeps this many line heights clear of the heading above and the line below it
REACH_LEFT = 0.05  # the band starts this far (page widths) left of the heading: a dash may stand at the margin


@dataclass(frozen=True)
class DashShape:
    min_width: float  # a dash is at least this many line heights wide ...
    max_width: float  # ... and at most this many
    max_height: float  # ... and at most this many high
    speck: float  # ink at most this many line heights wide and high is a speck
    ink_level: float  # a pixel darker than this share of the way from ink to paper is ink

    @staticmethod
    def from_rules(rules: Rules) -> DashShape:
        names = ("min_width", "max_width", "max_height", "speck", "ink_level")
        return DashShape(*(float(rules.threshold(f"projects.dash_{name}")) for name in names))


def _pieces(ink: np.ndarray) -> list[tuple[int, int, int, int]]:
    """The ink's pieces as boxes (x0, y0, x1, y1): runs of inked columns, each with the rows it inks."""
    columns = ink.any(axis=0)
    edges = np.diff(np.concatenate(([0], columns.astype(np.int8), [0])))
    pieces = []
    for x0, x1 in zip(np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]):
        rows = np.nonzero(ink[:, x0:x1].any(axis=1))[0]
        pieces.append((int(x0), int(rows[0]), int(x1), int(rows[-1]) + 1))
    return pieces


def _without_neighbours(ink: np.ndarray) -> np.ndarray:
    """The band's ink without the rows that run on from its top or bottom edge: the heading's
    underline or descenders above, the next line's capitals below (a slanted scan's lines reach in)."""
    rows = [bool(r) for r in np.asarray(ink, dtype=bool).any(axis=1).reshape(-1)]
    kept = np.array(ink, dtype=bool)
    top = 0
    while top < len(rows) and rows[top]:
        top += 1
    bottom = len(rows)
    while bottom > top and rows[bottom - 1]:
        bottom -= 1
    kept[:top] = False
    kept[bottom:] = False
    return kept


def dash_in_band(image: Image.Image, heading: BBox, band: BBox, shape: DashShape) -> bool:
    """Whether the only ink of `band` (page fractions) besides specks is one dash. The print's ink and
    the paper's level, and the line height, are taken from the heading's words (`heading`)."""
    gray = np.asarray(image.convert("L"))
    words, region = region_of(gray, heading), region_of(gray, band)
    line_px = (heading.y1 - heading.y0) * gray.shape[0]
    if not words.size or not region.size or line_px < 4:
        return False
    threshold = print_threshold(words, shape.ink_level)
    if threshold is None:
        return False
    pieces = _pieces(_without_neighbours(region < threshold))
    specks = [p for p in pieces if p[2] - p[0] <= shape.speck * line_px and p[3] - p[1] <= shape.speck * line_px]
    others = [p for p in pieces if p not in specks]
    if len(others) != 1:
        return False
    x0, y0, x1, y1 = others[0]
    wide, high = (x1 - x0) / line_px, (y1 - y0) / line_px
    return bool(shape.min_width <= wide <= shape.max_width and high <= shape.max_height)


def dash_under(ctx: Context, start: int, end: int, below: int | None) -> bool:
    """Whether the heading at text span [start, end) of an OCRed page has a dash under it on the page
    image, in the band down to the line read at offset `below` (or to the heading's page's end)."""
    if ctx.reader is None:
        return False
    last = ctx.text.value.rfind("\n", start, end)
    heading = provenance(ctx, last + 1 if last >= 0 else start, end, "projects.dash")
    if heading.source != "ocr" or heading.page is None or heading.bbox is None:
        return False
    box = heading.bbox
    line = box.y1 - box.y0
    bottom = 1.0
    if below is not None:
        after = provenance(ctx, below, below + 1, "projects.dash")
        if after.page == heading.page and after.bbox is not None:
            bottom = after.bbox.y0
    band = BBox(max(0.0, box.x0 - REACH_LEFT), box.y1 + MARGIN * line, box.x1, bottom - MARGIN * line)
    if band.y1 <= band.y0:
        return False
    return dash_in_band(ctx.reader.image(heading.page), box, band, DashShape.from_rules(ctx.rules))


def dash_in_cell(ctx: Context, page: int, kind: tuple[Word, ...], row: tuple[Word, ...], left: float, right: float) -> bool:
    """Whether a table row's empty project cell holds a dash OCR dropped or misread ('_'): on the
    image of OCRed `page`, between `left` and `right` (page widths) over the height of the row's words
    (`row`; a dash may stand centred beside a type cell of several lines), all ink besides specks is
    one dash. `kind` are the type cell's words on the row's first line: the line's height and ink."""
    if ctx.reader is None or not kind or not row or ctx.document.pages[page - 1].source != "ocr":
        return False
    first = BBox.union([w.bbox for w in kind])
    band = BBox(left, min(w.bbox.y0 for w in row), right, max(w.bbox.y1 for w in row))
    if first is None or band.x1 <= band.x0:
        return False
    return dash_in_band(ctx.reader.image(page), first, band, DashShape.from_rules(ctx.rules))
