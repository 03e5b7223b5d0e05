"""Project lists in an annex: the goals section says the funded projects are listed in the annex
('… sind in der Anlage aufgeführt'), and the list (or table) stands after the signatures, under a
line opening the annex ('Anlage zur Zielvereinbarung 2021', 'Anlage 1: Projektübersicht')."""

from __future__ import annotations

from extract.extraction.context import Context
from extract.extraction.headings import heading_to_measure_type, is_heading
from extract.extraction.outline import line_marker


def _opens_list(line: str, ctx: Context) -> bool:
    """A line naming a measure type (a heading, or a table row's first cell) or a table's title row."""
    head = line.split("\t")[0].strip()
    marker = line_marker(head, ctx.rules, [])
    head = head[marker.length :].strip() if marker is not None else head
    if not head or len(head.split()) > 15:
        return False
    if is_heading(heading_to_measure_type(head, ctx.rules), False, False, ctx.rules):
        return True
    titles = set(ctx.rules.words("projects.table_header"))
    words = [w.strip(":|").lower() for w in line.replace("\t", " ").split()]
    return bool(words) and all(w in titles for w in words)


def annex_offset(ctx: Context) -> int | None:
    """Where an annex a section points to (projects.annex_reference) begins: the first line after the
    reference that opens one (projects.annex_title); None when nothing points to an annex or none follows."""
    value = ctx.text.value
    reference = ctx.rules.regex("projects.annex_reference").search(value)
    if reference is None:
        return None
    title = ctx.rules.regex("projects.annex_title").search(value, reference.end())
    return None if title is None else title.start()


def annex_list_start(ctx: Context) -> int | None:
    """Where the project list in an annex starts: the first line after the annex's title line that
    opens a list; None without an annex or a list in it."""
    value = ctx.text.value
    title = annex_offset(ctx)
    if title is None:
        return None
    offset = min((i for i in (value.find("\n", title + 1), value.find("\f", title + 1)) if i >= 0), default=-1)
    while 0 <= offset < len(value):
        start = offset + 1
        end = min((i for i in (value.find("\n", start), value.find("\f", start)) if i >= 0), default=len(value))
        if _opens_list(value[start:end], ctx):
            return start
        offset = end
    return None
