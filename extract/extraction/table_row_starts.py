"""Where a project table's rows start when its lines are read one by one (not centred cells,
table_rows.py): a row may wrap over several lines, and a line continues the row when each of its
filled cells continues the row's cell in its column (lower case, a connector before it, a quote or
bracket left open, the cell's line above full, or a type cell without a type of its own); a line
whose type cell alone names another measure type starts a row even where the gap before it was lost."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from extract.extraction.cell_lines import CellGeometry
from extract.extraction.headings import completes_type, heading_code, heading_to_measure_type, is_heading
from extract.extraction.markers import UNORDERED, line_marker
from extract.extraction.normalize import normalize_text
from extract.extraction.outline import ListLine, connector_end, open_marks
from extract.rules import Rules


@dataclass
class Row:
    lines: list[ListLine]
    cells: list[list[str]]  # per column, the texts of its lines
    numbered: bool = False
    numbers: list[str] = field(default_factory=list)  # the row numbers read in its lines
    items: list[list[str]] = field(default_factory=list)  # the project cell as items (bullets in one cell)
    # opened by its type cell below a row without one, no gap between: the row above may be this row's start
    opened_below: bool = False

    def cell(self, column: int | None, rules: Rules | None = None) -> str:
        """The column's text; joined by the `rules`, without lines of no letter or digit (a row
        number's dot that the word processor wrapped onto a line of its own in a narrow column, or
        before the type cell's line where layout joined the two columns: '. Qualifizierungsvorbereitung')."""
        if column is None or column >= len(self.cells):
            return ""
        parts = [part for part in self.cells[column] if part and (rules is None or any(c.isalnum() for c in part))]
        if rules is not None:
            parts = [part.lstrip(".,").lstrip() if part[:1] in ".," and part.lstrip(".,")[:1] == " " else part for part in parts]
        return join_wrapped(parts, rules) if rules is not None else " ".join(parts)


def join_wrapped(parts: list[str], rules: Rules) -> str:
    """A cell's wrapped lines as one text: a line break after a hyphen is joined as the normalize
    rules join it in running text ('Schule-' / 'Beruf' is 'Schule-Beruf'), one inside a word too long
    for its cell is none (tables.broken_word), any other one is a space."""
    text = rules.regex("tables.broken_word").sub("", "\n".join(parts))
    return " ".join(normalize_text(text, rules).split())


class CellItem(NamedTuple):
    """A project read from a project cell: its text, and where a line starting in upper case was joined
    to a line that ends a phrase (no connector, no open bracket or quote), its pieces between such
    joins (the text is the pieces joined by spaces). The page cannot always tell a wrapped name from
    a cell listing a project a line each; the dataset's other agreements may (dataset/cell_pieces.py)."""

    text: str
    pieces: tuple[str, ...] = ()


def cell_item(lines: list[str], soft: list[int], rules: Rules) -> CellItem:
    """The item of a cell's `lines`, with its pieces split before the `soft` joins (line indices);
    none when the pieces, joined, do not give the item's text (a break the joining rules mend)."""
    text = join_wrapped(lines, rules)
    bounds = [0, *soft, len(lines)]
    pieces = tuple(join_wrapped(lines[a:b], rules) for a, b in zip(bounds, bounds[1:]))
    return CellItem(text, pieces if len(pieces) > 1 and " ".join(pieces) == text else ())


def other_type(row: Row, kind: str, type_col: int, rules: Rules, below_empty: bool = True) -> bool:
    """Whether the line's type cell `kind` (its row number stripped) alone names a measure type other
    than the row's type cell does (OCR lost the gap before 'Weitere Maßnahmen' under 'Fortbildung
    des … Fachpersonals') — not a line that continues the row's type cell (it starts in lower case, or the
    cell's text so far ends with a connector: 'Ausbildungs- und' / 'Qualifizierungsvorbereitung'). A line
    whose type cell names a type ends a row whose type cell was empty (the gap before it lost), if
    `below_empty` (not in a numbered table: there a row's number and type cell may stand centred below
    its project cell's first line)."""
    before = row.cell(type_col)
    if kind[:1].islower() or connector_end(before, rules):
        return False  # the type cell goes on: 'Ausbildungs- und' / 'Qualifizierungsvorbereitung'
    own, above = (heading_to_measure_type(text, rules) for text in (kind, before))
    if not before and below_empty:
        # a row without a type cell of its own (a project under the type above) ends where a type cell opens
        return own is not None and is_heading(own, False, False, rules)
    return bool(kind) and own is not None and above is not None and own.code != above.code \
        and is_heading(own, False, False, rules) and is_heading(above, False, False, rules)


