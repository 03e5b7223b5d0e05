"""Project tables: column roles, rows wrapped over lines, numbers, gaps and page breaks, cells that
hold lists. Tabs mark cell breaks (as layout and the ruled-table reading render them); a blank
line is a gap between two lines."""

from __future__ import annotations

import pytest

from extract.extraction.checks.names import holds_two_types
from extract.extraction.project_tables import TableReader
from extract.extraction.projects import extract_projects, list_lines
from extract.extraction.table_grid import with_row_gaps
from extract.model import CELL_LINE_BREAK
from helpers import agreement_text, context_of, rules

AV, AB, QU = "ausbildungsvorbereitung", "ausbildung", "qualifizierung"
H_AV = "Maßnahmen zur Ausbildungsvorbereitung"
H_AB = "Ausbildung in anerkannten Ausbildungsberufen"
H_QU = "Qualifizierung zur Arbeitsmarktintegration und Fachkräftesicherung"
WANT = [(AV, H_AV, "Jugend Flex"), (AV, H_AV, "Berufscamp"), (QU, H_QU, "FAKT")]


def rows(block: str) -> list[tuple[str, str, str]]:
    projects, _ = extract_projects(context_of(agreement_text(projects=block)))
    return [(p.measure_type, p.measure_type_raw, p.project_name) for p in projects]


@pytest.mark.parametrize(
    "table",
    [
        pytest.param(f"Nr.\tMaßnahmenart\tProjekt\tTräger\n1.\t{H_AV}\tJugend Flex\tBWHW\n2.\t\tBerufscamp\tIB e.V.\n"
                     f"3.\t{H_QU}\tFAKT\tbbz gGmbH", id="four columns with titles"),
        pytest.param(f"1.\t{H_AV}\tJugend Flex\tBWHW\n2.\t\tBerufscamp\tIB e.V.\n3.\t{H_QU}\tFAKT\tbbz gGmbH",
                     id="four columns without titles: numbers, types, then projects"),
        pytest.param("Nr. Maßnahmenart\tProjekt\tTräger\n1. Maßnahmen zur\tJugend Flex\tBWHW\nAusbildungsvorbereitung\n\n"
                     "2.\tBerufscamp\tIB e.V.\n\n3. Qualifizierung zur\tFAKT\tbbz\nArbeitsmarktintegration und\t\tgGmbH\n"
                     "Fachkräftesicherung", id="row numbers joined to the wrapped type cell"),
        pytest.param(f"Maßnahmenart\tProjekt\n{H_AV}\tJugend Flex\n\n{H_AV}\tBerufscamp\n\n{H_QU}\tFAKT",
                     id="type in every row"),
        pytest.param(f"{H_AV}\t• Jugend Flex • Berufscamp\n\n{H_QU}\t• FAKT", id="bullets in one cell"),
        pytest.param(f"{H_AV}\t• Jugend Flex\n\t• Berufscamp\n\n{H_QU}\t• FAKT", id="bullets on the lines of one cell"),
    ],
)
def test_table_forms(table: str) -> None:
    assert rows(table) == WANT


def test_gaps_part_rows_and_a_wrapped_project_cell_is_joined() -> None:
    """Rows parted by gaps: a project cell wrapped without a connector ('Beschäftigungsorientiertes'
    / 'Fallmanagement') is one project; the type wrapped beside it too."""
    table = ("Maßnahmen zur\tJugend Flex\nAusbildungsvorbereitung\n\n\tZertifikatskurs Beschäftigungsorientiertes\n\tFallmanagement\n\n"
             "Qualifizierung zur\tFAKT\nArbeitsmarktintegration und\nFachkräftesicherung")
    assert rows(table) == [(AV, H_AV, "Jugend Flex"), (AV, H_AV, "Zertifikatskurs Beschäftigungsorientiertes Fallmanagement"),
                           (QU, H_QU, "FAKT")]


def test_repeated_type_wrapped_in_every_row_is_one_heading() -> None:
    table = ("Qualifizierung zur\tFAKT\nArbeitsmarktintegration und\nFachkräftesicherung\n\n"
             "Qualifizierung zur\tSprache & Beruf\nArbeitsmarktintegration und\nFachkräftesicherung")
    assert rows(table) == [(QU, H_QU, "FAKT"), (QU, H_QU, "Sprache & Beruf")]


def test_type_column_found_by_likeness_not_by_keywords() -> None:
    """Project names may hold type keywords ('Begleitete Ausbildung'); the type column's cells read as headings."""
    table = (f"{H_AV}\tJugend Flex\n\n\tAusbildungsbegleitung „Dranbleiben“\n\n{H_AB}\tBegleitete Ausbildung\n\n"
             "\tAußerbetriebliche Ausbildung im Gastgewerbe")
    assert rows(table) == [(AV, H_AV, "Jugend Flex"), (AV, H_AV, "Ausbildungsbegleitung „Dranbleiben“"),
                           (AB, H_AB, "Begleitete Ausbildung"), (AB, H_AB, "Außerbetriebliche Ausbildung im Gastgewerbe")]


