"""The PDF/A parts of the searchable PDF on small fixtures (no OCR): the glyphless font agrees with the
widths the PDF declares, the invisible text gives back its words, characters outside the 2-byte code
space are replaced rather than lost silently, and the document information comes from the agreement."""

from __future__ import annotations

import io
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pikepdf
import pytest
from fontTools.ttLib import TTFont

from conftest import SAMPLES
from extract.dataset.schema import AgreementRow
from extract.model import BBox, Line, Page, Word
from extract.review.archive import TITLE, document_info, pages_to_searchable_pdf
from extract.review.pdfa import FONT_NAME, GLYPH_WIDTH, REPLACEMENT, encode_text, glyphless_font

WHEN = datetime(2024, 9, 30, 10, 15, tzinfo=timezone.utc)


def test_glyphless_font_has_empty_glyphs_as_wide_as_the_pdf_says() -> None:
    font = TTFont(io.BytesIO(glyphless_font()))
    assert font.getGlyphOrder() == [".notdef", "blank"]
    for name in font.getGlyphOrder():
        assert font["glyf"][name].numberOfContours == 0
        assert font["hmtx"][name][0] == GLYPH_WIDTH
    assert font["name"].getDebugName(1) == FONT_NAME
    assert glyphless_font() == glyphless_font.__wrapped__()  # the same bytes every time


def test_text_outside_the_basic_plane_is_replaced() -> None:
    assert encode_text("Maß").decode("utf-16-be") == "Maß"
    assert encode_text("a\U0001F600b").decode("utf-16-be") == f"a{REPLACEMENT}b"


def agreement(year: int | None, district: str | None, reasons: str = "") -> AgreementRow:
    return AgreementRow(agreement_id="0" * 16, source_file="x.pdf", source_sha256="0" * 64, page_count=1, text_source="ocr",
                        year=year, district_ags="06438" if district else None, district_name=district, district_type=None,
                        district_name_raw=None, ministry=None, amount_eur=None, ministry_signed_place=None,
                        ministry_signed_date=None, district_signed_place=None, district_signed_date=None, project_count=0,
                        needs_review=bool(reasons), review_reasons=reasons, ocr_confidence=None, provenance="{}", source_present=True)


@pytest.mark.parametrize(("year", "district", "title"), [
    (2024, "Landkreis Offenbach", f"{TITLE} 2024, Landkreis Offenbach"),
    (None, "Landkreis Offenbach", f"{TITLE}, Landkreis Offenbach"),
    (2019, None, f"{TITLE} 2019"),
    (None, None, f"{TITLE} (scan.pdf)"),
])
def test_document_info_names_what_was_read(year: int | None, district: str | None, title: str) -> None:
    info = document_info("inbox/scan.pdf", "aqb / Tesseract", agreement(year, district), WHEN)
    assert info.title == title
    assert (district in info.keywords) is bool(district) and (str(year) in info.keywords) is bool(year)
    assert document_info("inbox/scan.pdf", "aqb", None, WHEN).title == f"{TITLE} (scan.pdf)"


def test_invisible_words_come_back_in_order(tmp_path: Path) -> None:
    texts = [["Zielvereinbarung", "über", "das"], ["Ausbildungs-", "und", "Qualifizierungsbudget", "2024"]]
    lines = tuple(Line(tuple(Word(text, BBox(0.1 + 0.2 * i, 0.1 + 0.05 * row, 0.28 + 0.2 * i, 0.13 + 0.05 * row), 90.0)
                             for i, text in enumerate(words)))
                  for row, words in enumerate(texts))
    page = Page(number=1, source="ocr", reason="test", lines=lines, confidence=90.0)
    target = tmp_path / "document.pdf"
    source = next(SAMPLES.glob("*_digital.pdf"))
    pages_to_searchable_pdf(source, (page,), target, document_info("x.pdf", "aqb", agreement(2024, "Landkreis Offenbach"), WHEN))
    text = subprocess.run(["pdftotext", str(target), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert text.split() == [word for words in texts for word in words]
    with pikepdf.open(target) as pdf:
        assert len(pdf.pages) == 1
        assert pdf.open_metadata()["xmp:CreateDate"] == WHEN.isoformat()
        assert str(pdf.docinfo["/Title"]) == f"{TITLE} 2024, Landkreis Offenbach"


@pytest.mark.parametrize(("reasons", "title"), [
    ("year_ambiguous", f"{TITLE}, Landkreis Offenbach"),
    ("low_confidence:district;ministry_signed_date_blank", f"{TITLE} 2024"),
    ("year_title_body_mismatch;district_conflict", f"{TITLE} (scan.pdf)"),
    ("ministry_signed_date_blank", f"{TITLE} 2024, Landkreis Offenbach"),
])
def test_a_value_flagged_for_review_stays_out_of_the_title(reasons: str, title: str) -> None:
    info = document_info("inbox/scan.pdf", "aqb", agreement(2024, "Landkreis Offenbach", reasons), WHEN)
    assert info.title == title
    assert ("06438" in info.keywords) is ("Landkreis Offenbach" in title)
