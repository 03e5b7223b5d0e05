"""A signing date left blank on a scan, confirmed on the page image.

In a text layer a blank date is certain: nothing was typed there. On a scan OCR reads a date written
by hand into the blank ('Wiesbaden, den 12.3.' in ink) as nothing, or drops it as low-confidence
strokes, so a date OCR did not find may still be on the page. The slot where it would stand is looked
at on the page image as OCR read it: right of the place and its 'den' (up to the next word on the
line, at most as wide as a written date), from a little above the line (handwriting rises over the
line it is written on) to a little below it. The ink of the slot that is a rule (the line to write on:
a horizontal run of ink longer than a letter is wide) is set aside; what is left is counted. Where a
rule starts the slot, the date is written on it: the slot ends a little after the rule's end, so a
stamp or the other party's signature beside the rule is no date. A slot
with less ink than one small written character holds no date: the blank is confirmed and needs no
review. Any more ink (a written date, a signature or a stamp reaching into the slot) keeps the flag.

The limits are data (models/thresholds.jsonl, `signature.blank_slot_*`), in units of the height of
the place's line on the page image, so they hold at any resolution."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter

from extract.extraction.page_ink import print_threshold, region_of
from extract.model import BBox, Page, Word
from extract.rules import Rules

SLOT_GAP = 0.2  # the slot starts this many line heights right of the anchor's box
ONE_LINE = 1.8  # an anchor box taller than this many median word heights spans more than one line
RULE_EDGE_PX = 2  # a rule's soft edge: ink this close to a rule's run is the rule's (scanned rules fray and blur)
RULE_SLOPE_STEP = 0.01  # rows per column between the slopes tried for a slanted rule: a run of 100 pixels is off by half a row


@dataclass(frozen=True)
class SlotLimits:
    width: float  # the slot's widest reach right of the place, in line heights (a written date's width)
    min_width: float  # a narrower slot (the next word stands close) cannot show that no date is there
    above: float  # how far above the place's line the slot reaches, in line heights ...
    below: float  # ... and below it
    rule_run: float  # a horizontal run of ink longer than this many line heights is a rule, not writing
    max_ink: float  # a blank slot holds less ink than this many square line heights (specks, a rule's frayed ends)
    rule_start: float  # a rule starting within this many line heights of the slot's left edge is the one to write on ...
    rule_after: float  # ... and the slot ends this many line heights after its end
    rule_slope: float  # a rule may rise or fall by this many rows per column (a scan's skew OCR's deskew left)
    ink_level: float  # a pixel darker than this share of the way from print's ink to the paper is ink

    @staticmethod
    def from_rules(rules: Rules) -> SlotLimits:
        return SlotLimits(*(float(rules.threshold(f"signature.blank_slot_{name}"))
                            for name in ("width", "min_width", "above", "below", "rule_run", "max_ink", "rule_start", "rule_after",
                                          "rule_slope", "ink_level")))


@dataclass(frozen=True)
class SlotInk:
    """What the slot of a blank date holds: its box on the page and the ink that is not a rule."""

    bbox: BBox
    ink_px: int  # ink pixels left once rules are set aside
    limit_px: float  # the most a blank slot holds

    @property
    def blank(self) -> bool:
        return self.ink_px < self.limit_px


def _print(word: Word, min_conf: float) -> bool:
    """A word of print read well: letters or digits read with at least `min_conf` (strokes written by
    hand are read, if at all, as marks or with low confidence)."""
    return any(c.isalnum() for c in word.text) and (word.conf is None or word.conf >= min_conf)


def date_slot(anchor: BBox, page: Page, limits: SlotLimits, aspect: float, min_conf: float) -> BBox:
    """Where the date of a signing line would stand: right of `anchor` (the place and its 'den'), up to
    the next word of print on the line (the other party's place), at most `limits.width` line heights
    wide. `aspect` is the page's height over its width (boxes are in page fractions)."""
    height = anchor.y1 - anchor.y0
    right = min(1.0, anchor.x1 + limits.width * height * aspect)
    middle = (anchor.y0 + anchor.y1) / 2
    for line in page.lines:
        for word in line.words:
            box = word.bbox
            if box.x0 >= anchor.x1 and box.y0 <= middle <= box.y1 and _print(word, min_conf):
                right = min(right, box.x0)
    left = anchor.x1 + SLOT_GAP * height * aspect  # clear of the last letter's soft edge
    return BBox(left, max(0.0, anchor.y0 - limits.above * height), max(left, right), min(1.0, anchor.y1 + limits.below * height))


def _runs(ink: np.ndarray, longest: int) -> np.ndarray:
    """Where the ink is a horizontal run longer than `longest` pixels."""
    run = np.zeros(ink.shape, dtype=bool)
    for y in range(ink.shape[0]):
        edges = np.diff(np.concatenate(([0], ink[y].astype(np.int8), [0])))
        for start, end in zip(np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]):
            if end - start > longest:
                run[y, start:end] = True
    return run


