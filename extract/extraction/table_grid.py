"""The grid of a project table from its words' boxes, over the whole list region (all its pages).

Layout finds columns and row gaps page by page; a page that holds only a row or two of a table (the
table continues after a page break, or is short) may come without them, and a narrow alley between
two columns (a word processor's cell padding) may be too narrow for layout's cell gap. Here the lines
of the list are looked at together:

* column alleys: an x where several lines have a word starting, no word of any line of the region
  crosses it, and the content left of it is wider than a list marker;
* row gaps: a blank between two lines of one page clearly wider than the narrowest blank between the
  table's lines (the space between the wrapped lines of a cell); lines of vertically centred cells
  overlap, their blanks are below it.

Both only add what layout missed: cells layout gave and gaps it saw stay."""

from __future__ import annotations

import math
import statistics
from dataclasses import replace

from extract.extraction.markers import UNORDERED, line_marker
from extract.extraction.normalize import normalize_text
from extract.extraction.outline import ListLine
from extract.model import BBox, Word
from extract.rules import Rules


def _words(line: ListLine) -> tuple[Word, ...]:
    """The line's words with boxes; none for a ruled table's row (one word of tab-separated cells)."""
    if line.source is None or any("\t" in w.text for w in line.source.words):
        return ()
    return line.source.words


def _starts(rows: list[tuple[Word, ...]], rules: Rules) -> list[tuple[float, float]]:
    """Where the rows' words start that may open a cell, each with the blank before it (infinite for
    a row's first word: a line that starts in a column right of the margin and of a list marker)."""
    lead_min = min(row[0].bbox.x0 for row in rows)
    widest_marker = rules.threshold("tables.min_cell_width")
    return sorted((w.bbox.x0, w.bbox.x0 - row[j - 1].bbox.x1 if j > 0 else math.inf) for row in rows for j, w in enumerate(row)
                  if (j > 0 and w.bbox.x0 - row[j - 1].bbox.x1 > 0) or (j == 0 and w.bbox.x0 > lead_min + widest_marker))