def _mark_before_gap(before: str, line: ListLine | None) -> bool:
    """Whether a type cell ends in a lone mark ('Ausbildungsberufen -': a speck OCR read as a dash, a
    word space apart) and the line comes after a blank: no word of the type is left to go on."""
    words = before.split()
    return line is not None and line.gap_before and bool(words) and not any(c.isalnum() for c in words[-1])


def continues(row: Row, cells: list[str], type_col: int, project_col: int, geometry: CellGeometry, rules: Rules,
              line: ListLine | None = None) -> bool:
    """Whether every filled cell of a line continues the row's cell in its column (a project
    cell also when the row's last line was full: its first word would not have fitted there)."""
    filled = [i for i, c in enumerate(cells) if c]
    if not filled:
        return True
    empty_re = rules.regex("projects.empty_item")
    name, name_before = (cells[project_col] if project_col < len(cells) else ""), row.cell(project_col)
    name_goes_on = bool(name) and bool(name_before) and line_marker(name, rules, []) is None \
        and not (project_col < len(row.cells) and bulleted(row.cells[project_col], rules)) and (
            # the name's next line: in lower case, after a connector, or in open marks (not a cell listing by bullets)
            name[:1].islower() or connector_end(name_before, rules) or bool(open_marks(name_before, rules)))
    for i in filled:
        text, before = cells[i], row.cell(i)
        if not before:
            if i == project_col or i == type_col:
                return False
            continue
        if i == project_col and (empty_re.match(text.strip()) or empty_re.match(before.strip())):
            return False  # 'keine', 'entfällt', '–' fills a project cell: no name goes on into it or out of it
        if i == project_col and open_marks(before, rules):
            continue  # a quote or bracket opened above and not closed: the name goes on
        if i == project_col and bulleted(row.cells[i], rules):
            continue  # a cell listing projects by bullets: a line with one is its next item, one without a wrap
        if text[:1].islower() or rules.charset("tables.continuation_starts").holds(text) or (
                connector_end(before, rules) and not (i == type_col and _mark_before_gap(before, line))):
            continue
        above = next((held for held in reversed(row.lines) if geometry.words(held, i)), None)
        full = geometry.wrapped(above, line, i, doubt=i == project_col) \
            if i in (project_col, type_col) and line is not None and above is not None else False
        if full and (i == project_col or heading_code(text, rules) in ("", heading_code(before, rules))):
            if i == project_col and line is not None:
                geometry.join_doubts.add(line.offset)  # full above, but a capital: a wrapped name or the next project
            continue  # the cell's line above was full (and a type cell's line names no other type)
        if full is None and i == project_col and line is not None and geometry.words(line, i):
            geometry.doubted = geometry.open_doubt = True  # the first word about fits the room left above: the next project, or a wrap
        if (i == type_col and not (project_col < len(cells) and cells[project_col])
                and heading_code(text, rules) in ("", heading_code(before, rules))):
            continue
        if i == type_col and (completes_type(row.cell(type_col, rules), text, rules) or (
                name_goes_on and not is_heading(heading_to_measure_type(text, rules), True, True, rules))):
            continue  # the type cell's next line ('anerkannten' / 'Ausbildungsberufen': no heading, strictly), beside a name going on
        if i not in (type_col, project_col):
            continue  # another column (a provider) wraps as it likes
        return False
    return True


def bulleted(parts: list[str], rules: Rules) -> bool:
    """Whether a cell's lines so far start with a bullet (a cell that lists its projects by bullets)."""
    first = next((part for part in parts if part), "")
    marker = line_marker(first, rules, []) if first else None
    return marker is not None and marker.family in UNORDERED


def type_cell_wraps(heading: str, row: Row, type_col: int, rules: Rules) -> bool:
    """Whether the row's type cell is the wrapped rest of the type cell `heading` above, a cell spanning
    several rows beside them: 'Ausbildungs- und' over 'Qualifizierungsvorbereitung', each next to a
    project of their own (no gaps between the rows)."""
    kind = row.cell(type_col, rules)
    if row.lines[0].gap_before or row.lines[0].after_break or row.numbered:
        return False
    if kind[:1].islower() or connector_end(heading, rules):
        return True
    # 'Ausbildung in anerkannten' / 'Ausbildungsberufen': together a better name of the same type
    joined = heading_to_measure_type(f"{heading} {kind}", rules)
    alone = [heading_to_measure_type(text, rules) for text in (heading, kind)]
    gain = rules.threshold("tables.type_wrap_gain")
    return joined is not None and alone[0] is not None and joined.code == alone[0].code \
        and all(m is None or (m.code == joined.code and joined.similarity >= m.similarity + gain) for m in alone)
