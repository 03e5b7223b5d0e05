"""Project tables with vertically centred cells (table_rows.py): a short cell stands level with the
middle of a taller one, so rows interleave in reading order and are found from the cells' shapes."""

from __future__ import annotations

from extract.extraction.outline import ListLine
from extract.extraction.project_tables import read_table
from extract.extraction.table_rows import cell_blocks, is_centred, row_groups
from extract.model import BBox, Line, Word
from helpers import agreement_text, context_of, rules

HEIGHT = 0.010
TYPE_X, PROJECT_X = 0.10, 0.50


def row(y: float, kind: str = "", project: str = "") -> ListLine:
    """A line holding a type cell's line and/or a project cell's line at height y (layout's columns)."""
    words, columns = [], []
    for column, (x, text) in enumerate(((TYPE_X, kind), (PROJECT_X, project))):
        for token in text.split():
            words.append(Word(token, BBox(x, y, x + 0.008 * len(token), y + HEIGHT)))
            columns.append(column)
            x += 0.008 * len(token) + 0.005
    read = Line(tuple(words), columns=tuple(columns))
    return ListLine(0, read.text, False, words[0].bbox.x0, source=read)


def centred() -> list[ListLine]:
    return [
        row(0.500, "Ausbildungs- und"),
        row(0.5075, project="Jugend Flex"),
        row(0.515, "Qualifizierungsvorbereitung"),
        row(0.540, project="Ausbildungsbegleitung"),
        row(0.5475, "Ausbildung in anerkannten Ausbildungsberufen"),
        row(0.555, project="„Dranbleiben“"),
        row(0.580, "Qualifizierung zur"),
        row(0.5875, project="FAKT"),
        row(0.595, "Arbeitsmarktintegration"),
        row(0.620, project="Sprache und Beruf"),  # the type written in the first row of its group only
    ]


def grid(lines: list[ListLine]) -> list[list[str]]:
    return [line.text.split("\t") for line in lines]


def test_cells_and_rows_of_a_centred_table() -> None:
    lines = centred()
    found = cell_blocks(lines, grid(lines), [1] * len(lines), lambda i: False, rules())
    assert found is not None
    blocks, pitch = found
    assert abs(pitch - 0.015) < 1e-9  # the step between two lines of one cell
    assert [(b.column, b.lines) for b in blocks] == [(0, (0, 2)), (0, (4,)), (0, (6, 8)),
                                                     (1, (1,)), (1, (3, 5)), (1, (7,)), (1, (9,))]
    assert is_centred(blocks, {0, 1}, pitch, rules())
    assert [sorted(i for b in group for i in b.lines) for group in row_groups(blocks, pitch)] == [
        [0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]


def test_a_top_aligned_table_is_not_read_as_centred() -> None:
    lines = [row(0.500, "Ausbildungs- und", "Jugend Flex"), row(0.515, "Qualifizierungsvorbereitung"),
             row(0.540, "Ausbildung in anerkannten Ausbildungsberufen", "Ausbildungsbegleitung"), row(0.555, project="„Dranbleiben“"),
             row(0.580, "Qualifizierung zur", "FAKT"), row(0.595, "Arbeitsmarktintegration")]
    found = cell_blocks(lines, grid(lines), [1] * len(lines), lambda i: False, rules())
    assert found is not None
    assert not is_centred(*found[:1], {0, 1}, found[1], rules())


def test_a_centred_table_gives_each_project_its_type() -> None:
    reading = read_table(context_of(agreement_text()), centred())
    assert reading is not None
    pairs = [(node.parent.text if node.parent else "", node.text) for node in reading.nodes if node.depth == 1]
    assert pairs == [("Ausbildungs- und Qualifizierungsvorbereitung", "Jugend Flex"),
                     ("Ausbildung in anerkannten Ausbildungsberufen", "Ausbildungsbegleitung „Dranbleiben“"),
                     ("Qualifizierung zur Arbeitsmarktintegration", "FAKT"),
                     ("Qualifizierung zur Arbeitsmarktintegration", "Sprache und Beruf")]


def test_a_row_going_on_across_a_page_break_goes_on_in_every_column() -> None:
    """The type cell goes on after the break in lower case ('Fortbildung des' / 'kommunalen
    Fachpersonals'); the project cell beside its rest on the new page is the rest of the project
    cell above the break, though it starts with a capital."""
    lines = [*centred(),
             row(0.800, "Fortbildung des", "Zertifikatskurs"),
             row(0.100, project="Beschäftigungsorientiertes"),
             row(0.1075, "kommunalen Fachpersonals"),
             row(0.115, project="Fallmanagement")]
    pages = [1] * (len(lines) - 3) + [2] * 3
    found = cell_blocks(lines, grid(lines), pages, lambda i: False, rules())
    assert found is not None
    blocks, pitch = found
    last = len(lines) - 4
    assert sorted({i for b in row_groups(blocks, pitch)[-1] for i in b.lines}) == [last, last + 1, last + 2, last + 3]


def test_a_type_cell_completed_after_a_page_break_is_one_cell() -> None:
    """'… Städte in der fachlichen' / page break / 'Verantwortung für Benachteiligte …': the rest starts
    with a capital after a line ending in no connector, but together the lines name the type far better."""
    lines = [*centred(),
             row(0.800, "Weiterbildungsmaßnahmen für Personal der", "Fachtag OloV"),
             row(0.815, "Landkreise und kreisfreien Städte in der fachlichen"),
             row(0.100, "Verantwortung für Benachteiligte im Kontext der"),
             row(0.115, "Arbeitsmarktförderung")]
    pages = [1] * (len(lines) - 2) + [2] * 2
    found = cell_blocks(lines, grid(lines), pages, lambda i: False, rules())
    assert found is not None
    blocks, _ = found
    last = len(lines) - 4
    assert (0, (last, last + 1, last + 2, last + 3)) in [(b.column, b.lines) for b in blocks]


def test_a_row_number_centred_between_the_type_cells_lines_makes_no_cell_taller() -> None:
    """Two-line type and project cells of equal height, the row number in the type column on a line of
    its own halfway between the type cell's lines (layout saw no alley before the type cells): still
    a centred table, the number the row's, not a line of its type cell."""
    lines = [row(0.500, "Maßnahmen zur", "Lernwerkstatt „Zukunft"), row(0.5075, "1."),
             row(0.515, "Ausbildungsvorbereitung", "gestalten“"),
             row(0.540, project="JobStart"), row(0.5475, "Maßnahmen zur"), row(0.555, "2.", "(Berufsorientierung für"),
             row(0.5625, "Ausbildungsvorbereitung"), row(0.570, project="junge Geflüchtete)"),
             row(0.595, "Qualifizierung zur"), row(0.6025, "3.", "FAKT"), row(0.610, "Arbeitsmarktintegration")]
    reading = read_table(context_of(agreement_text()), lines)
    assert reading is not None
    pairs = [(node.parent.text if node.parent else "", node.text) for node in reading.nodes if node.depth == 1]
    assert pairs == [("Maßnahmen zur Ausbildungsvorbereitung", "Lernwerkstatt „Zukunft gestalten“"),
                     ("Maßnahmen zur Ausbildungsvorbereitung", "JobStart (Berufsorientierung für junge Geflüchtete)"),
                     ("Qualifizierung zur Arbeitsmarktintegration", "FAKT")]
    assert "project_table_numbering" not in reading.reasons
