"""Self-checks: each check on a small fixture that must flag and one that must not. The checks only
add review reasons; the values stay as extracted."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from extract.extraction.checks.amount import check_amount
from extract.extraction.checks.names import check_project_names, name_flags
from extract.extraction.checks.parties import check_district, check_signatures, check_year, municipalities_of
from extract.model import BBox, Field, Flag, Project, Provenance, ReviewReason
from helpers import agreement_of, agreement_text, context_of, pages_to_document, rules, settings

R = ReviewReason
CTX = context_of(agreement_text())


@pytest.mark.parametrize(("name", "reason"), [
    ("1.1 Jugend Flex", R.PROJECT_NAME_MARKER),
    ("2.2. Berufscamp", R.PROJECT_NAME_MARKER),
    ("a) FAKT", R.PROJECT_NAME_MARKER),
    ("Sprache & Beruf c) MiA – Migrantinnen in Arbeit", R.PROJECT_NAME_MARKER),
    (". Ausbildungsreife stärken", R.PROJECT_NAME_MARKER),
    ("Jugendwerkstatt Lauterbach (85.000 €)", R.PROJECT_NAME_ANNOTATION),
    ("Jugend in Arbeit (Träger: Bauhaus Werkstätten Wiesbaden GmbH)", R.PROJECT_NAME_ANNOTATION),
    ("Maßnahmenart", R.PROJECT_NAME_HEADING),
    ("Projekt", R.PROJECT_NAME_HEADING),
    ("Ausbildungsvorbereitung", R.PROJECT_NAME_HEADING),
    ("Berufscamp Seite 2 von 3", R.PROJECT_NAME_FURNITURE),
    ("Jugend Flex AQB 2015", R.PROJECT_NAME_FURNITURE),
    ("Hessisches Ministerium für Soziales und Integration", R.PROJECT_NAME_FURNITURE),
    ("Die Förderung erfolgt nach Maßgabe des Bescheides", R.PROJECT_NAME_PROSE),
    (" ".join(["Wort"] * 21), R.PROJECT_NAME_PROSE),
    ("Teilzeitausbildung für", R.PROJECT_NAME_CONNECTOR_END),
    ("Nachqualifizierung zum Berufs-", R.PROJECT_NAME_CONNECTOR_END),
    ("Sprungbrett Ausbildung 2022.", R.PROJECT_NAME_CONNECTOR_END),
    ("A.N.K.E.R..", R.PROJECT_NAME_CONNECTOR_END),  # its dot and the full stop of a list written as a sentence
    ("Fortbildungsreihe Fallmanagement |", R.PROJECT_NAME_CONNECTOR_END),  # a table's rule read as a bar
    ("Teilzeitausbildung für Alleinerziehende (TAfA):", R.PROJECT_NAME_CONNECTOR_END),  # OCR read the list's semicolon as a colon
    ("zur Vorbereitung auf eine Teilzeitausbildung", R.PROJECT_NAME_FRAGMENT),
    ("2.0", R.PROJECT_NAME_FRAGMENT),
    ("AN.K.E.R.", R.PROJECT_NAME_GARBLED),
    ("EBERYFE.DEGER", R.PROJECT_NAME_GARBLED),
    ("AN.KER.", R.PROJECT_NAME_GARBLED),  # the dots between single letters lost
    ("‚Ausbildung und Ausbildungscoaching in anerkannten", R.PROJECT_NAME_GARBLED),  # a speck read as a low quote
    ("_JobStart (Berufsorientierung)", R.PROJECT_NAME_GARBLED),
    (") Berufscamp", R.PROJECT_NAME_GARBLED),  # a bullet OCR garbled, its siblings not bulleted
    ("= BASS 2020", R.PROJECT_NAME_GARBLED),
    ("–- FAKT", R.PROJECT_NAME_GARBLED),
    ("Assistierte Ausbildung flex –- kommunale Ergänzung", R.PROJECT_NAME_GARBLED),  # an en dash read as two
    ("FAKT 0 Berufsbezogene Deutschförderung für Geflüchtete", R.PROJECT_NAME_GARBLED),  # two items read as one line, a bullet between
    ("Ausbildung und Ausbildungscoaching in anerkannten", R.PROJECT_NAME_HEADING),  # a wrapped heading's first line
    ("(QuAli)", R.PROJECT_NAME_FRAGMENT),  # only the bracketed last part of a wrapped name
    ("A.N.K.ER,.", R.PROJECT_NAME_GARBLED),
    ("Ausbildung und Ausbildungsbegleitung entfällt", R.PROJECT_NAME_HEADING),  # a heading and its 'none' read as a project
])
def test_project_name_flags(name: str, reason: ReviewReason) -> None:
    assert reason in name_flags(name, CTX, set())


@pytest.mark.parametrize("name", [
    "Jugend Flex", "A.N.K.E.R.", "B.R.I.D.G.E.", "SPRINT Frauen 2.0", "BASS Studiengang 2024", "Begleitete Ausbildung",
    "TEB – Teilzeitberufsausbildung: Einstieg begleiten", "Kooperative BaE in Teilzeit", "Job-Perspektive 50plus",
    "Lernwerkstatt „Zukunft gestalten“", "Teilqualifizierung Lager und Logistik (TQ 1–3)", "Mädchen in MINT-Berufe",
    "Trägerverbund Nord", "Fahrerlaubnis C/CE mit Berufskraftfahrer-Qualifikation", "Ausbildung in Teilzeit",
    "Qualifizierung Plus", "„Fit für die Zukunft“", "Assistierte Ausbildung flex – kommunale Ergänzung", "Jugend Flex keine",
])
def test_good_project_names_are_not_flagged(name: str) -> None:
    assert name_flags(name, CTX, set()) == []


def _project(position: int, name: str, confidence: float | None = None) -> Project:
    return Project(position, "ausbildung", "Ausbildung", name, Provenance(1, "ocr", "projects.list", name, confidence, BBox(0, 0, 1, 1)))


def test_duplicates_and_low_confidence_names() -> None:
    projects = (_project(1, "Jugend Flex", 90), _project(2, "Berufscamp", 12), _project(3, "Jugend  Flex", 91))
    flags = check_project_names(CTX, projects, settings())
    assert Flag(R.PROJECT_NAME_DUPLICATE, "1") in flags and Flag(R.PROJECT_NAME_DUPLICATE, "3") in flags
    assert Flag(R.PROJECT_NAME_LOW_CONFIDENCE, "2") in flags
    assert Flag(R.PROJECT_NAME_LOW_CONFIDENCE, "1") not in flags


def test_a_heading_read_below_the_names_threshold_is_flagged_at_its_first_project() -> None:
    """'… Arbeitsmarktintegration, Farnaäfeicherung' (read at 0): the type matches, the heading's words do not."""
    weak, sure = "Qualifizierung zur Arbeitsmarktintegration, Farnaäfeicherung", "Ausbildung und Ausbildungsbegleitung"
    projects = (replace(_project(1, "Jugend Flex", 90), measure_type_raw=sure, heading_confidence=91.0),
                replace(_project(2, "FAKT", 90), measure_type_raw=weak, heading_confidence=0.0),
                replace(_project(3, "Berufscamp", 90), measure_type_raw=weak, heading_confidence=0.0))
    flags = check_project_names(CTX, projects, settings())
    assert [f for f in flags if f.code is R.MEASURE_TYPE_LOW_CONFIDENCE] == [Flag(R.MEASURE_TYPE_LOW_CONFIDENCE, "2")]
    layer = tuple(replace(p, heading_confidence=None) for p in projects)  # a text layer's heading has no confidence
    assert not [f for f in check_project_names(CTX, layer, settings()) if f.code is R.MEASURE_TYPE_LOW_CONFIDENCE]


