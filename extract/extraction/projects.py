"""Extract stage, project list: measure-type headings and the projects listed under them.

Handles bullets, dashes, numbering and letters as markers, numbered headings, headings and
project names wrapped over several lines, 'Heading: project' on one line and plain unmarked lists."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from extract.extraction.context import Context, provenance
from extract.model import Project, Section
from extract.rules import MeasureType, Rules

_CONNECTOR_END = re.compile(r"(?:\b(?:der|die|des|für|und|im|in|zur|zum|von|mit|sowie|oder)|[,\-/(–])$")
_TRAILING_SEPARATOR = re.compile(r"(?:\s+[.,;:|'‚]+|[ ;,]+)$")  # list separators and OCR specks


@dataclass
class _Entry:
    kind: str  # "heading" or "item"
    parts: list[str]
    start: int
    end: int
    code: str = ""
    marked: bool = False
    children: list[_Entry] = field(default_factory=list)

    @property
    def text(self) -> str:
        joined = " ".join(p.strip() for p in self.parts if p.strip())
        return joined.rstrip(":").rstrip() if self.kind == "heading" else joined


@dataclass(frozen=True)
class HeadingMatch:
    code: str
    similarity: float  # best token-sort similarity to the known headings of that type, 0-100
    at_start: bool  # the keyword sits in the first word, as in 'Ausbildung und ...'


def heading_to_measure_type(text: str, rules: Rules) -> HeadingMatch | None:
    """Map a heading line to a measure-type code by its keywords (first match in models/ order)."""
    text = text.strip().rstrip(":")
    if not 4 <= len(text) <= 260 or not text[0].isupper() or text.endswith("."):
        return None
    lowered = text.lower()
    first_word = lowered.split()[0]
    for measure in rules.measure_types:
        hits = [keyword for keyword in measure.keywords if keyword in lowered]
        if hits:
            at_start = any(keyword in first_word or lowered.startswith(keyword) for keyword in hits)
            return HeadingMatch(measure.code, _similarity(text, measure), at_start)
    return None


def _similarity(text: str, measure: MeasureType) -> float:
    return max(fuzz.token_sort_ratio(text.lower(), example.lower()) for example in measure.examples)


def is_heading(match: HeadingMatch | None, bulleted_line: bool, items_bulleted: bool) -> bool:
    """How sure we must be depends on the list: where items carry bullets, any unbulleted line with a
    type keyword is a heading; in an unmarked list a project name may hold a keyword too."""
    if match is None:
        return False
    if bulleted_line:
        return match.similarity >= 90
    if items_bulleted:
        return True
    return (match.at_start and match.similarity >= 50) or match.similarity >= 80


def _lines(section: Section, start: int, text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    offset = start
    for line in re.split(r"(?<=[\n\f])", text[start : section.end]):
        out.append((offset, line.rstrip("\n\f")))
        offset += len(line)
    return out


def _list_region(ctx: Context) -> tuple[Section, int] | None:
    """The section holding the project list and the offset where the list begins: after the sentence
    introducing it, else the section body with the most heading-like short lines (at least two)."""
    start_re = ctx.rules.regex("projects.list_start")
    value = ctx.text.value
    for section in ctx.sections:
        match = start_re.search(value, section.start, section.end)
        if match:
            breaks = [i for i in (value.find("\n", match.end()), value.find("\f", match.end())) if i >= 0]
            line_end = min(breaks, default=-1)
            return section, (line_end + 1 if 0 <= line_end < section.end else match.end())
    best: tuple[int, Section | None, int] = (0, None, 0)
    for section in ctx.sections:
        body = value.find(section.text, section.start) if section.text else section.end
        hits = sum(
            1
            for _, line in _lines(section, body, value)
            if len(line.split()) <= 15 and is_heading(heading_to_measure_type(line, ctx.rules), False, False)
        )
        if hits > best[0]:
            best = (hits, section, body)
    if best[1] is None or best[0] < 2:
        return None
    return best[1], best[2]


def _split_inline(content: str, rules: Rules) -> tuple[str, str] | None:
    """'Ausbildungsvorbereitung: Jugend Flex' -> (heading, item); only for a line that is surely a
    heading before the colon (a project may be called 'TEB – Teilzeitausbildung: Einstieg begleiten')."""
    if ":" not in content:
        return None
    head, _, rest = content.partition(":")
    if is_heading(heading_to_measure_type(head, rules), False, False):
        return head.strip(), rest.strip()
    return None


@dataclass(frozen=True)
class _Line:
    offset: int
    line: str
    content: str  # without the list marker
    marker: str  # "bullet", "enum" (number or letter) or ""


def _classify_lines(ctx: Context, lines: list[tuple[int, str]]) -> list[_Line]:
    marker_re = ctx.rules.regex("projects.list_marker")
    end_re = ctx.rules.regex("projects.list_end")
    out: list[_Line] = []
    for offset, line in lines:
        stripped = line.strip()
        if sum(c.isalnum() for c in stripped) < 3 and not marker_re.match(line):
            continue  # empty, or a speck of scan noise
        if end_re.match(stripped) or (len(stripped.split()) >= 14 and stripped.endswith(".")):
            break
        match = marker_re.match(line)
        if match is None:
            out.append(_Line(offset, line, stripped, ""))
        else:
            out.append(_Line(offset, line, line[match.end():].strip(), "bullet" if match.group("marker") else "enum"))
    return out


def _parse_entries(ctx: Context, lines: list[tuple[int, str]]) -> list[_Entry]:
    rules = ctx.rules
    classified = _classify_lines(ctx, lines)
    items_bulleted = any(line.marker == "bullet" for line in classified)
    entries: list[_Entry] = []
    for item in classified:
        end = item.offset + len(item.line)
        marked = bool(item.marker)
        inline = _split_inline(item.content, rules) if item.marker != "bullet" else None
        if inline:
            match = heading_to_measure_type(inline[0], rules)
            entries.append(_Entry("heading", [inline[0]], item.offset, end, match.code if match else "sonstige"))
            if inline[1]:
                entries.append(_Entry("item", [inline[1]], item.offset + max(item.line.find(inline[1]), 0), end, marked=marked))
            continue
        match = heading_to_measure_type(item.content, rules)
        wrapped = not item.marker and bool(entries) and entries[-1].kind == "item" and bool(_CONNECTOR_END.search(entries[-1].text))
        # In an unmarked list, a 'heading' right under an empty heading of the same type is its first project.
        repeated = (not items_bulleted and match is not None and bool(entries) and entries[-1].kind == "heading"
                    and entries[-1].code == match.code and match.similarity < 80)
        if not wrapped and not repeated and is_heading(match, item.marker == "bullet", items_bulleted):
            entries.append(_Entry("heading", [item.content], item.offset, end, match.code, marked=marked))  # type: ignore[union-attr]
            continue
        last = entries[-1] if entries else None
        if last is not None and not marked:
            continues = item.content[:1].islower() or bool(_CONNECTOR_END.search(last.text))
            if (last.kind == "heading" and (items_bulleted or continues)) or (
                last.kind == "item" and ((items_bulleted and last.marked) or continues)
            ):
                last.parts.append(item.content)
                last.end = end
                continue
        # the item starts at its text, not at its list marker (the provenance covers the name only)
        entries.append(_Entry("item", [item.content], item.offset + max(item.line.find(item.content), 0), end, marked=marked))
    return entries


def _table_entries(ctx: Context, lines: list[tuple[int, str]]) -> list[_Entry] | None:
    """A two-column table (measure type | projects), its cells separated by tabs (see layout).
    Left cells build headings (a wrapped cell continues after a connector, a comma or a lower-case
    start); right cells build items, a new one after a blank line (a rule between rows), a marker,
    a new heading, or a line that does not continue the previous one."""
    rows = _classify_lines_raw(ctx, lines)
    if sum(1 for _, line, _ in rows if "\t" in line) < 2:
        return None
    marker_re = ctx.rules.regex("projects.list_marker")
    table_header = {w.lower() for w in ctx.rules.words("projects.table_header")}
    entries: list[_Entry] = []
    heading: _Entry | None = None
    item: _Entry | None = None
    for offset, line, blank_before in rows:
        cells = line.split("\t")
        if heading is None and all(c.strip().rstrip(":").lower() in table_header for c in cells if c.strip()):
            continue  # the column titles ('Maßnahmenart | Projekt') above the first row
        left = cells[0].strip()
        right = cells[1].strip() if len(cells) > 1 else ""
        end = offset + len(line)
        new_heading = False
        if left:
            continues = heading is not None and (left[:1].islower() or bool(_CONNECTOR_END.search(heading.text)))
            same_type = heading is not None and not heading.children and _code_of(ctx, left) == heading.code != ""
            if heading is not None and (continues or same_type):
                heading.parts.append(left)
                heading.end = end
                heading.code = _code_of(ctx, heading.text)
            else:
                heading = _Entry("heading", [left], offset, end, _code_of(ctx, left))
                entries.append(heading)
                new_heading = True
        if not right or sum(c.isalnum() for c in right) < 3:
            continue
        marker = marker_re.match(right)
        text = right[marker.end():].strip() if marker else right
        continues = item is not None and not new_heading and not blank_before and not marker and (
            text[:1].islower() or text[:1] in "(/-–" or bool(_CONNECTOR_END.search(item.text)))
        if continues and item is not None:
            item.parts.append(text)
            item.end = end
            continue
        item = _Entry("item", [text], offset + max(line.find(text), 0), end, marked=True)
        if heading is not None:
            heading.children.append(item)
        entries.append(item)
    return entries


def _code_of(ctx: Context, text: str) -> str:
    match = heading_to_measure_type(text, ctx.rules)
    return match.code if match else ""


def _classify_lines_raw(ctx: Context, lines: list[tuple[int, str]]) -> list[tuple[int, str, bool]]:
    """The list region's non-empty lines up to the end of the list, with 'blank line before'."""
    end_re = ctx.rules.regex("projects.list_end")
    out: list[tuple[int, str, bool]] = []
    blank = False
    for offset, line in lines:
        stripped = line.strip()
        if not stripped:
            blank = True
            continue
        if end_re.match(stripped) or (len(stripped.split()) >= 14 and stripped.endswith(".")):
            break
        out.append((offset, line, blank))
        blank = False
    return out


