"""A lone dash under a measure-type heading that OCR dropped is found on the page image: then the
heading says 'none'; a line of text there, or nothing at all, is no dash."""

from __future__ import annotations

from types import SimpleNamespace

from PIL import Image, ImageDraw, ImageFont

from extract.extraction.lost_dash import DashShape, dash_in_band, dash_in_cell
from extract.model import BBox, Word
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


def _table_row() -> tuple[Image.Image, ImageDraw.ImageDraw, tuple[Word, ...], tuple[Word, ...]]:
    """A table row of a scan: a type cell wrapped over two lines at the left, the project cell beside it
    (from x 1200) empty but for what a test draws; the type words of its first line, and all its words."""
    image = Image.new("L", (WIDTH, HEIGHT), 236)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=40)
    words = []
    for k, text in enumerate(("Qualifizierung zur", "Arbeitsmarktintegration")):
        left, top, right, bottom = draw.textbbox((210, 600 + 50 * k), text, font=font)
        draw.text((210, 600 + 50 * k), text, fill=20, font=font)
        words.append(Word(text, BBox(left / WIDTH, top / HEIGHT, right / WIDTH, bottom / HEIGHT), 90.0))
    return image, draw, (words[0],), tuple(words)


def _ctx(image: Image.Image) -> SimpleNamespace:
    return SimpleNamespace(reader=SimpleNamespace(image=lambda page: image), document=SimpleNamespace(pages=[SimpleNamespace(source="ocr")]),
                           rules=rules())


def test_a_dash_centred_in_an_empty_project_cell_beside_a_wrapped_type_cell_says_none() -> None:
    image, draw, first, row = _table_row()
    y = int(row[1].bbox.y0 * HEIGHT)  # centred: beside the type cell's second line
    draw.rectangle((1300, y + 12, 1322, y + 15), fill=25)
    assert dash_in_cell(_ctx(image), 1, first, row, 1190 / WIDTH, 1900 / WIDTH)  # type: ignore[arg-type]


def test_a_project_cell_with_text_ocr_lost_or_nothing_keeps_the_flag() -> None:
    image, draw, first, row = _table_row()
    assert not dash_in_cell(_ctx(image), 1, first, row, 1190 / WIDTH, 1900 / WIDTH)  # type: ignore[arg-type]
    draw.text((1300, 600), "Berufscamp", fill=20, font=ImageFont.load_default(size=40))
    assert not dash_in_cell(_ctx(image), 1, first, row, 1190 / WIDTH, 1900 / WIDTH)  # type: ignore[arg-type]


def test_a_text_layers_row_is_never_read_from_an_image() -> None:
    image, draw, first, row = _table_row()
    draw.rectangle((1300, 612, 1322, 615), fill=25)
    ctx = _ctx(image)
    ctx.document.pages[0].source = "text_layer"
    assert not dash_in_cell(ctx, 1, first, row, 1190 / WIDTH, 1900 / WIDTH)  # type: ignore[arg-type]
