"""Measure-type headings as OCR reads them: specks around and between a heading's words."""

from __future__ import annotations

import pytest

from extract.extraction.headings import without_ocr_specks
from helpers import rules


@pytest.mark.parametrize(("read", "heading"), [
    ("Il Berufsorientierung und i Ausbildungsvorbereitung", "Berufsorientierung und Ausbildungsvorbereitung"),
    ("ıl; Maßnahmen zur Ausbildungsvorbereitung", "Maßnahmen zur Ausbildungsvorbereitung"),
    ("Ausbildung und Ausbildungscoaching - in anerkannten Ausbildungsberufen", "Ausbildung und Ausbildungscoaching in anerkannten Ausbildungsberufen"),
    ("Maßnahmen nach SGB II", "Maßnahmen nach SGB II"),  # an acronym and a roman numeral are words
    ("Weitere Maßnahmen: U 25", "Weitere Maßnahmen: U 25"),
    ("Fortbildung des kommunalen Fachpersonals", "Fortbildung des kommunalen Fachpersonals"),
    ("‚de Maßnahmen zur Ausbildungsvorbereitung", "Maßnahmen zur Ausbildungsvorbereitung"),  # a speck with a mark glued to it
    ("Weiterbildungsmaßnahmen für Personal im Kontext der -rF Arbeitsmarktförderung",
     "Weiterbildungsmaßnahmen für Personal im Kontext der Arbeitsmarktförderung"),
    ("„Weiterbildungsmaßnahmen für Personal der Landkreise und ‚kreisfreien Städte",  # quotes opened and never closed
     "Weiterbildungsmaßnahmen für Personal der Landkreise und kreisfreien Städte"),
    ("Ausbildungs- und Qualifizierungsvorbereitung", "Ausbildungs- und Qualifizierungsvorbereitung"),
    ("Maßnahmen zur Ausbildungsvorbereitung-", "Maßnahmen zur Ausbildungsvorbereitung"),  # a rule's end glued to the last word
    ("Qualifizierung, zur Arbeitsmarktintegration und Fachkräftesicherung;",
     "Qualifizierung zur Arbeitsmarktintegration und Fachkräftesicherung"),
    ("Ausbildung in anerkannten-Ausbildungsberufen", "Ausbildung in anerkannten Ausbildungsberufen"),  # the space OCR lost
    ("Qualifizierungsprojekte zur Arbeitsmarktintegration, Fachkräftesicherung",  # a comma the heading has stays
     "Qualifizierungsprojekte zur Arbeitsmarktintegration, Fachkräftesicherung"),
])
def test_specks_ocr_read_around_a_headings_words_are_left_out(read: str, heading: str) -> None:
    assert without_ocr_specks(read, rules()) == heading


def test_an_ocred_lists_heading_is_read_without_specks_a_text_layers_as_written() -> None:
    from extract.extraction.context import build_context
    from extract.extraction.projects import extract_projects
    from extract.extraction.segment import text_to_sections
    from helpers import agreement_text, document_text, pages_to_document

    block = "Il Berufsorientierung und i Ausbildungsvorbereitung:\n- Jugend Flex\n- Berufscamp"
    raws = {}
    for source in ("ocr", "text_layer"):
        document = pages_to_document([agreement_text(projects=block)], source=source)
        text = document_text(document)
        projects, _ = extract_projects(build_context(document, text, text_to_sections(text, rules()), rules()))
        raws[source] = {(p.measure_type, p.measure_type_raw) for p in projects}
    assert raws["ocr"] == {("ausbildungsvorbereitung", "Berufsorientierung und Ausbildungsvorbereitung")}
    assert raws["text_layer"] == {("ausbildungsvorbereitung", "Il Berufsorientierung und i Ausbildungsvorbereitung")}
