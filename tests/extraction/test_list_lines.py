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


def test_the_edge_of_a_page_of_a_list_is_its_leftmost_longer_line() -> None:
    """An annex page: a letterhead, a centred title and long items of six words and more: their lower
    quarter is an item's indent (0.16), not the margin; items end early, so the page's edge is its
    leftmost longer line (the letterhead, 0.127)."""
    page = Page(4, "ocr", "scan", (_line(0.127, 0.05, 10, 0.07), _line(0.311, 0.15, 8, 0.04), _line(0.16, 0.25, 8, 0.05),
                                   _line(0.16, 0.28, 6, 0.06), _line(0.12, 0.22, 4), _line(0.16, 0.31, 7, 0.05)))
    edge = _left_edge(page, SLOPE, WIDE)
    assert edge is not None and abs(edge[0] - 0.127) < 0.002
    few = Page(5, "ocr", "scan", (_line(0.16, 0.25, 8, 0.05), _line(0.12, 0.22, 4)))
    assert _left_edge(few, SLOPE, WIDE) is None


def test_a_later_pages_markers_are_set_where_the_page_before_set_their_family() -> None:
    """A list over two sheets whose page edges misled the alignment: '2.3.' atop the second page stands
    0.02 right of '2.2.' before it, and '3.' as far right of '2.'; the page is moved back by its
    markers. A family set at two indentations on a page (headings and items alike) does not count."""
    from types import SimpleNamespace

    from extract.extraction.list_lines import _marker_aligned
    from extract.extraction.outline import ListLine

    rows = [("2. Ausbildung", 0.10, 1), ("2.1 ProAbschluss Jugend", 0.14, 1), ("2.2 Azubi-Coaching 2.0", 0.14, 1),
            ("2.3 Ausbildungsbegleitung", 0.16, 2), ("3. Qualifizierung", 0.12, 2), ("3.1 FAKT", 0.16, 2)]
    lines = [ListLine(k, text, False, x) for k, (text, x, _) in enumerate(rows)]
    ctx = SimpleNamespace(rules=rules(), document=SimpleNamespace(pages=[SimpleNamespace(source="ocr")] * 2))
    moved = _marker_aligned(lines, [page for *_, page in rows], ctx, 0.015)  # type: ignore[arg-type]
    assert [round(line.indent or 0, 3) for line in moved] == [0.10, 0.14, 0.14, 0.14, 0.10, 0.14]
    mixed = [("1. Maßnahmen", 0.10, 1), ("1. Jugend Flex", 0.14, 1), ("2. Berufscamp", 0.14, 2)]
    lines = [ListLine(k, text, False, x) for k, (text, x, _) in enumerate(mixed)]
    assert _marker_aligned(lines, [page for *_, page in mixed], ctx, 0.015) == lines  # type: ignore[arg-type]


def test_a_speck_boxed_with_a_number_does_not_move_it_left() -> None:
    """'1.' boxed from 0.108 (a speck left of it taken into the word) where '2.', '3.', '4.' start at
    about 0.124: their right edges agree, so '1.' starts as far left of its end as they are wide
    (0.1374 less the middle width, 0.0133); a dash item is no number and stays."""
    from types import SimpleNamespace

    from extract.extraction.list_lines import _specks_off_markers
    from extract.extraction.outline import ListLine

    def numbered(k: int, text: str, x0: float, x1: float, conf: float | None = 90.0) -> ListLine:
        marker, rest = text.split(" ", 1)
        words = (Word(marker, BBox(x0, 0.1 + k * 0.03, x1, 0.11 + k * 0.03), conf), Word(rest, BBox(0.161, 0.1, 0.3, 0.11), conf))
        return ListLine(k, text, False, x0, source=Line(words))

    rows = [("1. Ausbildungsvorbereitung", 0.108, 0.1374), ("– AusbildungsFIT", 0.1237, 0.133), ("2. Ausbildung", 0.1241, 0.1374),
            ("3. Qualifizierung", 0.1241, 0.1374), ("4. Weitere Maßnahmen", 0.1225, 0.1374)]
    lines = [numbered(k, text, x0, x1) for k, (text, x0, x1) in enumerate(rows)]
    ctx = SimpleNamespace(rules=rules(), document=SimpleNamespace(pages=[SimpleNamespace(source="ocr")]))
    moved = _specks_off_markers(lines, [1] * len(lines), ctx, 0.015)  # type: ignore[arg-type]
    assert [round(line.indent or 0, 4) for line in moved] == [0.1241, 0.1237, 0.1241, 0.1241, 0.1225]  # 0.1374 - 0.0133
    wide = [numbered(0, "10. Ausbildung", 0.108, 0.1474), *lines[2:]]  # ends further right: a wider number, not a speck
    assert _specks_off_markers(wide, [1] * 4, ctx, 0.015) == wide  # type: ignore[arg-type]
    layer = [numbered(k, text, x0, x1, None) for k, (text, x0, x1) in enumerate(rows)]
    assert _specks_off_markers(layer, [1] * 5, ctx, 0.015) == layer  # type: ignore[arg-type]