def test_row_goes_on_across_a_page_break() -> None:
    table = f"Maßnahmen zur\tJugend Flex\fAusbildungsvorbereitung\n\n\tBerufscamp\n\n{H_QU}\tFAKT"
    assert rows(table) == WANT


@pytest.mark.parametrize("outro", ["Änderungen der Projekte werden dem HMSI rechtzeitig mitgeteilt.",
                                   "Änderungen der Projekte werden\tdem HMSI rechtzeitig mitgeteilt."])
def test_closing_sentence_after_a_table_is_no_project(outro: str) -> None:
    table = f"Maßnahmenart\tProjekt\n{H_AV}\tJugend Flex\n\n\tBerufscamp\n\n{H_QU}\tFAKT\n\n{outro}"
    assert rows(table) == WANT


def test_a_list_with_a_chance_cell_break_stays_a_list() -> None:
    """Two lines that layout split at a chance alignment of justified text make no table."""
    block = (f"{H_AV}\n• Jugend Flex\n• Berufscamp\n{H_QU}\n• FAKT\n• Sprache\tund Beruf\n• Werkstattjahr\tPlus\n"
             "• Azubi-Coaching\n• Job-Perspektive 50plus")
    assert [name for _, _, name in rows(block)] == ["Jugend Flex", "Berufscamp", "FAKT", "Sprache und Beruf", "Werkstattjahr Plus",
                                                    "Azubi-Coaching", "Job-Perspektive 50plus"]


def reasons(block: str) -> list[str]:
    _, found = extract_projects(context_of(agreement_text(projects=block)))
    return found


def test_wrapped_cell_line_starting_with_a_number_continues_the_project() -> None:
    """'Schulverweigerung – Die' / '2. Chance': a number at the start of a cell's wrapped line is no list in the cell."""
    table = f"Maßnahmenart\tProjekt\n{H_AV}\tSchulverweigerung – Die\n\t2. Chance\n\n\tBerufscamp\n\n{H_QU}\tFAKT"
    assert rows(table) == [(AV, H_AV, "Schulverweigerung – Die 2. Chance"), (AV, H_AV, "Berufscamp"), (QU, H_QU, "FAKT")]


def test_numbered_lines_in_a_cell_are_a_list() -> None:
    table = f"Maßnahmenart\tProjekt\n{H_AV}\t1. Jugend Flex\n\t2. Berufscamp\n\n{H_QU}\tFAKT"
    assert rows(table) == WANT


@pytest.mark.parametrize("cut, joined", [("Schule-\tBeruf 2013", "Schule-Beruf 2013"), ("Gesundheits-\tund Pflegeberufen",
                                                                                         "Gesundheits- und Pflegeberufen")])
def test_a_hyphen_at_a_cell_line_break_is_joined_as_in_running_text(cut: str, joined: str) -> None:
    first, second = cut.split("\t")
    table = f"Maßnahmenart\tProjekt\n{H_AV}\tFachtag {first}\n\t{second}\n\n{H_QU}\tFAKT"
    assert rows(table)[0] == (AV, H_AV, f"Fachtag {joined}")


def test_numbers_that_agree_with_the_rows_raise_no_doubt() -> None:
    table = f"Nr.\tMaßnahmenart\tProjekt\tTräger\n1.\t{H_AV}\tJugend Flex\tBWHW\n2.\t\tBerufscamp\tIB e.V.\n3.\t{H_QU}\tFAKT\tbbz"
    assert rows(table) == WANT
    assert "project_table_numbering" not in reasons(table)
    five = table + "\n4.\t\tSprache & Beruf\tbbz\n3.\t\tMiA\tbbz"  # the fifth row's '5.' read as '3.' (ocr.digit_confusions)
    assert "project_table_numbering" not in reasons(five)


