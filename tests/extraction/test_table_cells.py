"""Project tables as clerks fill them: a type cell saying 'keine', a name whose quote or bracket
goes on into the next line, column titles repeated on a new page without cell breaks, a type cell
wrapped beside two rows, a row number's dot wrapped into the type column, a cell that lists projects
a line each whose names end in a closing bracket. Tabs mark cell breaks, a blank line a gap, a form
feed a page break (as layout renders them)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from extract.extraction.cell_lines import CellGeometry
from extract.extraction.checks.names import name_flags
from extract.extraction.outline import ListLine, closed_end, open_marks
from extract.extraction.projects import extract_projects
from extract.extraction.table_grid import cells_of
from extract.model import CELL_LINE_BREAK, CELL_LINE_WRAP, BBox, Line, ReviewReason, Word
from helpers import agreement_text, context_of, rules

AV, AB, QU = "ausbildungsvorbereitung", "ausbildung", "qualifizierung"
H_AV = "Maßnahmen zur Ausbildungsvorbereitung"
H_AB = "Ausbildung in anerkannten Ausbildungsberufen"
H_QU = "Qualifizierung zur Arbeitsmarktintegration und Fachkräftesicherung"
BR, WR = CELL_LINE_BREAK, CELL_LINE_WRAP


def read(block: str) -> tuple[list[tuple[str, str, str]], list[str]]:
    projects, reasons = extract_projects(context_of(agreement_text(projects=block)))
    return [(p.measure_type, p.measure_type_raw, p.project_name) for p in projects], reasons


def test_a_type_without_projects_after_a_page_break_is_its_own_row() -> None:
    """'keine' in the project cell of a row after a page break: no name goes on into it."""
    table = (f"1.\tAusbildungs- und Qualifizierungsvorbereitung\t„Fit für die Zukunft“\tKolping\f"
             f"\tAusbildung in anerkannten\tkeine\t\n\tAusbildungsberufen\t\t\n\n2.\t{H_QU}\tFAKT\tbbz")
    got, _ = read(table)
    assert [name for _, _, name in got] == ["„Fit für die Zukunft“", "FAKT"]
    assert got[0][0] == AV and got[1][0] == QU


@pytest.mark.parametrize("rest", ["\tkreisfreien Städte in der fachlichen\n\n\tVerantwortung für Benachteiligte\n\tim Kontext der\n\n\tArbeitsmarktförderung",
                                  "\tkreisfreien Städte in der\n\n\tfachlichen Verantwortung für\n\tBenachteiligte im Kontext der\n\tArbeitsmarktförderung"])
def test_a_type_cell_going_on_over_a_blank_stays_one_type(rest: str) -> None:
    """OCR's blanks between the lines of a long type cell (no row number, no name beside them): the
    line goes on with the type cell when it starts in lower case, follows a connector, or completes the type."""
    table = (f"1.\tWeiterbildungsmaßnahmen für\tFortbildungsreihe Fallmanagement\tJugendwerkstatt\n\tPersonal der Landkreise und\t\te.V.\n"
             f"{rest}\n\n2.\tSonstige Maßnahmen\tMobilitätshilfen\tJobcenter")
    got, reasons = read(table)
    assert got == [("weiterbildung_personal", "Weiterbildungsmaßnahmen für Personal der Landkreise und kreisfreien Städte in der fachlichen "
                    "Verantwortung für Benachteiligte im Kontext der Arbeitsmarktförderung", "Fortbildungsreihe Fallmanagement"),
                   ("sonstige", "Sonstige Maßnahmen", "Mobilitätshilfen")]
    assert "measure_type_without_projects" not in reasons


def test_a_quote_left_open_goes_on_across_a_page_break_and_the_title_row() -> None:
    """The column titles repeated on the next page without a cell break (too few rows for layout's
    columns) neither end the list nor part the name whose quote is still open."""
    table = (f"Maßnahmenart\tProjekte\n{H_AV}\tJugend Flex\n\n{H_QU}\tFAKT\n\n\tInhouse-Schulung „Interkulturelle\f"
             "Maßnahmenart Projekte\n\tKompetenz im Jobcenter“\n"
             "Die Förderung der aufgeführten Maßnahmen erfolgt auf Basis und nach Maßgabe des Bescheides.")
    got, _ = read(table)
    assert got[-1] == (QU, H_QU, "Inhouse-Schulung „Interkulturelle Kompetenz im Jobcenter“")
    assert len(got) == 3


def test_a_type_cell_wrapped_beside_two_rows_is_one_heading() -> None:
    table = ("Maßnahmenart\tProjekt\nAusbildung in anerkannten\tProAbschluss Jugend\nAusbildungsberufen\tBegleitete Ausbildung\n\n"
             f"{H_QU}\tFAKT")
    got, _ = read(table)
    assert got == [(AB, H_AB, "ProAbschluss Jugend"), (AB, H_AB, "Begleitete Ausbildung"), (QU, H_QU, "FAKT")]


def test_a_new_type_beside_the_next_row_is_no_wrap() -> None:
    """Two types, one row each, without a gap: the second type cell names another type."""
    table = f"Maßnahmenart\tProjekt\n{H_AV}\tJugend Flex\n{H_QU}\tFAKT"
    got, _ = read(table)
    assert got == [(AV, H_AV, "Jugend Flex"), (QU, H_QU, "FAKT")]


def test_a_type_cell_going_on_after_a_connector_is_not_the_end_of_the_list() -> None:
    """'… in der fachlichen Verantwortung für' / 'Benachteiligte …': the lines after a cell ending in a
    connector belong to the table, and the closing sentence after them is a paragraph of its own."""
    table = (f"Maßnahmenart\tProjekte\n{H_AV}\tJugend Flex\n\nWeiterbildungsmaßnahmen für Personal\n"
             "der Landkreise und kreisfreien Städte in\nder fachlichen Verantwortung für\tFachtag Übergang Schule-Beruf\n"
             "Benachteiligte im Kontext der\nArbeitsmarktförderung\n"
             "Die aufgeführten Maßnahmen stehen grundsätzlich allen Teilnehmenden des AQB offen.")
    got, _ = read(table)
    assert got[-1][1].endswith("für Benachteiligte im Kontext der Arbeitsmarktförderung")
    assert got[-1][2] == "Fachtag Übergang Schule-Beruf"


def test_a_row_numbers_dot_wrapped_into_the_type_column_is_left_out() -> None:
    table = (f"1 Ausbildungs- und\n\tBerufscamp\tWerkhof e.V.\n. Qualifizierungsvorbereitung\n\n"
             f"2 {H_QU}\tFAKT\tbbz\n.")
    got, _ = read(table)
    assert [raw for _, raw, _ in got] == ["Ausbildungs- und Qualifizierungsvorbereitung", H_QU]


def test_a_name_closed_by_its_bracket_ends_its_line_in_a_cell_that_lists_projects() -> None:
    """The cell lists projects (a line ended with room left); a line the word processor may have
    wrapped after '(TAfA)' starts the next project, one after 'für' goes on with the name."""
    table = (f"Maßnahmenart\tProjekte\n{H_AV}\tJugend Flex{BR}Berufscamp\n"
             f"{H_AB}\tTeilzeitausbildung für Alleinerziehende (TAfA){WR}Verbundausbildung Metall{BR}Ausbildung für{WR}Geflüchtete")
    got, _ = read(table)
    assert [name for _, _, name in got] == ["Jugend Flex", "Berufscamp", "Teilzeitausbildung für Alleinerziehende (TAfA)",
                                            "Verbundausbildung Metall", "Ausbildung für Geflüchtete"]


def test_a_bracket_in_a_cell_that_lists_no_projects_is_a_wrap_in_doubt() -> None:
    """One project a row: a capitalised line after a closing bracket continues the name, but it may
    be a project of its own (no cell shows a line its writer ended): flagged, not silent."""
    table = f"Maßnahmenart\tProjekt\n{H_AB}\tProjekt (AQB){WR}Jugend\n\n{H_QU}\tFAKT"
    projects, reasons = extract_projects(context_of(agreement_text(projects=table)))
    assert projects[0].project_name == "Projekt (AQB) Jugend"
    assert projects[0].pieces == ("Projekt (AQB)", "Jugend")  # for the dataset to weigh (dataset/cell_pieces.py)
    assert "project_cell_lines_joined:1" in reasons and "project_cell_lines_ambiguous" not in reasons


def test_a_lower_case_line_after_a_bracket_raises_no_doubt() -> None:
    table = f"Maßnahmenart\tProjekt\n{H_AB}\tProjekt (AQB){WR}für Jugendliche\n\n{H_QU}\tFAKT"
    got, reasons = read(table)
    assert got[0][2] == "Projekt (AQB) für Jugendliche"
    assert "project_cell_lines_ambiguous" not in reasons


def test_open_and_closed_marks() -> None:
    r = rules()
    assert open_marks("Inhouse-Schulung „Interkulturelle", r) == 1
    assert open_marks("Ausbildungsbegleitung „Dranbleiben“ (AQB)", r) == 0
    assert closed_end("Teilzeitausbildung für Alleinerziehende (TAfA)", r)
    assert closed_end("Ausbildungsbegleitung „Dranbleiben“", r)
    assert not closed_end("Kooperative BaE in Teilzeit", r)
    assert not closed_end("Logistik)", r)  # closes nothing it opened


def test_a_name_with_a_quote_left_open_is_flagged() -> None:
    ctx = context_of(agreement_text(projects=f"{H_AV}\n• Jugend Flex"))
    assert ReviewReason.PROJECT_NAME_CONNECTOR_END in name_flags("Inhouse-Schulung „Interkulturelle", ctx, set())
    assert ReviewReason.PROJECT_NAME_CONNECTOR_END not in name_flags("Inhouse-Schulung „Interkulturelle Kompetenz“", ctx, set())


def test_a_cell_listing_by_bullets_raises_no_doubt_about_its_lines() -> None:
    """A line with a bullet is the cell's next project, a line without one a wrapped name: the page tells."""
    table = (f"Maßnahmenart\tProjekte\n{H_AV}\t• Werkstattjahr Plus{WR}• Startklar – Berufsorientierung für{WR}junge Mütter\n"
             f"{H_QU}\t• FAKT{WR}• Nachqualifizierung zum{WR}Berufsabschluss")
    got, reasons = read(table)
    assert [name for _, _, name in got] == ["Werkstattjahr Plus", "Startklar – Berufsorientierung für junge Mütter", "FAKT",
                                            "Nachqualifizierung zum Berufsabschluss"]
    assert "project_cell_lines_ambiguous" not in reasons