def _rules_of(ink: np.ndarray, longest: int, max_slope: float) -> np.ndarray:
    """Where the ink is a straight run longer than `longest` pixels that rises or falls by at most
    `max_slope` (rows per column): rules and underlines, also where a scan's skew left them slanted
    (a slanted rule is no long horizontal run: it steps from row to row). The ink is sheared by each
    slope in steps of RULE_SLOPE_STEP and its horizontal runs, two rows high (a thin line's rounding
    jitters by a row around the slope tried), taken back to where they stand."""
    height, width = ink.shape
    rule = np.zeros(ink.shape, dtype=bool)
    columns = np.broadcast_to(np.arange(width), ink.shape)
    steps = int(round(max_slope / RULE_SLOPE_STEP))
    for slope in (k * RULE_SLOPE_STEP for k in range(-steps, steps + 1)):
        rows = np.arange(height)[:, None] + np.round(slope * np.arange(width)).astype(int)[None, :]
        inside = (rows >= 0) & (rows < height)
        sheared = np.zeros(ink.shape, dtype=bool)
        sheared[inside] = ink[rows[inside], columns[inside]]  # sheared[y, x] = ink[y + slope * x, x]
        pair = sheared.copy()  # row y with row y + 1: a thin line's rounding jitters by a row around the slope
        pair[:-1] |= sheared[1:]
        run = _runs(pair, longest)
        found = sheared & (run | np.vstack([np.zeros((1, width), dtype=bool), run[:-1]]))
        rule[rows[found], columns[found]] = True
    return rule


def _without_rules(ink: np.ndarray, rule: np.ndarray) -> np.ndarray:
    """The ink with the `rule` set aside, with its soft edge. Strokes that cross a rule keep their
    parts above and below it."""
    if not rule.any():
        return ink
    grown = Image.fromarray(rule.astype(np.uint8) * 255).filter(ImageFilter.MaxFilter(2 * RULE_EDGE_PX + 1))
    return ink & ~(np.asarray(grown) > 0)


def _written_on(rule: np.ndarray, line_px: float, limits: SlotLimits) -> int | None:
    """The column after which nothing written on the slot's rule stands: the end of the rule that
    starts the slot (within `limits.rule_start` line heights of its left edge) and `limits.rule_after`
    line heights more (a date may overrun its line); None without such a rule."""
    columns = np.nonzero(rule.any(axis=0))[0]
    if not columns.size or columns[0] > limits.rule_start * line_px:
        return None
    ends = np.nonzero(np.diff(columns) > 1)[0]  # the rule's first run of columns, up to a break in it
    end = int(columns[ends[0]] if ends.size else columns[-1])
    return end + int(limits.rule_after * line_px) + 1


def one_line(anchor: BBox, page: Page) -> bool:
    """Whether the anchor's box is one line high: its words (those whose middle lies in it) share a
    band of height, as the words of one line do also where a scan's skew staggers them (their box is
    then taller than the page's usual word), and it is at most ONE_LINE times as high as its highest
    word; without such words, at most ONE_LINE times the page's median word height. The words of a
    place that wrapped or were matched across lines give no slot to look at."""
    inside = [w.bbox for line in page.lines for w in line.words
              if anchor.x0 <= (w.bbox.x0 + w.bbox.x1) / 2 <= anchor.x1 and anchor.y0 <= (w.bbox.y0 + w.bbox.y1) / 2 <= anchor.y1]
    if inside:  # and the box is no taller than its words make it
        return max(box.y0 for box in inside) < min(box.y1 for box in inside) \
            and anchor.y1 - anchor.y0 <= ONE_LINE * max(box.y1 - box.y0 for box in inside)
    heights = sorted(w.bbox.y1 - w.bbox.y0 for line in page.lines for w in line.words)
    return bool(heights) and anchor.y1 - anchor.y0 <= ONE_LINE * heights[len(heights) // 2]


def slot_ink(image: Image.Image, anchor: BBox, page: Page, limits: SlotLimits, min_conf: float) -> SlotInk | None:
    """The ink in the slot of a blank date on the page image (gray, as OCR read it). The print's ink
    and the paper's level are taken from the anchor's own words, which are print. `min_conf`: the OCR
    confidence of a word of print that ends the slot (Settings.low_confidence). None when the slot
    cannot be placed (an anchor taller than a line, a slot off the page or too narrow to hold a date)."""
    gray = np.asarray(image.convert("L"))
    height_px, width_px = gray.shape
    slot = date_slot(anchor, page, limits, height_px / width_px, min_conf)
    line_px = max(1.0, (anchor.y1 - anchor.y0) * height_px)
    words, region = region_of(gray, anchor), region_of(gray, slot)
    if not words.size or not region.size or not one_line(anchor, page) or region.shape[1] < limits.min_width * line_px:
        return None
    limit = limits.max_ink * line_px * line_px
    found = print_threshold(words, limits.ink_level)  # faint handwriting is ink too: a pen lighter than print
    threshold = 128.0 if found is None else found
    ink = region < threshold
    rule = _rules_of(ink, int(limits.rule_run * line_px), limits.rule_slope)
    inked = _without_rules(ink, rule)
    right = _written_on(rule, line_px, limits)
    if right is not None and right < inked.shape[1]:
        inked = inked[:, :right]
        slot = BBox(slot.x0, slot.y0, slot.x0 + (slot.x1 - slot.x0) * right / region.shape[1], slot.y1)
    return SlotInk(slot, int(inked.sum()), limit)


def with_connector(anchor: BBox, page: Page, connectors: frozenset[str]) -> BBox:
    """The box of a place read alone ('Wiesbaden,'), widened over the word after it on its line that
    joins it to its date ('den', 'am'): the date's slot starts after that word."""
    middle = (anchor.y0 + anchor.y1) / 2
    after = sorted((w for line in page.lines for w in line.words
                    if w.bbox.x0 >= anchor.x1 - 0.002 and w.bbox.y0 <= middle <= w.bbox.y1), key=lambda w: w.bbox.x0)
    if after and after[0].text.strip(",.").lower() in connectors:
        return BBox(anchor.x0, min(anchor.y0, after[0].bbox.y0), after[0].bbox.x1, max(anchor.y1, after[0].bbox.y1))
    return anchor