def test_a_headings_confidence_is_its_own_words() -> None:
    """The heading's confidence comes from its words, not the project's under it, nor a speck OCR
    read before it and the extraction left out."""
    from extract.extraction.context import build_context
    from extract.extraction.projects import extract_projects
    from extract.extraction.segment import text_to_sections
    from extract.model import Document, Line
    from helpers import document_text, text_to_document

    text = agreement_text(projects="1. Ausbildungsvorbereitung\n- Jugend Flex\n2. Qualifizierung zur Fachkräftesicherung\n- Berufscamp")
    low = {"Fachkräftesicherung": 5.0, "Jugend": 20.0}
    layer = text_to_document(text)
    pages = tuple(replace(page, source="ocr", lines=tuple(
        Line(tuple(replace(w, conf=low.get(w.text, 93.0)) for w in line.words), line.gap_before, line.columns)
        for line in page.lines)) for page in layer.pages)
    document = Document(layer.path, layer.source_file, layer.sha256, pages)
    normalized = document_text(document)
    projects, _ = extract_projects(build_context(document, normalized, text_to_sections(normalized, rules()), rules()))
    assert [(p.project_name, p.heading_confidence) for p in projects] == [("Jugend Flex", 93.0), ("Berufscamp", 5.0)]


def test_ocr_name_in_a_born_digital_document_is_flagged() -> None:
    """A page of a born-digital document with too little text layer is OCRed: a name read there is
    flagged (OCR of print drops the dots of 'A.N.K.E.R.'); in a scan, where every page is OCRed, it is not."""
    from dataclasses import replace

    digital = replace(CTX.document, pages=(CTX.document.pages[0], replace(CTX.document.pages[0], number=2, source="ocr")))
    scan = replace(CTX.document, pages=tuple(replace(p, source="ocr") for p in CTX.document.pages))
    projects = (_project(1, "ANKER", 95),)
    text_layer = (Project(1, "ausbildung", "Ausbildung", "ANKER", Provenance(1, "text_layer", "projects.list", "ANKER", None, None)),)
    assert Flag(R.PROJECT_NAME_OCR_PAGE, "1") in check_project_names(replace(CTX, document=digital), projects, settings())
    assert Flag(R.PROJECT_NAME_OCR_PAGE, "1") not in check_project_names(replace(CTX, document=scan), projects, settings())
    assert Flag(R.PROJECT_NAME_OCR_PAGE, "1") not in check_project_names(replace(CTX, document=digital), text_layer, settings())