def test_numbers_ocr_lost_in_many_rows_raise_no_doubt_where_the_last_rows_number_is_right() -> None:
    """The numbers of the first three rows lost and the fifth's garbled ('=}'), the fourth's and the
    sixth's read: a row split or joined anywhere would have shifted the last one; without it, a quarter
    of the rows at most may go unread."""
    names = ["Jugend Flex", "Berufscamp", "Werkstattjahr", "FAKT", "MiA", "Sprache & Beruf"]
    numbers = ["", "", "", "4.", "=}", "6."]
    table = "Nr.\tMaßnahmenart\tProjekt\tTräger\n" + "\n".join(
        f"{number}\t{H_AV if k == 0 else H_QU if k == 3 else ''}\t{name}\tbbz" for k, (number, name) in enumerate(zip(numbers, names)))
    assert rows(table) == [(AV if k < 3 else QU, H_AV if k < 3 else H_QU, name) for k, name in enumerate(names)]
    assert "project_table_numbering" not in reasons(table)
    from types import SimpleNamespace

    from extract.extraction.table_doubts import counts_on

    def counted(*numbers: str) -> bool:
        return counts_on([SimpleNamespace(numbers=[n] if n else []) for n in numbers], [1] * len(numbers), rules())  # type: ignore[misc]

    assert counted("", "", "", "4.", "=}", "6.")
    assert not counted("", "", "", "4.", "=}", "")  # the last one lost too: a quarter of the rows at most may go unread
    assert not counted("", "", "4.", "5.", "6.")  # a row split or joined above '4.' shifted it


@pytest.mark.parametrize("table", [
    pytest.param(f"Nr.\tMaßnahmenart\tProjekt\tTräger\n1.\t{H_AV}\tJugend Flex\tBWHW\n\n\t\tBerufscamp\tIB e.V.\n\n"
                 f"2.\t{H_QU}\tFAKT\tbbz", id="a project row without a number"),
    pytest.param(f"Nr.\tMaßnahmenart\tProjekt\tTräger\n1.\t{H_AV}\tJugend Flex\tBWHW\n3.\t\tBerufscamp\tIB e.V.\n"
                 f"4.\t{H_QU}\tFAKT\tbbz", id="a number skipped"),
])
def test_numbers_that_disagree_with_the_rows_are_flagged(table: str) -> None:
    assert "project_table_numbering" in reasons(table)


def test_a_type_cell_below_several_projects_of_its_row_is_flagged() -> None:
    """A row of two projects whose type cell starts beside the second: the first may belong to the type above."""
    table = (f"Maßnahmenart\tProjekt\n{H_AV}\tJugend Flex\n\n\tBerufscamp\n\n\t• Fachtag 2021\n"
             f"Sonstige Maßnahmen\t• Netzwerkkoordination OloV\n\n{H_QU}\tFAKT")
    assert [name for _, _, name in rows(table)] == ["Jugend Flex", "Berufscamp", "Fachtag 2021", "Netzwerkkoordination OloV", "FAKT"]
    assert "project_table_row_ambiguous" in reasons(table)
    assert "project_table_row_ambiguous" not in reasons(f"Maßnahmenart\tProjekt\n{H_AV}\t• Jugend Flex\n\t• Berufscamp\n\n{H_QU}\tFAKT")


def test_a_word_across_the_next_columns_start_is_flagged() -> None:
    """The test lines set a cell's words from its column's start on: a type cell longer than its
    column runs into the project column, as a word set wider than its cell does."""
    short = "Maßnahmenart\tProjekt\nAusbildung\tJugend Flex\n\n\tBerufscamp\n\nQualifizierung\tFAKT"
    assert "project_table_overflow" not in reasons(short)
    assert "project_table_overflow" in reasons(short.replace("Qualifizierung", "Qualifizierungsprojekte zur Arbeitsmarktintegration"))


def test_a_row_goes_on_after_the_title_row_repeated_on_the_next_page() -> None:
    table = (f"Maßnahmenart\tProjekt\n{H_AV}\tJugend Flex\n\n\tBOJE – Berufsorientierung für\f"
             f"Maßnahmenart\tProjekt\n\tJugendliche mit Förderbedarf\n\n{H_QU}\tFAKT")
    assert rows(table) == [(AV, H_AV, "Jugend Flex"), (AV, H_AV, "BOJE – Berufsorientierung für Jugendliche mit Förderbedarf"),
                           (QU, H_QU, "FAKT")]


def test_a_type_cell_ending_in_a_connector_goes_on_over_a_gap_ocr_read_with_a_name_beside_it() -> None:
    """OCR read the lines of one row apart ('Maßnahmen zur' | 'Einstiegsqualifizierung begleitet (EQ',
    a blank, 'Ausbildungsvorbereitung' | 'plus)'): a type cell that ends in 'zur' is unfinished, so the
    next line is its rest, and the name beside it the name's rest; the next gap starts a row."""
    table = ("Maßnahmenart\tProjektbezeichnung\n\nMaßnahmen zur\tEinstiegsqualifizierung begleitet (EQ\n\n"
             "Ausbildungsvorbereitung\tplus)\n\n\tWerkstattjahr Plus\n\nWeiterbildungsmaßnahmen für\tZertifikatskurs Fallmanagement\n\n"
             "Personal der Landkreise und\n\nkreisfreien Städte")
    weiter = "Weiterbildungsmaßnahmen für Personal der Landkreise und kreisfreien Städte"
    assert rows(table) == [(AV, H_AV, "Einstiegsqualifizierung begleitet (EQ plus)"), (AV, H_AV, "Werkstattjahr Plus"),
                           ("weiterbildung_personal", weiter, "Zertifikatskurs Fallmanagement")]


