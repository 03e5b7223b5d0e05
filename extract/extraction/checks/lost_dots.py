"""Dots OCR lost: an abbreviation written with a dot after each capital ('A.N.K.E.R.') that OCR read
without them ('ANKER', a word like any other, read with confidence).

On the page image the dots stand at the letters' foot between them: runs of ink columns whose ink lies
in the word's lower part only (check.dots.foot_share of its height) and that are narrower than a
letter (check.dots.max_width heights), with a letter's run on either side. A word of three capitals
or more read without dots, below check.dots.max_confidence (the dots' ink makes OCR less sure; a
page image is made only for such words), whose image shows such a dot between each two of its
letters is flagged (project_name_garbled); its reading is left as it is, for a person to see."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PIL import Image

from extract.extraction.checks.name_gaps import ocr_box, runs_in
from extract.extraction.page_ink import print_threshold, region_of
from extract.model import BBox, Page, Project
from extract.rules import Rules


def inner_dots(region: np.ndarray, foot_share: float, max_width: float) -> int:
    """How many dots stand between letters in a word's gray image: runs of ink columns whose ink
    starts below `foot_share` of the ink's height and that are at most `max_width` heights wide,
    with a wider or taller run (a letter) somewhere left and right of them."""
    threshold = print_threshold(region)
    ink: np.ndarray = np.asarray(region < (128.0 if threshold is None else threshold))
    rows = np.flatnonzero(ink.any(axis=1))
    if rows.size == 0:
        return 0
    ink = ink[rows[0]:rows[-1] + 1]
    height = ink.shape[0]
    columns = [bool(c) for c in np.atleast_1d(ink.any(axis=0))]
    kinds = []  # per run of ink columns: a dot (True) or a letter (False)
    k = 0
    while k < len(columns):
        if not columns[k]:
            k += 1
            continue
        end = k
        while end < len(columns) and columns[end]:
            end += 1
        first_row = int(np.flatnonzero(ink[:, k:end].any(axis=1))[0])
        kinds.append(first_row >= foot_share * height and end - k <= max_width * height)
        k = end
    return sum(1 for i, dot in enumerate(kinds) if dot and not all(kinds[:i]) and not all(kinds[i + 1:]))


def dots_lost(project: Project, pages: tuple[Page, ...], image_of: Callable[[int], Image.Image] | None, rules: Rules) -> bool:
    """Whether a word of the OCRed name, three capitals or more read without a dot, shows a dot
    between each two of its letters on the page image (`image_of` a page number; None: no image)."""
    where = ocr_box(project, pages)
    if where is None or image_of is None or project.provenance.page is None:
        return False
    foot, widest = float(rules.threshold("check.dots.foot_share")), float(rules.threshold("check.dots.max_width"))
    sure = float(rules.threshold("check.dots.max_confidence"))
    words = [w for run in runs_in(*where, project.project_name) for w in run]
    caps = [w for w in words if len(letters := w.text.rstrip(".,;:")) >= 3 and letters.isalpha() and letters.isupper()
            and (w.conf is None or w.conf < sure)]
    if not caps:
        return False
    gray = np.asarray(image_of(project.provenance.page).convert("L"))
    pad = 1.5 / gray.shape[1]  # a pixel or so around the word's box: its strokes' edges
    return any(inner_dots(region_of(gray, BBox(w.bbox.x0 - pad, w.bbox.y0 - pad, w.bbox.x1 + pad, w.bbox.y1 + pad)), foot, widest)
               >= len(w.text.rstrip(".,;:")) - 1 for w in caps)