def test_running_header_glued_to_a_name_is_furniture() -> None:
    header = "Zielvereinbarung Landkreis Musterstadt Stand 03/2019"
    document = pages_to_document([f"{header}\nText eins.", f"{header}\nText zwei.", f"{header}\nText drei."])
    from dataclasses import replace
    ctx = replace(CTX, document=document)
    from extract.extraction.checks.names import _edge_lines
    assert R.PROJECT_NAME_FURNITURE in name_flags(f"Berufscamp {header}", ctx, _edge_lines(ctx))
    assert R.PROJECT_NAME_FURNITURE not in name_flags("Berufscamp", ctx, _edge_lines(ctx))


def test_incomplete_project_list_is_flagged() -> None:
    projects = "1. Ausbildungsvorbereitung\n- Jugend Flex\n- Berufscamp Nordhessen\n- Produktionsschule Marburg"
    ctx = context_of(agreement_text(projects=projects))
    assert Flag(R.PROJECTS_INCOMPLETE) in check_project_names(ctx, (_project(1, "Jugend Flex"),), settings())
    everything = (_project(1, "Jugend Flex"), _project(2, "Berufscamp Nordhessen"), _project(3, "Produktionsschule Marburg"))
    assert Flag(R.PROJECTS_INCOMPLETE) not in check_project_names(ctx, everything, settings())


def _amount(value: str) -> dict[str, Field]:
    return {"amount_eur": Field("amount_eur", Decimal(value))}


def test_an_amount_read_again_with_the_cents_the_pages_text_split_off_is_in_the_budget_section() -> None:
    """The page's OCR has '€ 1.392.019, 74' (a space after the comma); the amount line read again from the
    page image gave 1.392.019,74. The section's text holds those euros: the amount is the section's. A
    value read from the page's text must be there as read."""
    ctx = context_of(agreement_text(amount="€ 1.392.019, 74"))
    where = Provenance(page=1, source="ocr", rule="amount.currency_number", snippet="€ 1.392.019,74", reading="reread_x2_psm7_digits")
    reread = {"amount_eur": Field("amount_eur", Decimal("1392019.74"), where)}
    assert Flag(R.AMOUNT_OUTSIDE_BUDGET_SECTION) not in check_amount(ctx, reread)
    page = {"amount_eur": Field("amount_eur", Decimal("1392019.74"), replace(where, reading="page"))}
    assert Flag(R.AMOUNT_OUTSIDE_BUDGET_SECTION) in check_amount(ctx, page)