def _line(cells: list[list[tuple[str, float, float]]], y: float) -> ListLine:
    """A table line from its cells' words (text, x0, x1 in page widths), cell i in column i."""
    words = [(Word(text, BBox(x0, y, x1, y + 0.012)), column) for column, cell in enumerate(cells) for text, x0, x1 in cell]
    source = Line(tuple(w for w, _ in words), columns=tuple(c for _, c in words))
    return ListLine(0, source.text, False, words[0][0].bbox.x0, margin=0.88, source=source)


def test_room_before_the_next_column_leaves_two_paddings_and_a_one_word_line_sets_no_reach() -> None:
    """'flex – kommunale' / 'Ergänzung' beside a provider column: the room before the provider's text
    holds the next word only if both cells' paddings are ignored, and the widest line of the column is
    one long word that overran its cell: neither says the writer ended the line."""
    lines = [
        _line([[("2.", 0.10, 0.12)], [("Assistierte", 0.48, 0.58), ("Ausbildung", 0.59, 0.70)], [("Caritas", 0.77, 0.85)]], 0.50),
        _line([[], [("flex", 0.48, 0.52), ("–", 0.53, 0.54), ("kommunale", 0.55, 0.652)], []], 0.515),
        _line([[], [("Ergänzung", 0.48, 0.575)], []], 0.53),
        _line([[("3.", 0.10, 0.12)], [("Beschäftigungsorientiertes", 0.48, 0.76)], [("bbz", 0.77, 0.80)]], 0.55),
    ]
    geometry = CellGeometry(lines, [cells_of(line.text) for line in lines], rules())
    assert geometry.wrapped(lines[1], lines[2], 1) is None
    assert not geometry.doubted
    roomy = [_line([[], [("FAKT", 0.48, 0.52)], []], 0.515), _line([[], [("Ergänzung", 0.48, 0.575)], []], 0.53)]
    assert geometry.wrapped(roomy[0], roomy[1], 1) is False  # room for it, with both paddings to spare


