"""Targeted re-reading of one region of a page: readings by kind, the candidate the check accepts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from extract.model import BBox
from extract.reading.ocr import ocr_page
from extract.reading.reread import READINGS, Candidate, PageReader, RegionKind, choose, cut
from extract.settings import Settings

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
DATE = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}")


def test_numbers_are_first_read_with_only_their_characters() -> None:
    first = READINGS[RegionKind.NUMBER][0]
    assert first.whitelist and set("0123456789.,€") <= set(first.whitelist)
    assert first.config().startswith("--psm 7 -c tessedit_char_whitelist=0123456789")
    assert " " not in first.config().split("=", 1)[1]
    assert all(r.whitelist is None for r in READINGS[RegionKind.TEXT])


def test_the_region_is_cut_with_white_around_it_and_scaled() -> None:
    image = Image.new("L", (1000, 1000), 0)
    region = cut(image, BBox(0.1, 0.1, 0.2, 0.15), 2)
    assert region.getpixel((0, 0)) == 255 and region.getpixel((region.width // 2, region.height // 2)) == 0
    assert region.width == pytest.approx(2 * (100 + 8) + 40, abs=4)


def test_choose_keeps_the_most_confident_accepted_candidate() -> None:
    candidates = (Candidate("29.3.2018 IE", 7.0, "page"), Candidate("29.3.2018", 90.0, "x2 psm7 digits"),
                  Candidate("29.3.2018", 96.0, "x2 psm7"), Candidate("", None, "x3 psm7 digits"))
    assert choose(candidates, lambda text: DATE.fullmatch(text) is not None) == candidates[2]
    assert choose(candidates, lambda text: False) is None


def _line_box(result, needle: str) -> BBox:
    for line in result.lines:
        hit = [w for w in line.words if needle in w.text]
        if hit:
            return BBox.union([w.bbox for w in hit])
    raise AssertionError(f"{needle!r} not on the page")


@pytest.mark.e2e
def test_a_date_with_a_stroke_beside_it_is_read_clean() -> None:
    """2018_06412_scan p. 3: the ministry's date is read as '29.3.2018' with a signature stroke
    read as a word beside it; the digit reading of the date's box gives the date alone."""
    settings = Settings()
    result = ocr_page(SAMPLES / "2018_06412_scan.pdf", 3, settings)
    reader = PageReader(SAMPLES / "2018_06412_scan.pdf", settings, {3: (result.rotation, result.deskew)})
    found = reader.reread(3, _line_box(result, "29.3.2018"), RegionKind.NUMBER, lambda t: DATE.fullmatch(t) is not None)
    assert found is not None and found.text == "29.3.2018" and found.reading.endswith("digits")


@pytest.mark.e2e
def test_a_project_name_read_closer() -> None:
    """2013_06440_scan p. 2: '(EQ plus)' read as '(EO plus)' on the page; read at twice the size it is '(EQ'."""
    settings = Settings()
    result = ocr_page(SAMPLES / "2013_06440_scan.pdf", 2, settings)
    reader = PageReader(SAMPLES / "2013_06440_scan.pdf", settings)
    found = reader.reread(2, _line_box(result, "(E"), RegionKind.TEXT, lambda t: t.startswith("(") and t[1:3].isupper())
    assert found is not None and found.text.startswith("(EQ")