def _word_space(rows: list[tuple[Word, ...]]) -> float:
    """The region's word space: a low percentile of the blanks between a line's neighbouring words
    (a table of short cells has more blanks between cells than between words)."""
    blanks = sorted(w.bbox.x0 - row[j - 1].bbox.x1 for row in rows for j, w in enumerate(row) if j > 0)
    return blanks[len(blanks) // 10] if blanks else 0.0


def _borders_cells(hits: list[tuple[float, float]], word_space: float, rules: Rules) -> bool:
    """Whether the starts at one x show a cell's border: tables.min_alley_lines of them, with a line
    starting there or two leaving more than word spaces before it (a cell's padding: the wrapped
    words of one cell start at one x by chance after word spaces); or two after a tab stop's blank."""
    if word_space <= 0:
        return bool(len(hits) >= rules.threshold("tables.min_alley_lines"))
    if len(hits) == 2:
        return all(blank >= rules.threshold("tables.pair_alley_blank") * word_space for _, blank in hits)
    cell_blank = rules.threshold("tables.alley_blank") * word_space
    return bool(len(hits) >= rules.threshold("tables.min_alley_lines")) and (
        any(blank == math.inf for _, blank in hits) or sum(blank >= cell_blank for _, blank in hits) >= 2)


def region_alleys(lines: list[ListLine], rules: Rules) -> list[float]:
    """The x (page widths) of the column alleys of the region's lines, left to right."""
    near = rules.threshold("tables.alley_bin")
    widest_marker = rules.threshold("tables.min_cell_width")
    rows = [words for words in map(_words, lines) if words]
    if len(rows) < 2:
        return []
    starts = _starts(rows, rules)
    word_space = _word_space(rows)
    alleys: list[float] = []
    for seed, _ in starts:
        if any(abs(seed - a) <= 2 * near for a in alleys):
            continue
        hits = [(x, blank) for x, blank in starts if abs(x - seed) <= near]
        if not _borders_cells(hits, word_space, rules):
            continue
        x = min(x for x, _ in hits)
        if any(w.bbox.x0 < x - near / 2 < w.bbox.x1 for row in rows for w in row):
            continue  # a word crosses it: no alley
        lefts = [[w for w in row if w.bbox.x1 <= x] for row in rows]
        widths = [max(w.bbox.x1 for w in left) - min(w.bbox.x0 for w in left) for left in lefts if left]
        if not widths or statistics.median(widths) < widest_marker:
            continue  # list markers or a hanging indent left of it, not a column of cells
        alleys.append(x)
    return sorted(alleys)


def split_line(line: ListLine, alleys: list[float], rules: Rules) -> list[str] | None:
    """The line's cells at the alleys (column 0 left of the first), each normalized (OCR's words with
    the rules for OCR as well); None when the line has no word boxes."""
    words = _words(line)
    if not words:
        return None
    tolerance = rules.threshold("outline.indent_tolerance")
    cells: list[list[str]] = [[] for _ in range(len(alleys) + 1)]
    for word in words:
        column = sum(1 for x in alleys if word.bbox.x0 >= x - tolerance)
        cells[column].append(word.text)
    ocr = any(w.conf is not None for w in words)  # OCR's words: its rules too (normalize.jsonl, scope ocr)
    return [normalize_text(" ".join(cell), rules, ocr) if cell else "" for cell in cells]


def _nearest_above(above: tuple[Word, ...], word: Word) -> Word:
    """The word of the line above nearest to this word across (on a slanted scan a line's ends stand
    a line's height apart, so only words over each other tell the lines' distance)."""
    def apart(a: Word) -> float:
        return max(a.bbox.x0 - word.bbox.x1, word.bbox.x0 - a.bbox.x1, 0.0)
    return min(above, key=apart)


def _blank_between(above: tuple[Word, ...], below: tuple[Word, ...]) -> float:
    """The blank between two lines of a text layer: the median, over the lower line's words, of the
    blank to the word above it."""
    return statistics.median([word.bbox.y0 - _nearest_above(above, word).bbox.y1 for word in below])


def _pitch_between(above: tuple[Word, ...], below: tuple[Word, ...]) -> float:
    """How far apart two OCRed lines stand: the smaller of the medians of their words' tops' and
    bottoms' distances, word by word. OCR's word boxes reach as high as capitals and ascenders and as
    low as descenders and brackets; a gap between rows moves tops and bottoms alike."""
    pairs = [(word, _nearest_above(above, word)) for word in below]
    tops = statistics.median([word.bbox.y0 - over.bbox.y0 for word, over in pairs])
    bottoms = statistics.median([word.bbox.y1 - over.bbox.y1 for word, over in pairs])
    return min(tops, bottoms)


def _widest_wrap(blanks: list[float], height: float, rules: Rules, read: bool) -> float:
    """The widest blank (on an OCRed page: pitch) that still parts a cell's wrapped lines, not two
    rows. From a text layer: the narrowest blank of the table plus tables.row_gap line heights. On an
    OCRed page: from the narrowest pitch that another comes within tables.ocr_blank_peer heights of
    (a speck line OCR read from a rule or a stamp gives one of its own), up to the first step of at
    least tables.row_gap heights between two pitches."""
    ordered = sorted(blanks)
    step = float(rules.threshold("tables.row_gap")) * height
    if not read:
        return ordered[0] + step
    peer = rules.threshold("tables.ocr_blank_peer") * height
    first = next((i for i, (low, high) in enumerate(zip(ordered, ordered[1:])) if high - low <= peer), 0)
    for low, high in zip(ordered[first:], ordered[first + 1:]):
        if high - low >= step:
            return low
    return ordered[-1]  # one kind of blank: no row gaps told apart


def with_row_gaps(lines: list[ListLine], pages: list[int], rules: Rules) -> list[ListLine]:
    """The lines with a gap before each line whose blank to the line above (same page) is wider than
    the widest blank between a cell's wrapped lines (_widest_wrap)."""
    boxes = [_words(line) for line in lines]
    heights = [w.bbox.y1 - w.bbox.y0 for words in boxes for w in words]
    if not heights:
        return lines
    height = statistics.median(heights)
    read = any(w.conf is not None for words in boxes for w in words)  # OCR's boxes: lines' pitches, not blanks
    blanks: list[float | None] = [None]
    for i in range(1, len(lines)):
        above, below = boxes[i - 1], boxes[i]
        if not above or not below or pages[i] != pages[i - 1]:
            blanks.append(None)
            continue
        blanks.append(_pitch_between(above, below) if read else _blank_between(above, below))
    usual = [b for b in blanks if b is not None and b >= 0]
    if len(usual) < 2:
        return lines
    wide = _widest_wrap(usual, height, rules, read)
    return [replace(line, gap_before=True) if blank is not None and blank > wide and not line.gap_before else line
            for line, blank in zip(lines, blanks)]

def _moved(line: ListLine, dx: float) -> ListLine:
    source = line.source
    if source is not None:
        words = tuple(replace(w, bbox=BBox(w.bbox.x0 + dx, w.bbox.y0, w.bbox.x1 + dx, w.bbox.y1)) for w in source.words)
        source = replace(source, words=words)

    def at(x: float | None) -> float | None:
        return None if x is None else x + dx
    return replace(line, right=at(line.right), margin=at(line.margin), source=source)


def aligned_pages(lines: list[ListLine], pages: list[int], tolerance: float) -> list[ListLine]:
    """The lines with each later page's words moved by the page's offset from the first page's in the
    frame the indents are read in (an OCRed page's left edge aligned to the first page's, list_lines.py:
    a scanner feeds each sheet a little apart), so that a table's columns, found over all its pages,
    stand where each page puts them. One offset a page (the middle of its lines'), taken only where the
    table's own lines agree: their leftmost start moves by as much (within `tolerance`); a page's edge
    read from few lines of running text may be off, and then the page stays as read."""
    shifts: dict[int, list[float]] = {}
    lefts: dict[int, float] = {}
    for line, page in zip(lines, pages):
        if line.indent is not None and line.source is not None and line.source.words:
            shifts.setdefault(page, []).append(line.indent - line.source.words[0].bbox.x0)
            lefts[page] = min(lefts.get(page, 1.0), line.source.words[0].bbox.x0)
    if not pages or pages[0] not in shifts:
        return lines
    first = pages[0]
    offsets = {page: statistics.median(found) - statistics.median(shifts[first]) for page, found in shifts.items()}
    moved = {page: dx for page, dx in offsets.items() if dx and abs(lefts[page] + dx - lefts[first]) <= tolerance}
    return [_moved(line, moved[page]) if page in moved else line for line, page in zip(lines, pages)]


def cells_of(line: str) -> list[str]:
    return [cell.strip() for cell in line.split("\t")]


def column_starts(lines: list[ListLine]) -> list[float]:
    """Where each column starts (page widths): the median of its cells' first words' x."""
    starts: dict[int, list[float]] = {}
    for line in lines:
        if "\t" not in line.text or line.source is None or not line.source.columns:
            continue
        firsts: dict[int, float] = {}
        for word, column in zip(line.source.words, line.source.columns):
            firsts.setdefault(column, word.bbox.x0)
        for column, x in firsts.items():
            starts.setdefault(column, []).append(x)
    if not starts or not all(c in starts for c in range(max(starts) + 1)):
        return []
    return [statistics.median(starts[c]) for c in range(max(starts) + 1)]


def _resplit(line: ListLine, starts: list[float], rules: Rules) -> list[str]:
    """A line read with fewer cell breaks than the table has columns (a row that layout's column
    alley missed), split at the column starts of the table's other lines: a word is in the last
    column it starts in, or whose start its middle lies past (a speck OCR boxed with a word widens
    it to the left: '2014' of a wrapped project cell boxed from left of the column)."""
    words = line.source.words if line.source is not None else ()
    tolerance = rules.threshold("outline.indent_tolerance")

    def column_of(word: Word) -> int:
        middle = (word.bbox.x0 + word.bbox.x1) / 2
        return max((c for c, x in enumerate(starts) if word.bbox.x0 >= x - tolerance or middle >= x), default=0)

    if len(starts) < 2 or not words or all(column_of(w) == 0 for w in words):
        return cells_of(line.text)
    cells: list[list[str]] = [[] for _ in starts]
    for word in words:
        cells[column_of(word)].append(word.text)
    return [normalize_text(" ".join(cell), rules, any(w.conf is not None for w in words)) if cell else "" for cell in cells]


def _glyph_to_next_cell(line: ListLine, cells: list[str], rules: Rules) -> list[str]:
    """The cells with a list marker's glyph that ends a cell moved to the start of the next one: the
    bullet of a project cell's first line set at the cell's left edge, its text at a hanging indent
    where the column's other lines start ('Maßnahmen zur •' | 'B.R.I.D.G.E.'). Moved when the glyph
    stands nearer the next cell's first word than the word before it, or, without word boxes, when it
    is a bullet (a dash may end a name: 'Startklar –' | 'Diakonisches Werk')."""
    out = list(cells)
    words = line.source.words if line.source is not None else ()
    for i in range(len(out) - 1):
        tokens, following = out[i].split(), out[i + 1].split()
        if len(tokens) < 2 or not following:
            continue
        marker = line_marker(f"{tokens[-1]} {following[0]}", rules, [])
        if marker is None or marker.family not in UNORDERED or marker.length > len(tokens[-1]) + 1:
            continue
        at = next((k for k in range(1, len(words) - 1) if words[k].text == tokens[-1] and words[k - 1].text == tokens[-2]
                   and words[k + 1].text == following[0]), None)
        if at is not None:
            glyph = words[at].bbox
            if glyph.x0 - words[at - 1].bbox.x1 <= words[at + 1].bbox.x0 - glyph.x1:
                continue  # the glyph ends its cell's text
        elif marker.family != "bullet":
            continue
        out[i], out[i + 1] = " ".join(tokens[:-1]), f"{tokens[-1]} {out[i + 1]}"
    return out


def line_grid(lines: list[ListLine], rules: Rules) -> tuple[list[list[str]], bool]:
    grid, split = _line_grid(lines, rules)
    return [_glyph_to_next_cell(line, cells, rules) for line, cells in zip(lines, grid)], split


def _line_grid(lines: list[ListLine], rules: Rules) -> tuple[list[list[str]], bool]:
    """Each line's cells. Layout's cell breaks where the region shows no other column; a line
    without a cell break holds the first column only (layout numbers cells from the left), unless
    its words stand in the columns other lines show (a page with too few rows for layout). Where
    the region's lines show column alleys layout missed (table_grid), the lines with word boxes
    are split at every alley (then True)."""
    starts = column_starts(lines)
    alleys = region_alleys(lines, rules)
    near = rules.threshold("tables.alley_bin")
    if alleys and not all(any(abs(a - x) <= 2 * near for x in starts[1:]) for a in alleys):
        # a start of layout's cells where words of the region start too, after a cell's border: layout numbers a
        # line's cells from its first, so a column's start over lines cut differently may be a median where no cell starts
        rows = [words for words in map(_words, lines) if words]
        region, word_space = (_starts(rows, rules), _word_space(rows)) if rows else ([], 0.0)
        held = [x for x in starts[1:] if _borders_cells([(at, blank) for at, blank in region if abs(at - x) <= near], word_space, rules)]
        merged = sorted(alleys + [x for x in held if all(abs(a - x) > 2 * near for a in alleys)])
        grid = [split_line(line, merged, rules) for line in lines]
        return [cells if cells is not None else cells_of(line.text) for cells, line in zip(grid, lines)], True
    return [_resplit(line, starts, rules) if len(cells_of(line.text)) < len(starts) else cells_of(line.text) for line in lines], False