def test_a_capital_line_whose_first_word_about_fits_the_room_above_starts_a_row_in_doubt() -> None:
    """'Kompetenzfeststellung Übergang' / 'Schule-Beruf (KomPass)' in a cell without ruling lines: the
    first word and a space need about the room left before the margin, and the column's widest line
    reaches no further. Neither a wrap nor a line its writer ended is sure: the line starts a row
    (the next project) and the table is flagged, never read silently either way."""
    from extract.extraction.table_row_starts import Row, continues

    lines = [
        _line([[("Maßnahmen", 0.15, 0.27)], [("BOJE", 0.476, 0.525), ("mit", 0.85, 0.912)]], 0.50),
        _line([[], [("B.R.I.D.G.E.", 0.476, 0.589)]], 0.515),
        _line([[], [("Kompetenzfeststellung", 0.476, 0.691), ("Übergang", 0.697, 0.790)]], 0.53),
        _line([[], [("Schule-Beruf", 0.476, 0.598), ("(KomPass)", 0.604, 0.703)]], 0.545),
    ]
    lines = [ListLine(line.offset, line.text, False, line.indent, margin=0.919, source=line.source) for line in lines]
    geometry = CellGeometry(lines, [cells_of(line.text) for line in lines], rules())
    assert geometry.wrapped(lines[2], lines[3], 1) is None
    row = Row([lines[2]], [[], ["Kompetenzfeststellung Übergang"]])
    assert not continues(row, ["", "Schule-Beruf (KomPass)"], 0, 1, geometry, rules(), lines[3])
    assert geometry.doubted
    roomy = CellGeometry(lines, [cells_of(line.text) for line in lines], rules())
    row = Row([lines[1]], [[], ["B.R.I.D.G.E."]])
    assert not continues(row, ["", "Kompetenzfeststellung Übergang"], 0, 1, roomy, rules(), lines[2])
    assert not roomy.doubted  # room to spare above: the writer ended the line


