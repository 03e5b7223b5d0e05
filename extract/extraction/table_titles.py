"""A project table's column titles ('Nr. | Maßnahmenart | Projekt | Träger', models/ word lists): a
cell of titles, a row of them (above the first row or repeated on a later page), a line of them."""

from __future__ import annotations

from dataclasses import dataclass

from extract.extraction.table_grid import cells_of
from extract.rules import Charset, Rules


@dataclass(frozen=True)
class ColumnTitles:
    words: tuple[str, ...]  # the titles of a word list, lower case, longest first
    marks: Charset  # what may stand beside them: separators, and specks of scan noise (ocr.speck_marks)


def title_words(rules: Rules, list_id: str) -> ColumnTitles:
    return ColumnTitles(tuple(sorted((w.lower() for w in rules.words(list_id)), key=len, reverse=True)), rules.charset("ocr.speck_marks"))


def is_title(cell: str, titles: ColumnTitles) -> bool:
    """Whether a cell holds column titles and nothing else ('Nr. Maßnahmenart' where layout joined two
    columns), but for specks OCR read beside them ('Maßnahmenart .')."""
    rest = f" {cell.lower().rstrip(':')} "
    for title in titles.words:
        rest = rest.replace(f" {title} ", " ").replace(f" {title}: ", " ")
    return rest != f" {cell.lower().rstrip(':')} " and not titles.marks.strip(rest)


def is_title_line(text: str, rules: Rules) -> bool:
    """Whether a line holds only a project table's column titles ('Maßnahmenart Projekte', also where
    layout saw no cell break: a title row repeated on a page with too few rows for its columns)."""
    return is_title_row(cells_of(text), title_words(rules, "projects.table_header"))


def is_title_row(cells: list[str], titles: ColumnTitles) -> bool:
    filled = [c for c in cells if titles.marks.strip(c)]  # a cell of specks alone ('|' read from a ruling) says nothing
    return bool(filled) and all(is_title(c, titles) for c in filled)
