"""Ruled tables of a text-layer page from pdfium's drawing, found with pdfplumber's own table
algorithm (merge edges, intersections, cells, tables) and filled with pdfium's characters, so a
table page reads as pdfplumber's find_tables + extract_text read it, without pdfminer parsing it."""

from __future__ import annotations

from collections.abc import Callable

from pdfplumber import table as plumber_table
from pdfplumber.utils import filter_edges

from extract.model import BBox, Word
from extract.reading.textlayer import Char, Edge, chars_to_words

# pdfplumber's TableFinder and extract_text defaults
SNAP_TOLERANCE = 3.0
JOIN_TOLERANCE = 3.0
INTERSECTION_TOLERANCE = 3.0
EDGE_MIN_LENGTH = 3.0
TEXT_TOLERANCE = 3.0

Cell = tuple[float, float, float, float]  # x0, top, x1, bottom in points from the page's top left


def edges_to_plumber_edges(edges: list[Edge], left: float, top: float) -> list[dict]:
    """pdfium's edges (page space, y up) as pdfplumber's edge dicts (from the top left, y down)."""
    out = []
    for horizontal, across, start, end in edges:
        if horizontal:
            y = top - across
            out.append({"x0": start - left, "x1": end - left, "top": y, "bottom": y, "width": end - start, "height": 0.0,
                        "orientation": "h", "object_type": "line"})
        else:
            x = across - left
            out.append({"x0": x, "x1": x, "top": top - end, "bottom": top - start, "width": 0.0, "height": end - start,
                        "orientation": "v", "object_type": "line"})
    return out


def edges_to_tables(edges: list[dict]) -> list[plumber_table.Table]:
    """The tables pdfplumber's find_tables would find on these edges, with two columns or more."""
    merged = plumber_table.merge_edges(edges, SNAP_TOLERANCE, SNAP_TOLERANCE, JOIN_TOLERANCE, JOIN_TOLERANCE)
    merged = filter_edges(merged, min_length=EDGE_MIN_LENGTH)
    intersections = plumber_table.edges_to_intersections(merged, INTERSECTION_TOLERANCE, INTERSECTION_TOLERANCE)
    cells = plumber_table.intersections_to_cells(intersections)
    tables = [plumber_table.Table(None, tuple(group)) for group in plumber_table.cells_to_tables(cells)]  # type: ignore[arg-type]
    return [t for t in tables if len(t.columns) >= 2 and len(t.rows) >= 1]


def cell_to_text(chars: list[Char], cell: Cell, width: float, height: float) -> str:
    """A cell's text as pdfplumber's within_bbox(cell).extract_text() gives it, whitespace collapsed."""
    x0, top, x1, bottom = cell
    inside = [c for c in chars if c[1] >= x0 and c[2] <= x1 and c[3] >= top and c[4] <= bottom]
    words = chars_to_words(inside, width, height, TEXT_TOLERANCE, TEXT_TOLERANCE)
    return " ".join(" ".join(w.text for w in words).split())


def chars_to_cell_text(chars: list[Char], width: float, height: float) -> Callable[[plumber_table.Table, Cell], str]:
    """The text of a cell from pdfium's characters (see cell_to_text)."""
    return lambda _table, cell: cell_to_text(chars, cell, width, height)


def tables_to_rows(tables: list[plumber_table.Table], cell_text: Callable[[plumber_table.Table, Cell], str], width: float,
                   height: float) -> list[list[Word]]:
    """Each table as rows of one word each: per row the first cell (a heading), then every other
    non-empty cell of the first two columns as a list item; a cell's wrapped lines are joined."""
    rows: list[list[Word]] = []
    for table in tables:
        for row in table.rows:
            for index, cell in enumerate(row.cells[:2]):
                if cell is None:
                    continue
                text = cell_text(table, cell)
                if text:
                    x0, top, x1, bottom = cell
                    line = text if index == 0 else f"• {text}"
                    rows.append([Word(line, BBox(x0 / width, top / height, x1 / width, min(bottom, top + 14) / height))])
    return rows


def outside_tables(words: list[Word], tables: list[plumber_table.Table], width: float, height: float) -> list[Word]:
    """The words whose centre lies in no table."""
    def inside(word: Word, bbox: tuple[float, float, float, float]) -> bool:
        cx, cy = (word.bbox.x0 + word.bbox.x1) / 2 * width, (word.bbox.y0 + word.bbox.y1) / 2 * height
        return bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3]

    return [w for w in words if not any(inside(w, t.bbox) for t in tables)]
