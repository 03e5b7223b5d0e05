"""Layout: rows, paragraph gaps and table columns from word boxes (text layers and OCR alike)."""

from __future__ import annotations

import math
import random

from extract.model import BBox, Word
from extract.reading.layout import find_alleys, groups_to_rows, words_to_lines, words_to_rows

LINE = 0.02  # row pitch in page heights
HEIGHT = 0.012  # word height


def word(text: str, x: float, y: float, width: float | None = None) -> Word:
    width = width if width is not None else 0.012 * len(text)
    return Word(text, BBox(x, y, x + width, y + HEIGHT))


def row(y: float, *parts: tuple[float, str]) -> list[Word]:
    """Words of one row: each part is (x, 'text with spaces'), words placed left to right."""
    out = []
    for x, text in parts:
        for token in text.split():
            out.append(word(token, x, y))
            x += 0.012 * len(token) + 0.008
    return out


def texts(words: list[Word]) -> list[str]:
    return [line.text for line in words_to_lines(words)]


def test_rows_in_reading_order_with_paragraph_gaps() -> None:
    words = row(0.10, (0.1, "Zielvereinbarung")) + row(0.12, (0.1, "1.341.400 Euro")) + row(0.20, (0.1, "Präambel"))
    lines = words_to_lines(list(reversed(words)))
    assert [line.text for line in lines] == ["Zielvereinbarung", "1.341.400 Euro", "Präambel"]
    assert [line.gap_before for line in lines] == [False, False, True]
    assert words_to_lines([]) == ()


def test_two_column_table_gets_cell_breaks() -> None:
    words = (
        row(0.30, (0.1, "Ausbildungsvorbereitung"), (0.5, "Jugend Flex"))
        + row(0.32, (0.5, "RESA Bildungsfonds"))
        + row(0.34, (0.5, "Berufscamp"))
        + row(0.37, (0.1, "Ausbildung und"), (0.5, "Begleitete Ausbildung"))
        + row(0.39, (0.1, "Ausbildungscoaching"))
    )
    assert texts(words) == [
        "Ausbildungsvorbereitung\tJugend Flex",
        "\tRESA Bildungsfonds",
        "\tBerufscamp",
        "Ausbildung und\tBegleitete Ausbildung",
        "Ausbildungscoaching",
    ]


def test_list_markers_with_hanging_indent_are_not_a_table() -> None:
    words = []
    items = [("1.", "Ausbildungsvorbereitung"), ("-", "A.N.K.E.R."), ("-", "B.R.I.D.G.E."), ("2.", "Ausbildung")]
    for i, (marker, text) in enumerate(items):
        words += row(0.3 + i * LINE, (0.1, marker), (0.14, text))
    assert texts(words) == ["1. Ausbildungsvorbereitung", "- A.N.K.E.R.", "- B.R.I.D.G.E.", "2. Ausbildung"]
    assert find_alleys(words_to_rows(words)) == []


def test_short_lines_of_a_paragraph_are_not_a_table() -> None:
    # Word starts that line up by chance over a few short rows, with ordinary word spaces.
    words = (
        row(0.30, (0.1, "Qualifizierungsbudgets 2015 in den jeweiligen"))
        + row(0.32, (0.1, "Projekte:"))
        + row(0.34, (0.1, "Berufsorientierung und Ausbildung"))
        + row(0.36, (0.1, "Schulverweigerung und Chance"))
    )
    assert all("\t" not in text for text in texts(words))


def test_skewed_scan_rows_stay_whole() -> None:
    angle = math.radians(1.5)
    words = []
    for r in range(3):
        for i, token in enumerate(["Das", "HMSI", "stellt", "dem", "Landkreis", "Offenbach", "im", "Jahr", "2024"]):
            x = 0.1 + i * 0.09
            y = 0.3 + r * LINE + math.tan(angle) * x / 1.414
            words.append(word(token, x, y, 0.07))
    assert texts(words) == ["Das HMSI stellt dem Landkreis Offenbach im Jahr 2024"] * 3


