"""Layout: words with boxes -> reading-order lines, for text layers and OCR alike.

Rows are found by clustering words on their vertical centre; a blank gap before a row marks a new
paragraph. Table columns are found as vertical alleys: an x position where several consecutive
rows have a word starting and no word crosses it. Words right of an alley get a higher column
number, which Line.text renders as a tab (a cell break)."""

from __future__ import annotations

import bisect
import statistics

from extract.model import BBox, Line, Word

ROW_TOLERANCE = 0.35  # fraction of the median word height within which centres share a row
ALLEY_BIN = 0.01  # how far word starts may differ and still line up, in page widths
MIN_ALLEY_ROWS = 3
MIN_CELL_WIDTH = 0.05  # median width of the content left of an alley, in page widths (list markers are narrower)
RIGHT_OF_MARGIN = 0.3  # a line's first word starting this far right (page widths) starts in a column, not at the margin
MIN_CELL_GAP = 0.04  # a gap this wide (page widths) before x shows a cell border, not a word space
LONE_CELL_GAP = 0.1  # a blank this wide (page widths) inside a row parts cells even where no alley shows (prose never spaces so)
MIN_COLUMN_WIDTH = 0.2  # alleys closer than this (page widths) compete for the same rows
MAX_ALLEY_SEEDS = 24  # x positions tried as alleys, best supported first (a prose page has many chance alignments)
STACKED_WORD = 2.5  # a word taller than this many median word heights, over other lines' middles: glyphs of several lines
TALL_WORD = 1.6  # a word taller than this many median word heights (a speck below it read as part of it) sets no line's extent
TABLE_ROW_GAP = 0.35  # between table rows, a blank this much (line heights) wider than the usual spacing is a gap


def estimate_slope(words: list[Word]) -> float:
    """Skew as dy/dx in page fractions: the median slope between horizontally neighbouring words."""
    if len(words) < 3:
        return 0.0
    height = statistics.median(w.bbox.y1 - w.bbox.y0 for w in words) or 0.01
    ordered = sorted(words, key=lambda w: w.bbox.x0)
    slopes: list[float] = []
    for i, a in enumerate(ordered):
        ay = (a.bbox.y0 + a.bbox.y1) / 2
        for b in ordered[i + 1 : i + 40]:
            dx = b.bbox.x0 - a.bbox.x1
            if dx > 3 * height:
                break
            by = (b.bbox.y0 + b.bbox.y1) / 2
            if 0 <= dx and abs(by - ay) < 0.6 * height:
                slopes.append((by - ay) / max((b.bbox.x0 + b.bbox.x1 - a.bbox.x0 - a.bbox.x1) / 2, 1e-6))
                break
    return statistics.median(slopes) if len(slopes) >= 5 else 0.0


def deskew(words: list[Word], aspect: float) -> list[Word]:
    """Words with their boxes turned back by the page's skew (aspect = page height / width)."""
    slope = estimate_slope(words)
    if abs(slope) < 1e-4:
        return words
    shear = slope * aspect * aspect
    out = []
    for w in words:
        cx, cy = (w.bbox.x0 + w.bbox.x1) / 2, (w.bbox.y0 + w.bbox.y1) / 2
        dx, dy = shear * cy, -slope * cx
        out.append(Word(w.text, BBox(w.bbox.x0 + dx, w.bbox.y0 + dy, w.bbox.x1 + dx, w.bbox.y1 + dy), w.conf))
    return out


def words_to_rows(words: list[Word]) -> list[list[Word]]:
    if not words:
        return []
    height = statistics.median(w.bbox.y1 - w.bbox.y0 for w in words) or 0.01
    ordered = sorted(words, key=lambda w: (w.bbox.y0 + w.bbox.y1) / 2)
    rows: list[list[Word]] = []
    centre: float | None = None
    for word in ordered:
        middle = (word.bbox.y0 + word.bbox.y1) / 2
        if centre is None or middle - centre > ROW_TOLERANCE * height:
            rows.append([word])
            centre = middle
        else:
            rows[-1].append(word)
    return [sorted(row, key=lambda w: w.bbox.x0) for row in rows]


def _crosses(row: list[Word], x: float) -> bool:
    return any(w.bbox.x0 < x - ALLEY_BIN / 2 < w.bbox.x1 for w in row)


def _starts_at(row: list[Word], x: float) -> bool:
    """A word of the row starts at x (the first word only when it starts right of the margin area)."""
    return (any(abs(w.bbox.x0 - x) <= ALLEY_BIN for w in row[1:])
            or bool(row and abs(row[0].bbox.x0 - x) <= ALLEY_BIN and row[0].bbox.x0 > RIGHT_OF_MARGIN))