def test_a_column_whose_lines_end_beyond_the_pages_text_margin_has_its_edge_there() -> None:
    """A table wider than a short page's running text (a page whose few prose lines end early): the
    column's lines end beyond that margin, so the cell's edge is no nearer than they end, and a short
    line with room for the next line's first word before it was ended by its writer."""
    lines = [
        _line([[("Maßnahmen", 0.13, 0.25)], [("B.R.I.D.G.E.", 0.464, 0.566)]], 0.13),
        _line([[("Ausbildungsvorbereitung", 0.13, 0.35)], [("Kompetenzfeststellung", 0.464, 0.667), ("Übergang", 0.673, 0.75),
                                                           ("Schule-Beruf", 0.756, 0.878)]], 0.145),
        _line([[], [("Jugendliche", 0.464, 0.56), ("mit", 0.566, 0.6)]], 0.16),
    ]
    lines = [ListLine(line.offset, line.text, False, line.indent, margin=0.771, source=line.source) for line in lines]
    geometry = CellGeometry(lines, [cells_of(line.text) for line in lines], rules())
    assert geometry.wrapped(lines[0], lines[1], 1) is False  # 'Kompetenzfeststellung' fits before 0.878
    assert geometry.wrapped(lines[1], lines[2], 1) is True  # the widest line: its edge is where it ends


def test_a_word_broken_at_its_cells_edge_without_a_hyphen_is_one_word() -> None:
    """A word too long for its cell, broken by the word processor without a hyphen: the line under it
    starts with the word's last letter alone ('Beschäftigungsorientierte' / 's Fallmanagement')."""
    table = ("Weiterbildungsmaßnahme\tZertifikatskurs Beschäftigungsorientierte\nn für Personal der Landkreise\ts Fallmanagement\n\n"
             "Sonstige Maßnahmen\tMobilitätshilfen")
    got, _ = read(table)
    assert got[0] == ("weiterbildung_personal", "Weiterbildungsmaßnahmen für Personal der Landkreise",
                      "Zertifikatskurs Beschäftigungsorientiertes Fallmanagement")


