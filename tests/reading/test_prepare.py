"""Page preparation: a slanted page is measured and turned level; a level one is left alone."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from PIL import Image, ImageDraw

from extract.reading.prepare import as_read, prepare, slant
from extract.settings import Settings

ON = replace(Settings(), deskew_min_degrees=1.5)  # as by default (see Settings)


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


def test_deskewing_can_be_turned_off() -> None:
    slanted = page_with_lines().rotate(3.0, fillcolor=255)
    prepared = prepare(slanted, replace(Settings(), deskew_min_degrees=0.0))
    assert prepared.deskew == 0.0 and prepared.image is slanted


def test_a_blank_page_has_no_slant() -> None:
    assert slant(Image.new("L", (1240, 1754), 255), 5.0) == 0.0


def test_a_slight_slant_is_left_to_tesseract() -> None:
    """Under deskew_min_degrees the page is read as scanned (Tesseract copes with it)."""
    slanted = page_with_lines().rotate(1.0, resample=Image.Resampling.BICUBIC, fillcolor=255)
    assert slant(slanted, 5.0) == pytest.approx(-1.0, abs=0.25)
    prepared = prepare(slanted, ON)
    assert prepared.deskew == 0.0 and prepared.image is slanted


PAPER = (246, 240, 222)  # cream paper


def colour_page(text_ink: tuple[int, int, int]) -> Image.Image:
    """Text-like lines in text_ink on cream paper, a red seal's ring and a blue signature stroke over them."""
    gray = page_with_lines()
    image = Image.new("RGB", gray.size, PAPER)
    image.paste(Image.new("RGB", gray.size, text_ink), mask=gray.point(lambda v: 255 if v < 128 else 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((300, 300, 600, 600), outline=(200, 30, 40), width=8)
    draw.line((700, 500, 900, 420, 1000, 560), fill=(40, 60, 200), width=6)
    return image


@pytest.mark.parametrize("text_ink", [(15, 15, 15), (20, 30, 110)])
def test_a_seal_and_a_signature_in_other_colours_are_dropped_and_the_text_stays(text_ink: tuple[int, int, int]) -> None:
    page = colour_page(text_ink)
    prepared = prepare(page, Settings())
    gray = prepared.image
    assert gray.mode == "L" and prepared.dropped > 0
    assert gray.getpixel((450, 304)) > 200  # the seal's ring (top), off any text row ...
    assert gray.getpixel((800, 460)) > 200  # ... and the signature's stroke: paper now
    text = page_with_lines()
    inked = [(x, y) for x in range(120, 1100, 7) for y in (1000, 1009) if text.getpixel((x, y)) < 128]
    assert inked and all(gray.getpixel(p) < 100 for p in inked)  # the text below, away from the strokes, stays dark


@pytest.mark.parametrize("text_ink", [(15, 15, 15), (24, 27, 75)])
def test_a_signing_page_of_a_few_lines_keeps_its_text_when_seals_and_signatures_are_dropped(text_ink: tuple[int, int, int]) -> None:
    """A last page: four lines of print, long signature strokes in blue and two red seals, on paper
    that is almost all of the page: the text's ink is the darkest ink there, not the darkest 2% of
    the page's pixels (paper and the seals' edges, where text covers less than 2% of it)."""
    noise = np.random.default_rng(4).normal(0, 5, (1754, 1240, 1))  # the paper's grain: its pixels not all alike
    image = Image.fromarray(np.clip(np.array(PAPER, dtype=np.float64) + noise, 0, 255).astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(image)
    rows = [(150, 600), (600, 420), (1000, 480)]
    for y, end in rows:
        x = 120
        while x < end:
            draw.rectangle((x, y, x + 60, y + 12), fill=text_ink)
            x += 78
    for y in (560, 960):
        draw.line([(60 + 25 * k, y + (35 if k % 2 else -35)) for k in range(22)], fill=(40, 70, 190), width=5)
        draw.ellipse((150, y - 90, 330, y + 90), outline=(200, 30, 40), width=9)
    prepared = prepare(image, Settings())
    gray = prepared.image
    assert prepared.dropped > 0
    assert all(gray.getpixel((x + 30, y + 8)) < 100 for y, end in rows for x in range(120, end - 60, 78)
               if not (120 <= x + 30 <= 360 and abs(y - 560) < 100 or abs(y - 960) < 100))  # the print stays, away from the strokes
    assert gray.getpixel((240, 560 - 86)) > 200  # a seal's ring is paper now


def test_black_text_on_tinted_paper_is_only_turned_gray() -> None:
    gray = page_with_lines()
    image = Image.new("RGB", gray.size, PAPER)
    image.paste(Image.new("RGB", gray.size, (15, 15, 15)), mask=gray.point(lambda v: 255 if v < 128 else 0))
    prepared = prepare(image, Settings())
    assert prepared.dropped == 0.0 and prepared.image.mode == "L"


def test_a_gray_page_is_left_as_it_is() -> None:
    page = page_with_lines()
    assert prepare(page, replace(Settings(), deskew_min_degrees=0.0)).image is page


def test_colour_dropout_can_be_turned_off() -> None:
    prepared = prepare(colour_page((15, 15, 15)), replace(Settings(), ink_colour_tolerance=0.0))
    assert prepared.dropped == 0.0 and prepared.image.getpixel((450, 304)) < 200


def test_a_rendering_is_turned_as_the_page_was_read() -> None:
    """as_read levels first and then turns: the frame the page's OCR word boxes are in."""
    slanted = page_with_lines().rotate(3.0, resample=Image.Resampling.BICUBIC, fillcolor=255)
    prepared = prepare(slanted, ON)
    again = as_read(slanted, prepared.deskew, 90)
    assert again.size == (slanted.height, slanted.width)
    assert again.tobytes() == prepared.image.rotate(-90, expand=True).tobytes()


def test_a_page_keeps_its_deskew_angle_in_the_page_cache() -> None:
    from extract.ingest.serialize import json_to_page, page_to_json
    from extract.model import BBox, Line, Page, Word

    page = Page(2, "ocr", "OCR: no text layer; deskewed -2.4 degrees", (Line((Word("den", BBox(0.1, 0.2, 0.15, 0.22), 91.0),)),), 91.0, 0, -2.4)
    assert json_to_page(page_to_json(page)) == page
    older = {k: v for k, v in page_to_json(page).items() if k != "deskew"}  # a page cached before the angle was kept
    assert json_to_page(older).deskew == 0.0
