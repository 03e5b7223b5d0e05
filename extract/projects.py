"""Extract stage, project list: measure-type headings and the projects listed under them.

Handles bullets, dashes, numbering and letters as markers, numbered headings, headings and
project names wrapped over several lines, 'Heading: project' on one line and plain unmarked lists."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from extract.fields import Context, provenance
from extract.model import Project, Section
from extract.rules import MeasureType, Rules

_CONNECTOR_END = re.compile(r"(?:\b(?:der|die|des|für|und|im|in|zur|zum|von|mit|sowie|oder)|[,\-/(–])$")
_TRAILING_SEPARATOR = re.compile(r"[ ;,]+$")


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
        return " ".join(p.strip() for p in self.parts if p.strip())


def heading_to_measure_type(text: str, rules: Rules) -> tuple[str, float] | None:
    """Map a heading to a measure-type code by its keywords; the score is its similarity to the known headings."""
    lowered = text.lower()
    if len(text) > 260 or len(text) < 4:
        return None
    for measure in rules.measure_types:
        if any(keyword in lowered for keyword in measure.keywords):
            return measure.code, _similarity(text, measure)
    return None


def _similarity(text: str, measure: MeasureType) -> float:
    return max(fuzz.token_set_ratio(text.lower(), example.lower()) for example in measure.examples)


def _lines(section: Section, start: int, text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    offset = start
    for line in re.split(r"(?<=[\n\f])", text[start : section.end]):
        out.append((offset, line.rstrip("\n\f")))
        offset += len(line)
    return out


def _list_region(ctx: Context) -> tuple[Section, int] | None:
    """The section holding the project list and the offset where the list begins."""
    start_re = ctx.rules.regex("projects.list_start")
    value = ctx.text.value
    for section in ctx.sections:
        match = start_re.search(value, section.start, section.end)
        if match:
            line_end = value.find("\n", match.end())
            return section, (line_end + 1 if 0 <= line_end < section.end else match.end())
    best: tuple[int, Section | None] = (0, None)
    for section in ctx.sections:
        hits = sum(1 for _, line in _lines(section, section.start, value) if heading_to_measure_type(line.strip(), ctx.rules))
        if hits > best[0]:
            best = (hits, section)
    if best[1] is None or best[0] < 2:
        return None
    return best[1], best[1].start


def _split_inline(content: str, rules: Rules) -> tuple[str, str] | None:
    """'Ausbildungsvorbereitung: Jugend Flex' -> (heading, item)."""
    if ":" not in content:
        return None
    head, _, rest = content.partition(":")
    if heading_to_measure_type(head.strip(), rules):
        return head.strip(), rest.strip()
    return None


def _parse_entries(ctx: Context, lines: list[tuple[int, str]]) -> list[_Entry]:
    rules = ctx.rules
    marker_re = rules.regex("projects.list_marker")
    end_re = rules.regex("projects.list_end")
    parsed: list[tuple[int, str, str, bool, tuple[str, float] | None]] = []
    for offset, line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        if end_re.match(stripped) or (len(stripped.split()) >= 14 and stripped.endswith(".")):
            break
        marker = marker_re.match(line)
        content = line[marker.end():].strip() if marker else stripped
        symbol = bool(marker) and not (marker.group("number") or re.match(r"\s*\(?[a-zA-Z][.)]", line))
        parsed.append((offset, line, content, bool(marker), heading_to_measure_type(content, rules) if not symbol else None))
        if symbol and parsed[-1][4] is None:
            measure = heading_to_measure_type(content, rules)
            if measure and measure[1] >= 90:
                parsed[-1] = (offset, line, content, True, measure)
    items_marked = any(marked and measure is None for _, _, _, marked, measure in parsed)
    entries: list[_Entry] = []
    for offset, line, content, marked, measure in parsed:
        end = offset + len(line)
        inline = _split_inline(content, rules)
        if inline:
            heading = _Entry("heading", [inline[0]], offset, end, heading_to_measure_type(inline[0], rules)[0])  # type: ignore[index]
            entries.append(heading)
            if inline[1]:
                entries.append(_Entry("item", [inline[1]], offset, end, marked=marked))
            continue
        if measure:
            entries.append(_Entry("heading", [content], offset, end, measure[0], marked=marked))
            continue
        last = entries[-1] if entries else None
        if last is not None and not marked:
            if last.kind == "heading" and (items_marked or content[:1].islower() or _CONNECTOR_END.search(last.text)):
                last.parts.append(content)
                last.end = end
                continue
            if last.kind == "item" and ((items_marked and last.marked) or content[:1].islower() or _CONNECTOR_END.search(last.text)):
                last.parts.append(content)
                last.end = end
                continue
        entries.append(_Entry("item", [content], offset, end, marked=marked))
    return entries


def extract_projects(ctx: Context) -> tuple[tuple[Project, ...], list[str]]:
    region = _list_region(ctx)
    if region is None:
        return (), ["projects_not_found"]
    section, start = region
    entries = _parse_entries(ctx, _lines(section, start, ctx.text.value))
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
        if heading is None:
            reasons.append("project_without_measure_type")
        projects.append(
            Project(
                position=len(projects) + 1,
                measure_type=heading.code if heading else "sonstige",
                measure_type_raw=heading.text if heading else "",
                project_name=name,
                provenance=provenance(ctx, entry.start, entry.end, "projects.list"),
            )
        )
    if not projects:
        reasons.append("projects_not_found")
    return tuple(projects), sorted(set(reasons))
