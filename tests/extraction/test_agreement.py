"""document_to_agreement: a fault in one extractor costs its values, never the agreement."""

from __future__ import annotations

import logging

import pytest

from extract.errors import MissingDependencyError
from extract.extraction import agreement as agreement_module
from helpers import agreement_of, agreement_text


def _broken(*_args: object, **_kwargs: object) -> object:
    raise IndexError("list index out of range")


@pytest.mark.parametrize(
    ("extractor", "part", "emptied"),
    [
        ("extract_projects", "projects", "projects"),
        ("extract_signatures", "signatures", "ministry_signed_place"),
        ("extract_amount", "amount_eur", "amount_eur"),
    ],
)
def test_a_failing_extractor_leaves_a_flagged_agreement(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
                                                       extractor: str, part: str, emptied: str) -> None:
    monkeypatch.setattr(agreement_module, extractor, _broken)
    with caplog.at_level(logging.ERROR, logger="extract.extraction.agreement"):
        agreement = agreement_of(agreement_text())
    assert f"extraction_failed:{part}" in agreement.review_reasons
    assert agreement.value("district") == "06434" and agreement.value("year") == 2025  # the other values stay
    assert not getattr(agreement, emptied, None) and agreement.value(emptied) is None
    assert "IndexError" in caplog.text  # the traceback is logged for a bug report


def test_a_missing_program_is_no_extraction_fault(monkeypatch: pytest.MonkeyPatch) -> None:
    """An aqb error (Tesseract missing during a re-read) still ends the document: it is not a bug to paper over."""

    def missing(*_args: object, **_kwargs: object) -> object:
        raise MissingDependencyError("tesseract not found")

    monkeypatch.setattr(agreement_module, "extract_projects", missing)
    with pytest.raises(MissingDependencyError):
        agreement_of(agreement_text())


def _ocr_agreement(low: set[str]) -> tuple[str, ...]:
    """The review reasons of a compact agreement read by OCR, its words at 95 but those in `low` at 40."""
    from dataclasses import replace

    from extract.extraction.agreement import document_to_agreement
    from extract.model import Document, Line
    from helpers import rules, settings, text_to_document

    layer = text_to_document(agreement_text())
    pages = tuple(replace(page, source="ocr", lines=tuple(
        Line(tuple(replace(w, conf=40.0 if w.text in low else 95.0) for w in line.words), line.gap_before, line.columns)
        for line in page.lines)) for page in layer.pages)
    agreement, _ = document_to_agreement(Document(layer.path, layer.source_file, layer.sha256, pages), rules(), settings())
    return agreement.review_reasons


def test_a_ministry_spelled_as_its_gazetteer_name_needs_no_look_for_a_word_read_low() -> None:
    """'Hessischen' read at 40 in a name the gazetteer holds letter for letter: no misread letter spells
    a known ministry. A year or an amount read as low is still flagged."""
    assert not any(r.startswith("low_confidence") for r in _ocr_agreement(set()))
    assert "low_confidence:ministry" not in _ocr_agreement({"Hessischen"})
    assert "low_confidence:amount_eur" in _ocr_agreement({"965.950"})
