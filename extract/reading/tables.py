"""Ruled tables of a text-layer page from pdfium's drawing, found with pdfplumber's own table
algorithm (merge edges, intersections, cells, tables) and filled with pdfium's characters, so a
table page reads as pdfplumber's find_tables + extract_text read it, without pdfminer parsing it."""

from __future__ import annotations

from collections.abc import Callable

from pdfplumber import table as plumber_table
from pdfplumber.utils import filter_edges

from extract.model import CELL_LINE_BREAK, CELL_LINE_WRAP, BBox, Word
from extract.reading.textlayer import Char, Edge, chars_to_words

# pdfplumber's TableFinder and extract_text defaults
SNAP_TOLERANCE = 3.0
JOIN_TOLERANCE = 3.0
INTERSECTION_TOLERANCE = 3.0
EDGE_MIN_LENGTH = 3.0

Cell = tuple[float, float, float, float]  # x0, top, x1, bottom in points from the page's top left
CellText = Callable[[plumber_table.Table, Cell, bool], str]  # a cell's text; True for the last cell of its row
RUN_ON_GAP = 0.5  # points: the letters of one word set flush (a word running on across a cell's rule)
LONG_RULE = 0.5  # a horizontal ruling line at least this long (page widths) may part table rows


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


def cell_to_text(chars: list[Char], cell: Cell, width: float, height: float, room: float, last: bool = False) -> str:
    """A cell's characters as text (see cell_words_to_text); a character belongs to the cell its
    centre lies in (a glyph may overhang the ruling line), and so do the letters of a word too long
    for its cell that run on across the next cell's rule, set flush ('Beschäftigungsorientierte|s');
    a word too long for the `last` column of its row may run past the table's right edge."""
    x0, top, x1, bottom = cell
    right = width if last else x1
    band = [c for c in chars if top <= (c[3] + c[4]) / 2 <= bottom]
    inside = [c for c in band if x0 <= (c[1] + c[2]) / 2 <= right]
    taken = _run_on(band, [b for b in band if (b[1] + b[2]) / 2 < x0], x0)  # the run-on of the cell before
    inside = [c for c in inside if c not in taken]
    inside += _run_on(band, inside, right)
    words = chars_to_words(inside, width, height)  # the page's word tolerances: a producer may set words without spaces
    return cell_words_to_text(words, (x0 / width, x1 / width), height / width, room)


def _run_on(band: list[Char], cell: list[Char], rule: float) -> list[Char]:
    """The characters right of the `rule` that go on from a word of the `cell`'s characters set flush
    against it (RUN_ON_GAP points at most between two letters, on one line): a word too long for its cell."""
    out: list[Char] = []
    beyond = sorted((c for c in band if (c[1] + c[2]) / 2 > rule and not c[0].isspace()), key=lambda c: c[1])
    for last in [c for c in cell if c[2] > rule - RUN_ON_GAP - (c[2] - c[1]) and not c[0].isspace()]:
        while True:
            after = next((c for c in beyond if abs(c[3] - last[3]) <= RUN_ON_GAP and abs(c[1] - last[2]) <= RUN_ON_GAP
                          and c not in out), None)
            if after is None:
                break
            out.append(after)
            last = after
    return out


def words_to_cell_lines(words: list[Word]) -> list[list[Word]]:
    """A cell's words (in reading order) as its text lines: a word whose top lies more than half a
    line below the previous word's, or that starts left of it, starts a line (the boxes of tightly
    set lines may overlap)."""
    lines: list[list[Word]] = []
    for word in words:
        last = lines[-1][-1] if lines else None
        if last is not None and word.bbox.y0 <= last.bbox.y0 + (last.bbox.y1 - last.bbox.y0) / 2 and word.bbox.x0 >= last.bbox.x0:
            lines[-1].append(word)
        else:
            lines.append([word])
    return lines


