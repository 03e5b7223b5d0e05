"""A lone dash under a measure-type heading that OCR dropped is found on the page image: then the
heading says 'none'; a line of text there, or nothing at all, is no dash."""

from __future__ import annotations

from PIL import Image, ImageDraw, ImageFont

from extract.extraction.lost_dash import DashShape, dash_in_band
from extract.model import BBox
from helpers import rules

WIDTH, HEIGHT = 2480, 3508  # A4 at 300 dpi
SHAPE = DashShape.from_rules(rules())


def _page() -> tuple[Image.Image, ImageDraw.ImageDraw, BBox, BBox]:
    """'D. Fortbildung des kommunalen Fachpersonals' on paper; the heading's box and the band under it."""
    image = Image.new("L", (WIDTH, HEIGHT), 236)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=40)
    left, top, right, bottom = draw.textbbox((210, 600), "D. Fortbildung des kommunalen Fachpersonals", font=font)
    draw.text((210, 600), "D. Fortbildung des kommunalen Fachpersonals", fill=20, font=font)
    heading = BBox(left / WIDTH, top / HEIGHT, right / WIDTH, bottom / HEIGHT)
    line = bottom - top
    band = BBox((left - 100) / WIDTH, (bottom + 0.15 * line) / HEIGHT, right / WIDTH, (bottom + 3 * line) / HEIGHT)
    return image, draw, heading, band


def _dash(draw: ImageDraw.ImageDraw, heading: BBox) -> None:
    y = heading.y1 * HEIGHT + 60
    draw.rectangle((300, y, 322, y + 4), fill=25)  # '–' at the item indent: 22 x 4 pixels


def test_a_lone_dash_under_the_heading_says_none() -> None:
    image, draw, heading, band = _page()
    _dash(draw, heading)
    assert dash_in_band(image, heading, band, SHAPE)


def test_specks_beside_the_dash_do_not_matter() -> None:
    image, draw, heading, band = _page()
    _dash(draw, heading)
    for x in (700, 1200):
        draw.ellipse((x, heading.y1 * HEIGHT + 50, x + 3, heading.y1 * HEIGHT + 53), fill=40)
    assert dash_in_band(image, heading, band, SHAPE)


def test_a_line_of_text_under_the_heading_is_no_dash() -> None:  # a project OCR lost: keep the flag
    image, draw, heading, band = _page()
    draw.text((300, heading.y1 * HEIGHT + 45), "- Berufscamp", fill=20, font=ImageFont.load_default(size=40))
    assert not dash_in_band(image, heading, band, SHAPE)


def test_an_empty_band_is_no_dash() -> None:  # nothing under the heading: nothing says none
    image, _, heading, band = _page()
    assert not dash_in_band(image, heading, band, SHAPE)


def test_a_long_rule_is_no_dash() -> None:
    image, draw, heading, band = _page()
    draw.rectangle((300, heading.y1 * HEIGHT + 60, 900, heading.y1 * HEIGHT + 63), fill=25)
    assert not dash_in_band(image, heading, band, SHAPE)


def test_the_headings_underline_and_the_next_lines_capitals_reaching_in_are_not_the_band_s() -> None:
    image, draw, heading, band = _page()
    _dash(draw, heading)
    top, bottom = band.y0 * HEIGHT, band.y1 * HEIGHT
    draw.rectangle((250, top - 2, 1400, top + 1), fill=30)  # an underline at the band's top edge
    draw.text((210, bottom - 12), "Die Förderung der aufgeführten Maßnahmen", fill=20, font=ImageFont.load_default(size=40))
    assert dash_in_band(image, heading, band, SHAPE)


def _blurred_dash(draw: ImageDraw.ImageDraw, heading: BBox) -> None:
    """A thin dash as a scan's blur leaves it: a 3-pixel stroke whose core is only about half way
    from the print's ink to the paper, its edges lighter still (probe: core 124-140, ink 30, paper 233)."""
    y = int(heading.y1 * HEIGHT + 60)
    draw.rectangle((300, y, 322, y + 2), fill=185)
    draw.rectangle((302, y + 1, 320, y + 1), fill=132)


def test_a_dash_the_scans_blur_lightened_says_none_too() -> None:
    image, draw, heading, band = _page()
    _blurred_dash(draw, heading)
    assert dash_in_band(image, heading, band, SHAPE)


def test_faint_text_beside_a_lightened_dash_keeps_the_flag() -> None:  # a line OCR lost, printed pale
    image, draw, heading, band = _page()
    _blurred_dash(draw, heading)
    draw.text((420, heading.y1 * HEIGHT + 45), "Berufscamp", fill=170, font=ImageFont.load_default(size=40))
    assert not dash_in_band(image, heading, band, SHAPE)
