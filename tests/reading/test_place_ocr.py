"""Signing places OCR misread: a known place read in the wrong case or with one letter wrong is
taken for that place on OCRed pages only, a letter repair is flagged, and real places stay as read."""

from __future__ import annotations

import pytest

from extract.extraction.agreement import document_to_agreement
from helpers import agreement_text, rules, settings, text_to_document

HOCHTAUNUS = {"district": "dem Landkreis Hochtaunuskreis", "district_genitive": "des Landkreises Hochtaunuskreis"}


def signed(block: str, source: str) -> tuple[dict[str, object], tuple[str, ...]]:
    document = text_to_document(agreement_text(signatures=block, **HOCHTAUNUS), source)
    agreement, _ = document_to_agreement(document, rules(), settings())
    names = ("ministry_signed_place", "ministry_signed_date", "district_signed_place", "district_signed_date")
    return {name: agreement.value(name) for name in names}, agreement.review_reasons


@pytest.mark.parametrize(("written", "flagged"), [("wiesbaden", False), ("WIESBADEN", False), ("Wiesbaclen", True), ("wiesbaclen", True)])
def test_a_misread_ministry_place_is_the_known_place_on_an_ocr_page(written: str, flagged: bool) -> None:
    values, reasons = signed(f"{written}, den 2.8.2025\n\nStaatsministerin\n\nBad Homburg, den 13.10.2025\n\nKreisbeigeordnete", "ocr")
    assert values["ministry_signed_place"] == "Wiesbaden"
    assert values["ministry_signed_date"] == "2025-08-02"
    assert values["district_signed_place"] == "Bad Homburg"
    assert ("signed_place_ocr_repaired:ministry" in reasons) is flagged


def test_a_lower_case_place_on_a_text_layer_is_not_repaired() -> None:
    values, reasons = signed("wiesbaden, den 2.8.2025\n\nStaatsministerin\n\nBad Homburg, den 13.10.2025\n\nKreisbeigeordnete", "text_layer")
    assert values["ministry_signed_place"] is None
    assert "ministry_signature_missing" in reasons


def test_a_real_municipality_one_letter_from_a_known_place_stays_as_read() -> None:
    """'Usingen' is a municipality of the Hochtaunuskreis: never taken for another place."""
    values, reasons = signed("Wiesbaden, den 2.8.2025\n\nStaatsministerin\n\nUsingen, den 13.10.2025\n\nKreisbeigeordnete", "ocr")
    assert values["district_signed_place"] == "Usingen"
    assert not any(r.startswith("signed_place_ocr_repaired") for r in reasons)


def test_a_misread_word_no_known_place_is_close_to_is_not_taken() -> None:
    values, _ = signed("zusammen, den 2.8.2025\n\nStaatsministerin\n\nBad Homburg, den 13.10.2025\n\nKreisbeigeordnete", "ocr")
    assert values["ministry_signed_place"] != "zusammen"


def test_a_misread_first_word_of_a_place_is_repaired_not_dropped() -> None:
    """'Offenbaclh am Main': the place is Offenbach am Main, not the known word 'Main' after the noise."""
    block = "Wiesbaden, den 2.8.2025\n\nStaatsministerin\n\nOffenbaclh am Main, den 13.10.2025\n\nOberbürgermeister"
    document = text_to_document(agreement_text(signatures=block, district="der Stadt Offenbach am Main",
                                               district_genitive="der Stadt Offenbach am Main"), "ocr")
    agreement, _ = document_to_agreement(document, rules(), settings())
    assert agreement.value("district_signed_place") == "Offenbach am Main"
    assert agreement.fields["district_signed_place"].raw == "Offenbaclh am Main"
    assert "signed_place_ocr_repaired:district" in agreement.review_reasons


def test_a_place_followed_by_a_comma_is_not_joined_to_the_next_party_place() -> None:
    """'Wiesbaden, Dietzenbach, 23. November 2020': two places, the ministry's date left blank."""
    block = "Wiesbaden, Dietzenbach, 23. November 2020\nStaatsminister\tKreisbeigeordnete"
    document = text_to_document(agreement_text(signatures=block, district="dem Landkreis Offenbach",
                                               district_genitive="des Landkreises Offenbach"), "ocr")
    agreement, _ = document_to_agreement(document, rules(), settings())
    assert agreement.value("ministry_signed_place") == "Wiesbaden"
    assert agreement.value("district_signed_place") == "Dietzenbach"
    assert agreement.value("district_signed_date") == "2020-11-23"
