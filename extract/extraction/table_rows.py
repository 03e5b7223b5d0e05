"""Rows of a project table whose cells are centred vertically (a word processor's default for table
cells, LibreOffice's for an imported table): a short cell stands level with the middle of a taller
one, so the lines of one row interleave with the next row's in reading order, and a row number sits
in the middle of its row, not on its first line.

A human reads such a table by the cells' shapes: in each column the lines of one cell are one line
pitch apart, two cells are further apart (the cell padding, the centring); the cells of one row
overlap vertically. So:

1. blocks: per column, the runs of lines at most `tables.cell_line_step` pitches apart on one page;
2. centring: blocks of different columns that overlap and have different line counts share their
   middle (not their top) — otherwise this reading is not used and rows are read line by line;
3. rows: blocks joined while they overlap vertically (a type cell spanning several projects joins
   them into one row, whose project cell then holds several items)."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass, replace

from extract.extraction.headings import completes_type
from extract.extraction.outline import ListLine, connector_end
from extract.rules import Rules


@dataclass(frozen=True)
class Block:
    column: int
    lines: tuple[int, ...]  # indices into the table's lines
    page: int
    top: float  # the first line's top (page heights)
    bottom: float  # the last line's top

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def _line_top(line: ListLine) -> float | None:
    if line.source is None or not line.source.words:
        return None
    return min(w.bbox.y0 for w in line.source.words)


def _pitch(tops: list[float | None], grid: list[list[str]], pages: list[int], heights: list[float], rules: Rules) -> float | None:
    """The smallest step between two lines of one column on one page that is more than a fraction of a
    line's height (tables.min_line_step): the line pitch inside a cell."""
    least = rules.threshold("tables.min_line_step") * statistics.median(heights) if heights else 0.0
    steps = []
    width = max((len(cells) for cells in grid), default=0)
    for column in range(width):
        previous: tuple[int, float] | None = None
        for i, cells in enumerate(grid):
            top = tops[i]
            if column >= len(cells) or not cells[column] or top is None:
                continue
            if previous is not None and previous[0] == pages[i] and top - previous[1] > least:
                steps.append(top - previous[1])
            previous = (pages[i], top)
    return min(steps) if steps else None


def cell_blocks(lines: list[ListLine], grid: list[list[str]], pages: list[int], skip: Callable[[int], bool],
                rules: Rules) -> tuple[list[Block], float] | None:
    """Each column's cells as blocks of lines, and the line pitch; None without word boxes."""
    tops = [_line_top(line) for line in lines]
    for i, top in enumerate(tops):  # a line found without its words ('–' normalized): halfway between its neighbours
        if top is None and 0 < i < len(tops) - 1 and pages[i - 1] == pages[i] == pages[i + 1]:
            above, below = tops[i - 1], _line_top(lines[i + 1])
            tops[i] = (above + below) / 2 if above is not None and below is not None else None
    if any(top is None for i, top in enumerate(tops) if not skip(i)):
        return None
    heights = [w.bbox.y1 - w.bbox.y0 for line in lines if line.source is not None for w in line.source.words]
    pitch = _pitch([None if skip(i) else t for i, t in enumerate(tops)], grid, pages, heights, rules)
    if pitch is None:
        return None
    step = rules.threshold("tables.cell_line_step") * pitch
    blocks: list[Block] = []
    width = max(len(cells) for cells in grid)
    for column in range(width):
        run: list[int] = []
        for i, cells in enumerate(grid):
            if skip(i) or column >= len(cells) or not cells[column]:
                continue
            top = tops[i]
            assert top is not None
            if run and (pages[run[-1]] != pages[i] or top - (tops[run[-1]] or 0.0) > step):
                blocks.append(_block(column, run, tops, pages))
                run = []
            run.append(i)
        if run:
            blocks.append(_block(column, run, tops, pages))
    return _across_breaks(blocks, grid, rules, pitch), pitch


def _across_breaks(blocks: list[Block], grid: list[list[str]], rules: Rules, pitch: float) -> list[Block]:
    """A column's first cell on a page that continues its last cell on the page before (starts in
    lower case or with a bracket, the cell before ends in a connector, or together they name the cell's
    measure type better: completes_type) is the rest of that cell: a
    row going on across the page break. Then the row goes on in every column: another column's first
    cell on that page level with such a rest is the rest of that column's last cell on the page before
    ('Fortbildung des' / 'kommunalen Fachpersonals' beside 'Zertifikatskurs' / 'Beschäftigungsorientiertes')."""
    out: list[Block] = []
    rests: list[Block] = []  # the parts of cells going on after a page break, on their new page
    for block in blocks:
        before = next((b for b in reversed(out) if b.column == block.column), None)
        if before is not None and before.page != block.page and _pages_apart(before, block, blocks):
            last, first = grid[before.lines[-1]][block.column], grid[block.lines[0]][block.column]
            if first[:1].islower() or rules.charset("tables.continuation_starts").holds(first) or connector_end(last, rules) \
                    or completes_type(" ".join(grid[i][block.column] for i in before.lines), first, rules):
                out[out.index(before)] = replace(before, lines=before.lines + block.lines)
                rests.append(block)
                continue
        out.append(block)
    if not rests:
        return out
    joined: list[Block] = []
    for block in out:
        before = next((b for b in reversed(joined) if b.column == block.column), None)
        if before is not None and before.page != block.page and _pages_apart(before, block, out) \
                and any(rest.column != block.column and _overlap(rest, block, pitch) for rest in rests):
            joined[joined.index(before)] = replace(before, lines=before.lines + block.lines)
            continue
        joined.append(block)
    return joined


def _pages_apart(before: Block, block: Block, blocks: list[Block]) -> bool:
    """Whether `before` is its column's last cell on its page and `block` the first on the next page."""
    same = [b for b in blocks if b.column == block.column]
    return block.page == before.page + 1 and not any(
        (b.page == before.page and b.top > before.top) or (b.page == block.page and b.top < block.top) for b in same)


def _block(column: int, run: list[int], tops: list[float | None], pages: list[int]) -> Block:
    return Block(column, tuple(run), pages[run[0]], tops[run[0]] or 0.0, tops[run[-1]] or 0.0)


def _overlap(a: Block, b: Block, pitch: float) -> bool:
    return a.page == b.page and a.top <= b.bottom + 0.5 * pitch and b.top <= a.bottom + 0.5 * pitch


def is_centred(blocks: list[Block], content: set[int], pitch: float, rules: Rules) -> bool:
    """Whether overlapping cells of different heights share their middle rather than their top."""
    near = rules.threshold("tables.centre_tolerance") * pitch
    middle = top = 0
    for i, a in enumerate(blocks):
        for b in blocks[i + 1:]:
            if a.column == b.column or a.column not in content or b.column not in content:
                continue
            if len(a.lines) == len(b.lines) or not _overlap(a, b, pitch):
                continue
            if abs(a.top - b.top) <= near:
                top += 1
            elif abs(a.middle - b.middle) <= near:
                middle += 1
    return middle >= int(rules.threshold("tables.min_centred_pairs")) and middle > top


def row_groups(blocks: list[Block], pitch: float) -> list[list[Block]]:
    """Blocks joined while they overlap vertically, in reading order."""
    parent = list(range(len(blocks)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(blocks):
        for j in range(i + 1, len(blocks)):
            if _overlap(a, blocks[j], pitch):
                parent[find(j)] = find(i)
    groups: dict[int, list[Block]] = {}
    for i, block in enumerate(blocks):
        groups.setdefault(find(i), []).append(block)
    return sorted(groups.values(), key=lambda group: min(i for b in group for i in b.lines))
