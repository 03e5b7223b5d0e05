"""Whether a project table's row numbers count on row by row: OCR's misreadings of a number are no
lost or split row; a number that skips or repeats a row is."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from extract.extraction.table_doubts import counts_on
from helpers import rules


@dataclass
class Row:
    numbers: list[str]
    cells: list[list[str]] = field(default_factory=list)
    opened_below: bool = False


@pytest.mark.parametrize(("numbers", "counts"), [
    (["1.", "2.", "3.", "4.", "5.", "6.", "7.", "8.", "9."], True),
    (["1:", "2", "3", "4.", "s", "6.", "I.", "8.", "9."], True),  # two read without a digit, of nine
    ([None, "2.", "8:", "4.", "5:", "6.", "7.", "8.", "9."], True),  # the first lost, '8' for '3'
    (["1.", "2.", "4.", "5."], False),  # a row skipped: a row read as two, or one lost
    (["1.", "2.", "2.", "3."], False),
    (["1.", "s", "I.", "4.", "s"], False),  # half the numbers unread and the last too: nothing to count on
    (["1.", "s", "I.", "4."], True),  # half unread, but the last as written: a row split or joined would have shifted it
    (["1.", "2.", "9.", "4."], False),  # '9' is no misreading of '3'
])
def test_row_numbers_count_on_row_by_row(numbers: list[str | None], counts: bool) -> None:
    rows = [Row([n] if n else []) for n in numbers]
    assert counts_on(rows, [1] * len(rows), rules()) is counts


def test_a_row_with_two_numbers_or_a_number_without_a_project_does_not_count_on() -> None:
    assert not counts_on([Row(["1."]), Row(["2.", "3."]), Row(["4."])], [1, 1, 1], rules())
    assert not counts_on([Row(["1."]), Row(["2."]), Row(["3."])], [1, 0, 1], rules())
