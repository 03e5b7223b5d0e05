"""The grid of a project table from its words' boxes over the whole list region: column alleys that
layout did not see on a page (too few rows, a cell padding narrower than its cell gap) and row gaps."""

from __future__ import annotations

import pytest

from extract.extraction.outline import ListLine
from extract.extraction.table_grid import line_grid, region_alleys, split_line, with_row_gaps
from extract.model import BBox, Line, Word
from helpers import rules

HEIGHT = 0.012


def line(y: float, *cells: tuple[float, str], gap: bool = False) -> ListLine:
    """A line of words: each cell (x, text) set word by word from x, 0.008 page widths a letter."""
    words = []
    for x, text in cells:
        for token in text.split():
            words.append(Word(token, BBox(x, y, x + 0.008 * len(token), y + HEIGHT)))
            x += 0.008 * len(token) + 0.005
    read = Line(tuple(words))
    return ListLine(0, read.text, gap, words[0].bbox.x0, source=read)


TYPE_X, PROJECT_X = 0.10, 0.44  # 'Ausbildung und Ausbildungscoaching in' ends 0.02 before the project column


def table() -> list[ListLine]:
    return [
        line(0.50, (TYPE_X, "Ausbildungs- und"), (PROJECT_X, "A.N.K.E.R.")),
        line(0.515, (TYPE_X, "Qualifizierungsvorbereitung")),
        line(0.55, (TYPE_X, "Ausbildung und Ausbildungscoaching in"), (PROJECT_X, "Ausbildungsbegleitung Dranbleiben")),
        line(0.565, (TYPE_X, "anerkannten Ausbildungsberufen")),
        line(0.60, (TYPE_X, "Qualifizierung zur"), (PROJECT_X, "keine")),
        line(0.615, (TYPE_X, "Arbeitsmarktintegration")),
    ]


def test_a_narrow_alley_seen_over_the_region_splits_the_lines() -> None:
    lines = table()
    alleys = region_alleys(lines, rules())
    assert len(alleys) == 1 and abs(alleys[0] - PROJECT_X) < 0.005
    assert split_line(lines[2], alleys, rules()) == ["Ausbildung und Ausbildungscoaching in", "Ausbildungsbegleitung Dranbleiben"]
    assert split_line(lines[3], alleys, rules()) == ["anerkannten Ausbildungsberufen", ""]


def test_a_list_has_no_alley() -> None:
    """Bulleted items (the content left of the text is a marker) and long items crossing every x: no column."""
    items = [line(0.5 + 0.015 * i, (0.10, "•"), (0.12, text)) for i, text in enumerate(
        ["Jugend Flex", "Berufscamp", "Qualifizierung in der Kindertagespflege und Tagesbetreuung", "FAKT", "Sprache und Beruf"])]
    assert region_alleys(items, rules()) == []


def test_two_lines_with_a_tab_stops_blank_before_the_same_x_have_an_alley_word_spaces_none() -> None:
    """A table of two rows, a line each (and a wrapped type cell): two starts make an alley only where
    both follow a blank far wider than a word space; two items whose words start at one x by chance
    after word spaces do not."""
    two = [line(0.50, (0.124, "Ausbildungs- und Qualifizierungsvorbereitung"), (0.50, "Kompetenzfeststellung (KomPass)")),
           line(0.53, (0.124, "Qualifizierung zur Arbeitsmarktintegration"), (0.50, "SPRINT Frauen 2.0")),
           line(0.545, (0.124, "und Fachkräftesicherung"))]
    alleys = region_alleys(two, rules())
    assert len(alleys) == 1 and abs(alleys[0] - 0.50) < 0.005
    assert split_line(two[1], alleys, rules()) == ["Qualifizierung zur Arbeitsmarktintegration", "SPRINT Frauen 2.0"]
    chance = [line(0.50, (0.124, "Jugend Flex und Berufscamp")), line(0.515, (0.124, "Jugend Flex und Tagesbetreuung"))]
    assert region_alleys(chance, rules()) == []


