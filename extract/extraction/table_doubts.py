"""Why a project table's reading may be wrong (review reasons, never silent fixes): row numbers that
disagree with the rows, a row whose type cell starts below its first projects, and text that may
belong to another cell or line (a word across the next column's start, a title cell naming two
columns, a line that took the next line's words)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from extract.extraction.outline import ListLine
from extract.extraction.table_grid import column_starts
from extract.rules import Rules


class TableRow(Protocol):
    cells: list[list[str]]
    numbers: list[str]
    opened_below: bool


def overflows(lines: list[ListLine], grid: list[list[str]], project_col: int, titles: list[str],
              project_titles: list[str], is_title_row: Callable[[list[str]], bool], rules: Rules) -> list[str]:
    """A word that runs across the start of the next column (text set wider than its cell, or two
    cells' letters overlapping into one word) may carry another cell's letters; so may the project
    cell when the title row's project cell holds a second column title ('Projekt Träger': two
    columns read as one), and a line whose text holds more than its read words (running text's
    rules joined the next line to it at a hyphen: that line's cells are lost)."""
    for cells in grid:
        if project_col < len(cells) and is_title_row(cells):
            named = [t for t in titles if f" {t} " in f" {cells[project_col].lower().rstrip(':')} "]
            if any(t in project_titles for t in named) and any(t not in project_titles for t in named):
                return ["project_table_overflow"]
    starts = column_starts(lines)
    tolerance = rules.threshold("outline.indent_tolerance")
    for line in lines:
        if line.source is None or not line.source.words or any("\t" in w.text for w in line.source.words):
            continue
        read = sum(c.isalnum() for w in line.source.words for c in w.text)
        if sum(c.isalnum() for c in line.text) > read:
            return ["project_table_overflow"]
        if not line.source.columns:
            continue
        for word, column in zip(line.source.words, line.source.columns):
            if any(word.bbox.x0 < x - tolerance and word.bbox.x1 > x + tolerance for x in starts[column + 1:column + 2]):
                return ["project_table_overflow"]
    return []


def counts_on(rows: Sequence[TableRow], found: list[int], rules: Rules) -> bool:
    """Whether the rows' numbers count 1, 2, 3 … one per row, row by row: each number as written, or
    OCR's reading of it (no digit at all, or a digit it confuses: models ocr.digit_confusions), or
    lost; at most a quarter of the rows (one at least) read so, the others exact, unless the last
    row's number is exact. A row split in two or two rows joined shifts every number after it."""
    confused = {tuple(pair.split()) for pair in rules.words("ocr.digit_confusions")}
    counted = [(row, count) for row, count in zip(rows, found) if row.numbers or count]
    if any(len(row.numbers) > 1 or (row.numbers and not count) for row, count in counted):
        return False
    unsure = 0
    last_exact = False
    for position, (row, _) in enumerate(counted, start=1):
        digits = "".join(c for c in row.numbers[0] if c.isdigit()) if row.numbers else ""
        last_exact = digits == str(position)
        if last_exact:
            continue
        written = str(position)
        if digits and not (len(digits) == len(written) and all(
                d == w or (w, d) in confused for d, w in zip(digits, written))):
            return False
        unsure += 1
    # the last row's number as written: a row split or joined anywhere before it would have shifted it
    return last_exact or unsure <= max(1, len(counted) // 4)


def doubts(rows: Sequence[TableRow], found: list[int], type_col: int, project_col: int, rules: Rules) -> list[str]:
    """Review reasons for a reading of the table that may be wrong: row numbers that do not count on
    one per row with a project (counts_on: a row split in two, or two rows joined); a row with several
    projects whose type cell starts below the first of them, or right below a row without a type cell
    (which type its first projects belong to is a guess)."""
    reasons: list[str] = []
    if sum(1 for row in rows if row.numbers) >= 2 and not counts_on(rows, found, rules):
        reasons.append("project_table_numbering")
    for row, count in zip(rows, found):
        kind_at = next((k for k, part in enumerate(row.cells[type_col]) if part), None) if type_col < len(row.cells) else None
        first_project = next((k for k, part in enumerate(row.cells[project_col]) if part), None) \
            if project_col < len(row.cells) else None
        if count >= 2 and kind_at is not None and first_project is not None and kind_at > first_project:
            reasons.append("project_table_row_ambiguous")
        if row.opened_below:  # its type cell opened below a row without one, no gap between: where the row starts is a guess
            reasons.append("project_table_row_ambiguous")
    return sorted(set(reasons))