def test_ocr_lines_stay_together_and_cells_read_as_blocks_share_a_row() -> None:
    # 'engen' has no ascenders: its box sits lower than its neighbours, but Tesseract grouped it.
    line = [word("im", 0.1, 0.300), word("engen", 0.14, 0.304), word("Austausch", 0.22, 0.300)]
    left_cell = [word("Ausbildungsvorbereitung", 0.1, 0.40)]
    right_cell = [word("Jugend", 0.5, 0.401), word("Flex", 0.58, 0.401)]
    rows = groups_to_rows([line, right_cell, left_cell])
    assert [[w.text for w in r] for r in rows] == [["im", "engen", "Austausch"], ["Ausbildungsvorbereitung", "Jugend", "Flex"]]


def test_a_word_ocr_read_over_a_column_of_list_markers_does_not_join_their_lines() -> None:
    """Tesseract read the markers 'B.', '1.', 'C.', '1.' set one under the other as one tall word
    ('Ooruı') in a group of its own: it spans the middles of the four lines beside it and is no word of
    any of them, so it is left out and the four lines stay four rows (not one row of their words
    interleaved). A word as tall as its line stays."""
    lines = [row(0.50 + i * LINE, (0.13, text)) for i, text in enumerate(
        ["Ausbildung und Ausbildungscoaching", "Kooperative BaE in Teilzeit", "Qualifizierung zur Arbeitsmarktintegration",
         "Job-Perspektive 50plus"])]
    stacked = [Word("Ooruı", BBox(0.095, 0.50, 0.114, 0.50 + 3 * LINE + HEIGHT), 24.0)]
    rows = groups_to_rows([stacked, *lines])
    assert [" ".join(w.text for w in r) for r in rows] == [
        "Ausbildung und Ausbildungscoaching", "Kooperative BaE in Teilzeit", "Qualifizierung zur Arbeitsmarktintegration",
        "Job-Perspektive 50plus"]
    big = [Word("§", BBox(0.095, 0.50, 0.114, 0.50 + 1.5 * HEIGHT), 90.0)]  # a large glyph on one line
    assert "§" in [w.text for r in groups_to_rows([big, *lines]) for w in r]


def test_a_word_read_with_a_speck_below_it_does_not_join_its_line_to_the_next() -> None:
    """A noisy scan: 'Qualifizierungsbudget' read with a speck under it, its box reaching from the
    line above over its own line and below. Its line and the line above stay two rows (they were read
    as one, their words interleaved: 'in 1.861.400 Höhe von aus insgesamt …'); the word stays in its line."""
    above = row(0.40, (0.1, "in Höhe von insgesamt EUR"))
    below = row(0.40 + LINE, (0.1, "1.861.400 aus dem Ausbildungs-"), (0.47, "und"))
    below.append(Word("Qualifizierungsbudget", BBox(0.52, 0.40 + 0.4 * HEIGHT, 0.78, 0.40 + LINE + 2.4 * HEIGHT), 64.0))
    rows = groups_to_rows([above, below])
    assert [" ".join(w.text for w in r) for r in rows] == ["in Höhe von insgesamt EUR",
                                                          "1.861.400 aus dem Ausbildungs- und Qualifizierungsbudget"]


def test_a_table_row_alone_on_its_page_keeps_its_cells_where_no_alley_shows() -> None:
    """The one row of a table on a page (two lines: a type cell wrapped beside its name and provider):
    too few rows for an alley, yet blanks no word space spans part its cells. Prose keeps its spaces."""
    rows = [row(0.30, (0.12, "1. Ausbildungs- und"), (0.46, "„Fit für die Zukunft“"), (0.82, "Kolping-")),
            row(0.32, (0.18, "Qualifizierungsvorbereitung"), (0.82, "Bildungswerk")),
            row(0.40, (0.12, "Die Förderung der aufgeführten Maßnahmen erfolgt nach Maßgabe"))]
    lines = words_to_lines([w for r in rows for w in r])
    assert [line.text for line in lines] == ["1. Ausbildungs- und\t„Fit für die Zukunft“\tKolping-",
                                             "Qualifizierungsvorbereitung\tBildungswerk",
                                             "Die Förderung der aufgeführten Maßnahmen erfolgt nach Maßgabe"]


