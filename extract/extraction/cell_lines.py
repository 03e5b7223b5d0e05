"""Where the lines of a project table's cells end, and what that says: a line the word processor
wrapped (the next line's first word would not have fitted after it) continues its name; a line that
ended with room for it was ended by its writer (a cell listing several projects, a line each). Ruled
cells come from the reading with their line breaks marked (CELL_LINE_BREAK, CELL_LINE_WRAP); the
lines of unruled tables are judged here from their words' boxes."""

from __future__ import annotations

import statistics

from extract.extraction.markers import line_marker
from extract.extraction.outline import ListLine, connector_end
from extract.extraction.table_grid import column_starts
from extract.model import CELL_LINE_BREAK, CELL_LINE_WRAP, Word
from extract.rules import Rules


class CellGeometry:
    def __init__(self, lines: list[ListLine], grid: list[list[str]], rules: Rules) -> None:
        self.lines, self.grid, self.rules = lines, grid, rules
        self.space = rules.threshold("outline.wrap_space")
        self.padding = rules.threshold("tables.cell_padding")
        self.column_x = column_starts(lines)  # where each column starts (page widths), when layout gave columns
        self.tolerance = rules.threshold("outline.indent_tolerance")
        # the columns' places are known only when layout saw every column of the table
        self.placed = bool(grid) and len(self.column_x) >= max(len(cells) for cells in grid)
        self.doubted = False  # a project cell's lines split or joined on weak evidence (project_cell_lines_ambiguous)
        self.open_doubt = False  # a doubt no reading of the joined pieces settles (a split, or a line that about fits)
        self.join_doubts: set[int] = set()  # offsets of lines a row took in doubt (full above, but a capital): a doubt if joined

    def words(self, line: ListLine, column: int) -> tuple[Word, ...]:
        """The line's words in the table's `column`, by where they start against the columns' starts
        (layout numbers a line's cells from its first, which need not be the table's first column);
        none when the columns' places are unknown (layout saw fewer columns than the table has) or the
        line has no word boxes (a ruled row)."""
        if line.source is None or not line.source.words or any("\t" in w.text for w in line.source.words):
            return ()
        if not self.placed or column >= len(self.column_x):
            return ()
        left = self.column_x[column] - self.tolerance
        right = self.column_x[column + 1] - self.tolerance if column + 1 < len(self.column_x) else float("inf")
        return tuple(w for w in line.source.words if left <= w.bbox.x0 < right)

    def cell_edges(self, line: ListLine, column: int) -> tuple[float, float] | None:
        """Where the text of the table's `column` may stand on the line (page widths): from a
        padding left of the column's start to two paddings left of the next column's (a rule
        between them) or to the page's text margin; None when the columns' places are unknown."""
        if not self.placed or column >= len(self.column_x):
            return None
        right = self.column_x[column + 1] - 2 * self.padding if column + 1 < len(self.column_x) else line.margin
        return None if right is None else (self.column_x[column] - self.padding, right)

    def lists_in_cells(self, project_cells: list[list[str]], type_col: int, project_col: int) -> bool:
        """Whether project cells of the table hold several projects a line each: a ruled cell with a
        line its writer ended, or two lines without a gap between them, the lower one with no type
        cell of its own (or one that continues the type cell above: 'und Fachkräftesicherung'), whose
        upper one had room for the lower one's first word."""
        if any(CELL_LINE_BREAK in part for cell in project_cells for part in cell):
            return True
        for (above, upper), (below, cells) in zip(zip(self.lines, self.grid), list(zip(self.lines, self.grid))[1:]):
            kind, kind_above = (cells[type_col] if type_col < len(cells) else ""), (upper[type_col] if type_col < len(upper) else "")
            goes_on = kind[:1].islower() or (bool(kind_above) and connector_end(kind_above, self.rules))  # a wrapped type cell
            if below.gap_before or below.after_break or (kind and not goes_on):
                continue
            if self.wrapped(above, below, project_col, strict=True) is False:
                return True
        return False

    def line_wraps(self, lines: list[ListLine], column: int) -> list[bool | None]:
        """Per line of a row, whether its words in `column` continue the row's last line above it
        with words there (wrapped), see `wrapped`; None for the first and where unknown."""
        out: list[bool | None] = []
        above: ListLine | None = None
        for line in lines:
            words = self.words(line, column)
            marked = bool(words) and line_marker(" ".join(w.text for w in words), self.rules, []) is not None
            out.append(self.wrapped(above, line, column, doubt=not marked) if above is not None else None)  # a marker starts an item
            above = line if words else above
        return out

    def wrapped(self, above: ListLine, below: ListLine, column: int, strict: bool = False, doubt: bool = True) -> bool | None:
        """Whether `below`'s words in `column` continue `above`'s as a word processor wraps a cell:
        True when the first word and a space would not have fitted after `above`'s last one before
        the column's right edge (the next column's start, or the page's text margin, or the column's
        widest reach where lines end beyond that margin); False when
        they would have fitted, with a space to spare, before the column's widest reach over the table
        (the end of its widest line of several words: the cell's content edge is no nearer, so the
        writer ended the line); None when neither is sure or the boxes are unknown. Not `strict`, room before the
        page's text margin alone also counts as ended by the writer, and `doubted` says so (with `doubt`:
        a type cell's line in doubt is no project cell's)."""
        top, bottom = self.words(above, column), self.words(below, column)
        if not top or not bottom:
            return None
        need = self.space + bottom[0].bbox.x1 - bottom[0].bbox.x0
        # a line of one word may overrun its cell (a word too long to fit is set whole): no reach of the cell
        reach = max((words[-1].bbox.x1 for words in (self.words(line, column) for line in self.lines) if len(words) > 1), default=None)
        edge = self.column_x[column + 1] if column + 1 < len(self.column_x) else above.margin
        if reach is not None and (edge is None or reach > edge):
            edge = reach  # lines of the column reach further: the cell's edge is no nearer than they end
        if edge is not None and edge - top[-1].bbox.x1 < need:
            return True
        if reach is not None and reach - top[-1].bbox.x1 > need + self.space:  # a space's slack: word widths are measured
            return False
        padding = self.padding * (2 if column + 1 < len(self.column_x) else 1)  # before the next column's text: two paddings
        if not strict and edge is not None and edge - top[-1].bbox.x1 > need + padding:
            if doubt:
                self.doubted = self.open_doubt = True  # room before the margin only: a break if the table is as wide as the text
            return False
        return None


