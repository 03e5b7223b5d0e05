"""Project lists in an annex after the signatures, which the goals section points to."""

from __future__ import annotations

import pytest

import extract.extraction.annex as annex_module
from extract.extraction.agreement import document_to_agreement
from extract.extraction.context import Annex
from extract.extraction.projects import extract_projects
from extract.extraction.signatures import extract_signatures
from helpers import agreement_text, context_of, pages_to_document, rules, settings

INTRO = ("Der Landkreis finanziert mit den Mitteln des Ausbildungs- und Qualifizierungsbudgets 2025\n"
         "in den jeweiligen Maßnahmenarten folgende Projekte:\n\n\n\n"
         "Die Förderung der aufgeführten Maßnahmen erfolgt auf Basis und nach Maßgabe des Bescheides.")
REFERENCE = "Die geförderten Projekte sind in der Anlage zu dieser Zielvereinbarung aufgeführt."
LIST = ("1. Berufsorientierung und Ausbildungsvorbereitung\n- A.N.K.E.R.\n- Jugend Flex\n\n"
        "2. Qualifizierung zur Arbeitsmarktintegration und Fachkräftesicherung\n- FAKT\n")
TABLE = ("Maßnahmenart\tProjekt\n\nAusbildungsvorbereitung\tA.N.K.E.R.\n\nAusbildungsvorbereitung\tJugend Flex\n\n"
         "Qualifizierung\tFAKT\n")
WANT = [("ausbildungsvorbereitung", "A.N.K.E.R."), ("ausbildungsvorbereitung", "Jugend Flex"), ("qualifizierung", "FAKT")]


def _agreement(body: str, annex: str | None):
    text = agreement_text(projects="").replace(INTRO, body)
    pages = [text] if annex is None else [text, annex]
    agreement, _ = document_to_agreement(pages_to_document(pages), rules(), settings())
    return agreement


# a table whose project cells list their projects by bullets, its first row read without a cell break
BULLETED = ("Ausbildungs- und Qualifizierungsvorbereitung • A.N.K.E.R.\n\nAusbildung und Ausbildungscoaching in\t• Jugend Flex\n"
            "anerkannten Ausbildungsberufen\n\nQualifizierung zur Arbeitsmarktintegration\t• FAKT\n")
BULLETED_WANT = [("ausbildungsvorbereitung", "A.N.K.E.R."), ("ausbildung", "Jugend Flex"), ("qualifizierung", "FAKT")]


def test_an_annex_tables_first_row_read_without_a_cell_break_opens_the_list() -> None:
    """'Ausbildungs- und Qualifizierungsvorbereitung • A.N.K.E.R.' right under the annex's title: the
    text before the bullet names a type, so the list starts there and its first project is read."""
    agreement = _agreement(REFERENCE, f"Anlage\n\nGeförderte Projekte des Hochtaunuskreises im Jahr 2025\n\n{BULLETED}")
    assert [(p.measure_type, p.project_name) for p in agreement.projects] == BULLETED_WANT


@pytest.mark.parametrize("listing", [LIST, TABLE], ids=["list", "table"])
@pytest.mark.parametrize("title", ["Anlage zur Zielvereinbarung 2025\n\nGeförderte Projekte des Hochtaunuskreises im Jahr 2025",
                                   "Anlage 1: Projektübersicht AQB 2025", "Anlage"])
def test_a_list_in_the_annex_the_goals_section_points_to_is_read(listing: str, title: str) -> None:
    agreement = _agreement(REFERENCE, f"{title}\n\n{listing}")
    assert [(p.measure_type, p.project_name) for p in agreement.projects] == WANT
    assert (agreement.value("ministry_signed_place"), agreement.value("district_signed_place")) == ("Wiesbaden", "Bad Homburg")
    assert agreement.review_reasons == ()


def test_a_reference_to_an_annex_that_is_not_there_finds_no_projects() -> None:
    agreement = _agreement(REFERENCE, None)
    assert agreement.projects == () and "projects_not_found" in agreement.review_reasons


def test_an_annex_without_a_reference_is_not_read_for_projects() -> None:
    """Only a section pointing to it makes an annex hold the project list."""
    text = agreement_text(projects="").replace(INTRO, "Die Projekte werden gesondert beschieden.")
    assert context_of(f"{text}\n\nAnlage\n\n{LIST}").annex == Annex(None, None)


def test_a_list_in_the_section_wins_over_an_annex() -> None:
    """A list introduced in the goals section is the list, whatever an annex holds."""
    body = INTRO.replace("\n\n\n\n", "\n\n1. Ausbildungsvorbereitung\n- Berufscamp\n\n") + " Weitere Angaben in der Anlage."
    agreement = _agreement(body, f"Anlage\n\n{LIST}")
    assert [(p.measure_type, p.project_name) for p in agreement.projects] == [("ausbildungsvorbereitung", "Berufscamp")]