def test_a_row_number_whose_dot_ocr_read_as_another_glyph_is_no_type_cell() -> None:
    """'3%' for '3.' in a numbered table whose type stands in its group's first row only: the row's
    number, so the row's project keeps the type above it (not a type '3%')."""
    table = ("Nr. Maßnahmenart\tProjekt\tTräger\n\n1. Maßnahmen zur\tJugend Flex\tBWHW\nAusbildungsvorbereitung\n\n"
             "2;\tBerufscamp\tIB e.V.\n\n3%\tPerspektivWerkstatt\tZentrum für\n\t\tWeiterbildung\n\n"
             "4. Qualifizierung zur\tFAKT\tbbz gGmbH\nArbeitsmarktintegration und\nFachkräftesicherung")
    assert rows(table) == [(AV, H_AV, "Jugend Flex"), (AV, H_AV, "Berufscamp"), (AV, H_AV, "PerspektivWerkstatt"), (QU, H_QU, "FAKT")]


def test_a_name_ending_in_a_connector_goes_on_over_a_gap_ocr_read_inside_its_row() -> None:
    """OCR read the lines of one project cell apart ('Fahrerlaubnis C/CE mit', a blank,
    'Berufskraftfahrer-Qualifikation'), with no type cell or row number beside the rest: a name that ends
    in 'mit' is unfinished, so the next line is its rest, not the next project."""
    table = ("Maßnahmenart\tProjektbezeichnung\n\nQualifizierung zur\tPflegehelfer/-in Plus\n"
             "Arbeitsmarktintegration und\n\nFachkräftesicherung\tSPRINT Frauen 2.0\n\n\tFahrerlaubnis C/CE mit\n\n"
             "\tBerufskraftfahrer-Qualifikation\n\nWeitere Maßnahmen\tNetzwerkkoordination OloV")
    assert rows(table) == [(QU, H_QU, "Pflegehelfer/-in Plus"), (QU, H_QU, "SPRINT Frauen 2.0"),
                           (QU, H_QU, "Fahrerlaubnis C/CE mit Berufskraftfahrer-Qualifikation"),
                           ("sonstige", "Weitere Maßnahmen", "Netzwerkkoordination OloV")]


def test_a_title_row_repeated_with_a_speck_beside_a_title_is_still_the_title_row() -> None:
    """OCR read a speck after the repeated 'Maßnahmenart' on the next page: still the column titles,
    not a type cell naming the next projects' type 'Maßnahmenart'. A cell of specks alone (a ruling
    read as '|') says nothing; a title with a word beside it is no title."""
    table = (f"Maßnahmenart\tProjektbezeichnung\n{H_AV}\tJugend Flex\n\n\tBerufscamp\f"
             f"Maßnahmenart .\tProjektbezeichnung\n\tWerkhof\n\n{H_QU}\tFAKT")
    assert rows(table) == [(AV, H_AV, "Jugend Flex"), (AV, H_AV, "Berufscamp"), (AV, H_AV, "Werkhof"), (QU, H_QU, "FAKT")]
    from extract.extraction.table_titles import ColumnTitles, is_title_row
    titles = ColumnTitles(("maßnahmenart", "projekt"), rules().charset("ocr.speck_marks"))
    assert is_title_row(["Maßnahmenart", "|", "Projekt:"], titles)
    assert not is_title_row(["|", "."], titles) and not is_title_row(["Maßnahmenart x", "Projekt"], titles)


@pytest.mark.parametrize("heading, merged", [
    (f"{H_AB} {H_QU}", True),
    ("Ausbildungsvorbereitung Ausbildung und Ausbildungscoaching in anerkannten Ausbildungsberufen", True),
    (H_QU, False),
    ("Ausbildungs- und Qualifizierungsvorbereitung", False),
    ("Berufsorientierung und Ausbildungsvorbereitung", False),
])
def test_a_heading_holding_two_types_is_found(heading: str, merged: bool) -> None:
    assert holds_two_types(heading, context_of(agreement_text(projects=f"{H_AV}\n• Jugend Flex"))) is merged


BR = CELL_LINE_BREAK  # a ruled cell's line its writer ended with room left (reading.tables)


@pytest.mark.parametrize("table", [
    pytest.param(f"Maßnahmenart\tProjekte\n{H_AV}\tJugend Flex{BR}Berufscamp\n{H_QU}\tFAKT", id="a line each"),
    pytest.param(f"Maßnahmenart\tProjekte\n{H_AV}\t• Jugend Flex{BR}• Berufscamp\n{H_QU}\t• FAKT", id="a bullet each"),
    pytest.param(f"{H_AV}\t- Jugend Flex{BR}- Berufscamp\n{H_QU}\t- FAKT", id="a dash each, no title row"),
])
def test_a_ruled_cell_with_a_project_on_each_line(table: str) -> None:
    assert rows(table) == WANT


