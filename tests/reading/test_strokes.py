"""A signature's straight slanted strokes through a line of print are set to paper; the print stays."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extract.reading.strokes import drop_strokes, long_runs, stroke_mask
from extract.settings import Settings

LENGTH = Settings().stroke_length
FONTS = [path for path in ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
                           "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf") if Path(path).exists()]
TEXT = "Wiesbaden, den 31.5.2025 VWAXYZ/7 Kreisbeigeordnete «AV» 1/2 w/x"


def _line(font_path: str | None, size: int = 40) -> Image.Image:
    """A line of print on paper, in a band as tall as the signing band's rows (about 1.25 font sizes)."""
    font = ImageFont.truetype(font_path, size) if font_path else ImageFont.load_default(size=size)
    image = Image.new("L", (2400, int(size * 1.25)), 235)
    ImageDraw.Draw(image).text((20, 1), TEXT, fill=20, font=font)
    return image


def test_long_runs_marks_runs_at_least_so_long() -> None:
    mask = np.array([[0, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1]], dtype=bool)
    assert long_runs(mask, 3).astype(int).tolist() == [[0, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1]]
    assert not long_runs(mask, 13).any()


@pytest.mark.parametrize("font_path", [*FONTS, None])
def test_print_has_no_stroke_long_enough(font_path: str | None) -> None:
    """Slanted letters ('V', 'W', 'A', '/', '7', '«'), upright stems and flat bars are no strokes."""
    image = _line(font_path)
    ink = np.asarray(image) < 128
    assert not (stroke_mask(ink, image.height, LENGTH) & ink).any()


def test_a_zigzag_through_the_line_is_set_to_paper_and_the_print_stays() -> None:
    image = _line(FONTS[0] if FONTS else None)
    clean = np.asarray(image) < 128
    signed = image.copy()
    height = signed.height
    points = [(300 + 45 * k, 2 if k % 2 else height - 3) for k in range(12)]  # a zigzag over the date, 60-70 degrees
    ImageDraw.Draw(signed).line(points, fill=25, width=3)
    stroke = (np.asarray(signed) < 128) & ~clean
    out = np.asarray(drop_strokes(signed, height, LENGTH)) < 128
    footprint = Image.new("L", signed.size, 0)  # where the strokes were drawn, with their soft edge
    ImageDraw.Draw(footprint).line(points, fill=255, width=11)  # 3 pixels wide, a run two pixels high, a soft edge
    under = np.asarray(footprint) > 0
    assert (out & stroke).sum() < 0.1 * stroke.sum()  # the signature's ink is gone ...
    assert (out & clean & ~under).sum() > 0.98 * (clean & ~under).sum()  # ... the print is kept, but where the strokes crossed it


def test_a_region_without_print_is_left_alone() -> None:
    blank = Image.new("L", (400, 50), 235)
    assert np.array_equal(np.asarray(drop_strokes(blank, 50, LENGTH)), np.asarray(blank))