def test_table_rows_part_at_a_blank_wider_than_the_line_spacing() -> None:
    """Cell padding: rows of a table stand a little further apart than the lines of a wrapped cell,
    less than a paragraph gap; and a long horizontal rule between two lines parts them too."""
    from extract.reading.layout import rows_to_lines

    rows = [
        row(0.300, (0.1, "Ausbildungsvorbereitung"), (0.5, "JobStart (Berufsorientierung für")),
        row(0.314, (0.5, "junge Geflüchtete)")),
        row(0.334, (0.1, "Ausbildung und"), (0.5, "Begleitete Ausbildung")),
        row(0.348, (0.1, "Ausbildungsbegleitung")),
        row(0.368, (0.1, "Sonstiges"), (0.5, "FAKT")),
    ]
    assert [line.gap_before for line in rows_to_lines(rows)] == [False, False, True, False, True]
    plain = [row(0.30, (0.1, "Jugend Flex")), row(0.314, (0.1, "Berufscamp")), row(0.328, (0.1, "FAKT"))]
    assert [line.gap_before for line in rows_to_lines(plain, separators=(0.327,))] == [False, False, True]


def test_cell_rows_of_a_ruled_table_keep_every_column() -> None:
    from extract.reading.tables import cells_to_row

    cells = [(50.0, 100.0, 80.0, 140.0), (80.0, 100.0, 300.0, 140.0), (300.0, 100.0, 450.0, 140.0), (450.0, 100.0, 540.0, 140.0)]
    (word_,) = cells_to_row(["1.", "", "Jugend Flex", "BWHW"], cells, 595.0, 842.0)
    assert word_.text == "1.\t\tJugend Flex\tBWHW"
    assert cells_to_row(["", ""], cells[:2], 595.0, 842.0) == []


def test_table_below_a_page_of_prose_gets_its_columns() -> None:
    # Prose rows start words all over the line, and rows that open with the same words (a district's
    # name, 'Die ... und das HMSI') start them at the same places: their chance alignments outnumber
    # and surround the table's column start, and must neither use up the x positions tried as alleys
    # nor move the alley off the cells' starts.
    for seed in (1, 3, 6):
        rng = random.Random(seed)
        openings = [[rng.randint(2, 9) for _ in range(6)] for _ in range(5)]
        words: list[Word] = []
        y = 0.05
        for i in range(30):
            x = 0.1
            for length in openings[i % 5] + [rng.randint(2, 13) for _ in range(30)]:
                if x + 0.012 * length > 0.86:
                    break
                words.append(word("w" * length, x, y))
                x += 0.012 * length + 0.008
            y += LINE
        y += 2 * LINE
        table = [("Ausbildung und", "Begleitete Ausbildung"), ("Ausbildungscoaching", ""), ("Weiterbildung für", "Zertifikatskurs"),
                 ("Personal der Kreise", "Fallmanagement"), ("im Kontext der", "Lotsenprojekt")]
        for left, right in table:
            words += row(y, (0.12, left), *([(0.5, right)] if right else []))
            y += LINE
        assert [line.text for line in words_to_lines(words)[-5:]] == [
            "Ausbildung und\tBegleitete Ausbildung", "Ausbildungscoaching", "Weiterbildung für\tZertifikatskurs",
            "Personal der Kreise\tFallmanagement", "im Kontext der\tLotsenprojekt"], seed