def test_a_line_after_a_break_that_continues_the_name_is_joined() -> None:
    """Lower case, or a connector before the break: the writer broke one name."""
    table = f"Maßnahmenart\tProjekte\n{H_AV}\tJugend Flex{BR}Berufscamp für{BR}Mädchen{BR}in MINT-Berufen\n{H_QU}\tFAKT"
    assert rows(table) == [(AV, H_AV, "Jugend Flex"), (AV, H_AV, "Berufscamp für Mädchen in MINT-Berufen"), (QU, H_QU, "FAKT")]


def test_a_title_cell_naming_two_columns_is_flagged() -> None:
    """'Projekt Träger' in one title cell: the provider column was read into the project cells."""
    table = f"Nr. Maßnahmenart\tProjekt Träger\n1. {H_AV}\tJugend Flex IB e.V.\n2. {H_QU}\tFAKT bbz gGmbH"
    assert "project_table_overflow" in reasons(table)
    assert "project_table_overflow" not in reasons(f"Maßnahmenart\tProjekt\n{H_AV}\tJugend Flex\n\tFAKT bbz")


def test_a_row_number_ocr_misread_before_the_type_cell_is_no_part_of_the_type() -> None:
    """Row numbers joined to the type cell ('1: Maßnahmen zur'), one of them misread ('Ss' for '3.'):
    the type stays as written; the numbering still counts on row by row (a misread number is no lost
    row), while one that skips a row does not."""
    table = (f"Nr. Maßnahmenart\tProjekt\tTräger\n\n1: {H_AV}\tJugend Flex\tBWHW\n\n2. {H_AV}\tBerufscamp\tIB e.V.\n\n"
             f"Ss {H_QU}\tFAKT\tbbz gGmbH")
    assert rows(table) == WANT
    assert "project_table_numbering" not in reasons(table)
    assert "project_table_numbering" in reasons(table.replace("2. ", "3. ").replace("Ss ", "4. "))
    unnumbered = f"Maßnahmenart\tProjekt\n\nSs {H_QU}\tFAKT"  # no numbered row: nothing says it is a number
    assert rows(unnumbered)[0][1] == f"Ss {H_QU}"


def test_a_row_number_joined_to_the_type_cell_with_a_speck_before_it_is_no_part_of_the_type() -> None:
    """'.4. Ausbildung …': layout joined the row number to the type cell, and OCR read a speck before it."""
    table = f"Nr. Maßnahmenart\tProjekt\tTräger\n\n1. {H_AV}\tJugend Flex\tBWHW\n\n2. {H_AV}\tBerufscamp\tIB e.V.\n\n.3. {H_QU}\tFAKT\tAWO"
    assert rows(table) == WANT


def test_a_type_cell_wrapped_after_a_connector_goes_on_in_a_table_of_gapped_rows() -> None:
    """Rows parted by gaps, the type written in every row and wrapped after 'und': the type cell's
    next line ('Qualifizierungsvorbereitung', which alone reads as another type) continues it, and so
    does the project cell beside it, wrapped where its line was full ('Die 2.' / 'Chance')."""
    table = ("1. Ausbildungs- und\tSchulverweigerung Kreis Offenbach – Die 2.\tJobcenter\nQualifizierungsvorbereitung\tChance\n\n"
             "2. Ausbildungs- und\tJobStart Jugendberufshilfe Offenbach\tAWO\nQualifizierungsvorbereitung\t(Berufsorientierung für\n"
             "\tjunge Geflüchtete)\n\n"
             "3. Ausbildungs- und\tWerkstattjahr Plus\tAWO\nQualifizierungsvorbereitung\n\n"
             "4. Qualifizierung zur\tFAKT\tbbz\nArbeitsmarktintegration und\nFachkräftesicherung")
    h_av = "Ausbildungs- und Qualifizierungsvorbereitung"
    assert rows(table) == [(AV, h_av, "Schulverweigerung Kreis Offenbach – Die 2. Chance"),
                           (AV, h_av, "JobStart Jugendberufshilfe Offenbach (Berufsorientierung für junge Geflüchtete)"),
                           (AV, h_av, "Werkstattjahr Plus"), (QU, H_QU, "FAKT")]


