"""The outline of a list: its lines become nodes (a marker and the text after it, wrapped lines
joined) and the nodes a tree, from the marker *families* of models/regexes.jsonl ('marker.*':
bullets of any glyph, dashes, arabic, multi-level 1.1, letters, capitals, roman numerals, each in its
punctuation) and from the lines' indentation on the page. No list style is known in advance: a
family seen before at the same indentation closes the levels opened after it; a new family or a
deeper indentation opens a level under the last node."""

from __future__ import annotations

from dataclasses import dataclass, field

from extract.extraction.headings import heading_code, heading_to_measure_type, is_heading
from extract.extraction.markers import UNMARKED, UNORDERED, Marker, line_marker
from extract.extraction.ordinals import ordinal_value
from extract.model import Line
from extract.rules import Rules


@dataclass(frozen=True)
class ListLine:
    offset: int  # of the line in the document text
    text: str
    gap_before: bool  # a blank line (not a page break) before it
    indent: float | None = None  # x of the line's first word on its page (page widths), when known
    after_break: bool = False  # the first line of a page
    right: float | None = None  # x where the line's last word ends (page widths), when known
    first_width: float | None = None  # width of the line's first word (page widths), when known
    margin: float | None = None  # the right edge of the page's text (page widths), when known
    source: Line | None = None  # the read line it was found as, with its words' boxes

    def wraps_from(self, previous: ListLine, space: float) -> bool:
        """Whether this line's first word could not have stood at the end of the previous line: the
        previous line is full, so this one continues it (the word processor wrapped it)."""
        if previous.right is None or self.first_width is None or self.margin is None:
            return False
        return previous.right + space + self.first_width > self.margin


@dataclass
class Node:
    family: str  # the marker family ('arabic_dot', 'bullet', 'multilevel:2', ...) or UNMARKED
    ordinal: str  # '2', 'b', 'IV', '2.1' or ''
    parts: list[str]
    start: int  # offset of the text after the marker
    end: int
    indent: float | None
    gap_before: bool
    depth: int = 0
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    pieces: tuple[str, ...] = ()  # a table item's pieces between its soft joins (table_row_starts.CellItem) ...
    joined_in_doubt: bool = False  # ... joined where the table's cells may list projects (project_cell_lines_joined)

    @property
    def text(self) -> str:
        return " ".join(p.strip() for p in self.parts if p.strip())

    @property
    def marked(self) -> bool:
        return self.family != UNMARKED


def _number_indent(line: ListLine) -> float | None:
    """Where a numbered line's number stands: past specks OCR read before it ('- „1.1 Startklar', the
    dash left of the heading above), which would set the item at the heading's level or left of it."""
    words = line.source.words if line.source is not None else ()
    first = next((k for k, w in enumerate(words) if any(c.isalnum() for c in w.text)), 0)
    if line.indent is None or not first or words[0].conf is None:  # a text layer's marks are what was written
        return line.indent
    return line.indent + words[first].bbox.x0 - words[0].bbox.x0


def connector_end(text: str, rules: Rules) -> bool:
    """Whether a line ends in a word or character that cannot end an entry ('für', ',', '–')."""
    words = rules.words("projects.connector_end")
    stripped = text.rstrip()
    if not stripped:
        return False
    last = stripped.split()[-1].lower()
    return last in words or stripped[-1] in {w for w in words if len(w) == 1 and not w.isalnum()}


def separator_end(text: str, rules: Rules) -> str | None:
    """The item separator a list line ends in, the longest that fits (projects.item_separators: 'Jugend
    Flex,', 'Berufscamp und', 'FAKT, sowie'), as items written as one sentence end; None for another end."""
    stripped = text.rstrip()
    return next((sep for sep in sorted(rules.words("projects.item_separators"), key=len, reverse=True) if stripped.endswith(sep)), None)


def open_marks(text: str, rules: Rules) -> int:
    """How many marks (projects.paired_marks: '„', '(') the text opens and leaves open: its name goes
    on after it ('Inhouse-Schulung „Interkulturelle' / 'Kompetenz im Jobcenter“')."""
    return sum(max(0, text.count(pair[0]) - text.count(pair[1])) for pair in rules.words("projects.paired_marks"))


