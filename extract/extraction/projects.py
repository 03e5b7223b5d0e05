"""Extract stage, project list: the outline of the list (or the table) becomes Project records.

Headings are the nodes that name a measure type; items the nodes under them. Where the outline
has levels (a node with children that names a type), that level holds the headings and the level
below it the projects, whatever their markers; a flat list (one level) is read in order: a line
naming a type opens a heading, every other line is a project under the last heading."""

from __future__ import annotations

from extract.extraction.context import Context, provenance
from extract.extraction.headings import (
    HeadingMatch,
    heading_code,
    heading_to_measure_type,
    is_heading,
    without_misread_marker,
    without_ocr_specks,
)
from extract.extraction.list_lines import region_lines
from extract.extraction.lost_dash import dash_under
from extract.extraction.lost_markers import wraps_in_doubt
from extract.extraction.markers import UNORDERED, Marker, line_marker
from extract.extraction.normalize import rewrite
from extract.extraction.ordinals import numbering_breaks, ordinal_value
from extract.extraction.outline import ListLine, Node, connector_end, lines_to_outline, separator_end
from extract.extraction.project_tables import read_table
from extract.extraction.table_titles import is_title_line
from extract.model import Flag, Project, ReviewReason, Section
from extract.rules import Rules

__all__ = ["HeadingMatch", "extract_projects", "heading_to_measure_type", "is_heading"]


def _list_region(ctx: Context) -> tuple[Section, int] | None:
    """The section holding the project list and the offset where the list begins: after the sentence
    introducing it, else in an annex a section points to (annex.py), else the section body with the
    most heading-like short lines or table rows whose first cell is one (at least two)."""
    start_re = ctx.rules.regex("projects.list_start")
    value = ctx.text.value
    for section in ctx.sections:
        match = start_re.search(value, section.start, section.end)
        if match:
            breaks = [i for i in (value.find("\n", match.end()), value.find("\f", match.end())) if i >= 0]
            line_end = min(breaks, default=-1)
            return section, (line_end + 1 if 0 <= line_end < section.end else match.end())
    annex = ctx.annex.list_start
    if annex is not None and ctx.sections:
        return next((s for s in reversed(ctx.sections) if s.start <= annex), ctx.sections[-1]), annex
    best: tuple[int, Section | None, int] = (0, None, 0)
    for section in ctx.sections:
        body = value.find(section.text, section.start) if section.text else section.end
        hits = sum(
            1
            for line in value[body : section.end].replace("\f", "\n").split("\n")
            for head in [line.split("\t")[0]]  # a table row's first cell: the type column
            if len(head.split()) <= 15 and is_heading(heading_to_measure_type(head, ctx.rules), False, False, ctx.rules)
        )
        if hits > best[0]:
            best = (hits, section, body)
    if best[1] is None or best[0] < 2:
        return None
    return best[1], best[2]


def _closing_sentence(lines: list[ListLine], marked: list[Marker | None], rules: Rules) -> bool:
    """Whether the bulleted line lines[0] (with the unmarked lines after it, up to a gap, a marked
    line or a full stop) is the sentence that closes a list: it opens as one (projects.list_end) and
    is a sentence (projects.prose_sentence: a finite verb among its first words, a full stop at its end)."""
    first = marked[0]
    if first is None:
        return False
    paragraph = [" ".join(lines[0].text[first.length:].split())]
    for line, marker in zip(lines[1:], marked[1:]):
        if paragraph[-1].endswith(".") or line.gap_before or marker is not None or "\t" in line.text:
            break
        paragraph.append(" ".join(line.text.split()))
    joined = " ".join(paragraph)
    return bool(rules.regex("projects.list_end").match(joined)) and bool(rules.regex("projects.prose_sentence").match(joined))