def _is_column(rows: list[list[Word]], x: float) -> bool:
    """Whether the rows left of x hold a column of cells, not list markers or a justified paragraph:
    wide content on the left, and a row that starts at x with nothing left of it or two rows with a
    gap far wider than a word space before x."""
    lefts = [[w for w in row if w.bbox.x1 <= x] for row in rows]
    widths = [max(w.bbox.x1 for w in left) - min(w.bbox.x0 for w in left) for left in lefts if left]
    if not widths or statistics.median(widths) < MIN_CELL_WIDTH:
        return False
    right_only = any(not left and _starts_at(row, x) for left, row in zip(lefts, rows))
    wide = sum(1 for left, row in zip(lefts, rows) if left and _starts_at(row, x) and x - max(w.bbox.x1 for w in left) >= MIN_CELL_GAP)
    return right_only or wide >= 2  # one wide gap at x may be a justified line's stretched space


def _start_positions(rows: list[list[Word]]) -> list[float]:
    return [w.bbox.x0 for row in rows for j, w in enumerate(row) if j > 0 or w.bbox.x0 > RIGHT_OF_MARGIN]


def _cell_starts(rows: list[list[Word]]) -> list[float]:
    """The starts that may open a cell: a row's first word right of the margin area, or a word after
    a blank wider than MIN_CELL_GAP (a prose line's words follow word spaces)."""
    return [w.bbox.x0 for row in rows for j, w in enumerate(row)
            if (j == 0 and w.bbox.x0 > RIGHT_OF_MARGIN) or (j > 0 and w.bbox.x0 - row[j - 1].bbox.x1 >= MIN_CELL_GAP)]


def _support(starts: list[float], x: float) -> int:
    """How many of the sorted starts lie within ALLEY_BIN of x (only the ones near x are compared)."""
    near = starts[bisect.bisect_left(starts, x - 2 * ALLEY_BIN) : bisect.bisect_right(starts, x + 2 * ALLEY_BIN)]
    return sum(1 for other in near if abs(other - x) <= ALLEY_BIN)


def find_alleys(rows: list[list[Word]]) -> list[tuple[int, int, float]]:
    """(first row, last row, x) of every column alley: a run of rows that all leave x free, in which
    at least a third of the rows between the first and the last starting at x (and MIN_ALLEY_ROWS)
    have a word starting there, and that passes _is_column."""
    starts = sorted(_start_positions(rows))
    support = {x: _support(starts, x) for x in starts}
    cells = sorted(_cell_starts(rows))
    # seeds where cells may start first (_is_column needs a row starting there alone or two after a
    # wide blank): on a page of prose, chance alignments of word starts would use up the seeds
    opens = {x: min(_support(cells, x), 2) for x in support}
    candidates: list[tuple[int, int, int, float]] = []
    tried: list[float] = []
    for seed, count in sorted(support.items(), key=lambda item: (-opens[item[0]], -item[1])):
        if len(tried) >= MAX_ALLEY_SEEDS:
            break
        if count < MIN_ALLEY_ROWS:
            continue
        if any(abs(seed - t) <= ALLEY_BIN / 4 for t in tried):
            continue
        tried.append(seed)
        # where the cells start: the median of the cell-opening starts near the seed (a prose line's
        # word starting near by chance would move it), else of all starts near it
        near = [other for other in cells if abs(other - seed) <= ALLEY_BIN] if opens[seed] >= 2 else []
        x = statistics.median(near or [other for other in starts if abs(other - seed) <= ALLEY_BIN])
        run_start: int | None = None
        hit_rows: list[int] = []
        for i, row in enumerate(rows + [[]]):
            free = bool(row) and not _crosses(row, x)
            if free:
                run_start = i if run_start is None else run_start
                if _starts_at(row, x):
                    hit_rows.append(i)
                continue
            hits = len(hit_rows)
            # a third of the rows from the first to the last start at x (a long cell beside them may wrap on)
            if (run_start is not None and hits >= MIN_ALLEY_ROWS and 3 * hits >= hit_rows[-1] - hit_rows[0] + 1
                    and _is_column(rows[run_start:i], x)):
                candidates.append((hits, run_start, i - 1, x))
            run_start, hit_rows = None, []
    # The best-supported alley wins; a weaker one is kept only for other rows or far away (a third column).
    alleys: list[tuple[int, int, float]] = []
    for _hits, first, last, x in sorted(candidates, reverse=True):
        if all(last < a_first or first > a_last or abs(x - a_x) >= MIN_COLUMN_WIDTH for a_first, a_last, a_x in alleys):
            alleys.append((first, last, x))
    return alleys


