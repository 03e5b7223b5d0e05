"""Project tables: lines of tab-separated cells (layout renders a table's columns as cells, the
reading of a ruled table joins each cell's wrapped lines) become the same heading and item nodes
as a list.

1. Column roles: from a title row ('Nr. | Maßnahmenart | Projekt | Träger', models/ word lists),
   else by content: a column of row numbers is no content, the column whose cells name measure
   types holds the types, the next column the projects. Title rows repeated on later pages are skipped.
2. Rows: a table row may wrap over several lines. A row starts at a row number, after a page
   break, and after a blank gap when the table separates its rows by gaps (a gap is seen between
   two rows of one type); otherwise a line continues the row when each of its cells continues
   (lower case, a connector before it, or a type cell without a type of its own: table_row_starts.py).
   Rows of vertically centred cells are read by the cells' shapes (table_rows.py).
3. Headings: a row's type cell opens a heading unless it repeats the current one (a type written
   in every row) or is empty (a type cell spanning its rows); an empty project cell ('–',
   'entfällt') yields a heading without a project."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.extraction.cell_lines import CellGeometry, cell_lines, line_pitch, line_top
from extract.extraction.context import Context
from extract.extraction.headings import completes_type, heading_to_measure_type, is_heading
from extract.extraction.lost_dash import dash_in_cell
from extract.extraction.markers import UNMARKED, UNORDERED, line_marker
from extract.extraction.outline import ListLine, Node, closed_end, connector_end, open_marks
from extract.extraction.table_doubts import doubts, overflows
from extract.extraction.table_grid import aligned_pages, cells_of, line_grid, region_alleys, with_row_gaps
from extract.extraction.table_row_starts import CellItem, Row, cell_item, continues, other_type, type_cell_wraps
from extract.extraction.table_rows import cell_blocks, is_centred, row_groups
from extract.extraction.table_titles import is_title, is_title_row, title_words
from extract.rules import Rules


def connector_word_end(text: str, rules: Rules) -> bool:
    """Whether the text ends in a connecting word ('zur', 'für', 'und'), not a mark alone (a speck OCR
    read as a dash in an empty cell ends nothing)."""
    words = text.split()
    return bool(words) and words[-1].isalpha() and connector_end(text, rules)


class TableReader:
    def __init__(self, ctx: Context, lines: list[ListLine]) -> None:
        self.ctx = ctx
        self.rules = ctx.rules
        self.titles = title_words(self.rules, "projects.table_header")
        self.number_re = self.rules.regex("projects.row_number")
        self.ocr = any(page.source == "ocr" for page in ctx.document.pages)  # specks of scan noise may stand in cells
        self.reasons: list[str] = []  # review reasons of the last reading (nodes)
        grid, _ = line_grid(lines, self.rules)
        start = next(i for i, cells in enumerate(grid) if len(cells) > 1 or is_title_row(cells, self.titles))
        while start > 0 and not lines[start].gap_before and not lines[start].after_break and not is_title_row(grid[start], self.titles) \
                and not lines[start - 1].text.rstrip().endswith(":"):
            start -= 1  # a cell's first lines above the first line with a cell break (a vertically centred cell beside it)
        self.lines, self.grid = lines[start:], grid[start:]
        self.geometry = CellGeometry(self.lines, self.grid, self.rules)  # where the cells' lines end
        self.listing = False  # some project cell holds several projects, a line each

    # --- column roles ---------------------------------------------------------------------------

    def number_columns(self) -> set[int]:
        width = max(len(cells) for cells in self.grid)
        out = set()
        for i in range(width):
            filled = [cells[i] for cells in self.grid if i < len(cells) and cells[i] and not is_title_row(cells, self.titles)]
            if filled and sum(1 for c in filled if self.number_re.fullmatch(c)) * 5 >= len(filled) * 4:
                out.add(i)
        return out

    def columns(self) -> tuple[int, int, set[int]]:
        """(type column, project column, columns of row numbers)."""
        numbers = self.number_columns()
        type_titles = title_words(self.rules, "projects.table_type_titles")
        project_titles = title_words(self.rules, "projects.table_project_titles")
        for cells in self.grid:
            if not is_title_row(cells, self.titles):
                continue
            type_col = next((i for i, c in enumerate(cells)
                             if c and any(f" {t} " in f" {c.lower().rstrip(':')} " for t in type_titles.words)), None)
            project_col = next((i for i, c in enumerate(cells) if c and i != type_col and is_title(c, project_titles)), None)
            if type_col is not None and project_col is not None:
                return type_col, project_col, numbers
        width = max(len(cells) for cells in self.grid)
        votes = [self.type_likeness([cells[i] for cells in self.grid if i < len(cells) and cells[i]]) for i in range(width)]
        content = [i for i in range(width) if i not in numbers]
        type_col = max(content, key=lambda i: (votes[i], -i))
        later = [i for i in content if i > type_col and any(i < len(cells) and cells[i] for cells in self.grid)]
        project_col = later[0] if later else next((i for i in content if i != type_col), type_col + 1)
        return type_col, project_col, numbers

    def type_likeness(self, cells: list[str]) -> float:
        """How much a column's cells read as measure-type headings: their mean similarity to the known
        headings (a project name may hold a type keyword, a type cell resembles a heading)."""
        matches = [heading_to_measure_type(self.strip_number(cell), self.rules) for cell in cells]
        return sum(m.similarity for m in matches if m) / len(cells) if cells else 0.0

    def strip_number(self, cell: str) -> str:
        match = self.number_re.match(cell)
        return cell[match.end():].strip() if match else cell

    def misread_number(self, cell: str) -> re.Match[str] | None:
        """A row number OCR misread before a type cell that names a measure type (projects.row_number_misread)."""
        found = self.rules.regex("projects.row_number_misread").match(cell)
        rest = cell[found.end():] if found is not None else ""
        return found if found is not None and is_heading(heading_to_measure_type(rest, self.rules), False, False, self.rules) else None

    # --- rows -------------------------------------------------------------------------------------

    def gapped(self, type_col: int) -> bool:
        """Whether blank gaps separate the table's rows: a gap before a line whose type cell is
        empty or repeats the first line of the type cell above it (two rows of one type)."""
        previous: str | None = None
        for line, cells in zip(self.lines, self.grid):
            if is_title_row(cells, self.titles):
                continue
            kind = self.strip_number(cells[type_col]) if type_col < len(cells) else ""
            if previous is None or line.gap_before or line.after_break:
                if line.gap_before and not line.after_break and previous is not None and (not kind or kind == previous):
                    return True
                previous = kind or previous or ""
        return False

    def centred_rows(self, type_col: int, project_col: int, numbers: set[int]) -> list[Row] | None:
        """The rows of a table with vertically centred cells (table_rows.py); None for another table."""
        pages = [self.ctx.text.page_at(line.offset) for line in self.lines]
        width = max(len(cells) for cells in self.grid)
        grid = self.grid
        if not numbers and type_col < width and any(type_col < len(cells) and self.number_re.fullmatch(cells[type_col]) for cells in grid):
            # a row number on a line of its own in the type column (layout saw no alley before the type cells,
            # the number centred between the type cell's lines): a column of its own, centred as the cells are (in the type
            # column it would make the type cell look taller)
            numbers = {width}
            grid = [[*cells, *[""] * (width - len(cells))] for cells in grid]
            grid = [[*cells[:type_col], "", *cells[type_col + 1:], cells[type_col]] if self.number_re.fullmatch(cells[type_col])
                    else [*cells, ""] for cells in grid]
            width += 1
        found = cell_blocks(self.lines, grid, pages, lambda i: is_title_row(grid[i], self.titles), self.rules)
        if found is None:
            return None
        blocks, pitch = found
        if not is_centred(blocks, {type_col, project_col} | (numbers if grid is not self.grid else set()), pitch, self.rules):
            return None
        rows: list[Row] = []
        for group in row_groups(blocks, pitch):
            taken = {(i, b.column) for b in group for i in b.lines}
            indices = sorted({i for i, _ in taken})
            cells = [[grid[i][c] if (i, c) in taken else "" for i in indices] for c in range(width)]
            read = [part for c in sorted(numbers) if c < width for part in cells[c] if part]
            first = next((part for part in cells[type_col] if part), "") if type_col < width else ""
            joined = self.number_re.match(first) if not numbers else None
            read += [joined.group()] if joined is not None else []  # a row number layout joined to the type cell
            if type_col < width:
                cells[type_col] = [self.strip_number(part) if part else part for part in cells[type_col]]
            rows.append(Row([self.lines[i] for i in indices], cells, bool(read), read))
        return rows

    def rows(self, type_col: int, project_col: int, numbers: set[int]) -> list[Row]:
        centred = self.centred_rows(type_col, project_col, numbers)
        if centred is not None:
            return centred
        gapped = self.gapped(type_col)
        rows: list[Row] = []
        broke = False  # a page break before a repeated title row: the line after it starts the page
        for line, cells in zip(self.lines, self.grid):
            opened_below = False
            if is_title_row(cells, self.titles):
                broke = line.after_break
                continue  # the column titles, above the first row or repeated on a later page
            after_break, broke = line.after_break or broke, False
            numbered = any(i < len(cells) and cells[i] for i in numbers)
            read = [cells[i] for i in sorted(numbers) if i < len(cells) and cells[i]]
            joined = self.number_re.match(cells[type_col]) if type_col < len(cells) else None
            if joined is not None and not numbers:
                read.append(joined.group())
                numbered = True  # a row number layout joined to the type cell
                cells = [*cells[:type_col], self.strip_number(cells[type_col]), *cells[type_col + 1:]]
            elif type_col < len(cells):
                misread = self.misread_number(cells[type_col]) if not numbers and any(row.numbered for row in rows) else None
                if misread is not None:  # the row's number OCR misread ('Ss' for '5.'): the numbering check sees it
                    read.append(misread.group().strip())
                    numbered = True
                    cells = [*cells[:type_col], cells[type_col][misread.end():], *cells[type_col + 1:]]
                cells = [*cells[:type_col], self.strip_number(cells[type_col]), *cells[type_col + 1:]]
            kind = self.strip_number(cells[type_col]) if type_col < len(cells) else ""
            if self.ocr and numbered and kind and sum(c.isalnum() for c in kind) < self.rules.threshold("outline.min_line_alnum"):
                kind = ""  # specks OCR read in a numbered row's empty type cell ('2. in', '3 l'): the type above goes on
                cells = [*cells[:type_col], "", *cells[type_col + 1:]]
            # a type cell going on over a blank (OCR's row gaps, a cell's own spacing): after a connecting word (a
            # name beside it or not: 'Maßnahmen zur' / 'Ausbildungsvorbereitung'), or with no name beside it in lower
            # case, after any connector ('Arbeitsmarktintegration,') or completing the type ('… in der fachlichen' / …)
            goes_on = bool(rows) and bool(kind) and not numbered and (
                not (project_col < len(cells) and cells[project_col])
                and (kind[:1].islower() or connector_end(rows[-1].cell(type_col), self.rules)
                     or completes_type(rows[-1].cell(type_col, self.rules), kind, self.rules))
                or connector_word_end(rows[-1].cell(type_col), self.rules))  # 'Maßnahmen zur' is unfinished, a name beside or not
            # a name going on over a blank, with no type cell of its own beside its rest (or the type cell's rest):
            # after a connector or an open quote or bracket ('Fahrerlaubnis C/CE mit' / 'Berufskraftfahrer-Qualifikation')
            name_goes_on = bool(rows) and not numbered and (not kind or goes_on) and project_col < len(cells) \
                and bool(cells[project_col]) and self.unfinished(rows[-1], project_col, cells[project_col] if line.gap_before else None)
            gap = line.gap_before and not goes_on and not name_goes_on
            if not rows:
                new = True
            elif after_break:
                # a row may go on across a page break
                new = not continues(rows[-1], cells, type_col, project_col, self.geometry, self.rules)
            elif gapped:  # a gap starts each row (a row number beside a centred cell may come later), and so
                new = gap or other_type(rows[-1], kind, type_col, self.rules,  # does a type cell naming another type
                                        not numbered and not any(row.numbered for row in rows))
                opened_below = new and not line.gap_before and not rows[-1].cell(type_col)
                if opened_below and self.unfinished(rows[-1], project_col):
                    new = opened_below = False  # the type cell stands centred beside a name still going on: its row
            elif numbered or any(row.numbered for row in rows):
                new = numbered or gap  # a row number or a gap starts each row: the other lines continue it
            else:
                new = not continues(rows[-1], cells, type_col, project_col, self.geometry, self.rules, line)
            if new:
                rows.append(Row([line], [[c] for c in cells], numbered, read, opened_below=opened_below))
            else:
                row = rows[-1]
                row.numbers += read
                row.lines.append(line)
                while len(row.cells) < len(cells):
                    row.cells.append([""] * (len(row.lines) - 1))
                for i, column in enumerate(row.cells):  # one part per line in every column, '' where it is empty
                    column.append(cells[i] if i < len(cells) else "")
        return rows

    def unfinished(self, row: Row, project_col: int, then: str | None = None) -> bool:
        """Whether the row's project cell ends in a connector or leaves a quote or bracket open; with
        `then`, the next cell's text after a blank, a quote or bracket left open goes on into it only
        when it closes it: OCR may have lost the closing mark ('„Fit für die Zukun'), and each name of
        the rows below would be taken into it."""
        parts = [part for part in row.cells[project_col] if part] if project_col < len(row.cells) else []
        if not parts:
            return False
        opened = open_marks(" ".join(parts), self.rules)
        closed = then is None or open_marks(" ".join([*parts, then]), self.rules) < opened
        return connector_end(parts[-1], self.rules) or (bool(opened) and closed)

    # --- nodes ------------------------------------------------------------------------------------

    def nodes(self) -> list[Node]:
        type_col, project_col, numbers = self.columns()
        least = self.rules.threshold("outline.min_line_alnum")  # fewer letters and digits: a speck of scan noise
        empty_re = self.rules.regex("projects.empty_item")
        out: list[Node] = []
        heading: Node | None = None
        pitch = line_pitch(self.lines, self.grid, project_col, self.rules)
        rows = self.rows(type_col, project_col, numbers)
        self.listing = self.geometry.lists_in_cells([row.cells[project_col] for row in rows if project_col < len(row.cells)],
                                                    type_col, project_col)
        found: list[int] = []  # per row, how many projects it gave
        opened: list[tuple[Node, Row]] = []  # each heading and the row whose type cell opened it
        for row in rows:
            first, last = row.lines[0], row.lines[-1]
            end = last.offset + len(last.text)
            kind = row.cell(type_col, self.rules)
            if kind and heading is not None and kind != heading.text and type_cell_wraps(heading.text, row, type_col, self.rules):
                heading.parts.append(kind)  # the type cell wrapped beside the next row's project
                heading.end = end
            elif kind and (heading is None or kind != heading.text):
                heading = Node(UNMARKED, "", [kind], first.offset, end, first.indent, first.gap_before)
                out.append(heading)
                opened.append((heading, row))
            parts = row.cells[project_col] if project_col < len(row.cells) else []
            found.append(0)
            wraps = self.geometry.line_wraps(row.lines, project_col)
            doubted = [line.offset in self.geometry.join_doubts for line in row.lines]
            for text, pieces in self.items(parts, [line_top(line, project_col) for line in row.lines], pitch, wraps, doubted):
                if sum(c.isalnum() for c in text) < least and not empty_re.match(text):
                    continue
                found[-1] += not empty_re.match(text)
                start = self.ctx.text.value.find(text.split()[0], first.offset, end + 1)
                item = Node(UNMARKED, "", [text], start if start >= 0 else first.offset, end, first.indent, first.gap_before,
                            depth=1, parent=heading, pieces=pieces)
                if heading is not None:
                    heading.children.append(item)
                out.append(item)
        for node in out:  # joins in doubt where the table is (its cells may list projects); else pieces the dataset may weigh
            node.joined_in_doubt = bool(node.pieces) and self.geometry.doubted
        weighed = any(node.joined_in_doubt for node in out)  # the doubts are joins whose pieces the dataset may weigh
        project_titles = title_words(self.rules, "projects.table_project_titles")
        self.reasons = doubts(rows, found, type_col, project_col, self.rules) \
            + overflows(self.lines, self.grid, project_col, list(self.titles.words), list(project_titles.words),
                        lambda cells: is_title_row(cells, self.titles), self.rules) \
            + (["project_cell_lines_ambiguous"] if self.geometry.open_doubt or (self.geometry.doubted and not weighed) else []) \
            + (["measure_type_without_projects"] if any(not node.children and not self.dashed(row, type_col, project_col)
                                                        for node, row in opened) else [])
        return out

    def dashed(self, row: Row, type_col: int, project_col: int) -> bool:
        """Whether a scanned row's project cell, read empty or as a speck, holds a dash on the page
        image (lost_dash.py: OCR drops a lone dash, or reads it as '_')."""
        cell = self.geometry.cell_edges(row.lines[0], project_col)
        words = tuple(w for line in row.lines for column in (type_col, project_col) for w in self.geometry.words(line, column))
        return cell is not None and dash_in_cell(self.ctx, self.ctx.text.page_at(row.lines[0].offset),
                                                 self.geometry.words(row.lines[0], type_col), words, *cell)

    def items(self, parts: list[str], tops: list[float | None], pitch: float | None,
              wraps: list[bool | None] | None = None, doubted: list[bool] | None = None) -> list[CellItem]:
        """The projects in a project cell: one, its wrapped lines joined, or several when its lines
        (or the cell's text) carry list markers, stand apart by more than a line's pitch (tables.project_apart: a type
        cell spanning several projects fills the space between them), or were ended by their writer
        with room left (CELL_LINE_BREAK) — unless a line continues the one before it (it starts in
        lower case, or that one ends with a connector). Each item keeps the pieces a line starting in
        upper case was joined at (see CellItem); such a join is in doubt in a cell that lists projects,
        after a name closed by its bracket or quote, or where the row took the line in doubt (`doubted`,
        per read line: CellGeometry.join_doubts)."""
        items: list[list[str]] = []  # the wrapped lines of each item
        soft: list[list[int]] = []  # per item, the lines that start in upper case after a line that ends a phrase
        previous: float | None = None
        least = self.rules.threshold("outline.min_line_alnum")
        apart_pitches = self.rules.threshold("tables.project_apart")  # further apart: separate projects
        listed: str | None = None  # the marker family of the cell's first line: the cell holds a list
        goes_on = self.rules.charset("tables.continuation_starts")
        for text, top, by_hand, part in cell_lines(parts, tops, wraps or []):
            closes = bool(items) and open_marks(" ".join(items[-1]), self.rules) > open_marks(" ".join(items[-1] + [text]), self.rules)
            if not text or (self.ocr and sum(c.isalnum() for c in text) < least and line_marker(text, self.rules, []) is None
                            and not self.rules.regex("projects.empty_item").match(text) and not closes):
                continue  # empty, or a speck of scan noise (not the rest of a name that closes its bracket: '1–3)')
            apart = by_hand or (pitch is not None and top is not None and previous is not None and top - previous > apart_pitches * pitch)
            previous = top if top is not None else previous
            marker = line_marker(text, self.rules, [])
            if not items:
                listed = marker.family if marker is not None else None
            elif marker is not None and marker.family != listed:
                if self.ocr and marker.family in UNORDERED and connector_word_end(items[-1][-1], self.rules):
                    text = text[marker.length:].strip()  # 'in' / '– Gesundheits- …': a speck read as a dash before a name's rest
                marker = None  # a wrapped line that starts with a number ('Die' / '2. Chance'), not a list in the cell
            if marker is not None and marker.family in UNORDERED:
                glyph = text[:marker.length].strip()
                bulleted = [[part.strip()] for part in text[marker.length:].split(f" {glyph} ") if part.strip()]
                items += bulleted
                soft += [[] for _ in bulleted]
                continue
            content = text[marker.length:].strip() if marker else text
            if marker is not None or not items or (apart and not text[:1].islower()  # a wrap is one pitch below, never apart
                                                   and not goes_on.holds(text)  # '(B2-Beruf)': a name's rest, a scan's pitch aside
                                                   and not connector_end(items[-1][-1], self.rules)
                                                   and not open_marks(" ".join(items[-1]), self.rules)):
                items.append([content])
                soft.append([])
            elif self.listing and not by_hand and not text[:1].islower() and closed_end(items[-1][-1], self.rules) \
                    and not open_marks(" ".join(items[-1]), self.rules):
                items.append([content])  # a name closed by its bracket or quote ('(TAfA)'), in a cell that lists projects
                soft.append([])
            else:
                # a line in upper case after one that ends a phrase (not in a cell that lists by bullets, where a line
                # without one is a wrap; not a name's rest: '(B2-Beruf)', '– kommunale Ergänzung', a quote left open)
                if not text[:1].islower() and not by_hand and listed not in UNORDERED and not goes_on.holds(text) \
                        and not connector_end(items[-1][-1], self.rules) and not open_marks(" ".join(items[-1]), self.rules):
                    soft[-1].append(len(items[-1]))  # a wrapped name's next line, or the next project: pieces to weigh
                    if self.listing or closed_end(items[-1][-1], self.rules) or (doubted is not None and part < len(doubted)
                                                                                 and doubted[part]):
                        # in a cell that lists projects (as other cells do), after a name closed by its bracket or quote,
                        # or a line the row took in doubt
                        self.geometry.doubted = True
                items[-1].append(content)
        return [cell_item(lines, at, self.rules) for lines, at in zip(items, soft)]


@dataclass(frozen=True)
class TableReading:
    nodes: tuple[Node, ...]  # heading nodes (type cells) and their item nodes (project cells)
    reasons: tuple[str, ...]  # review reasons: the reading may be wrong (TableReader.doubts)
    content: tuple[str, ...]  # the texts of the type and project cells (not numbers, providers, amounts)


def read_table(ctx: Context, lines: list[ListLine]) -> TableReading | None:
    """The list region read as a table; None without a table (fewer than two lines with cells, or
    cells in less than a third of the lines and no title row)."""
    titles = title_words(ctx.rules, "projects.table_header")
    titled = any(is_title_row(cells_of(line.text), titles) for line in lines)
    pages = [ctx.text.page_at(line.offset) for line in lines]
    lines = with_row_gaps(aligned_pages(lines, pages, ctx.rules.threshold("outline.indent_tolerance")), pages, ctx.rules)
    grid, _ = line_grid(lines, ctx.rules)
    aligned = bool(region_alleys(lines, ctx.rules))  # column alleys over the region: a line split there is a row too
    rows = sum(1 for line, cells in zip(lines, grid) if "\t" in line.text or (aligned and any(cells[1:])))
    if rows < 2 or (3 * rows < len(lines) and not titled):
        return None  # a list with a line or two that layout split at a chance alignment
    reader = TableReader(ctx, lines)
    nodes = reader.nodes()
    type_col, project_col, _ = reader.columns()
    content = tuple(cells[i] for cells in reader.grid for i in (type_col, project_col)
                    if i < len(cells) and cells[i] and not is_title_row(cells, reader.titles))
    return TableReading(tuple(nodes), tuple(reader.reasons), content)