def cell_lines(parts: list[str], tops: list[float | None], wraps: list[bool | None]) -> list[tuple[str, float | None, bool, int]]:
    """A project cell's lines: (text, top, ended by the writer before it, the read line it is of), from
    its read lines (with their tops and `wraps`, see CellGeometry.line_wraps) and the line breaks a
    ruled cell's text carries (reading.tables: CELL_LINE_BREAK by the writer, CELL_LINE_WRAP by the
    word processor)."""
    lines: list[tuple[str, float | None, bool, int]] = []
    for k, (part, top, wrap) in enumerate(zip(parts, tops + [None] * (len(parts) - len(tops)), wraps + [None] * (len(parts) - len(wraps)))):
        pieces = [["", ""]]  # how each line began, its text
        for char in part:
            if char in (CELL_LINE_BREAK, CELL_LINE_WRAP):
                pieces.append([char, ""])
            else:
                pieces[-1][-1] += char
        lines.append((pieces[0][-1].strip(), top, wrap is False, k))
        lines += [(text.strip(), None, how == CELL_LINE_BREAK, k) for how, text in pieces[1:]]
    return lines


def line_top(line: ListLine, column: int | None = None) -> float | None:
    """The top of the line (page heights), or of its words in `column` when the reading gave columns:
    the top of its first word (of two letters or digits or more, where it has one), which stands
    below the first word of the line above wherever a scan's skew lifts or lowers the lines' ends."""
    if line.source is None or not line.source.words:
        return None
    words = line.source.words
    if column is not None and line.source.columns:
        words = tuple(w for w, c in zip(line.source.words, line.source.columns) if c == column) or words
    ordered = sorted(words, key=lambda w: w.bbox.x0)
    return next((w for w in ordered if sum(c.isalnum() for c in w.text) >= 2), ordered[0]).bbox.y0


def line_pitch(lines: list[ListLine], grid: list[list[str]], column: int, rules: Rules) -> float | None:
    """The distance from one text line of a column to the next: the smallest step between its filled
    cells (specks left out; lines of other columns may sit between them when cells are centred) that
    is more than a fraction of a line's height (tables.min_line_step: OCR may read overlapping lines)."""
    filled = [line for line, cells in zip(lines, grid) if column < len(cells) and sum(c.isalnum() for c in cells[column]) >= 3]
    heights = [w.bbox.y1 - w.bbox.y0 for line in filled if line.source is not None for w in line.source.words]
    least = rules.threshold("tables.min_line_step") * statistics.median(heights) if heights else 0.0
    tops = [line_top(line, column) for line in filled]
    steps = [b - a for a, b in zip(tops, tops[1:]) if a is not None and b is not None and b - a > least]
    return min(steps) if steps else None
