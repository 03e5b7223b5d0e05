"""A list's lines on OCRed pages: indents aligned across pages by each page's left edge (list_lines.py)."""

from __future__ import annotations

from extract.extraction.list_lines import _left_edge
from extract.model import BBox, Line, Page, Word
from helpers import rules

SLOPE = float(rules().threshold("outline.max_edge_slope"))
WIDE = float(rules().threshold("outline.edge_line_width"))


def _line(x: float, y: float, words: int, width: float = 0.06) -> Line:
    """A line of `words` words from x on, each `width` page widths apart."""
    return Line(tuple(Word(f"Wort{k}", BBox(x + width * k, y, x + width * k + 0.05, y + 0.01), 95.0) for k in range(words)))


def test_the_edge_of_a_page_of_prose_is_where_its_lines_start() -> None:
    page = Page(2, "ocr", "scan", tuple(_line(0.114 + (0.03 if k % 5 == 0 else 0.0), 0.1 + 0.03 * k, 9, 0.085) for k in range(12)))
    edge = _left_edge(page, SLOPE, WIDE)
    assert edge is not None and abs(edge[0] - 0.114) < 0.002


def test_a_page_of_a_list_keeps_its_indents() -> None:
    """An annex page: a letterhead, a centred title and long items of six words and more: their lower
    quarter is an item's indent (0.16), not the margin (0.12). Items end early: no running text, no
    edge; the page's indents stay as read."""
    page = Page(4, "ocr", "scan", (_line(0.127, 0.05, 10, 0.07), _line(0.311, 0.15, 8, 0.04), _line(0.16, 0.25, 8, 0.05),
                                   _line(0.16, 0.28, 6, 0.06), _line(0.12, 0.22, 4), _line(0.16, 0.31, 7, 0.05)))
    assert _left_edge(page, SLOPE, WIDE) is None