def extract_projects(ctx: Context) -> tuple[tuple[Project, ...], list[str]]:
    region = _list_region(ctx)
    if region is None:
        return (), ["projects_not_found"]
    section, start = region
    lines = _lines(section, start, ctx.text.value)
    entries = _table_entries(ctx, lines) or _parse_entries(ctx, lines)
    empty_re = ctx.rules.regex("projects.empty_item")
    projects: list[Project] = []
    reasons: list[str] = []
    table_header = {w.lower() for w in ctx.rules.words("projects.table_header")}
    heading: _Entry | None = None
    for entry in entries:
        if entry.kind == "heading":
            heading = entry
            continue
        name = _TRAILING_SEPARATOR.sub("", entry.text)
        if not name or empty_re.match(name) or (heading is None and name.lower() in table_header):
            continue
        if heading is None or not heading.code:
            reasons.append("project_without_measure_type")
        projects.append(
            Project(
                position=len(projects) + 1,
                measure_type=heading.code if heading and heading.code else "sonstige",
                measure_type_raw=heading.text if heading else "",
                project_name=name,
                provenance=provenance(ctx, entry.start, entry.end, "projects.list"),
            )
        )
    if not projects:
        reasons.append("projects_not_found")
    return tuple(projects), sorted(set(reasons))
