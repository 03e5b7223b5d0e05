"""A signing date left blank on a scan is confirmed on the page image: a slot with nothing but the rule
to write on (and specks) is blank for certain; a slot with ink OCR did not read as a date (a date
written by hand, a signature reaching in) keeps the date flagged."""

from __future__ import annotations

import random

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extract.extraction.agreement import _needs_a_look
from extract.extraction.blank_dates import SlotLimits, slot_ink, with_connector
from extract.extraction.context import build_context
from extract.extraction.segment import text_to_sections
from extract.extraction.signatures import BLANK_CONFIRMED, DATE_INKED, extract_signatures
from extract.model import BBox, Flag, Line, Page, ReviewReason, Word
from extract.settings import Settings
from helpers import agreement_text, document_text, pages_to_document, rules

WIDTH, HEIGHT = 1654, 2339  # A4 at 200 dpi
LIMITS = SlotLimits.from_rules(rules())
MIN_CONF = Settings().low_confidence


def _page_image(rule: bool = True) -> tuple[Image.Image, BBox, ImageDraw.ImageDraw]:
    """A scanned signing line 'Wiesbaden, den ______' on gray paper: the image, the box of
    'Wiesbaden, den' in page fractions and a pen to add ink."""
    image = Image.new("L", (WIDTH, HEIGHT), 232)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=34)
    left, top, right, bottom = draw.textbbox((160, 1200), "Wiesbaden, den", font=font)
    draw.text((160, 1200), "Wiesbaden, den", fill=25, font=font)
    if rule:
        draw.line((right + 12, bottom + 2, right + 420, bottom + 2), fill=30, width=3)
    return image, BBox(left / WIDTH, top / HEIGHT, right / WIDTH, bottom / HEIGHT), draw


def _page(anchor: BBox, *more: Word) -> Page:
    words = (Word("Wiesbaden,", BBox(anchor.x0, anchor.y0, anchor.x1 - 0.04, anchor.y1), 93.0),
             Word("den", BBox(anchor.x1 - 0.03, anchor.y0, anchor.x1, anchor.y1), 95.0))
    return Page(4, "ocr", "no text layer", (Line(words + more),))


def _handwriting(draw: ImageDraw.ImageDraw, anchor: BBox, pen: int = 3) -> None:
    """A date written by hand over the rule: slanted strokes of a letter's height, a pen's gray."""
    rng = random.Random(7)
    x, base = anchor.x1 * WIDTH + 40, anchor.y1 * HEIGHT
    for _ in range(6):  # six figures: '12.3.15'
        points = [(x + rng.uniform(0, 14), base - rng.uniform(0, 40)) for _ in range(5)]
        draw.line(points, fill=70, width=pen)
        x += 30


def test_a_slot_with_only_the_rule_is_blank() -> None:
    image, anchor, _ = _page_image()
    found = slot_ink(image, anchor, _page(anchor), LIMITS, MIN_CONF)
    assert found is not None and found.blank and found.ink_px == 0
    assert anchor.x1 < found.bbox.x0 < anchor.x1 + 0.01 and found.bbox.x1 > anchor.x1 + 0.2  # right of 'den', a written date's width


def test_a_slot_without_a_rule_is_blank() -> None:  # 'Wiesbaden,' and room left after it
    image, anchor, _ = _page_image(rule=False)
    found = slot_ink(image, anchor, _page(anchor), LIMITS, MIN_CONF)
    assert found is not None and found.blank


def test_specks_and_paper_noise_leave_a_slot_blank() -> None:
    image, anchor, draw = _page_image()
    for dx in (60, 180, 300):
        x, y = anchor.x1 * WIDTH + dx, anchor.y0 * HEIGHT + 10
        draw.ellipse((x, y, x + 2, y + 2), fill=40)
    noisy = np.clip(np.asarray(image, dtype=np.float32) + np.random.default_rng(3).normal(0, 6, (HEIGHT, WIDTH)), 0, 255)
    found = slot_ink(Image.fromarray(noisy.astype(np.uint8)), anchor, _page(anchor), LIMITS, MIN_CONF)
    assert found is not None and found.blank