def _until_list_end(lines: list[ListLine], rules: Rules) -> list[ListLine]:
    """The list's lines up to the prose after it: a closing sentence ('Die Förderung … erfolgt …'),
    or an unmarked paragraph ending in a full stop that is too long to be an entry."""
    end_re = rules.regex("projects.list_end")
    marked = [line_marker(line.text, rules, []) for line in lines]
    bulleted = any(m is not None and m.family in UNORDERED for m in marked)
    long_words = rules.threshold("projects.prose_words_marked" if bulleted else "projects.prose_words")
    dotted = rules.regex("projects.dotted_word")
    sentence_re = rules.regex("projects.prose_sentence")
    margin = min((line.indent for line in lines if line.indent is not None), default=None)
    tolerance = rules.threshold("outline.indent_tolerance")
    goes_on = rules.charset("outline.continuation_starts")  # '(TAfA)', '/ Jugendberufshilfe': the rest of an entry
    for i, (line, marker) in enumerate(zip(lines, marked)):
        if marker is not None and i > 0 and marker.family in UNORDERED and _closing_sentence(lines[i:], marked[i:], rules):
            return lines[:i]  # a speck OCR read as a bullet before the sentence after the list ('. Die Förderung … erfolgt …')
        if marker is not None:
            continue  # a list item
        stripped = " ".join(line.text.split())  # a cell break layout saw in justified prose counts as a space
        if end_re.match(stripped) or (i > 0 and sentence_re.match(stripped)):
            return lines[:i]
        if "\t" in line.text or stripped[:1].islower() or goes_on.holds(stripped) or (i > 0 and is_title_line(stripped, rules)):
            continue  # a table row (or its column titles repeated on a new page), or the wrapped remainder of an entry
        if i > 0 and any(connector_end(cell, rules) for cell in lines[i - 1].text.split("\t")):
            continue  # the line above (or one of its cells) ends in 'für', 'und', ',': this line goes on with it
        if line.indent is not None and margin is not None and line.indent > margin + tolerance:
            continue  # indented: prose after a list starts at the left margin
        paragraph = [stripped]
        for following, following_marker in zip(lines[i + 1 :], marked[i + 1 :]):
            if paragraph[-1].endswith((".", ":")) or following.gap_before or following_marker is not None or "\t" in following.text \
                    or end_re.match(" ".join(following.text.split())):
                break  # (a closing sentence starts a paragraph of its own)
            paragraph.append(following.text.strip())
        joined = " ".join(paragraph)
        if i > 0 and sentence_re.match(joined):
            return lines[:i]
        if joined.endswith(".") and not dotted.search(joined) and len(joined.split()) >= long_words and i > 0:
            return lines[:i]
    return lines


def _split_inline(node: Node, rules: Rules) -> tuple[str, str] | None:
    """'Ausbildungsvorbereitung: Jugend Flex' -> (heading, item); only for a line that is surely a
    heading before the colon (a project may be called 'TEB – Teilzeitausbildung: Einstieg begleiten')."""
    if node.family in UNORDERED or ":" not in node.text:
        return None
    head, _, rest = node.text.partition(":")
    if is_heading(heading_to_measure_type(head, rules), False, False, rules):
        return without_misread_marker(head, rules).strip(), rest.strip()  # '2 Ausbildung …:' for '2. Ausbildung …:'
    return None


def _heading_depth(nodes: list[Node], rules: Rules) -> int | None:
    """The outline level of the headings: the first level with a node that has children and names a
    measure type; None for a flat list."""
    depths = [n.depth for n in nodes if n.children and heading_to_measure_type(n.text, rules)]
    return min(depths) if depths else None


def _outline_entries(nodes: list[Node], rules: Rules) -> tuple[list[tuple[Node, str, str]], list[str], list[Node]]:
    """(node, heading text, item text) per project, with review reasons and the heading nodes; item
    text '' for a heading listed without a project."""
    out: list[tuple[Node, str, str]] = []
    reasons: list[str] = []
    depth = _heading_depth(nodes, rules)
    bulleted = any(n.family in UNORDERED for n in nodes)
    heading = ""
    heading_node: Node | None = None
    after_heading = False  # the previous node was a heading
    headings: list[Node] = []  # every heading node, in order
    for index, node in enumerate(nodes):
        inline = _split_inline(node, rules)
        if inline is not None and (depth is None or node.depth == depth):
            heading, heading_node = inline[0], node
            headings.append(node)
            if inline[1]:
                out.append((node, heading, inline[1]))
            continue
        match = heading_to_measure_type(node.text, rules)
        if depth is not None:
            if node.depth < depth:
                continue  # a title above the headings
            # an item-level node with items of its own that names a type as closely as a bulleted heading must
            # ('4) Weiterbildungsmaßnahmen …' after '3) Pflegehelfer/-in Plus', then '1) BASS …'): the next heading,
            # its marker counting on from the items above (headings and items set alike)
            promoted = node.depth == depth + 1 and is_heading(match, True, True, rules) and (
                bool(node.children) or _restarts_after(nodes, index))
            if (node.depth == depth and (node.children or is_heading(match, False, True, rules))) or promoted:
                heading, heading_node = without_misread_marker(node.text, rules).rstrip(":").rstrip(), node
                headings.append(node)
                continue
            under_promoted = heading_node is not None and heading_node.depth == depth + 1 \
                and node.parent in (heading_node, heading_node.parent)
            strayed = node.parent is not None and node.parent is not heading_node and node.depth > depth
            if not under_promoted and (node.depth > depth + 1 or strayed):
                reasons.append("project_subitems")
                continue
        else:
            # in an unmarked list, a 'heading' right under an empty heading of the same type is its first project
            repeated = (not bulleted and match is not None and after_heading and heading_code(heading, rules) == match.code
                        and match.similarity < rules.threshold("headings.unmarked_similarity"))
            if not repeated and is_heading(match, node.family in UNORDERED, bulleted, rules):
                heading, heading_node, after_heading = without_misread_marker(node.text, rules).rstrip(":").rstrip(), node, True
                headings.append(node)
                continue
        after_heading = False
        out.append((node, heading, node.text))
    return out, reasons, headings