def test_words_of_wrapped_names_that_start_at_one_x_after_word_spaces_make_no_alley() -> None:
    """Three project cells whose first words are equally long: their second words start at one x,
    which no word of the region crosses, but each after a word space: no cell's border."""
    lines = [line(0.50, (TYPE_X, "Maßnahmen zur"), (PROJECT_X, "Werkstattjahr Plus"), (0.75, "AWO")),
             line(0.515, (TYPE_X, "Ausbildungsvorbereitung"), (0.75, "Kreisverband")),
             line(0.55, (TYPE_X, "Qualifizierung zur"), (PROJECT_X, "Qualifizierer in der Pflege"), (0.75, "Kolping")),
             line(0.565, (TYPE_X, "Arbeitsmarktintegration"), (PROJECT_X, "FAKT")),
             line(0.60, (TYPE_X, "Sonstiges"), (PROJECT_X, "Fahrerlaubnis C/CE"), (0.75, "BWHW"))]
    alleys = region_alleys(lines, rules())
    assert [round(a, 3) for a in alleys] == [PROJECT_X, 0.75]
    grid, _ = line_grid(lines, rules())
    assert grid[0] == ["Maßnahmen zur", "Werkstattjahr Plus", "AWO"]


def test_rows_parted_by_a_wider_blank_get_a_gap() -> None:
    lines = table()
    gapped = with_row_gaps(lines, [1] * len(lines), rules())
    assert [g.gap_before for g in gapped] == [False, False, True, False, True, False]


def test_no_gap_across_a_page_break() -> None:
    lines = table()
    gapped = with_row_gaps(lines, [1, 1, 2, 2, 2, 2], rules())
    assert [g.gap_before for g in gapped] == [False, False, False, False, True, False]


def tabbed(y: float, *cells: tuple[float, str]) -> ListLine:
    """A line layout gave cell breaks (its words carry their column)."""
    words, columns = [], []
    for column, (x, text) in enumerate(cells):
        for token in text.split():
            words.append(Word(token, BBox(x, y, x + 0.008 * len(token), y + HEIGHT)))
            columns.append(column)
            x += 0.008 * len(token) + 0.005
    read = Line(tuple(words), columns=tuple(columns))
    return ListLine(0, read.text, False, words[0].bbox.x0, source=read)


def test_rows_layout_gave_no_cell_break_count_as_table_rows() -> None:
    """A table whose first page layout read without cell breaks (too few rows on it for a column) and
    whose later rows have them: the lines split at the region's alley are rows too, so the region is
    read as a table, not as a list of 'Ausbildungsvorbereitung Werkstattjahr Plus'."""
    from extract.extraction.project_tables import read_table
    from helpers import agreement_text, context_of

    lines = [
        line(0.50, (TYPE_X, "Ausbildungsvorbereitung"), (PROJECT_X, "Werkstattjahr Plus")),
        line(0.53, (PROJECT_X, "JobStart")),
        line(0.56, (TYPE_X, "Ausbildung in anerkannten"), (PROJECT_X, "Ausbildungsbegleitung")),
        line(0.575, (TYPE_X, "Ausbildungsberufen")),
        tabbed(0.61, (TYPE_X, "Qualifizierung zur"), (PROJECT_X, "Frauen in Arbeit")),
        line(0.625, (TYPE_X, "Arbeitsmarktintegration")),
        line(0.64, (TYPE_X, "und Fachkräftesicherung")),
        tabbed(0.67, (TYPE_X, ""), (PROJECT_X, "Sprungbrett")),
        line(0.70, (TYPE_X, "Weiterbildungsmaßnahmen für"), (PROJECT_X, "keine")),
        line(0.715, (TYPE_X, "Personal der Landkreise und")),
        line(0.73, (TYPE_X, "kreisfreien Städte")),
    ]
    reading = read_table(context_of(agreement_text()), lines)
    assert reading is not None
    pairs = [(node.parent.text if node.parent else "", node.text) for node in reading.nodes if node.depth == 1]
    assert pairs[:4] == [("Ausbildungsvorbereitung", "Werkstattjahr Plus"), ("Ausbildungsvorbereitung", "JobStart"),
                         ("Ausbildung in anerkannten Ausbildungsberufen", "Ausbildungsbegleitung"),
                         ("Qualifizierung zur Arbeitsmarktintegration und Fachkräftesicherung", "Frauen in Arbeit")]