def test_amount_checks() -> None:
    assert check_amount(CTX, _amount("965950.00")) == []
    assert Flag(R.AMOUNT_IMPLAUSIBLE) in check_amount(CTX, _amount("96595000.00"))
    assert Flag(R.AMOUNT_OUTSIDE_BUDGET_SECTION) in check_amount(CTX, _amount("123400.00"))
    two = context_of(agreement_text(amount="965.950 Euro\n\nDas HMSI stellt weitere Haushaltsmittel von 182.600 Euro bereit."))
    assert Flag(R.AMOUNT_AMBIGUOUS) in check_amount(two, _amount("965950.00"))  # not co-financing: no own funds named
    part = context_of(agreement_text(amount="965.950 Euro.\n\nDavon sind 182.600 Euro für Sprachförderung vorgesehen."))
    assert check_amount(part, _amount("965950.00")) == []
    assert Flag(R.AMOUNT_AMBIGUOUS) in check_amount(part, _amount("182600.00"))
    total = context_of(agreement_text(amount="965.950 Euro\n\nGesamtsumme 1.065.950 Euro"))
    assert Flag(R.AMOUNT_TOTAL_MISMATCH) in check_amount(total, _amount("965950.00"))


def _fields(**values: object) -> dict[str, Field]:
    base = {"year": 2025, "district": "06434", "ministry_signed_place": "Wiesbaden", "ministry_signed_date": "2025-08-02",
            "district_signed_place": "Bad Homburg", "district_signed_date": "2025-10-13"}
    base.update(values)
    return {name: Field(name, value) for name, value in base.items()}  # type: ignore[arg-type]


def test_signature_checks() -> None:
    assert check_signatures(CTX, _fields()) == []
    assert Flag(R.SIGNED_PLACE_UNKNOWN, "district") in check_signatures(CTX, _fields(district_signed_place="Bad Hombrug"))
    assert Flag(R.DISTRICT_PLACE_OUTSIDE_DISTRICT) in check_signatures(CTX, _fields(district_signed_place="Fulda"))
    swapped = check_signatures(CTX, _fields(ministry_signed_place="Bad Homburg", district_signed_place="Wiesbaden"))
    assert Flag(R.MINISTRY_PLACE_NOT_WIESBADEN) in swapped and Flag(R.DISTRICT_PLACE_OUTSIDE_DISTRICT) in swapped
    assert Flag(R.SIGNED_DATE_OUTSIDE_WINDOW, "ministry") in check_signatures(CTX, _fields(ministry_signed_date="2019-08-02"))
    assert check_signatures(CTX, _fields(ministry_signed_date="2024-12-10")) == []
    same = _fields(district_signed_place="Wiesbaden", district_signed_date="2025-08-02")
    assert Flag(R.SIGNATURES_IDENTICAL) in check_signatures(CTX, same)
    wiesbaden = _fields(district="06414", district_signed_place="Wiesbaden", district_signed_date="2025-08-02")
    assert check_signatures(CTX, wiesbaden) == []


@pytest.mark.parametrize(("place", "kreis"), [("Bad Homburg v. d. Höhe", "06434"), ("Friedberg (Hessen)", "06440"),
                                              ("Frankfurt a. M.", "06412"), ("Dietzenbach", "06438"), ("Darmstadt", "06411"),
                                              ("Homberg/Efze", "06634"), ("Homberg (Efze)", "06634"), ("Frankfurt/Main", "06412"),
                                              ("Hofheim am Taunus", "06436")])
def test_gazetteer_knows_written_forms(place: str, kreis: str) -> None:
    assert kreis in {m.kreis_ags for m in municipalities_of(place, rules())}


def test_gazetteer_holds_the_hessian_municipalities() -> None:
    keys = {m.kreis_ags for m in rules().municipalities}
    assert len(rules().municipalities) >= 420 and keys == {d.ags for d in rules().districts}
    for district in rules().districts:
        assert municipalities_of(district.seat, rules()), district.seat