def _restarts_after(nodes: list[Node], index: int) -> bool:
    """Whether the next node of the same level and family as nodes[index] starts its count again ('1)'
    after '4)'): a new list under nodes[index] set as far in as it."""
    node = nodes[index]
    after = next((n for n in nodes[index + 1:] if n.depth <= node.depth), None)
    return after is not None and after.depth == node.depth and after.family == node.family \
        and ordinal_value(after.ordinal, after.family) == 1 != ordinal_value(node.ordinal, node.family)


def _without_item_separators(entries: list[tuple[Node, str, str]], rules: Rules) -> list[tuple[Node, str, str]]:
    """Items written as one sentence per heading ('A,' 'B und' 'C.' or 'A;' 'B.'): when most items
    but the last of their heading end in a separator of models/ projects.item_separators, or the
    last items of several headings end in a full stop while no other item does, the separators and
    those full stops are removed (not the dot of an abbreviation or an acronym such as 'A.N.K.E.R.')."""
    dotted = rules.regex("projects.dotted_word")
    speck = rules.regex("projects.trailing_speck")
    texts = [speck.sub("", " ".join(text.split())) for _, _, text in entries]  # a cell break layout saw in a justified line is a space
    ending = [separator_end(t, rules) for t in texts]
    stop = [t.endswith(".") and (not dotted.search(t) or t.endswith("..")) for t in texts]  # "A.N.K.E.R.." ends a sentence too
    last = [i + 1 == len(entries) or entries[i + 1][1] != entries[i][1] for i in range(len(entries))]
    inner = [i for i in range(len(entries)) if not last[i]]
    separated = bool(inner) and 2 * sum(1 for i in inner if ending[i]) > len(inner)
    closing = sum(1 for i in range(len(entries)) if last[i] and stop[i]) >= 2 and not any(stop[i] for i in inner)
    if len(texts) < 2 or not (separated or closing):
        return entries
    out = []
    for (node, heading, _), text, sep, full_stop in zip(entries, texts, ending, stop):
        if sep:
            text = text[: -len(sep)].rstrip()
        elif full_stop:
            text = text[:-1].rstrip()
            while text.endswith(".") and not dotted.search(text):  # 'Jugend Flex..': a speck too ('A.N.K.E.R..' keeps its own)
                text = text[:-1].rstrip()
        out.append((node, heading, text))
    return out


def _bare_headings(ctx: Context, headings: list[Node], entries: list[tuple[Node, str, str]], end: int) -> bool:
    """Whether a heading has nothing under it: no project up to the next heading (or the list's
    end), and the line under it does not say it has none ('keine', '–', 'entfällt'; such a line
    may be too short for the outline)."""
    starts = [node.start for node, _, _ in entries]
    for this, following in zip(headings, [*headings[1:], None]):
        stop = following.start if following is not None else end
        if any(this.start <= start < stop for start in starts):
            continue
        own = [line.strip() for line in ctx.text.value[this.start:this.end].replace("\f", "\n").split("\n")[1:]]
        after = next((line.strip() for line in ctx.text.value[this.end:].replace("\f", "\n").split("\n") if line.strip()), "")
        says_none = any(_says_none(line, ctx.rules) for line in [*own, after] if line)
        if not says_none and not dash_under(ctx, this.start, this.end, _next_line(ctx, this.end)):
            return True  # nor does a line under it say it has none (nor a dash OCR dropped, lost_dash.py)
    return False


def _next_line(ctx: Context, offset: int) -> int | None:
    """Where the first non-blank line after `offset` starts, on the same page; None at a page's end."""
    value = ctx.text.value
    at = offset
    while at < len(value) and value[at] in " \t\n":
        at += 1
    return at if at < len(value) and value[at] != "\f" else None


