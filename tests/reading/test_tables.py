"""A ruled table cell's text from its characters: wrapped lines joined, a compound wrapped at its hyphen
without a space (as normalize joins it in running text), other wraps with one."""

from __future__ import annotations

import pytest

from extract.reading.tables import cell_to_text

WIDTH, HEIGHT = 600.0, 800.0


def chars(lines: list[str], x: float = 100.0, top: float = 100.0) -> list[tuple[str, float, float, float, float]]:
    out = []
    for k, text in enumerate(lines):
        left = x
        for ch in text:
            out.append((ch, left, left + 5.0, top + 12.0 * k, top + 12.0 * k + 10.0))
            left += 5.0
    return out


@pytest.mark.parametrize("lines, text", [
    (["Fahrerlaubnis mit Berufskraftfahrer-", "Qualifikation"], "Fahrerlaubnis mit Berufskraftfahrer-Qualifikation"),
    (["Teilzeitausbildung in Gesundheits-", "und Pflegeberufen"], "Teilzeitausbildung in Gesundheits- und Pflegeberufen"),
    (["Begleitung im SGB-", "II-Leistungsbezug"], "Begleitung im SGB-II-Leistungsbezug"),
    (["Frauen in Arbeit -", "FiA"], "Frauen in Arbeit - FiA"),
    (["Jugend", "Flex"], "Jugend Flex"),
])
def test_wrapped_cell_lines(lines: list[str], text: str) -> None:
    assert cell_to_text(chars(lines), (90.0, 90.0, 400.0, 200.0), WIDTH, HEIGHT) == text