def rows_to_lines(rows: list[list[Word]], gap_factor: float = 0.8, separators: tuple[float, ...] = ()) -> tuple[Line, ...]:
    """Lines in reading order, with paragraph gaps and table columns. A gap is a blank wider than
    gap_factor line heights; between two table rows (lines with columns) also one clearly wider than
    the page's usual line spacing (cell padding). `separators`: the y of long horizontal ruling lines
    (page heights): one lying between two lines, touching neither, parts them like a blank gap (the
    rows of a table ruled only horizontally); a ruled table's row (tables.cells_to_row, cells in one
    word) is a block of its own."""
    if not rows:
        return ()
    alleys = find_alleys(rows)
    height = statistics.median(w.bbox.y1 - w.bbox.y0 for row in rows for w in row)
    spacing = _line_spacing(rows, height)
    lines: list[Line] = []
    previous: Line | None = None
    previous_bottom = 0.0
    for i, row in enumerate(rows):
        splits = sorted(x for first, last, x in alleys if first <= i <= last)
        if not splits:  # a row no alley runs through (a table row alone on its page): a blank no word space spans
            splits = [b.bbox.x0 for a, b in zip(row, row[1:]) if b.bbox.x0 - a.bbox.x1 >= LONE_CELL_GAP]
        columns = tuple(sum(1 for x in splits if w.bbox.x0 >= x - ALLEY_BIN / 2) for w in row) if splits else ()
        top = min(w.bbox.y0 for w in row)
        blank = top - previous_bottom
        gap = previous is not None and (
            blank > gap_factor * height
            or ((bool(columns) or bool(previous.columns)) and blank > spacing + TABLE_ROW_GAP * height)
            or any("\t" in w.text for w in row)
            or any(previous_bottom < y < top for y in separators))
        previous_bottom = max(w.bbox.y1 for w in row)
        previous = Line(tuple(row), gap_before=bool(gap), columns=columns)
        lines.append(previous)
    return tuple(lines)


def _line_spacing(rows: list[list[Word]], height: float) -> float:
    """The blank between two consecutive lines of a paragraph on this page (page heights): a low
    percentile of the blanks between lines, as a page may hold more table rows than prose lines."""
    blanks = sorted(min(w.bbox.y0 for w in b) - max(w.bbox.y1 for w in a) for a, b in zip(rows, rows[1:]))
    usual = [blank for blank in blanks if 0 <= blank < height]
    return usual[len(usual) // 5] if usual else 0.0


def _stacked(groups: list[list[Word]]) -> set[int]:
    """The words (by id) OCR read from a column of glyphs on several lines as one word ('nr»' for
    list markers 'A.', '1.', '2.' set one under the other): taller than STACKED_WORD median word heights,
    and reaching over the middles of other lines. Such a word is no word of any one line, and
    would join the lines it spans into one row."""
    heights = [w.bbox.y1 - w.bbox.y0 for g in groups for w in g]
    if not heights:
        return set()
    height = statistics.median(heights)
    middles = [(min(w.bbox.y0 for w in g) + max(w.bbox.y1 for w in g)) / 2 for g in groups if g
               and max(w.bbox.y1 for w in g) - min(w.bbox.y0 for w in g) < STACKED_WORD * height]
    return {id(w) for g in groups for w in g if w.bbox.y1 - w.bbox.y0 > STACKED_WORD * height
            and sum(w.bbox.y0 < m < w.bbox.y1 for m in middles) >= 2}


def groups_to_rows(groups: list[list[Word]]) -> list[list[Word]]:
    """Rows from word groups that are lines already (Tesseract's): groups whose vertical extents
    overlap by half the smaller one share a row (table cells read as separate blocks). A word read
    over several lines (a column of list markers) is left out (see _stacked); a word taller than
    TALL_WORD usual words stays in its line but does not make it reach further."""
    stacked = _stacked(groups)
    groups = [[w for w in g if id(w) not in stacked] for g in groups]
    heights = [w.bbox.y1 - w.bbox.y0 for g in groups for w in g]
    tall = TALL_WORD * statistics.median(heights) if heights else float("inf")

    def extent(group: list[Word]) -> tuple[float, float]:
        """The line's height from its words of a usual height: a word OCR read with a speck below it
        ('Qualifizierungsbudget' three lines high) would reach into the next line and join the two."""
        core = [w for w in group if w.bbox.y1 - w.bbox.y0 <= tall] or group
        return min(w.bbox.y0 for w in core), max(w.bbox.y1 for w in core)

    spans = sorted(((*extent(g), g) for g in groups if g), key=lambda s: (s[0] + s[1]) / 2)
    rows: list[tuple[float, float, list[Word]]] = []
    for top, bottom, group in spans:
        if rows:
            r_top, r_bottom, words = rows[-1]
            overlap = min(bottom, r_bottom) - max(top, r_top)
            if overlap >= 0.5 * min(bottom - top, r_bottom - r_top):
                rows[-1] = (min(top, r_top), max(bottom, r_bottom), words + group)
                continue
        rows.append((top, bottom, list(group)))
    return [sorted(words, key=lambda w: w.bbox.x0) for _, _, words in rows]


def words_to_lines(words: list[Word], aspect: float = 1.414, groups: list[list[int]] | None = None) -> tuple[Line, ...]:
    """Lines from words. With `groups` (indices of words that form one line, as OCR reports them)
    those stay together; otherwise rows are found by clustering. The words keep their original
    boxes; only the grouping uses deskewed ones."""
    if not words:
        return ()
    straight = deskew(words, aspect)
    original = {id(s): w for s, w in zip(straight, words)}
    if groups is None:
        rows = words_to_rows(straight)
    else:
        rows = groups_to_rows([[straight[i] for i in group] for group in groups])
    lines = rows_to_lines(rows)
    return tuple(Line(tuple(original[id(w)] for w in line.words), line.gap_before, line.columns) for line in lines)