def test_year_title_and_body_disagree() -> None:
    assert check_year(CTX, _fields()) == []
    text = agreement_text().replace("Zielvereinbarung\n\n2025", "Zielvereinbarung\n\n2024", 1)
    assert check_year(context_of(text), _fields(year=2024)) == [Flag(R.YEAR_TITLE_BODY_MISMATCH)]


def test_district_title_and_body_disagree() -> None:
    assert check_district(CTX, _fields()) == []
    text = agreement_text().replace("und dem Landkreis Hochtaunuskreis", "und dem Landkreis Fulda", 1)
    assert check_district(context_of(text), _fields(district="06631")) == [Flag(R.DISTRICT_TITLE_BODY_MISMATCH)]


def test_a_well_formed_agreement_has_no_review_reasons() -> None:
    assert agreement_of(agreement_text()).review_reasons == ()


def test_blank_date_in_a_scan_is_flagged() -> None:
    from extract.extraction.agreement import document_to_agreement
    text = agreement_text(signatures="Wiesbaden, den ____________\n\nStaatsministerin\n\nBad Homburg, den 13.10.2025")
    document = pages_to_document([text], source="ocr")
    agreement, _ = document_to_agreement(document, rules(), settings())
    assert "ministry_signed_date_blank" in agreement.review_reasons


def test_heading_with_a_leftover_marker_is_flagged() -> None:
    def project(position: int, heading: str) -> Project:
        return Project(position, "ausbildung", heading, f"Projekt {position}", Provenance(1, "text_layer", "projects.list", "", None, None))
    flags = check_project_names(CTX, (project(1, "II. Ausbildung"), project(2, "II. Ausbildung"), project(3, "Qualifizierung")), settings())
    assert [f for f in flags if f.code is R.MEASURE_TYPE_HEADING_FORM] == [Flag(R.MEASURE_TYPE_HEADING_FORM, "1")]


def test_heading_with_a_speck_read_as_a_letter_is_flagged() -> None:
    def project(position: int, heading: str) -> Project:
        return Project(position, "weiterbildung_personal", heading, f"Projekt {position}", Provenance(1, "ocr", "projects.list", "", 90.0, None))
    wrapped = "Weiterbildungsmaßnahmen für Personal der Landkreise und kreisfreien Städte in der fachlichen Verantwortung für Benachteiligte im Kontext der"
    flags = check_project_names(CTX, (project(1, f"{wrapped} n Arbeitsmarktförderung"), project(2, f"{wrapped} Arbeitsmarktförderung")), settings())
    assert [f for f in flags if f.code is R.MEASURE_TYPE_HEADING_FORM] == [Flag(R.MEASURE_TYPE_HEADING_FORM, "1")]


def test_an_ocred_heading_with_a_speck_read_as_a_hyphen_is_flagged() -> None:
    """'Ausbildungs- und -Qualifizierungsvorbereitung': a hyphen glued to a capitalised word, which German
    never writes, on a scan; a text layer's heading is what its writer typed."""
    def project(position: int, heading: str, source: str) -> Project:
        return Project(position, "ausbildungsvorbereitung", heading, f"Projekt {position}", Provenance(1, source, "projects.list", "", 90.0, None))
    speck, right = "Ausbildungs- und -Qualifizierungsvorbereitung", "Ausbildungs- und Qualifizierungsvorbereitung"
    flags = check_project_names(CTX, (project(1, speck, "ocr"), project(2, right, "ocr")), settings())
    assert [f for f in flags if f.code is R.MEASURE_TYPE_HEADING_FORM] == [Flag(R.MEASURE_TYPE_HEADING_FORM, "1")]
    layer = check_project_names(CTX, (project(1, speck, "text_layer"),), settings())
    assert not [f for f in layer if f.code is R.MEASURE_TYPE_HEADING_FORM]


