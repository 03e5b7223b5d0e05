"""Project tables: rows of cells (layout renders a table's columns as tab-separated cells) become
the same heading and item nodes as a list. The measure-type column and the project column are
told by the column titles ('Maßnahmenart | Projekt'), else by which column's cells name measure
types; a title row repeated on a later page is skipped; a cell wrapped over several lines, also
across a page break, is joined; an empty type cell ('–', 'entfällt') yields no project."""

from __future__ import annotations

from extract.extraction.context import Context
from extract.extraction.headings import heading_to_measure_type
from extract.extraction.outline import UNMARKED, ListLine, Node, connector_end, line_marker


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.split("\t")]


def _is_title_row(cells: list[str], titles: set[str]) -> bool:
    filled = [c.rstrip(":").lower() for c in cells if c]
    return bool(filled) and all(c in titles for c in filled)


def _columns(ctx: Context, rows: list[list[str]], titles: set[str]) -> tuple[int, int]:
    """(type column, project column): from a title row, else the column whose cells name types."""
    type_words = {w.lower() for w in ctx.rules.words("projects.table_type_titles")}
    for cells in rows:
        if _is_title_row(cells, titles):
            lowered = [c.rstrip(":").lower() for c in cells]
            type_col = next((i for i, c in enumerate(lowered) if c in type_words), None)
            if type_col is not None:
                project_col = next((i for i, c in enumerate(lowered) if c and c not in type_words and i != type_col), type_col + 1)
                return type_col, project_col
    width = max(len(cells) for cells in rows)
    votes = [sum(1 for cells in rows if i < len(cells) and heading_to_measure_type(cells[i], ctx.rules)) for i in range(width)]
    type_col = max(range(width), key=lambda i: (votes[i], -i))
    return type_col, next((i for i in range(width) if i != type_col), type_col + 1)


def table_nodes(ctx: Context, lines: list[ListLine]) -> list[Node] | None:
    """Heading nodes (type cells) with their item nodes (project cells); None without a table
    (fewer than two rows with cells)."""
    if sum(1 for line in lines if "\t" in line.text) < 2:
        return None
    titles = {w.lower() for w in ctx.rules.words("projects.table_header")}
    least = ctx.rules.threshold("outline.min_line_alnum")  # fewer letters and digits: a speck of scan noise
    rows = [_cells(line.text) for line in lines]
    type_col, project_col = _columns(ctx, rows, titles)
    nodes: list[Node] = []
    heading: Node | None = None
    item: Node | None = None
    for line, cells in zip(lines, rows):
        if _is_title_row(cells, titles):
            continue  # the column titles, above the first row or repeated on a later page
        if len(cells) == 1 and "\t" not in line.text:
            cells = [cells[0], ""] if type_col == 0 else ["", cells[0]]  # a row of one cell: by its side
        left = cells[type_col] if type_col < len(cells) else ""
        right = cells[project_col] if project_col < len(cells) else ""
        end = line.offset + len(line.text)
        new_heading = False
        if left:
            if heading is not None and left in (heading.parts[0], heading.text):
                pass  # the type repeated in every row of its group
            elif heading is not None and (left[:1].islower() or connector_end(heading.text, ctx.rules) or (
                    not line.gap_before and _code(ctx, left) in ("", _code(ctx, heading.text)))):
                heading.parts.append(left)  # the type cell wrapped over several lines
                heading.end = end
            else:
                heading = Node(UNMARKED, "", [left], line.offset, end, line.indent, line.gap_before)
                nodes.append(heading)
                new_heading = True
        if not right or (sum(c.isalnum() for c in right) < least and not ctx.rules.regex("projects.empty_item").match(right)):
            continue
        marker = line_marker(right, ctx.rules, [])
        text = right[marker.length:].strip() if marker else right
        continues = item is not None and not new_heading and not line.gap_before and marker is None and (
            text[:1].islower() or text[:1] in "(/-–" or connector_end(item.text, ctx.rules))
        if continues and item is not None:
            item.parts.append(text)
            item.end = end
            continue
        item = Node(marker.family if marker else UNMARKED, "", [text], line.offset + max(line.text.find(text), 0), end,
                    line.indent, line.gap_before, depth=1, parent=heading)
        if heading is not None:
            heading.children.append(item)
        nodes.append(item)
    return nodes


def _code(ctx: Context, text: str) -> str:
    match = heading_to_measure_type(text, ctx.rules)
    return match.code if match else ""