def boxed(y: float, *cells: tuple[float, str], slant: float = 0.008, letters: bool = False) -> ListLine:
    """A line of words from cells (x, text) on a page slanted by `slant` (a word's top rises that much
    per page width); with `letters`, boxes as OCR gives them: lower without capitals or ascenders,
    deeper with descenders, and a confidence."""
    words = []
    for x, text in cells:
        for token in text.split():
            top = y - slant * x
            bottom = top + HEIGHT
            if letters:
                top += 0.0 if any(c.isupper() or c in "bdfhklt(" for c in token) else 0.003
                bottom += 0.003 if any(c in "gjpqy),;" for c in token) else 0.0
            words.append(Word(token, BBox(x, top, x + 0.008 * len(token), bottom), 90.0 if letters else None))
            x += 0.008 * len(token) + 0.005
    read = Line(tuple(words))
    return ListLine(0, read.text, False, words[0].bbox.x0, source=read)


def ocr_boxed(y: float, *cells: tuple[float, str]) -> ListLine:
    return boxed(y, *cells, slant=0.0, letters=True)


SLANTED = [(0.500, "Ausbildungs- und", "BOJE – Berufsorientierung für Jugendliche"),
           (0.519, "Qualifizierungsvorbereitung", "mit Förderbedarf an Haupt- und"), (0.538, "", "Förderschulen"),
           (0.575, "Qualifizierung zur", "FAKT"), (0.594, "Arbeitsmarktintegration", "")]
LETTERED = [(0.500, "Ausbildungs- und", "Jugendliche gegen"), (0.516, "Qualifizierungsvorbereitung", "erwerb"),
            (0.532, "", "Jugend Flex"), (0.560, "Qualifizierung zur", "FAKT"), (0.576, "Arbeitsmarktintegration", "")]


@pytest.mark.parametrize(("build", "rows"), [(boxed, SLANTED), (ocr_boxed, LETTERED)], ids=["slanted", "ocr letters"])
def test_row_gaps_are_measured_word_by_word(build, rows) -> None:  # type: ignore[no-untyped-def]
    """slanted: on a page slanted by half a degree a full row's right end stands higher than its left
    end, its whole box is taller than the line, and a cell's wrapped line under a wrapped line looked
    apart. ocr letters: OCR's box of a word reaches down with descenders ('Jugendliche') and up with
    capitals and ascenders, a line of small letters ('erwerb') sits lower; tops or bottoms alone would
    see gaps between wrapped lines, a row's gap moves both. Word by word, the gaps are the rows'."""
    lines = [build(y, *[(x, text) for x, text in ((TYPE_X, kind), (PROJECT_X, name)) if text]) for y, kind, name in rows]
    gapped = with_row_gaps(lines, [1] * len(lines), rules())
    assert [g.gap_before for g in gapped] == [False, False, False, True, False]


def test_ocr_pitches_tell_rows_from_wraps_and_specks_give_their_own() -> None:
    """Pitches OCR's word boxes gave a 4-column table on a 300-dpi scan (page heights, line height
    0.009): a speck line read from a rule (0.0066), a line under a number alone (0.0100), wrapped
    lines 0.0123 to 0.0144, rows 0.0205 to 0.0239 apart. The rows' pitches are the gaps."""
    from extract.extraction.table_grid import _widest_wrap
    pitches = [0.0140, 0.0141, 0.0142, 0.0237, 0.0235, 0.0135, 0.0205, 0.0144, 0.0215, 0.0137, 0.0142, 0.0066, 0.0100,
               0.0137, 0.0123, 0.0239, 0.0130, 0.0221, 0.0140]
    wide = _widest_wrap(pitches, 0.009, rules(), read=True)
    assert [p for p in pitches if p > wide] == [0.0237, 0.0235, 0.0205, 0.0215, 0.0239, 0.0221]
    assert _widest_wrap([0.014, 0.0144, 0.0148, 0.0141], 0.012, rules(), read=True) == 0.0148  # one kind: no gap


def _celled(y: float, *words: tuple[float, str, int]) -> ListLine:
    """A line whose cells layout gave (word x, text, column)."""
    boxes = tuple(Word(text, BBox(x, y, x + 0.008 * len(text), y + HEIGHT)) for x, text, _ in words)
    read = Line(boxes, columns=tuple(c for _, _, c in words))
    return ListLine(0, read.text, False, boxes[0].bbox.x0, source=read)


