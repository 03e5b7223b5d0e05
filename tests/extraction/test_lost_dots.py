"""Dots OCR lost: 'ANKER' read where the page shows 'A.N.K.E.R.' (extract/extraction/checks/lost_dots.py)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extract.extraction.checks.lost_dots import dots_lost, inner_dots
from extract.model import BBox, Line, Page, Project, Provenance, Word
from helpers import rules

FOOT = float(rules().threshold("check.dots.foot_share"))
WIDEST = float(rules().threshold("check.dots.max_width"))
WIDTH, HEIGHT = 1200, 1700


def _word_image(text: str) -> tuple[Image.Image, BBox]:
    """A page image with `text` printed on gray paper, and its box (page fractions)."""
    image = Image.new("L", (WIDTH, HEIGHT), 236)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=36)
    draw.text((200, 400), text, fill=30, font=font)
    left, top, right, bottom = draw.textbbox((200, 400), text, font=font)
    return image, BBox(left / WIDTH, top / HEIGHT, right / WIDTH, bottom / HEIGHT)


def _region(image: Image.Image, box: BBox) -> np.ndarray:
    gray = np.asarray(image)
    return gray[int(box.y0 * HEIGHT) - 1:int(box.y1 * HEIGHT) + 2, int(box.x0 * WIDTH) - 1:int(box.x1 * WIDTH) + 2]


@pytest.mark.parametrize(("text", "dots"), [("A.N.K.E.R.", 4), ("B.R.I.D.G.E.", 5), ("ANKER", 0), ("BASS", 0), ("III,", 0)])
def test_dots_between_letters_on_the_image(text: str, dots: int) -> None:
    image, box = _word_image(text)
    assert inner_dots(_region(image, box), FOOT, WIDEST) == dots


def _project(name: str, box: BBox, conf: float | None = 88.0) -> tuple[Project, tuple[Page, ...]]:
    word = Word(name, box, conf)
    page = Page(1, "ocr" if conf is not None else "text_layer", "scan", (Line((word,)),))
    prov = Provenance(1, page.source, "projects.list", name, conf, box)
    return Project(1, "ausbildung", "Ausbildung", name, prov), (page,)


def test_a_name_read_without_the_dots_the_page_shows_is_flagged() -> None:
    image, box = _word_image("A.N.K.E.R.")
    project, pages = _project("ANKER", box)
    assert dots_lost(project, pages, lambda _: image, rules())
    plain, plain_box = _word_image("ANKER")  # written without dots: a name like any other
    project, pages = _project("ANKER", plain_box)
    assert not dots_lost(project, pages, lambda _: plain, rules())
    project, pages = _project("A.N.K.E.R.", box)  # read with its dots: nothing lost
    assert not dots_lost(project, pages, lambda _: image, rules())
    project, pages = _project("ANKER", box, conf=None)  # a text layer holds what was written
    assert not dots_lost(project, pages, lambda _: image, rules())
    project, pages = _project("ANKER", box)
    assert not dots_lost(project, pages, None, rules())  # no page image at hand