def _slanted_rule(draw: ImageDraw.ImageDraw, anchor: BBox, slope: float) -> None:
    """The rule to write on as a skewed scan keeps it: from under the place to the right, rising by
    `slope` rows per column (a 2-pixel line steps from row to row in runs shorter than a rule)."""
    x0, y0 = anchor.x0 * WIDTH, anchor.y1 * HEIGHT + 8
    draw.line((x0, y0, x0 + 600, y0 - 600 * slope), fill=30, width=2)


@pytest.mark.parametrize("slope", [0.02, -0.03, 0.045])
def test_a_slot_with_only_a_rule_the_scans_skew_left_slanted_is_blank(slope: float) -> None:
    image, anchor, draw = _page_image(rule=False)
    _slanted_rule(draw, anchor, slope)
    found = slot_ink(image, anchor, _page(anchor), LIMITS, MIN_CONF)
    assert found is not None and found.blank


def test_a_date_written_by_hand_on_a_slanted_rule_is_ink_in_the_slot() -> None:
    image, anchor, draw = _page_image(rule=False)
    _slanted_rule(draw, anchor, 0.02)
    _handwriting(draw, anchor)
    found = slot_ink(image, anchor, _page(anchor), LIMITS, MIN_CONF)
    assert found is not None and not found.blank


def test_a_faint_hand_lighter_than_print_is_ink_in_the_slot() -> None:
    """A ballpoint scanned in gray (150 on paper of 232, print at 25): lighter than print's half way,
    still a date written there."""
    image, anchor, draw = _page_image()
    rng = random.Random(5)
    x, base = anchor.x1 * WIDTH + 40, anchor.y1 * HEIGHT
    for _ in range(6):
        draw.line([(x + rng.uniform(0, 14), base - rng.uniform(0, 40)) for _ in range(5)], fill=150, width=2)
        x += 30
    found = slot_ink(image, anchor, _page(anchor), LIMITS, MIN_CONF)
    assert found is not None and not found.blank


@pytest.mark.parametrize("pen", [2, 4])
def test_a_date_written_by_hand_is_ink_in_the_slot(pen: int) -> None:
    image, anchor, draw = _page_image()
    _handwriting(draw, anchor, pen)
    found = slot_ink(image, anchor, _page(anchor), LIMITS, MIN_CONF)
    assert found is not None and not found.blank


def test_a_stamp_beside_the_rule_to_write_on_is_not_in_the_slot() -> None:
    """'Gelnhausen, den ______' with the district's seal pressed right of the rule: the date is written
    on the rule, so the slot ends a little after it and the seal is no date."""
    image, anchor, draw = _page_image(rule=False)
    rule_end = anchor.x1 * WIDTH + 12 + 160
    draw.line((anchor.x1 * WIDTH + 12, anchor.y1 * HEIGHT + 2, rule_end, anchor.y1 * HEIGHT + 2), fill=30, width=3)
    draw.ellipse((rule_end + 50, anchor.y0 * HEIGHT - 90, rule_end + 290, anchor.y0 * HEIGHT + 150), outline=90, width=4)
    found = slot_ink(image, anchor, _page(anchor), LIMITS, MIN_CONF)
    assert found is not None and found.blank
    assert found.bbox.x1 * WIDTH < rule_end + 60
    _handwriting(draw, anchor)  # a date written on the rule is still seen
    found = slot_ink(image, anchor, _page(anchor), LIMITS, MIN_CONF)
    assert found is not None and not found.blank


def test_handwriting_read_as_a_word_of_low_confidence_does_not_end_the_slot() -> None:
    image, anchor, draw = _page_image()
    _handwriting(draw, anchor)
    scrawl = Word("M4", BBox(anchor.x1 + 0.02, anchor.y0, anchor.x1 + 0.1, anchor.y1), 31.0)
    found = slot_ink(image, anchor, _page(anchor, scrawl), LIMITS, MIN_CONF)
    assert found is not None and not found.blank