def test_a_bullet_at_a_cells_edge_before_its_hanging_text_starts_that_cell() -> None:
    """Layout put the column break where the project cells' text starts, after the bullets at the
    cell's edge: the bullet belongs to the project cell; a dash snug to the word before it ends that cell."""
    lines = [_celled(0.50, (0.10, "Maßnahmen", 0), (0.185, "zur", 0), (0.44, "•", 0), (0.455, "B.R.I.D.G.E.", 1)),
             _celled(0.515, (0.10, "Ausbildungsvorbereitung", 0), (0.44, "•", 0), (0.455, "Jugend", 1), (0.51, "Flex", 1)),
             _celled(0.55, (0.10, "Qualifizierung", 0), (0.217, "–", 0), (0.455, "FAKT", 1))]
    grid, _ = line_grid(lines, rules())
    assert grid == [["Maßnahmen zur", "• B.R.I.D.G.E."], ["Ausbildungsvorbereitung", "• Jugend Flex"],
                    ["Qualifizierung –", "FAKT"]]


def test_a_column_start_where_no_cell_starts_does_not_split_the_rows() -> None:
    """Layout gave some lines the type and project cells joined, others the project and provider
    cells: the median start of its second cell falls where only a word of a name starts
    ('Perspektive Arbeit 50plus'); the region's alleys alone split the lines."""
    def cells(y: float, texts: list[tuple[float, str, int]]) -> ListLine:
        words = []
        for x, text, column in texts:
            for token in text.split():
                words.append((x, token, column))
                x += 0.008 * len(token) + 0.005
        return _celled(y, *words)

    lines = [cells(0.50, [(0.10, "Maßnahmen zur", 0), (0.40, "Jugend Flex", 1), (0.70, "BWHW", 2)]),
             cells(0.515, [(0.10, "Ausbildungsvorbereitung", 0), (0.40, "Berufscamp", 0), (0.70, "AWO", 1)]),
             cells(0.55, [(0.10, "Qualifizierung zur", 0), (0.40, "Perspektive Arbeit 50plus", 1), (0.70, "Jobcenter", 1)]),
             cells(0.565, [(0.10, "Arbeitsmarktintegration", 0), (0.40, "FAKT", 0), (0.70, "bbz", 1)])]
    grid, _ = line_grid(lines, rules())
    assert grid == [["Maßnahmen zur", "Jugend Flex", "BWHW"], ["Ausbildungsvorbereitung", "Berufscamp", "AWO"],
                    ["Qualifizierung zur", "Perspektive Arbeit 50plus", "Jobcenter"], ["Arbeitsmarktintegration", "FAKT", "bbz"]]


def test_cells_of_ocr_words_get_the_rules_for_ocr_too() -> None:
    """'(TQ 1-3)' read by OCR in a cell split at an alley: written with the range's dash as the OCRed
    running text is (normalize.jsonl, scope ocr); a text layer keeps the hyphen its writer typed."""
    typed = line(0.55, (TYPE_X, "Qualifizierung zur"), (PROJECT_X, "Logistik (TQ 1-3)"))
    assert split_line(typed, [PROJECT_X], rules()) == ["Qualifizierung zur", "Logistik (TQ 1-3)"]
    words = tuple(Word(w.text, w.bbox, 91.0) for w in typed.source.words) if typed.source else ()
    read = ListLine(0, typed.text, False, typed.indent, source=Line(words))
    assert split_line(read, [PROJECT_X], rules()) == ["Qualifizierung zur", "Logistik (TQ 1–3)"]


def test_a_word_a_speck_widened_to_the_left_of_its_column_stays_in_its_column() -> None:
    """'2014', the wrapped rest of a project cell read alone on its line (no cell break), boxed from
    a speck left of the column's start: its middle lies in the project column, so it is that cell's."""
    lines = [_celled(0.43, (0.10, "15.", 0), (0.14, "Sonstiges", 0), (0.492, "Regionale", 1), (0.80, "BWHW", 2)),
             _celled(0.45, (0.492, "Arbeitsmarktkonferenz", 1)), _celled(0.47, (0.12, "16.", 0), (0.14, "Weitere", 0),
                                                                          (0.492, "FAKT", 1), (0.80, "bbz", 2))]
    widened = Word("2014", BBox(0.474, 0.465, 0.539, 0.465 + HEIGHT))
    lines.insert(2, ListLine(0, "2014", False, 0.474, source=Line((widened,))))
    grid, _ = line_grid(lines, rules())
    assert grid[2] == ["", "2014", ""]
    near = ListLine(0, "Weitere", False, 0.30, source=Line((Word("Weitere", BBox(0.30, 0.5, 0.36, 0.5 + HEIGHT)),)))
    assert line_grid([*lines, near], rules())[0][-1] == ["Weitere"]  # a word in the first column stays there
