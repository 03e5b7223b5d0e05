"""Project lists in an annex: the goals section says the funded projects are listed in the annex
('… sind in der Anlage aufgeführt'), and the list (or table) stands after the signatures, under a
line opening the annex ('Anlage zur Zielvereinbarung 2021', 'Anlage 1: Projektübersicht'). Looked
up once per document (build_context: Context.annex), for the project list and the signatures' scope."""

from __future__ import annotations

from extract.extraction.context import Annex
from extract.extraction.headings import heading_to_measure_type, is_heading
from extract.extraction.markers import line_marker
from extract.extraction.outline import connector_end
from extract.rules import Rules


def _bulleted_cell(line: str, rules: Rules) -> str | None:
    """The text before a bullet glyph inside a line: a type cell whose project cell, a bullet's item,
    layout read on the same line without a cell break ('Ausbildungs- und Qualifizierungsvorbereitung
    • Mädchen in MINT-Berufe')."""
    for at, char in enumerate(line):
        if at and char in " \t" and line[:at].strip():
            marker = line_marker(line[at + 1:], rules, [])
            mark = line[at + 1:at + 1 + (marker.length if marker else 0)].strip()
            if marker is not None and marker.family == "bullet" and mark and not any(c.isalnum() or c in ".,„\"" for c in mark):
                return line[:at].strip()
    return None


def _opens_list(line: str, rules: Rules) -> bool:
    """A line naming a measure type (a heading, or a table row's type cell after its number, or before
    a bullet of the project cell beside it) or a table's title row."""
    cells = line.split("\t")[:2]
    before = _bulleted_cell(line, rules) if "\t" not in line else None
    for cell in cells + ([before] if before else []):  # the type column, after a row number's column
        head = cell.strip()
        marker = line_marker(head, rules, [])
        head = " ".join((head[marker.length :] if marker is not None else head).split())
        if head and len(head.split()) <= 15 and is_heading(heading_to_measure_type(head, rules), False, False, rules):
            return True
    titles = set(rules.words("projects.table_header"))
    words = [w.strip(":|").lower() for w in line.replace("\t", " ").split()]
    return bool(words) and all(w in titles for w in words)


def find_annex(value: str, rules: Rules) -> Annex:
    """Where the annex of a document's text `value` begins and where its project list starts."""
    offset = annex_offset(value, rules)
    return Annex(offset, None if offset is None else annex_list_start(value, offset, rules))


def annex_offset(value: str, rules: Rules) -> int | None:
    """Where an annex a section points to (projects.annex_reference) begins: the first line after the
    reference that opens one (projects.annex_title); None when nothing points to an annex or none follows."""
    reference = rules.regex("projects.annex_reference").search(value)
    if reference is None:
        return None
    title = rules.regex("projects.annex_title").search(value, reference.end())
    return None if title is None else title.start()


def annex_list_start(value: str, title: int, rules: Rules) -> int | None:
    """Where the project list in an annex starts: the first line after the annex's title line (at
    `title`) that opens a list, alone or with the line under it (a table's type cell wrapped:
    'Maßnahmen zur' / 'Ausbildungsvorbereitung'), or the line above such a pair that starts the type
    cell when a project cell centred beside it stands between its lines; None without a list in it."""
    first = min((i for i in (value.find("\n", title), value.find("\f", title)) if i >= 0), default=len(value)) + 1
    offset = first
    lines = value[first:].replace("\f", "\n").split("\n")
    previous: tuple[str, int] | None = None  # the last line with text above, and its offset
    rows: list[tuple[str, int]] = []  # the lines with cell breaks straight above (no blank line between)
    for line, below in zip(lines, [*lines[1:], ""]):
        cells, under = line.split("\t"), below.split("\t")
        joined = "\t".join(f"{cell} {under[i]}" if i < len(under) else cell for i, cell in enumerate(cells[:2]))
        if _opens_list(line, rules) or (line.strip() and below.strip() and _opens_list(joined, rules)):
            if previous is not None and not cells[0].strip() and any(connector_end(cell, rules) for cell in previous[0].split("\t")[:2]):
                offset = previous[1]  # a centred project cell between a type cell's lines: 'Maßnahmen zur' / '\tFit' / 'Ausbildungs…'
            # the first row's cells are centred beside each other: its longer cells' first lines stand
            # above the line that names the type (a row number alone, the type cell's second line)
            return min([offset, *(at for _, at in rows)])
        rows = [*rows, (line, offset)] if "\t" in line else []
        previous = (line, offset) if line.strip() else previous
        offset += len(line) + 1
    return None