def test_a_name_going_on_in_lower_case_beside_the_type_cells_next_line_stays_one_name() -> None:
    """A cell that lists projects a line each, beside a type cell of several lines (each line of the
    type cell ended by its writer): 'begleiten' goes on with 'TEB – Teilzeitberufsausbildung: Einstieg',
    and 'Ausbildungsberufen' beside it (a type's word, no heading of its own) with the type cell."""
    from extract.extraction.table_row_starts import Row, continues

    lines = [
        _line([[("anerkannten", 0.114, 0.2385)], [("TEB", 0.45, 0.49), ("–", 0.495, 0.505), ("Teilzeitberufsausbildung:", 0.51, 0.75),
                                                  ("Einstieg", 0.755, 0.83)]], 0.50),
        _line([[("Ausbildungsberufen", 0.114, 0.311)], [("begleiten", 0.45, 0.541)]], 0.515),
        _line([[("Qualifizierungsprojekte", 0.114, 0.33), ("zur", 0.335, 0.36)], [("SPRINT", 0.45, 0.51), ("Frauen", 0.515, 0.58)]], 0.55),
    ]
    geometry = CellGeometry(lines, [cells_of(line.text) for line in lines], rules())
    row = Row([lines[0]], [["anerkannten"], ["TEB – Teilzeitberufsausbildung: Einstieg"]])
    assert continues(row, ["Ausbildungsberufen", "begleiten"], 0, 1, geometry, rules(), lines[1])
    assert not continues(row, ["Qualifizierungsprojekte zur", "SPRINT Frauen"], 0, 1, geometry, rules(), lines[2])
    # a cell listing by bullets OCR read as guillemets ('« Jugend Flex'): no quote left open, the next type starts a row
    listed = Row([lines[0]], [["Ausbildungs- und", "Qualifizierungsvorbereitung"], ["+ Kompetenzfeststellung", "« Jugend Flex"]])
    assert not continues(listed, ["Ausbildung und Ausbildungscoaching in", "* Altenpflegehilfe"], 0, 1, geometry, rules(), lines[2])


def test_room_before_the_margin_alone_in_a_type_cell_raises_no_doubt_about_project_cells() -> None:
    """A type cell's line 'Ausbildungsberufen' with room before the page's margin only, above a line
    of its own type cell: whether the type cell wrapped is no question about the project cells."""
    lines = [
        _line([[("Ausbildungsberufen", 0.10, 0.25)], [("Jugend", 0.48, 0.54)]], 0.50),
        _line([[("Qualifizierung", 0.10, 0.22), ("zur", 0.23, 0.26)], [("FAKT", 0.48, 0.53)]], 0.515),
    ]
    geometry = CellGeometry(lines, [cells_of(line.text) for line in lines], rules())
    assert geometry.wrapped(lines[0], lines[1], 1, doubt=False) is False and not geometry.doubted
    assert geometry.wrapped(lines[0], lines[1], 1) is False and geometry.doubted and geometry.open_doubt


@pytest.mark.parametrize("rest", ["– kommunale Ergänzung", "(B2-Beruf)"])
def test_a_names_rest_in_a_cell_that_lists_projects_is_no_doubt(rest: str) -> None:
    """A cell that lists projects a line each (a line ended with room left): a line opening with a
    dash or a bracket after a full one is the rest of the name above, never the next project."""
    table = (f"Maßnahmenart\tProjekte\n{H_AV}\tJugend Flex{BR}Berufscamp\n"
             f"{H_QU}\tAssistierte Ausbildung flex{WR}{rest}{BR}FAKT")
    projects, reasons = extract_projects(context_of(agreement_text(projects=table)))
    assert [p.project_name for p in projects] == ["Jugend Flex", "Berufscamp", f"Assistierte Ausbildung flex {rest}", "FAKT"]
    assert not [r for r in reasons if r.startswith("project_cell_lines")] and projects[2].pieces == ()


def test_a_bulleted_line_below_a_line_with_room_before_the_margin_only_raises_no_doubt() -> None:
    """'• MiA …' under '• FAKT': whether the line above had room for its first word matters not, its
    bullet starts an item."""
    lines = [
        _line([[("Maßnahmen", 0.10, 0.25)], [("•", 0.48, 0.49), ("FAKT", 0.50, 0.55)]], 0.50),
        _line([[], [("•", 0.48, 0.49), ("MiA", 0.50, 0.54)]], 0.515),
    ]
    geometry = CellGeometry(lines, [cells_of(line.text) for line in lines], rules())
    assert geometry.line_wraps(lines, 1) == [None, False] and not geometry.doubted
    plain = [lines[0], _line([[], [("MiA", 0.48, 0.52)]], 0.515)]
    geometry = CellGeometry(plain, [cells_of(line.text) for line in plain], rules())
    assert geometry.line_wraps(plain, 1) == [None, False] and geometry.open_doubt