def test_a_type_cell_opening_below_a_row_without_one_starts_a_row_where_the_gap_was_lost() -> None:
    """Rows parted by gaps, but no gap before 'Ausbildung in anerkannten Ausbildungsberufen': its
    type cell opens a row; it does not go on in the row above, which had no type cell of its own.
    Whether that row's project belongs to it instead is a guess: flagged."""
    table = (f"Maßnahmenart\tProjekt\n{H_AV}\tJugend Flex\n\n\tBerufscamp\n{H_AB}\tBegleitete Ausbildung\n\n"
             f"{H_QU}\tFAKT")
    assert rows(table) == [(AV, H_AV, "Jugend Flex"), (AV, H_AV, "Berufscamp"), (AB, H_AB, "Begleitete Ausbildung"),
                           (QU, H_QU, "FAKT")]
    assert "project_table_row_ambiguous" in reasons(table)
    assert "project_table_row_ambiguous" not in reasons(table.replace("\tBerufscamp\n", "\tBerufscamp\n\n"))


def test_a_numbered_row_whose_type_cell_stands_below_its_projects_first_line_is_one_row() -> None:
    """A numbered table with centred cells: the number and type cell stand level with the middle of a
    two-line project cell, below its first line ('Fachtag Übergang Schule-Beruf' / '2013'): one row."""
    table = (f"Nr. Maßnahmenart\tProjekt\tTräger\n1. {H_AV}\tJugend Flex\tBWHW\n\n\tFachtag Übergang Schule-Beruf\n"
             f"2. {H_AV}\t\tJobcenter\n\t2013")
    ctx = context_of(agreement_text(projects=table))
    lines = list_lines(ctx)
    assert lines is not None
    reader = TableReader(ctx, with_row_gaps(lines, [ctx.text.page_at(line.offset) for line in lines], ctx.rules))
    type_col, project_col, numbers = reader.columns()
    assert [[part for part in row.cells[project_col] if part] for row in reader.rows(type_col, project_col, numbers)] == [
        ["Jugend Flex"], ["Fachtag Übergang Schule-Beruf", "2013"]]


def test_a_type_cell_centred_beside_a_name_still_going_on_belongs_to_that_names_row() -> None:
    """'Weitere Maßnahmen' stands level with the middle of a two-line project cell, below its first
    line, which ends in 'und': the row started with that line, not with the type cell."""
    table = (f"Maßnahmenart\tProjekt\n{H_AV}\tJugend Flex\n\n\tBerufscamp\n\n\tEvaluation der regionalen Arbeitsmarkt- und\n"
             "Weitere Maßnahmen\n\tAusbildungsstrategie")
    assert rows(table) == [(AV, H_AV, "Jugend Flex"), (AV, H_AV, "Berufscamp"),
                           ("sonstige", "Weitere Maßnahmen", "Evaluation der regionalen Arbeitsmarkt- und Ausbildungsstrategie")]
    assert "project_table_row_ambiguous" not in reasons(table)


def test_a_bracketed_line_further_below_than_the_pitch_goes_on_with_the_name_above() -> None:
    """A scan's noise moved a cell's last line further down than the table's line pitch ('(B2-Beruf)'):
    a line opening with a bracket is the rest of the name above, never a project of its own."""
    table = f"Maßnahmenart\tProjekt\n{H_QU}\tBerufsbezogene Deutschförderung für Geflüchtete\n\tFAKT"
    ctx = context_of(agreement_text(projects=table))
    lines = list_lines(ctx)
    assert lines is not None
    reader = TableReader(ctx, lines)
    parts = ["Berufsbezogene Deutschförderung für Geflüchtete", "(B2-Beruf)", "FAKT"]
    assert [item.text for item in reader.items(parts, [0.50, 0.53, 0.57], 0.015, [None, None, None])] == [
        "Berufsbezogene Deutschförderung für Geflüchtete (B2-Beruf)", "FAKT"]


def _scanned_table(pages: list[str], lefts: list[float]):
    """An OCRed document whose lines carry word boxes: each page's text starts at its own left edge (a
    sheet fed apart), a line's second cell (after a tab, a cell break as layout reads it) 0.34 page widths right of it."""
    import hashlib

    from extract.pages import BBox, Document, Line, Page, Word

    built = []
    for number, (text, left) in enumerate(zip(pages, lefts), start=1):
        lines, gap = [], False
        for row, line in enumerate(text.split("\n")):
            if not line.strip():
                gap = bool(lines)
                continue
            y = 0.05 + 0.015 * row
            words, columns = [], []
            for column, cell in enumerate(line.split("\t")):
                x = left + 0.34 * column
                for token in cell.split():
                    words.append(Word(token, BBox(x, y, x + 0.008 * len(token), y + 0.012), 90.0))
                    columns.append(column)
                    x += 0.008 * len(token) + 0.005
            lines.append(Line(tuple(words), gap, tuple(columns) if "\t" in line else ()))
            gap = False
        built.append(Page(number, "ocr", "test", tuple(lines), 90.0))
    return Document("scan.pdf", "scan.pdf", hashlib.sha256("\f".join(pages).encode()).hexdigest(), tuple(built))