def closed_end(text: str, rules: Rules) -> bool:
    """Whether the text ends with a closing mark that closes a mark it opened ('(TAfA)', '„Dranbleiben“'):
    the end of a name, not the middle of one."""
    stripped = text.rstrip()
    return any(stripped.endswith(pair[1]) and pair[0] in stripped for pair in rules.words("projects.paired_marks")) \
        and not open_marks(stripped, rules)


def _same_indent(a: float | None, b: float | None, tolerance: float) -> bool:
    return a is None or b is None or abs(a - b) <= tolerance


class OutlineBuilder:
    """Adds list lines one by one: a marked line opens a node; an unmarked one continues the last
    node (a wrapped line) or opens a node of its own."""

    def __init__(self, rules: Rules, items_marked: bool, garbled: dict[int, Marker] | None = None, sentence: bool = False) -> None:
        """items_marked: whether the list has bulleted or dashed lines (then those are its items);
        garbled: the bullets OCR garbled, by line offset (see garbled_bullets); sentence: whether its
        items are written as one sentence ('A,' 'B und' 'C.': lines end in the list's separators)."""
        self.rules = rules
        self.sentence = sentence
        self.garbled = garbled or {}
        self.items_marked = items_marked
        self.tolerance = rules.threshold("outline.indent_tolerance")
        self.roots: list[Node] = []
        self.nodes: list[Node] = []
        self.stack: list[Node] = []  # the last node of every open level
        # a node placed on its first line's text between two levels its number counts on from (next item
        # or next heading): the levels open before it, and whether it was taken for a heading
        self.pending: tuple[Node, list[int], list[Node], bool] | None = None
        self.space = rules.threshold("outline.wrap_space")
        self.previous: ListLine | None = None
        self.item_families: set[str] = set()  # the marker families set under another node so far ...
        self.top_families: set[str] = set()  # ... and those set at the top

    def heading_like(self, text: str, bulleted: bool) -> bool:
        return is_heading(heading_to_measure_type(text, self.rules), bulleted, self.items_marked, self.rules)

    def continues(self, line: ListLine, content: str) -> bool:
        """Whether an unmarked line continues the previous node: it starts in lower case (but for a
        heading whose marker OCR misread, set left of the node) or the node
        ends in a connector; or, without a blank line between, it is no heading and follows a
        wrapped item (a bulleted one, or any marked one that is no heading) or a heading in a list
        whose items carry bullets; a line indented under the marker's text always continues; a
        heading-like line continues a heading whose line was full (its first word would not fit); a
        line that completes the heading above it continues it (completes_heading). In a list written as
        one sentence, an item ending in its separator ('Metall,', 'Ausbildung und') is finished where a
        blank line follows it."""
        if not self.nodes or self.rules.regex("projects.empty_item").match(content):
            return False  # 'entfällt', 'keine', '–' on a line of its own: the heading above has no project
        last = self.nodes[-1]
        if content[:1].islower() or self.rules.charset("outline.continuation_starts").holds(content):
            # not a heading whose marker OCR misread in lower case ('in. Qualifizierung …' for 'III.'), set left of the item above
            misread = self.rules.regex("projects.heading_marker_misread").match(content)
            outdented = line.indent is not None and last.indent is not None and line.indent < last.indent - self.tolerance
            return not (misread and outdented and self.heading_like(content[misread.end():], False))
        heading = self.heading_like(content, False)
        if connector_end(last.text, self.rules):
            # 'Berufscamp und' (or 'b) Berufscamp,') before a heading ends an item written as part of a sentence
            separated = any(last.text.endswith(sep) for sep in self.rules.words("projects.item_separators"))
            item = last.family in UNORDERED or last.parent is not None  # an item: its marker's family or its place under a heading
            if self.sentence and separated and item and line.gap_before:
                return False  # 'Verbundausbildung Metall,' / blank / 'Begleitete Ausbildung und': the sentence's next item
            return not (heading and item and separated)
        last_heading = self.heading_like(last.text, last.family in UNORDERED)
        wrapped = not line.gap_before and self.previous is not None and line.wraps_from(self.previous, self.space)
        if wrapped and (not heading or (last_heading and heading_code(content, self.rules) in ("", heading_code(last.text, self.rules)))):
            return True  # 'Ausbildung in anerkannten' was full: 'Ausbildungsberufen' is the rest of that heading
        if wrapped and last.marked and line.indent is not None and last.indent is not None and line.indent > last.indent + self.tolerance:
            return True  # a full line, and this one hangs under its text
        if not line.gap_before and not heading and last_heading and self.completes_heading(last.text, content):
            return True  # 'Weiterbildungsmaßnahmen für Personal der Landkreise und kreisfreien' / 'Städte in der …'
        if line.gap_before or heading:
            return False
        if last.marked and line.indent is not None and last.indent is not None and line.indent > last.indent + self.tolerance:
            return True
        if last.family in UNORDERED or (last.marked and not last_heading):
            return True
        return last_heading and self.items_marked

    def speck_after_connector(self, line: ListLine, marker: Marker, content: str) -> bool:
        """Whether an OCRed line's bullet of another glyph than the item above's follows, with no blank
        between, an item ending in a connecting word ('im', 'für', 'und'): the item is not finished, so
        the line is its rest and the 'bullet' a speck OCR read before it (a sub-item opens after a colon)."""
        if marker.family not in UNORDERED or line.gap_before or not self.nodes or line.source is None or not line.source.words \
                or line.source.words[0].conf is None:
            return False
        last = self.nodes[-1]
        words = last.text.split()
        return last.family in UNORDERED and last.family != marker.family and bool(words) and words[-1].isalpha() \
            and connector_end(last.text, self.rules) and not self.heading_like(content, True)

    def completes_heading(self, text: str, content: str) -> bool:
        """Whether `content` is the wrapped rest of the heading `text` (not closed by a colon): the two
        together name its measure type better by outline.heading_wrap_gain."""
        if text.rstrip().endswith(":"):
            return False
        alone, joined = (heading_to_measure_type(t, self.rules) for t in (text, f"{text} {content}"))
        gain = self.rules.threshold("outline.heading_wrap_gain")
        return alone is not None and joined is not None and joined.code == alone.code and joined.similarity >= alone.similarity + gain

    def add(self, line: ListLine) -> None:
        self._add(line)
        self.previous = line

    def finish(self) -> None:
        """Settle the last node whose level waited for its whole text (see place)."""
        if self.pending is None:
            return
        node, follows, before, heading = self.pending
        self.pending = None
        if self.heading_like(node.text, True) == heading:
            return
        (node.parent.children if node.parent else self.roots).remove(node)
        self.stack = before
        self._attach(node, follows[0] if not heading else follows[-1])

    def _add(self, line: ListLine) -> None:
        marker = self.garbled.get(line.offset) or line_marker(line.text, self.rules, self.stack)  # a marker told from its siblings first
        content = line.text[marker.length:].strip() if marker else line.text.strip()
        end = line.offset + len(line.text)
        if marker is not None and self.speck_after_connector(line, marker, content):
            marker = None  # 'o Qualifizierung … von Alleinerziehenden im' / '- SGB-II-Leistungsbezug …': a speck, no bullet
        if marker is None and self.continues(line, content):
            last = self.nodes[-1]
            last.parts.append(content)
            last.end = end
            return
        self.finish()  # the node above is whole: its wrapped lines are in
        start = line.offset + max(line.text.find(content), 0)
        indent = _number_indent(line) if marker is not None and marker.family not in UNORDERED else line.indent
        node = Node(marker.family if marker else UNMARKED, marker.ordinal if marker else "", [content], start, end,
                    indent, line.gap_before)
        self.place(node)
        self.nodes.append(node)

    def _misread_repeat(self, previous: Node, node: Node) -> bool:
        """Whether a first ordinal right after a first ordinal of its family and indent is the next
        one misread ('i)' 'i)' 'iii)'): neither names a measure type, as the heading and the first
        item of one scheme on two levels would ('(1) Ausbildungsvorbereitung' '(1) Jugend Flex')."""
        return ordinal_value(previous.ordinal, previous.family) == 1 and not previous.children \
            and self.nodes[-1] is previous and not self.heading_like(previous.text, True) and not self.heading_like(node.text, True)

    def _misread_restart(self, previous: Node, node: Node) -> bool:
        """Whether a first ordinal after a later one of its family, at the very same indentation (both
        known), is the next one misread ('a)' for 'd)' after 'c)'): a list that starts again under an
        item is set further in, and one under a new heading follows that heading (or is numbered as that
        heading is: one scheme on two levels)."""
        return previous.indent is not None and node.indent is not None and not previous.children \
            and self.nodes[-1] is previous and not self.heading_like(previous.text, True) and not self.heading_like(node.text, True)

    def place(self, node: Node) -> None:
        """Close the levels after the one this node continues, or open a level under the last node."""
        same = [i for i in range(len(self.stack))
                if self.stack[i].family == node.family and _same_indent(self.stack[i].indent, node.indent, self.tolerance)]
        level = same[-1] if same else None
        value = ordinal_value(node.ordinal, node.family)
        if same and value is not None:
            # one scheme on two levels ('(1) heading:' '(1) item' '(2) item' '(2) heading:'): the numbering tells
            follows = [i for i in same if ordinal_value(self.stack[i].ordinal, node.family) == value - 1]
            if len(follows) > 1:  # it may be the next heading or the next item: an item may hold a type keyword
                heading = self.heading_like(node.text, True)
                level = follows[0] if heading else follows[-1]
                self.pending = (node, follows, list(self.stack), heading)  # a wrapped heading names its type whole
            elif follows:
                level = follows[-1]
            elif value == 1 and self._misread_repeat(self.stack[same[-1]], node):
                level = same[-1]  # 'i)' right after 'i)': OCR's reading of 'ii)', the next item of that level
            elif value == 1 and self._misread_restart(self.stack[same[-1]], node):
                level = same[-1]  # 'a)' after 'c)' set as far in: OCR's reading of 'd)' (the numbering check flags it)
            elif value == 1:
                level = None  # a numbering that starts again opens a level under the last node
        if level is None and node.family == UNMARKED and self.heading_like(node.text, False):
            level = 0  # an unmarked heading in a list of marked items starts at the top
        if level is None and not same and self._item_under_bare_heading(node):
            level = 1  # '1) Fachtag …' under 'Fortbildung …:' whose 'D.' OCR lost: items, as under 'A.' before
        if level is None and node.indent is not None and not (same and value == 1):
            # a line further left than an open level closes it (an outdented new family)
            level = next((i for i, open_node in enumerate(self.stack)
                          if open_node.indent is not None and node.indent < open_node.indent - self.tolerance), None)
        self._attach(node, level)

    def _item_under_bare_heading(self, node: Node) -> bool:
        """Whether a marked node of a family the list set only as items so far follows, as the first
        below it, a heading at the top whose marker OCR lost (an unmarked line naming a measure type):
        it is that heading's item, not a new top level."""
        if len(self.stack) != 1 or node.family == UNMARKED or node.family not in self.item_families - self.top_families:
            return False
        top = self.stack[0]
        return top.family == UNMARKED and not top.children and self.heading_like(top.text, False)

    def _attach(self, node: Node, level: int | None) -> None:
        """Close the open levels from `level` on and set the node under the last one left."""
        if level is not None:
            del self.stack[level:]
        parent = self.stack[-1] if self.stack else None
        node.parent = parent
        node.depth = len(self.stack)
        (parent.children if parent else self.roots).append(node)
        self.stack.append(node)
        (self.item_families if node.depth else self.top_families).add(node.family)


def lines_to_outline(lines: list[ListLine], rules: Rules) -> list[Node]:
    """The nodes of the list in document order, each with its depth, parent and children."""
    from extract.extraction.lost_markers import garbled_bullets  # late: it builds on this module

    lines, garbled = garbled_bullets(lines, rules)
    items_marked = bool(garbled) or any((m := line_marker(line.text, rules, [])) is not None and m.family in UNORDERED for line in lines)
    sentence = sum(separator_end(line.text, rules) is not None for line in lines) >= 2
    builder = OutlineBuilder(rules, items_marked, garbled, sentence)
    for line in lines:
        builder.add(line)
    builder.finish()
    return builder.nodes