@pytest.mark.parametrize("misread, right", [
    ("Qualifizierung zur Arbeitsmarktintegration und F Fachkräftesicherung", "Qualifizierung zur Arbeitsmarktintegration und Fachkräftesicherung"),
    ("Ausbildung-in anerkannten Ausbildungsberufen", "Ausbildung in anerkannten Ausbildungsberufen"),
    ("Ausbildung in ’anerkannten Ausbildungsberufen", "Ausbildung in anerkannten Ausbildungsberufen"),  # a speck read as a mark
])
def test_an_ocred_heading_with_a_letter_read_twice_or_a_space_read_as_a_hyphen_is_flagged(misread: str, right: str) -> None:
    """'und F Fachkräftesicherung' (the word's first letter read twice), 'Ausbildung-in' (a space read as a
    hyphen): shapes OCR leaves that a heading close to a known one does not show otherwise."""
    def project(position: int, heading: str) -> Project:
        return Project(position, "qualifizierung", heading, f"Projekt {position}", Provenance(1, "ocr", "projects.list", "", 90.0, None))
    flags = check_project_names(CTX, (project(1, misread), project(2, right)), settings())
    assert [f for f in flags if f.code is R.MEASURE_TYPE_HEADING_FORM] == [Flag(R.MEASURE_TYPE_HEADING_FORM, "1")]


def test_co_financing_is_not_a_second_budget() -> None:
    text = agreement_text(amount="965.950 Euro\n\nDer Landkreis stellt eine Kofinanzierung in Höhe von 182.600 Euro aus eigenen Mitteln bereit.")
    assert check_amount(context_of(text), _amount("965950.00")) == []
    assert Flag(R.AMOUNT_AMBIGUOUS) in check_amount(context_of(text), _amount("182600.00"))


def test_last_years_amount_read_as_the_budget_is_flagged() -> None:
    text = agreement_text(amount="Im Vorjahr 2024 standen dem Landkreis Mittel in Höhe von € 1.525.500 zur Verfügung.\n\n965.950 Euro")
    assert Flag(R.AMOUNT_AMBIGUOUS) in check_amount(context_of(text), _amount("1525500.00"))
    assert check_amount(context_of(text), _amount("965950.00")) == []


@pytest.mark.parametrize(("heading", "right"), [("Ausbildung in anerkannten Ausbildungsberufen", True), ("Ausbildung in anerkannten", False),
                                               ("Fortbildung des kommunalen", False), ("II. Ausbildung", False),
                                               ("Qualifizierung (SGB II)", True), ("Weiterbildungsmaßnahmen für Personal der", False),
                                               ("Qualifizierung zur Arbeitsmarktintegration und Fachkräftesicherung _", False),
                                               ("‚Ausbildungsvorbereitung", False),
                                               ("Maßnahmen zur Ausbildungsvorbereitung Lil Produktionsschule Nordhessen;", False),
                                               ("Maßnahmen zur Ausbildungsvorbereitung Jugend Flex", False),
                                               ("Maßnahmen zur Ausbildungsvorbereitung", True),
                                               ("Ausbildung. in anerkannten Ausbildungsberufen", False),
                                               ("Qualifizierungsprojekte zur Arbeitsmarktintegration, Fachkräftesicherung 3.1", False),
                                               ("Qualifizierungsprojekte zur Arbeitsmarktintegration, Fachkräftesicherung", True),
                                               ("Ausbildung und Ausbildungscoaching in anerkannten Ausbildungsberufen", True)])
def test_heading_form(heading: str, right: bool) -> None:
    from extract.extraction.checks.names import heading_looks_right
    assert heading_looks_right(heading, CTX) is right


@pytest.mark.parametrize("name", ["M Fortbildungsreihe Fallmanagement", "EM Fortbildungsreihe Fallmanagement",
                                  "Teilqualifizierung Lager und Logistik (TQ 1-3)"])
def test_shapes_ocr_cannot_tell_apart_are_flagged_on_a_scan_only(name: str) -> None:
    """A bullet read as a letter or two before the name, a range's dash read as a hyphen: on a scan they
    may be OCR's; a text layer writes what its writer typed."""
    scanned = (_project(1, name, 92),)
    typed = (Project(1, "ausbildung", "Ausbildung", name, Provenance(1, "text_layer", "projects.list", name, None, None)),)
    assert Flag(R.PROJECT_NAME_GARBLED, "1") in check_project_names(CTX, scanned, settings())
    assert Flag(R.PROJECT_NAME_GARBLED, "1") not in check_project_names(CTX, typed, settings())
