"""Whether a page read by OCR may be turned, from evidence that holds on sparse pages too.

A low mean confidence is one sign (an upside-down page reads as garbage). It misses a page fed
sideways: Tesseract reads its vertical lines word by word with high confidence, each word's box
standing upright (taller than wide), and the lines built from those boxes are columns of single
words. And a page with few words (a signature page) may be read upside down as specks and short
tokens with middling confidence. So the orientation is checked when
  - the mean confidence lies under Settings.reorient_below, or
  - most words of three or more characters have boxes taller than wide (Settings.reorient_tall_share), or
  - the page has a few words but almost none is German (Settings.reorient_min_dictionary).
A turned reading is kept when its evidence is better: confidence times the share of words lying flat.

A page fed sideways is also seen before it is read at all, so that it is read once, turned, not first
sideways: text lines leave dark rows with white between them, so the page's ink summed along its rows
is far more uneven than summed along its columns; on a page turned by a quarter it is the other way
round. When the rows' unevenness falls under Settings.sideways_profile_ratio times the columns', the
orientation is detected first and the page read turned; that reading is kept when it looks upright
by the evidence above, else the page is read as it lies too and the better reading kept."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import numpy as np
from PIL import Image

from extract.model import Line
from extract.reading.quality import layer_rules, text_to_quality
from extract.settings import Settings

MIN_WORD_CHARS = 3  # shorter words ('I', '1.', 'an') are as tall as wide in any orientation
MIN_JUDGED_WORDS = 5  # fewer words say nothing about the orientation by their dictionary rate
MIN_INK_PIXELS = 200  # fewer dark pixels in the small copy say nothing about where the lines run


class Trigger(Enum):
    """Why the orientation of a page was checked (shown in pages.csv)."""

    LOW_CONFIDENCE = "low confidence"
    UPRIGHT_WORDS = "word boxes taller than wide"
    NOT_GERMAN = "almost no German words"
    LINES_RUN_DOWN = "text lines running down the page"


@dataclass(frozen=True)
class Evidence:
    confidence: float | None
    tall_share: float  # share of the words of MIN_WORD_CHARS or more whose box is taller than wide
    words: int  # words judged by the dictionary
    dictionary_rate: float

    @property
    def score(self) -> float:
        """How well a reading looks upright: its confidence, less for every upright word box."""
        return (self.confidence or 0.0) * (1.0 - self.tall_share)


def lines_to_evidence(lines: tuple[Line, ...], confidence: float | None, width: int, height: int, settings: Settings) -> Evidence:
    """The evidence of a page's reading; width and height in pixels (boxes are page fractions)."""
    long = [w for line in lines for w in line.words if len(w.text) >= MIN_WORD_CHARS]
    tall = sum((w.bbox.y1 - w.bbox.y0) * height > (w.bbox.x1 - w.bbox.x0) * width for w in long)
    quality = text_to_quality("\n".join(line.text for line in lines), layer_rules(settings.models_dir))
    return Evidence(confidence, round(tall / len(long), 3) if long else 0.0, quality.words, quality.dictionary_rate)


def trigger(evidence: Evidence, settings: Settings) -> Trigger | None:
    """Why the page's orientation must be checked; None when its reading looks upright."""
    if evidence.confidence is None or evidence.confidence < settings.reorient_below:
        return Trigger.LOW_CONFIDENCE
    if evidence.tall_share >= settings.reorient_tall_share:
        return Trigger.UPRIGHT_WORDS
    if evidence.words >= MIN_JUDGED_WORDS and evidence.dictionary_rate < settings.reorient_min_dictionary:
        return Trigger.NOT_GERMAN
    return None


def unevenness(profile: np.ndarray) -> float:
    """How unevenly ink is spread over a profile's bins: 1.0 when even, higher the more it gathers."""
    total = float(profile.sum())
    return len(profile) * float(profile @ profile) / (total * total) if total else 1.0


def lines_run_down(image: Image.Image, settings: Settings) -> bool:
    """Whether the page's ink lies in columns rather than rows (a page fed sideways), measured on a
    small copy of the page (see the module's doc); False when off (ratio 0) or with too little ink."""
    from extract.reading.prepare import DARK, SAMPLE_WIDTH

    if not settings.sideways_profile_ratio:
        return False
    gray = image if image.mode == "L" else image.convert("L")
    ink = (np.asarray(gray.reduce(max(1, min(gray.size) // SAMPLE_WIDTH))) < DARK).astype(np.float64)
    if ink.sum() < MIN_INK_PIXELS:
        return False
    return unevenness(ink.sum(axis=1)) < settings.sideways_profile_ratio * unevenness(ink.sum(axis=0))