def _says_none(line: str, rules: Rules) -> bool:
    """Whether a list line says 'no project' ('keine', '- entfällt', '–')."""
    empty_re = rules.regex("projects.empty_item")
    marker = line_marker(line, rules, [])
    return bool(empty_re.match(line) or (marker is not None and empty_re.match(line[marker.length:].strip())))


def _list_end(ctx: Context, section: Section) -> int:
    """Where the list's section ends: a following 'section' whose title names a measure type is a
    numbered heading of the list that segmentation took for a § header ('5. Ausbildungsvorbereitung')."""
    end = section.end
    following = [s for s in ctx.sections if s.start >= section.end]
    for other in following:
        if not is_heading(heading_to_measure_type(other.title, ctx.rules), False, False, ctx.rules):
            break
        end = other.end
    return end


def list_lines(ctx: Context) -> list[ListLine] | None:
    """The lines of the project list (or table); None when no list region is found."""
    region = _list_region(ctx)
    if region is None:
        return None
    section, start = region
    in_annex = start == ctx.annex.list_start  # an annex's list runs on to the document's end
    end = len(ctx.text.value) if in_annex else _list_end(ctx, section)
    return _until_list_end(region_lines(ctx, start, end), ctx.rules)


def extract_projects(ctx: Context) -> tuple[tuple[Project, ...], list[str]]:
    lines = list_lines(ctx)
    if not lines:  # no list, or its introduction followed by the sentence after it
        return (), ["projects_not_found"]
    rules = ctx.rules
    table = read_table(ctx, lines)
    reasons: list[str] = []
    if table is not None:
        entries = [(node, without_misread_marker(node.parent.text, rules).rstrip(":").rstrip() if node.parent else "", node.text)
                   for node in table.nodes if node.depth == 1]
        reasons += table.reasons
    else:
        nodes = lines_to_outline(lines, rules)
        entries, reasons, headings = _outline_entries(nodes, rules)
        if wraps_in_doubt(lines, rules):
            reasons.append("project_list_bullets_lost")
        if numbering_breaks(nodes):
            reasons.append("project_list_numbering")
        if _bare_headings(ctx, headings, entries, lines[-1].offset + len(lines[-1].text)):
            reasons.append("measure_type_without_projects")
    empty_re = rules.regex("projects.empty_item")
    trailing = rules.regex("projects.trailing_separator")
    entries = _without_item_separators(entries, rules)
    titles = {w.lower() for w in rules.words("projects.table_header")}
    projects: list[Project] = []
    heading_confidence: dict[str, float | None] = {}  # per heading, its words' lowest OCR confidence
    after = lines[0].offset  # where the text before the entry starts: the heading of a first project stands in it
    for node, heading, text in entries:
        before, after = after, max(after, node.end)
        # a cell break inside a list line is a space; what joining a name's lines makes (normalize.jsonl, scope joined)
        name = trailing.sub("", rewrite(" ".join(text.split()), rules, "joined")).strip()
        if not name or empty_re.match(name) or name.rstrip(":").lower() in titles:
            continue
        scanned = ctx.document.pages[ctx.text.page_at(node.start) - 1].source == "ocr"
        if heading and scanned:
            heading = without_ocr_specks(heading, rules)  # 'Il Berufsorientierung und i Ausbildungsvorbereitung'
        raw = " ".join(heading.split())
        if raw and raw not in heading_confidence:
            heading_confidence[raw] = provenance(ctx, before, node.end, "projects.heading", raw).confidence if scanned else None
        code = heading_code(heading, rules)
        if not code:
            reasons.append("project_without_measure_type")
        found = ctx.text.value.find(name.split()[0], node.start, node.end)
        start_offset = found if found >= 0 else node.start  # the name only, not a marker or an inline heading
        pieces = tuple(trailing.sub("", rewrite(" ".join(piece.split()), rules, "joined")).strip() for piece in node.pieces)
        if node.pieces and " ".join(pieces) != name:
            pieces = ()
            if node.joined_in_doubt:
                reasons.append(ReviewReason.PROJECT_CELL_LINES_AMBIGUOUS.value)  # the joins in doubt, but no pieces to weigh
        elif pieces and node.joined_in_doubt:
            reasons.append(str(Flag(ReviewReason.PROJECT_CELL_LINES_JOINED, str(len(projects) + 1))))
        projects.append(
            Project(
                position=len(projects) + 1,
                measure_type=code or "sonstige",
                measure_type_raw=raw,
                project_name=name,
                provenance=provenance(ctx, start_offset, node.end, "projects.list", name),
                pieces=pieces,
                heading_confidence=heading_confidence.get(raw),
            )
        )
    if not projects:
        reasons.append("projects_not_found")
    return tuple(projects), sorted(set(reasons))