def test_a_table_across_sheets_fed_apart_keeps_its_columns() -> None:
    """The second sheet was fed 0.025 page widths further right: its project cells start right of the
    first sheet's, where no cell of the first sheet starts. The columns are found with the sheets'
    edges aligned, so a name of the first sheet is not cut where the second sheet's cells start (the
    second sheet holds more rows: the middle of the column's starts is where its cells start)."""
    from extract.extraction.agreement import document_to_agreement
    from helpers import rules, settings

    SO_H = "Weitere Maßnahmen"
    table = (f"Maßnahmenart\tProjekt\n\n{H_AV}\tStartklar – Berufsorientierung für junge Mütter\n\n{H_AV}\tProduktionsschule Nordhessen\n\n"
             f"{H_AV}\tJugend Flex\n\n{SO_H}\tMiA – Migrantinnen in Arbeit\n\n{SO_H}\tSPRINT Frauen 2.0\n\n{SO_H}\tDigitale Grundkompetenzen\n\n{SO_H}\tNetzwerkkoordination OloV\n\n{SO_H}\tFAKT")
    first, second = agreement_text(projects=table).split(f"{SO_H}\tMiA")
    document = _scanned_table([first, f"{SO_H}\tMiA" + second], [0.09, 0.115])
    agreement, _ = document_to_agreement(document, rules(), settings())
    assert [(p.measure_type, p.project_name) for p in agreement.projects] == [
        (AV, "Startklar – Berufsorientierung für junge Mütter"), (AV, "Produktionsschule Nordhessen"), (AV, "Jugend Flex"),
        ("sonstige", "MiA – Migrantinnen in Arbeit"), ("sonstige", "SPRINT Frauen 2.0"), ("sonstige", "Digitale Grundkompetenzen"),
        ("sonstige", "Netzwerkkoordination OloV"), ("sonstige", "FAKT")]


def test_the_lines_of_one_page_move_together_when_pages_are_aligned() -> None:
    """Each later page's words move by one offset from the first page's (the middle of its lines'
    offsets): a slant the indents allow for is no reason to shift a table's rows against each other
    (their columns stay aligned). A page whose table lines start where the first page's do stays as
    read, whatever its edge read from running text says."""
    from extract.extraction.outline import ListLine
    from extract.extraction.table_grid import aligned_pages
    from extract.pages import BBox, Line, Word

    def line(offset: int, x: float, indent: float) -> ListLine:
        words = (Word("Ausbildungsvorbereitung", BBox(x, 0.1, x + 0.2, 0.11), 90.0), Word("FAKT", BBox(x + 0.35, 0.1, x + 0.4, 0.11), 90.0))
        return ListLine(offset, "Ausbildungsvorbereitung FAKT", False, indent, source=Line(words))

    lines = [line(0, 0.12, 0.100), line(30, 0.12, 0.098), line(60, 0.12, 0.102), line(90, 0.10, 0.100)]
    moved = aligned_pages(lines, [2, 2, 2, 3], 0.015)
    assert [round(m.source.words[1].bbox.x0, 3) for m in moved] == [0.47, 0.47, 0.47, 0.47]
    same_start = lines[:3] + [line(90, 0.12, 0.13)]  # the edge says 0.03 further left, the table's lines say nothing moved
    assert [round(m.source.words[1].bbox.x0, 3) for m in aligned_pages(same_start, [2, 2, 2, 3], 0.015)] == [0.47] * 4


def test_a_short_line_that_closes_a_names_bracket_is_no_speck_on_a_scan() -> None:
    """'+ Teilqualifizierung Lager und Logistik (TQ' over '1–3)' in a cell of bulleted projects on a scan:
    a line of two digits is no speck of scan noise when it closes the bracket the name opened."""
    from extract.extraction.context import build_context
    from extract.extraction.normalize import document_to_text
    from extract.extraction.segment import text_to_sections
    from helpers import pages_to_document, rules

    table = f"Maßnahmenart\tProjekt\n\n{H_QU}\t• FAKT\n\t• Teilqualifizierung Lager und Logistik (TQ\n\t1–3)\n\t• SPRINT Frauen 2.0"
    document = pages_to_document([agreement_text(projects=table)], source="ocr")
    text = document_to_text(document, rules())
    projects, _ = extract_projects(build_context(document, text, text_to_sections(text, rules()), rules()))
    assert [p.project_name for p in projects] == ["FAKT", "Teilqualifizierung Lager und Logistik (TQ 1–3)", "SPRINT Frauen 2.0"]


