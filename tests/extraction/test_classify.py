"""Classify stage: agreements are recognised from OCR-tolerant evidence, independent of segmentation;
only documents that are positively something else are rejected, with the evidence."""

from __future__ import annotations

import re

import pytest

from extract.errors import NotAnAgreementError
from extract.extraction.classify import classify
from helpers import agreement_of, agreement_text, context_of, seed_text


def test_seeds_and_synthetic_agreement_are_agreements_without_flags() -> None:
    for text in (seed_text(0), seed_text(1), agreement_text()):
        verdict = classify(context_of(text))
        assert verdict.is_agreement and verdict.flags == ()
        assert {"title", "programme", "ministry", "district", "sections"} <= verdict.kinds()


def _without_section_signs(text: str) -> str:
    return re.sub(r"(?m)^§ \d+\n", "", text)


def test_agreement_without_any_section_header_is_still_an_agreement() -> None:
    text = _without_section_signs(agreement_text())
    agreement = agreement_of(text)
    assert agreement.value("district") == "06434"
    # the titles alone still give the sections
    assert classify(context_of(text)).is_agreement


def test_agreement_whose_sections_cannot_be_read_is_flagged_not_lost() -> None:
    text = "\n".join(line for line in agreement_text().split("\n") if not line.startswith("§"))
    text = re.sub(r"(?m)^(Verpflichtungen der|Haushaltsmittel und|Umsetzung der UN|Zielsteuerung|Kontinuierlicher|Ausbildungs- und Qualifizierungsbudget$).*$", "", text)
    agreement = agreement_of(text)
    assert "sections_not_found" in agreement.review_reasons
    assert agreement.needs_review


@pytest.mark.parametrize("title", ["Zielvereinbanung", "Z i e l v e r e i n b a r u n g", "ZIELVEREINBARUNG", "_Zielvereinbarung"])
def test_ocr_forms_of_the_title(title: str) -> None:
    text = agreement_text().replace("Zielvereinbarung\n", f"{title}\n", 1)
    verdict = classify(context_of(text))
    assert verdict.is_agreement and "title" in verdict.kinds()


def test_unreadable_title_with_programme_parties_and_structure_is_an_agreement_flagged() -> None:
    text = agreement_text().replace("Zielvereinbarung\n", "Z!e|v#r€inb@\n", 1)
    agreement = agreement_of(text)
    assert "title_not_found" in agreement.review_reasons


def test_cover_letter_bundled_before_the_agreement_is_an_agreement() -> None:
    letter = "Sehr geehrte Damen und Herren,\n\nanbei die Zielvereinbarung.\n\nMit freundlichen Grüßen\n\f"
    assert classify(context_of(letter + agreement_text())).is_agreement


BESCHEID = """Regierungspräsidium Kassel

Kreisausschuss des Werra-Meißner-Kreises

Bezug: Ihr Antrag vom 21. Februar 2022;
Zielvereinbarung zwischen dem Hessischen Ministerium für Soziales und Integration und dem Werra-Meißner-Kreis
für das Ausbildungs- und Qualifizierungsbudget (AQB) 2022

ZUWENDUNGSBESCHEID

Sehr geehrte Damen und Herren,
auf Ihren Antrag bewillige ich Ihnen eine Zuwendung in Höhe von 812.300,00 Euro.

Rechtsbehelfsbelehrung
Gegen diesen Bescheid kann Klage erhoben werden.
"""

MINUTES = """Niederschrift über die Umsetzungsbesprechung AQB 2024

Teilnehmende: HMSI, Landkreis Offenbach

TOP 1 Zielvereinbarung zum Ausbildungs- und Qualifizierungsbudget 2024
Die Zielvereinbarung zwischen dem HMSI und dem Landkreis Offenbach wurde unterzeichnet.
TOP 2 Verschiedenes
"""

OTHER_PROGRAMME = agreement_text().replace("Ausbildungs- und Qualifizierungsbudgets", "Landesprogramms Gemeindepflege").replace(
    "Ausbildungs- und Qualifizierungsbudget", "Landesprogramm Gemeindepflege")


@pytest.mark.parametrize(("text", "evidence"), [(BESCHEID, "bescheid"), (MINUTES, "minutes"), (OTHER_PROGRAMME, "another programme")],
                         ids=["bescheid", "minutes", "other programme"])
def test_other_documents_are_rejected_with_their_evidence(text: str, evidence: str) -> None:
    verdict = classify(context_of(text))
    assert not verdict.is_agreement
    assert verdict.reason.startswith("not a Zielvereinbarung")
    assert evidence in verdict.reason
    with pytest.raises(NotAnAgreementError):
        agreement_of(text)


def test_empty_text_is_rejected() -> None:
    assert classify(context_of("   \n\n")).reason.startswith("no text found")