def test_the_other_partys_place_ends_the_slot() -> None:  # side by side: its writing is not this date's
    image, anchor, draw = _page_image()
    other = BBox(anchor.x1 + 0.15, anchor.y0, anchor.x1 + 0.25, anchor.y1)
    draw.text((other.x0 * WIDTH, anchor.y0 * HEIGHT), "Gießen, den", fill=25, font=ImageFont.load_default(size=34))
    found = slot_ink(image, anchor, _page(anchor, Word("Gießen,", other, 94.0)), LIMITS, MIN_CONF)
    assert found is not None and found.blank and found.bbox.x1 == other.x0


def test_an_anchor_taller_than_a_line_gives_no_slot() -> None:
    image, anchor, _ = _page_image()
    tall = BBox(anchor.x0, anchor.y0 - 0.05, anchor.x1, anchor.y1)
    assert slot_ink(image, tall, _page(anchor), LIMITS, MIN_CONF) is None
    above = Word("Bad", BBox(anchor.x0, anchor.y0 - 0.05, anchor.x0 + 0.03, anchor.y1 - 0.05), 95.0)  # a place over two lines
    assert slot_ink(image, tall, _page(anchor, above), LIMITS, MIN_CONF) is None


def test_an_anchor_a_scans_skew_staggered_is_still_one_line() -> None:
    """'Wiesbaden,' and 'den.' a few pixels apart in height: their box is taller than the page's usual
    word (1.9 times), but they share a band: one line, whose slot is looked at."""
    image, anchor, _ = _page_image()
    high = anchor.y1 - anchor.y0
    staggered = BBox(anchor.x0, anchor.y0 - 0.55 * high, anchor.x1, anchor.y1)
    words = (Word("Wiesbaden,", BBox(anchor.x0, anchor.y0, anchor.x1 - 0.04, anchor.y1), 93.0),
             Word("den.", BBox(anchor.x1 - 0.03, anchor.y0 - 0.55 * high, anchor.x1, anchor.y1 - 0.55 * high), 95.0))
    # the page's usual word is smaller than a place with its capital and comma
    rest = tuple(Word("text", BBox(0.1, 0.1 + 0.02 * k, 0.15, 0.1 + 0.02 * k + 0.8 * high), 95.0) for k in range(9))
    page = Page(4, "ocr", "no text layer", (Line(words), Line(rest)))
    found = slot_ink(image, staggered, page, LIMITS, MIN_CONF)
    assert found is not None and found.blank


def test_a_slot_the_next_word_leaves_too_narrow_shows_nothing() -> None:  # the place read without its 'den'
    image, anchor, _ = _page_image()
    place = BBox(anchor.x0, anchor.y0, anchor.x1 - 0.04, anchor.y1)
    assert slot_ink(image, place, _page(anchor), LIMITS, MIN_CONF) is None


def test_a_place_read_alone_is_widened_over_its_den() -> None:
    _, anchor, _ = _page_image()
    place = BBox(anchor.x0, anchor.y0, anchor.x1 - 0.04, anchor.y1)
    connectors = frozenset(rules().words("signature.date_connectors"))
    assert with_connector(place, _page(anchor), connectors).x1 == anchor.x1
    assert with_connector(anchor, _page(anchor), connectors) == anchor  # nothing after 'den'


# -- the signature part: a blank date confirmed on the page needs no review ----------------------------

SIGNATURES = "Wiesbaden, den ____________\n\nStaatsministerin\n\nBad Homburg, den 13.10.2025\n\nKreisbeigeordnete"


class ImageReader:
    """The re-reading service of a scanned page: its image; no region reads better than the page."""

    def __init__(self, image: Image.Image) -> None:
        self.settings = Settings()
        self._image = image

    def image(self, page: int) -> Image.Image:
        return self._image

    def reread(self, page, bbox, kind, accept):
        return None