def test_specks_in_the_empty_type_cell_of_a_numbered_row_on_a_scan_are_no_type() -> None:
    """A four-column table whose type stands in the first row of each type only: OCR read specks in the
    empty type cells below ('2. in', '3 l'). The rows keep the type above them."""
    from extract.extraction.context import build_context
    from extract.extraction.normalize import document_to_text
    from extract.extraction.segment import text_to_sections
    from helpers import pages_to_document, rules

    table = (f"Nr.\tMaßnahmenart\tProjekt\tTräger\n\n1.\t{H_AV}\tJugend Flex\tBWHW\n\n2.\tin\tBerufscamp\tIB e.V.\n\n"
             f"3\tl\tPraxisklasse 9/10\tAWO\n\n4.\t{H_QU}\tFAKT\tbbz gGmbH")
    document = pages_to_document([agreement_text(projects=table)], source="ocr")
    text = document_to_text(document, rules())
    projects, _ = extract_projects(build_context(document, text, text_to_sections(text, rules()), rules()))
    assert [(p.measure_type_raw, p.project_name) for p in projects] == [
        (H_AV, "Jugend Flex"), (H_AV, "Berufscamp"), (H_AV, "Praxisklasse 9/10"), (H_QU, "FAKT")]


def test_a_type_cell_ending_in_a_lone_mark_does_not_go_on_over_a_gap() -> None:
    """'anerkannten Ausbildungsberufen -': a speck OCR read as a dash, a word space after the type
    cell's last word, is no hyphen joining the next line; after the blank, 'Qualifizierung zur'
    opens the next row (the row was read as one type 'Ausbildung … Ausbildungsberufen Qualifizierung …')."""
    table = ("Maßnahmenart\tProjekt\n\nAusbildung und Ausbildungscoaching in\t• Verbundausbildung Metall\n"
             "anerkannten Ausbildungsberufen -\n\nQualifizierung zur\t• Fahrerlaubnis C/CE mit Berufskraftfahrer-Qualifikation\n"
             "Arbeitsmarktintegration und\t• SPRINT Frauen 2.0\nFachkräftesicherung")
    h_ab = "Ausbildung und Ausbildungscoaching in anerkannten Ausbildungsberufen"
    assert rows(table) == [(AB, h_ab, "Verbundausbildung Metall"), (QU, H_QU, "Fahrerlaubnis C/CE mit Berufskraftfahrer-Qualifikation"),
                           (QU, H_QU, "SPRINT Frauen 2.0")]


def test_a_speck_read_as_a_dash_before_a_cells_wrapped_rest_after_a_connector_is_dropped_on_a_scan() -> None:
    """'… Teilzeitausbildung in' / '– Gesundheits- und Pflegeberufen': the name cannot end in 'in', so the
    next line is its rest and the dash before it a speck OCR read. A text layer keeps what it holds."""
    from extract.extraction.context import build_context
    from extract.extraction.segment import text_to_sections
    from helpers import document_text, rules, text_to_document

    table = ("Maßnahmenart\tProjektbezeichnung\n\nQualifizierung zur\tQualifizierung auf eine Teilzeitausbildung in\n"
             "Arbeitsmarktintegration und\t– Gesundheits- und Pflegeberufen\nFachkräftesicherung\n\n\tFAKT")
    document = text_to_document(agreement_text(projects=table), source="ocr")
    normalized = document_text(document)
    projects, _ = extract_projects(build_context(document, normalized, text_to_sections(normalized, rules()), rules()))
    assert [p.project_name for p in projects] == [
        "Qualifizierung auf eine Teilzeitausbildung in Gesundheits- und Pflegeberufen", "FAKT"]
    layer = rows(table)
    assert layer[0][2] == "Qualifizierung auf eine Teilzeitausbildung in – Gesundheits- und Pflegeberufen"


def test_a_quote_ocr_left_open_does_not_take_the_names_of_the_rows_below() -> None:
    """Rows parted by blanks, a type cell over the first: OCR lost the end of '„Fit für die Zukunft“',
    its quote stays open. The names below, after a blank, do not close it: each is a row of its own
    (they were read as one name). A name whose quote the next line closes goes on into it."""
    table = (f"Maßnahmenart\tProjekte\n\n{H_AV}\tJugend Flex\n\n\t„Fit für die Zukun\n\n\tMädchen in MINT-Berufe\n\n"
             f"\tSchulverweigerung – Die 2. Chance\n\n{H_QU}\tFAKT")
    assert [name for _, _, name in rows(table)] == ["Jugend Flex", "„Fit für die Zukun", "Mädchen in MINT-Berufe",
                                                     "Schulverweigerung – Die 2. Chance", "FAKT"]
    closing = table.replace("\t„Fit für die Zukun\n\n\tMädchen in MINT-Berufe", "\t„Fit für die\n\n\tZukunft“")
    assert "„Fit für die Zukunft“" in [name for _, _, name in rows(closing)]