def test_a_line_a_row_took_in_doubt_is_a_doubt_only_where_it_is_joined() -> None:
    """The row took 'PerspektivWerkstatt' (full line above, a capital): joined to the name above it is
    a join in doubt with its pieces kept; after a name closed by its bracket in a cell that lists
    projects it is a project of its own, and no doubt is left."""
    from extract.extraction.project_tables import TableReader
    from extract.extraction.projects import list_lines

    ctx = context_of(agreement_text(projects=f"Maßnahmenart\tProjekt\n{H_AV}\tJugend Flex"))
    lines = list_lines(ctx)
    assert lines is not None
    reader = TableReader(ctx, lines)
    parts = ["Einstiegsqualifizierung begleitet", "PerspektivWerkstatt"]
    got = reader.items(parts, [0.50, 0.515], 0.015, [None, True], [False, True])
    assert got == [("Einstiegsqualifizierung begleitet PerspektivWerkstatt", ("Einstiegsqualifizierung begleitet", "PerspektivWerkstatt"))]
    assert reader.geometry.doubted
    reader = TableReader(ctx, lines)
    reader.listing = True
    got = reader.items(["Einstiegsqualifizierung begleitet (EQ plus)", "PerspektivWerkstatt"], [0.50, 0.515], 0.015, [None, True],
                       [False, True])
    assert [item.text for item in got] == ["Einstiegsqualifizierung begleitet (EQ plus)", "PerspektivWerkstatt"]
    assert not reader.geometry.doubted


def test_a_lines_top_is_its_first_words_so_a_scans_skew_sets_no_lines_apart() -> None:
    """A skewed scan lifts a line's right end: 'Regionale … Arbeitsmarktkonferenz' at 0.607 on the left
    and 0.602 at its end, '2022' under its start at 0.625: a line's pitch apart (the name's rest),
    measured from its first word; a speck before it does not count."""
    from extract.extraction.cell_lines import line_top

    slanted = _line([[("Weitere", 0.11, 0.17)], [("Regionale", 0.444, 0.528), ("Ausbildungs-", 0.534, 0.645),
                                                  ("Arbeitsmarktkonferenz", 0.689, 0.882)]], 0.607)
    words = tuple(replace(w, bbox=replace(w.bbox, y0=w.bbox.y0 - 0.006 * (w.bbox.x0 - 0.444) / 0.25)) if c == 1 else w
                  for w, c in zip(slanted.source.words, slanted.source.columns))
    slanted = replace(slanted, source=replace(slanted.source, words=words))
    assert line_top(slanted, 1) == pytest.approx(0.607)
    specked = _line([[("'", 0.40, 0.405), ("2022", 0.444, 0.485)]], 0.625)
    specked = replace(specked, source=replace(specked.source, words=(replace(specked.source.words[0], bbox=BBox(0.40, 0.60, 0.405, 0.61)),
                                                                      specked.source.words[1])))
    assert line_top(specked) == pytest.approx(0.625)


def test_lines_of_a_cell_each_full_keep_their_pieces_unflagged() -> None:
    """No cell of the table shows a line its writer ended: 'TEB – … begleiten' / 'Außerbetriebliche …' /
    'Kooperative BaE in Teilzeit', each line full, read as one name as a word processor wraps it, with
    the pieces kept for the dataset to weigh (dataset/cell_pieces.py), and no flag: nothing here doubts it."""
    table = (f"Maßnahmenart\tProjekte\n{H_AV}\tTEB – Teilzeitberufsausbildung{WR}Außerbetriebliche Ausbildung{WR}"
             f"Kooperative BaE\n\n{H_QU}\tFAKT")
    projects, reasons = extract_projects(context_of(agreement_text(projects=table)))
    assert projects[0].project_name == "TEB – Teilzeitberufsausbildung Außerbetriebliche Ausbildung Kooperative BaE"
    assert projects[0].pieces == ("TEB – Teilzeitberufsausbildung", "Außerbetriebliche Ausbildung", "Kooperative BaE")
    assert not [r for r in reasons if r.startswith("project_cell_lines")]