def _signed(ink_in_slot: bool, signatures: str = SIGNATURES):
    document = pages_to_document([agreement_text(signatures=signatures)], source="ocr")
    line = next(line for line in document.pages[0].lines if line.words[0].text == "Wiesbaden,")
    image = Image.new("L", (2000, 2800), 235)
    draw = ImageDraw.Draw(image)
    anchor = BBox.union([w.bbox for w in line.words[:2]])
    assert anchor is not None
    draw.rectangle((anchor.x0 * 2000, anchor.y0 * 2800, anchor.x1 * 2000, anchor.y1 * 2800), fill=20)  # the anchor's print
    for word in line.words[2:]:  # the rule to write on as OCR read it ('____'), and a seal's ink where it read more
        box = word.bbox
        if set(word.text) == {"_"}:
            draw.line((box.x0 * 2000, box.y1 * 2800, box.x1 * 2000, box.y1 * 2800), fill=20, width=3)
        else:
            draw.ellipse((box.x0 * 2000, box.y0 * 2800 - 40, box.x1 * 2000, box.y1 * 2800 + 40), outline=90, width=4)
    if ink_in_slot:  # figures written over the rule
        x, top, bottom = (anchor.x1 + 0.02) * 2000, anchor.y0 * 2800, anchor.y1 * 2800
        for k in range(4):
            draw.line((x + 12 * k, bottom, x + 12 * k + 5, top), fill=60, width=3)
    text = document_text(document)
    ctx = build_context(document, text, text_to_sections(text, rules()), rules(), None, ImageReader(image))  # type: ignore[arg-type]
    fields, reasons = extract_signatures(ctx, "Bad Homburg v. d. Höhe", 2025)
    return fields, reasons


def test_a_blank_date_the_page_shows_empty_needs_no_review() -> None:
    fields, reasons = _signed(ink_in_slot=False)
    assert fields["ministry_signed_date"].value is None and "ministry_signed_date_blank" in reasons
    assert fields["ministry_signed_date"].provenance.rule == BLANK_CONFIRMED
    assert not _needs_a_look(Flag(ReviewReason.MINISTRY_DATE_BLANK), fields)
    assert fields["district_signed_date"].value == "2025-10-13"


def test_a_date_ocr_read_as_nothing_with_ink_in_its_slot_is_illegible() -> None:
    """Nothing read after 'Wiesbaden, den', but the slot holds a hand: a date written and not read,
    flagged illegible (not blank), its provenance the slot (the review report's crop shows the hand)."""
    fields, reasons = _signed(ink_in_slot=True)
    assert fields["ministry_signed_date"].value is None and "ministry_signed_date_illegible" in reasons
    assert "ministry_signed_date_blank" not in reasons
    prov = fields["ministry_signed_date"].provenance
    assert prov.rule == DATE_INKED and prov.bbox is not None and prov.bbox.x0 >= 0.1
    assert _needs_a_look(Flag(ReviewReason.MINISTRY_DATE_ILLEGIBLE), fields)


def test_a_seal_read_as_words_beside_an_empty_slot_is_no_date() -> None:
    """OCR read the seal pressed right of the rule as words ('NR, fl RN'): they stand beyond the rule the
    date would be written on, and the slot on the rule is empty: a blank date, confirmed."""
    seal = SIGNATURES.replace("den ____________", "den ____________\tNR, fl RN")
    fields, reasons = _signed(ink_in_slot=False, signatures=seal)
    assert fields["ministry_signed_date"].value is None and "ministry_signed_date_blank" in reasons
    assert fields["ministry_signed_date"].provenance.rule == BLANK_CONFIRMED
    fields, reasons = _signed(ink_in_slot=True, signatures=seal)
    assert "ministry_signed_date_illegible" in reasons  # ink on the rule: what OCR read may be the date
