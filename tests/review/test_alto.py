"""ALTO pages validate against the ALTO 4.2 schema (tests/resources/alto, a copy of the official XSD with
its XLink import pointed at a local stand-in, so this runs offline) and keep the layout's blocks."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from extract.model import BBox, Line, Page, Word
from extract.review.archive import ALTO_NS, page_to_alto, plain_text

SCHEMA = Path(__file__).parents[1] / "resources" / "alto" / "alto-4-2.xsd"


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(file=str(SCHEMA))


def line(y: float, *texts: str, gap: bool = False, conf: float | None = 91.0) -> Line:
    return Line(tuple(Word(t, BBox(0.1 + 0.1 * i, y, 0.18 + 0.1 * i, y + 0.02), conf) for i, t in enumerate(texts)), gap_before=gap)


PAGE = Page(1, "ocr", "OCR: no text layer", (
    line(0.05, "Zielvereinbarung"), line(0.08, "zwischen", "dem", "Land", "Hessen"),
    line(0.2, "§", "1", "Gegenstand", gap=True), line(0.23, "Das", "Budget", conf=None),
    line(0.5, "Wiesbaden,", "den", gap=True),
), 88.0, 0)


def test_alto_validates_against_the_schema(schema: etree.XMLSchema) -> None:
    document = etree.fromstring(page_to_alto(PAGE, 2480, 3508, "a.pdf#page=1", "aqb test / Tesseract 5"))
    assert schema.validate(document), schema.error_log
    empty = etree.fromstring(page_to_alto(Page(2, "ocr", "blank", (), None, 0), 2480, 3508, "a.pdf#page=2", "aqb"))
    assert schema.validate(empty), schema.error_log


def test_a_schema_violation_is_caught(schema: etree.XMLSchema) -> None:
    document = etree.fromstring(page_to_alto(PAGE, 2480, 3508, "a.pdf#page=1", "aqb"))
    document.find(f".//{{{ALTO_NS}}}String").attrib["WC"] = "high"
    assert not schema.validate(document)


def test_blocks_follow_the_layout_paragraphs() -> None:
    document = etree.fromstring(page_to_alto(PAGE, 1000, 1000, "a.pdf#page=1", "aqb"))
    blocks = document.findall(f".//{{{ALTO_NS}}}TextBlock")
    lines = [[" ".join(s.get("CONTENT") for s in tl.findall(f"{{{ALTO_NS}}}String")) for tl in b.findall(f"{{{ALTO_NS}}}TextLine")]
             for b in blocks]
    assert lines == [["Zielvereinbarung", "zwischen dem Land Hessen"], ["§ 1 Gegenstand", "Das Budget"], ["Wiesbaden, den"]]
    first = blocks[0]
    assert (first.get("HPOS"), first.get("VPOS"), first.get("WIDTH"), first.get("HEIGHT")) == ("100", "50", "380", "50")
    assert document.find(f".//{{{ALTO_NS}}}String").get("WC") == "0.91"


def test_plain_text_sidecar_keeps_paragraphs_and_pages() -> None:
    second = Page(2, "ocr", "OCR", (line(0.1, "Seite", "zwei"),), 90.0, 0)
    assert plain_text((PAGE, second)) == ("Zielvereinbarung\nzwischen dem Land Hessen\n\n§ 1 Gegenstand\nDas Budget\n\nWiesbaden, den\n"
                                         "\fSeite zwei\n")
