"""Targeted re-reading wired into extraction: the amount and the signing dates of OCRed pages are read
again where they fail their check or were read with low confidence; the reading that passes the
check wins and is named in the value's provenance."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from conftest import SAMPLES
from extract.extraction.context import build_context
from extract.extraction.fields import extract_amount
from extract.extraction.segment import text_to_sections
from extract.extraction.signatures import extract_signatures
from extract.ingest.process import process_file
from extract.model import BBox, Document, Line
from extract.reading.reread import Candidate, RegionKind, choose, page_reader
from extract.settings import Settings
from helpers import agreement_text, document_text, pages_to_document, rules


class StubReader:
    """Answers a re-reading with fixed candidates and remembers what was asked."""

    def __init__(self, *candidates: Candidate) -> None:
        self.settings = Settings()
        self.candidates = candidates
        self.calls: list[tuple[int, BBox, RegionKind]] = []

    def reread(self, page, bbox, kind, accept):
        self.calls.append((page, bbox, kind))
        return choose(self.candidates, accept)


def _ocr_document(text: str, low: dict[str, float]) -> Document:
    """The text as one OCRed page: every word read with confidence 95, the words in `low` with theirs."""
    document = pages_to_document([text], source="ocr")
    page = document.pages[0]
    lines = tuple(Line(tuple(replace(w, conf=low.get(w.text, 95.0)) for w in line.words), line.gap_before, line.columns)
                  for line in page.lines)
    return replace(document, pages=(replace(page, lines=lines),))


def _context(document: Document, reader: StubReader | None):
    text = document_text(document)
    return build_context(document, text, text_to_sections(text, rules()), rules(), reader=reader)


def test_an_amount_that_fails_its_check_is_read_again_and_the_reading_named() -> None:
    """96.595,00 euros (a digit lost) is no district's budget: out of the plausible range."""
    reader = StubReader(Candidate("96.595,00", 60.0, "reread_x2_psm7"), Candidate("965.950,00 €", 91.0, "reread_x2_psm7_digits"))
    document = _ocr_document(agreement_text(amount="96.595,00 Euro"), {"96.595,00": 40.0})
    field = extract_amount(_context(document, reader))
    assert len(reader.calls) == 1 and reader.calls[0][2] is RegionKind.NUMBER
    assert field.value == Decimal("965950.00")
    assert field.provenance.reading == "reread_x2_psm7_digits" and field.provenance.confidence == 91.0


def test_a_confident_amount_is_not_read_again() -> None:
    reader = StubReader(Candidate("111.111", 99.0, "reread_x2_psm7_digits"))
    field = extract_amount(_context(_ocr_document(agreement_text(amount="965.950 Euro"), {}), reader))
    assert reader.calls == [] and field.value == Decimal("965950.00") and field.provenance.reading == "page"


def test_a_doubtful_amount_gives_way_only_to_a_more_confident_reading() -> None:
    document = _ocr_document(agreement_text(amount="965.950 Euro"), {"965.950": 50.0})
    weaker = StubReader(Candidate("985.950", 45.0, "reread_x2_psm7_digits"))
    assert extract_amount(_context(document, weaker)).value == Decimal("965950.00")
    stronger = StubReader(Candidate("985.950", 93.0, "reread_x2_psm7_digits"))
    field = extract_amount(_context(document, stronger))
    assert field.value == Decimal("985950.00") and field.provenance.reading == "reread_x2_psm7_digits"


def test_an_implausible_reading_is_not_taken() -> None:
    """A re-reading must pass the amount's check too: 96.595 euros is no district's budget."""
    reader = StubReader(Candidate("96.595", 97.0, "reread_x2_psm7_digits"))
    field = extract_amount(_context(_ocr_document(agreement_text(amount="96.595,00 Euro"), {"96.595,00": 40.0}), reader))
    assert len(reader.calls) == 1 and field.provenance.reading == "page" and field.value == Decimal("96595.00")


def test_an_illegible_signing_date_is_read_again() -> None:
    signatures = "Wiesbaden, den 2.B.2O25\n\nStaatsministerin\n\nBad Homburg, den 13.10.2025\n\nKreisbeigeordnete"
    document = _ocr_document(agreement_text(signatures=signatures), {"2.B.2O25": 30.0})
    reader = StubReader(Candidate("2.8.2025", 88.0, "reread_x2_psm7_digits"))
    fields, reasons = extract_signatures(_context(document, reader), "Bad Homburg v. d. Höhe")
    assert fields["ministry_signed_date"].value == "2025-08-02"
    assert fields["ministry_signed_date"].provenance.reading == "reread_x2_psm7_digits"
    assert fields["district_signed_date"].value == "2025-10-13" and fields["district_signed_date"].provenance.reading == "page"
    assert not any("illegible" in reason for reason in reasons)
    assert len(reader.calls) == 1


def test_text_layers_and_documents_without_their_pdf_get_no_reader() -> None:
    assert page_reader(pages_to_document(["x"], source="text_layer"), Settings()) is None
    assert page_reader(pages_to_document(["x"], source="ocr", path="/nonexistent/x.pdf"), Settings()) is None


@pytest.mark.e2e
def test_a_date_a_signature_stroke_touches_is_read_again_in_the_pipeline() -> None:
    """2018_06412_scan p. 3: the page's OCR reads the ministry's date with a stroke beside it as
    '29.3.2018 IE' (lowest word confidence 7); a sparse reading of the date's region reads the date
    alone, confidently, and provenance names that reading."""
    result = process_file(SAMPLES / "2018_06412_scan.pdf", "2018_06412_scan.pdf", Settings())
    date = result.agreement.fields["ministry_signed_date"]
    assert date.value == "2018-03-29" and date.raw == "29.3.2018"
    assert date.provenance.reading.startswith("reread_") and date.provenance.confidence >= Settings().low_confidence
    assert "low_confidence:ministry_signed_date" not in result.agreement.review_reasons
