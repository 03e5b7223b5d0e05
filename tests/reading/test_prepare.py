"""Page preparation: a slanted page is measured and turned level; a level one is left alone."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PIL import Image, ImageDraw

from extract.reading.prepare import prepare, slant
from extract.settings import Settings

ON = replace(Settings(), deskew_min_degrees=1.5)  # deskewing is off by default (see Settings)


def page_with_lines() -> Image.Image:
    """A page of text-like lines: rows of dark blocks (words) with white between the rows."""
    image = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(image)
    for row in range(30):
        y = 150 + row * 45
        x = 120
        while x < 1100:
            width = 40 + (row * 37 + x) % 90
            draw.rectangle((x, y, x + width, y + 18), fill=20)
            x += width + 18
    return image


@pytest.mark.parametrize("degrees", [-3.2, -2.0, 2.5, 3.0])
def test_a_slanted_page_is_measured_and_turned_level(degrees: float) -> None:
    slanted = page_with_lines().rotate(degrees, resample=Image.Resampling.BICUBIC, fillcolor=255)
    measured = slant(slanted, 5.0)
    assert measured == pytest.approx(-degrees, abs=0.25)
    prepared = prepare(slanted, ON)
    assert prepared.deskew == measured
    assert abs(slant(prepared.image, 5.0)) <= 0.2


def test_a_level_page_is_left_alone() -> None:
    page = page_with_lines()
    prepared = prepare(page, ON)
    assert prepared.deskew == 0.0 and prepared.image is page


def test_deskewing_is_off_by_default() -> None:
    slanted = page_with_lines().rotate(3.0, fillcolor=255)
    prepared = prepare(slanted, Settings())
    assert prepared.deskew == 0.0 and prepared.image is slanted


def test_a_blank_page_has_no_slant() -> None:
    assert slant(Image.new("L", (1240, 1754), 255), 5.0) == 0.0


def test_a_slight_slant_is_left_to_tesseract() -> None:
    """Under deskew_min_degrees the page is read as scanned (Tesseract copes with it)."""
    slanted = page_with_lines().rotate(1.0, resample=Image.Resampling.BICUBIC, fillcolor=255)
    assert slant(slanted, 5.0) == pytest.approx(-1.0, abs=0.25)
    prepared = prepare(slanted, ON)
    assert prepared.deskew == 0.0 and prepared.image is slanted