def is_cell_line_break(line: list[Word], following: list[Word], right: float, aspect: float, room: float) -> bool:
    """Whether `line` ended where its writer broke it: the room left before `right` (x, page widths)
    would have held the next line's first word and a space (`room` line heights, Settings.cell_break_room;
    `aspect` is the page's height over its width)."""
    first = following[0]
    line_height = (first.bbox.y1 - first.bbox.y0) * aspect
    return right - line[-1].bbox.x1 > first.bbox.x1 - first.bbox.x0 + room * line_height


def cell_words_to_text(words: list[Word], span: tuple[float, float], aspect: float, room: float) -> str:
    """A cell's words joined by single spaces; its lines by CELL_LINE_BREAK where the writer ended
    one early (is_cell_line_break, inside the cell's `span` less its left padding on either side),
    else by CELL_LINE_WRAP, or by nothing after a compound wrapped at its hyphen."""
    lines = words_to_cell_lines(words)
    if not lines:
        return ""
    padding = max(0.0, min(line[0].bbox.x0 for line in lines) - span[0])
    right = span[1] - padding
    text = " ".join(w.text for w in lines[0])
    for previous, line in zip(lines, lines[1:]):
        last, first = previous[-1].text, line[0].text
        compound = last.endswith("-") and last[-2:-1].isalnum() and (first[:1].isupper() or first[:1].isdigit())
        if is_cell_line_break(previous, line, right, aspect, room):
            text += CELL_LINE_BREAK
        elif not compound:
            text += CELL_LINE_WRAP  # a compound wrapped at its hyphen ('Berufskraftfahrer-' / 'Qualifikation') joins as in running text
        text += " ".join(w.text for w in line)
    return " ".join(part for part in text.split(" ") if part)


def chars_to_cell_text(chars: list[Char], width: float, height: float, room: float) -> CellText:
    """The text of a cell from pdfium's characters (see cell_to_text; `room`: Settings.cell_break_room)."""
    return lambda _table, cell, last: cell_to_text(chars, cell, width, height, room, last)


def cells_to_row(texts: list[str], cells: list[Cell | None], width: float, height: float) -> list[Word]:
    """One table row as one word: its cells' texts joined by tabs (a cell break, as layout renders
    column alleys), empty cells kept so every row has the same columns; [] for an empty row. The
    box spans the row's cells, one text line high."""
    if not any(texts):
        return []
    boxes = [c for c in cells if c is not None]
    x0, top = min(c[0] for c in boxes), min(c[1] for c in boxes)
    x1, bottom = max(c[2] for c in boxes), max(c[3] for c in boxes)
    return [Word("\t".join(texts), BBox(x0 / width, top / height, x1 / width, min(bottom, top + 14) / height))]


def tables_to_rows(tables: list[plumber_table.Table], cell_text: CellText, width: float, height: float) -> list[list[Word]]:
    """Each table row as one row of tab-separated cells (every column; a cell's wrapped lines joined)."""
    rows: list[list[Word]] = []
    for table in tables:
        for row in table.rows:
            texts = [cell_text(table, cell, i == len(row.cells) - 1) if cell is not None else "" for i, cell in enumerate(row.cells)]
            word = cells_to_row(texts, list(row.cells), width, height)
            if word:
                rows.append(word)
    return rows


def long_rules(edges: list[Edge], top: float, width: float, height: float) -> tuple[float, ...]:
    """The y (page heights, from the top) of the long horizontal ruling lines: those of a table ruled
    only horizontally part its rows (layout.rows_to_lines)."""
    return tuple(sorted((top - across) / height for horizontal, across, start, end in edges
                        if horizontal and end - start >= LONG_RULE * width))


def outside_tables(words: list[Word], tables: list[plumber_table.Table], width: float, height: float) -> list[Word]:
    """The words whose centre lies in no table."""
    def inside(word: Word, bbox: tuple[float, float, float, float]) -> bool:
        cx, cy = (word.bbox.x0 + word.bbox.x1) / 2 * width, (word.bbox.y0 + word.bbox.y1) / 2 * height
        return bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3]

    return [w for w in words if not any(inside(w, t.bbox) for t in tables)]
