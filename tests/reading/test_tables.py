"""A ruled table cell's text from its characters: a compound wrapped at its hyphen joined without a
space (as normalize joins it in running text), other wrapped lines by CELL_LINE_WRAP; a line that ended
with room for the next line's first word was broken by its writer (CELL_LINE_BREAK)."""

from __future__ import annotations

import pytest

from extract.model import CELL_LINE_BREAK, CELL_LINE_WRAP
from extract.reading.tables import cell_to_text
from extract.settings import Settings

W = CELL_LINE_WRAP  # the word processor wrapped the line

WIDTH, HEIGHT = 600.0, 800.0
ROOM = Settings().cell_break_room


def chars(lines: list[str], x: float = 100.0, top: float = 100.0) -> list[tuple[str, float, float, float, float]]:
    out = []
    for k, text in enumerate(lines):
        left = x
        for ch in text:
            out.append((ch, left, left + 5.0, top + 12.0 * k, top + 12.0 * k + 10.0))
            left += 5.0
    return out


def fitted(lines: list[str], left: float = 90.0, x: float = 100.0) -> tuple[float, float, float, float]:
    """A cell as narrow as its widest line and the same padding on either side: every line full."""
    return (left, 90.0, x + 5.0 * max(len(line) for line in lines) + (x - left), 200.0)


@pytest.mark.parametrize("lines, text", [
    (["Fahrerlaubnis mit Berufskraftfahrer-", "Qualifikation"], "Fahrerlaubnis mit Berufskraftfahrer-Qualifikation"),
    (["Teilzeitausbildung in Gesundheits-", "und Pflegeberufen"], f"Teilzeitausbildung in Gesundheits-{W}und Pflegeberufen"),
    (["Begleitung im SGB-", "II-Leistungsbezug"], "Begleitung im SGB-II-Leistungsbezug"),
    (["Frauen in Arbeit -", "FiA"], f"Frauen in Arbeit -{W}FiA"),
    (["Jugend", "Flex"], f"Jugend{W}Flex"),
])
def test_wrapped_cell_lines(lines: list[str], text: str) -> None:
    assert cell_to_text(chars(lines), fitted(lines), WIDTH, HEIGHT, ROOM) == text


@pytest.mark.parametrize("lines, text", [
    (["Ausbildungsreife stärken", "Werkstattjahr Offenbach"], f"Ausbildungsreife stärken{CELL_LINE_BREAK}Werkstattjahr Offenbach"),
    (["• Frauen und Beruf", "• Deutsch im Beruf", "• Lager und Logistik"],
     f"• Frauen und Beruf{CELL_LINE_BREAK}• Deutsch im Beruf{CELL_LINE_BREAK}• Lager und Logistik"),
    (["Qualifizierung im Garten- und Landschaftsbau mit", "Zertifikat", "Jugend Flex"],  # a wrap, then a break
     f"Qualifizierung im Garten- und Landschaftsbau mit{W}Zertifikat{CELL_LINE_BREAK}Jugend Flex"),
])
def test_lines_broken_by_hand(lines: list[str], text: str) -> None:
    cell = fitted(lines + ["x" * 45])  # a column as wide as its longest cell elsewhere in the table
    assert cell_to_text(chars(lines), cell, WIDTH, HEIGHT, ROOM) == text


def test_a_last_word_that_just_fits_is_no_break() -> None:
    """Room for the next word but not for the space and slack before it: the word processor wrapped."""
    lines = ["Ausbildung und", "Coaching"]  # 14 characters, then 8: 'Coaching' needs 40 pt
    cell = (90.0, 90.0, 100.0 + 5.0 * 14 + 40.0 + 2.0 + 10.0, 200.0)
    assert cell_to_text(chars(lines), cell, WIDTH, HEIGHT, ROOM) == f"Ausbildung und{W}Coaching"


def test_a_word_too_long_for_its_cell_stays_whole_across_the_next_cells_rule() -> None:
    """'Beschäftigungsorientiertes' runs over its cell's right rule: its last letter belongs to it, not
    to the next cell (whose own words start after its padding)."""
    word = "Beschäftigungsorientiertes"
    left_cell = (90.0, 90.0, 100.0 + 5.0 * (len(word) - 1), 200.0)  # the last letter's centre lies right of the rule
    right_cell = (left_cell[2], 90.0, left_cell[2] + 100.0, 200.0)
    row = chars([word]) + chars(["e.V."], x=right_cell[0] + 10.0)
    assert cell_to_text(row, left_cell, WIDTH, HEIGHT, ROOM) == word
    assert cell_to_text(row, right_cell, WIDTH, HEIGHT, ROOM, last=True) == "e.V."