def test_an_annex_table_whose_first_type_cell_wraps_starts_at_its_first_row() -> None:
    """A centred subtitle the layout split into cells is no row; the first row's type cell wraps
    ('Berufsorientierung und' / 'Ausbildungsvorbereitung'), so only the two lines together name it."""
    annex = ("Anlage 1: Projektübersicht AQB 2025\n\nGeförderte Projekte des\tHochtaunuskreises im Jahr 2025\n\n"
             "Berufsorientierung und\tA.N.K.E.R.\nAusbildungsvorbereitung\n\n\tJugend Flex\n\nQualifizierung\tFAKT\n")
    context = context_of(agreement_text(projects="").replace(INTRO, REFERENCE) + "\f" + annex)
    start = context.annex.list_start
    assert start is not None and context.text.value[start:].startswith("Berufsorientierung und\tA.N.K.E.R.")


def test_an_annex_table_whose_first_project_cell_stands_between_its_type_cells_lines_starts_above_it() -> None:
    """Vertically centred cells: the first row's project cell stands between the two lines of its
    type cell ('1 Maßnahmen zur' / '„Fit für die Zukunft“' / '. Ausbildungsvorbereitung'); the row
    starts at the type cell's first line, which ends with a connector."""
    annex = ("Anlage\n\nGeförderte Projekte des Landkreises im Jahr 2025\n\n"
             "1 Maßnahmen zur\n\t„Fit für die Zukunft“\tCaritasverband\n. Ausbildungsvorbereitung\n\n"
             "2 Maßnahmen zur\n\tBerufscamp\tAWO\n. Ausbildungsvorbereitung\n")
    context = context_of(agreement_text(projects="").replace(INTRO, REFERENCE) + "\f" + annex)
    start = context.annex.list_start
    assert start is not None and context.text.value[start:].startswith("1 Maßnahmen zur\n")


def test_an_annex_table_whose_first_rows_longer_cells_start_above_its_number_starts_at_their_first_line() -> None:
    """Vertically centred cells of four, two and one lines: the project and provider cells' first
    lines stand above the type cell's, and the row number alone between the type cell's two lines.
    The row starts at the first line with a cell break straight under the subtitle."""
    annex = ("Anlage zur Zielvereinbarung 2014\n\nGeförderte Projekte des Wetteraukreises im Jahr 2014\n\n"
             "\tBOJE – Berufsorientierung für\nMaßnahmen zur\tJugendliche mit erhöhtem\tZentrum für\n1.\n"
             "Ausbildungsvorbereitung\tFörderbedarf an Haupt- und\tWeiterbildung gGmbH\n\tFörderschulen\n\n"
             "Ausbildung in anerkannten\n2.\tVerbundausbildung Metall\tBWHW\nAusbildungsberufen\n")
    context = context_of(agreement_text(projects="").replace(INTRO, REFERENCE) + "\f" + annex)
    start = context.annex.list_start
    assert start is not None and context.text.value[start:].startswith("\tBOJE – Berufsorientierung für\n")


def test_items_above_the_first_heading_read_in_an_annex_are_flagged() -> None:
    """OCR garbled the first heading past recognition: the list starts at the second heading, and the
    items under the first are in no project. The coverage check sees them and flags the list."""
    garbled = ("1) Ausb!ldungsv0rbe reitumg\n1.1. Berufscamp Nordhessen\n1.2. Kompetenzfeststellung Übergang Schule-Beruf\n"
               "1.3. JobStart für junge Geflüchtete\n\n2) Qualifizierung zur Arbeitsmarktintegration und Fachkräftesicherung\n"
               "2.1. FAKT\n")
    agreement = _agreement(REFERENCE, f"Anlage zur Zielvereinbarung 2025\n\n{garbled}")
    assert [(p.measure_type, p.project_name) for p in agreement.projects] == [("qualifizierung", "FAKT")]
    assert "projects_incomplete" in agreement.review_reasons
    whole = _agreement(REFERENCE, f"Anlage zur Zielvereinbarung 2025\n\n{garbled.replace('Ausb!ldungsv0rbe reitumg', 'Ausbildungsvorbereitung')}")
    assert len(whole.projects) == 4 and whole.review_reasons == ()


def test_the_annex_is_looked_up_once_per_document(monkeypatch: pytest.MonkeyPatch) -> None:
    """The context holds the annex; the project list and the signatures' scope read it from there."""
    context = context_of(agreement_text(projects="").replace(INTRO, REFERENCE) + f"\fAnlage 1: Projektübersicht AQB 2025\n\n{LIST}")
    assert context.annex.offset is not None and context.annex.list_start is not None
    assert context.text.value[context.annex.offset:].startswith("Anlage 1: Projektübersicht")

    def looked_up_again(*args: object) -> None:
        raise AssertionError("the annex was looked up again")

    monkeypatch.setattr(annex_module, "annex_offset", looked_up_again)
    monkeypatch.setattr(annex_module, "annex_list_start", looked_up_again)
    projects, _ = extract_projects(context)
    assert [(p.measure_type, p.project_name) for p in projects] == WANT
    fields, _ = extract_signatures(context, "Bad Homburg")
    assert (fields["ministry_signed_place"].value, fields["district_signed_place"].value) == ("Wiesbaden", "Bad Homburg")
