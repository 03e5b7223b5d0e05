"""Self-checks of project names: list markers, amounts and providers beside the name, headings and
column titles, page furniture, prose, cut names, duplicates and low OCR confidence. Flags only; the names stay as extracted."""

from __future__ import annotations

from rapidfuzz import fuzz

from extract.extraction.checks.lost_dots import dots_lost
from extract.extraction.checks.name_gaps import gapped, glued_hyphen
from extract.extraction.context import Context
from extract.extraction.markers import line_marker
from extract.extraction.outline import open_marks
from extract.extraction.project_tables import read_table
from extract.extraction.projects import list_lines
from extract.extraction.text import digit_key, find_phrase
from extract.model import Flag, Project, ReviewReason
from extract.settings import Settings


def _edge_lines(ctx: Context) -> set[str]:
    """Lines that repeat at the top or bottom of several pages (running headers and footers)."""
    seen: dict[str, int] = {}
    for page in ctx.document.pages:
        lines = [" ".join(line.text.split()) for line in page.lines if line.text.strip()]
        for text in set(lines[:2] + lines[-2:]):
            key = digit_key(text)
            seen[key] = seen.get(key, 0) + 1
    return {key for key, count in seen.items() if count >= 2 and len(key) >= 6}


def _is_heading(name: str, ctx: Context) -> bool:
    lowered = name.lower().strip(" :")
    words = name.split()
    if len(words) > 1 and ctx.rules.regex("projects.empty_item").match(words[-1]) and _is_heading(" ".join(words[:-1]), ctx):
        return True  # 'Ausbildung und Ausbildungsbegleitung entfällt': a heading and its 'none' read as a project
    if lowered in {w.lower() for w in ctx.rules.words("projects.table_header")}:
        return True
    if lowered in {w.lower() for w in ctx.rules.words("check.name.heading_words")}:
        return True
    examples = _known_headings(ctx)
    if _near_known_heading(lowered, examples):
        return True
    # the first line of a wrapped heading ('Ausbildung und Ausbildungscoaching in anerkannten'), also behind a speck OCR read
    start = " ".join(lowered.lstrip("‚,.'‘’`´_|~ ").split())
    least = int(ctx.rules.threshold("project.heading_prefix_words"))
    return len(start.split()) >= least and any(example.startswith(start + " ") for example in examples)


def heading_looks_right(heading: str, ctx: Context) -> bool:
    """A measure-type heading is a noun phrase without list marker: its last word is capitalised (or an
    abbreviation, a number, a closing bracket), not a connector or an adjective left by a wrap."""
    words = heading.rstrip(" :").split()
    if not words:
        return True
    last = words[-1].strip(",;")
    cut = last[:1].islower() or last.lower() in set(ctx.rules.words("check.name.connectors"))
    # a speck or an underline read at its edge, or a speck read as a letter between its words
    stray = ctx.rules.regex("check.name.stray_edge").search(heading) or ctx.rules.regex("check.name.lone_glyph").search(heading)
    separated = heading.rstrip().endswith((";", ","))  # an item's separator: the heading took an item in
    shape = ctx.rules.regex("check.heading.stray_shape").search(heading.rstrip(" :"))  # 'Ausbildung. in …', '… 3.1'
    marked = ctx.rules.regex("check.name.marker").match(heading)
    return not (marked or cut or stray or separated or shape or _heading_and_more(heading, ctx))


def _heading_and_more(heading: str, ctx: Context) -> bool:
    """Whether a heading is a known heading of models/measure_types.jsonl (of two words or more) with
    more words after it, and no known heading as a whole ('Maßnahmen zur Ausbildungsvorbereitung Lil
    Produktionsschule Nordhessen;'): the heading's line took the first item in."""
    text = " ".join(heading.lower().rstrip(" :").split())
    examples = _known_headings(ctx)
    return not _near_known_heading(text, examples) and any(len(example.split()) >= 2 and text.startswith(example + " ")
                                                          for example in examples)


def _known_headings(ctx: Context) -> list[str]:
    """The known headings of models/measure_types.jsonl, lower case, their whitespace collapsed."""
    return [" ".join(example.lower().split()) for m in ctx.rules.measure_types for example in m.examples]


def _near_known_heading(lowered: str, examples: list[str]) -> bool:
    """Whether a text (lower case) is one of the known headings, but for a letter or two (OCR)."""
    return any(fuzz.ratio(lowered, example) >= 92 for example in examples)


def holds_two_types(heading: str, ctx: Context) -> bool:
    """Whether a measure-type heading holds the known headings of two different types side by side
    ('Ausbildung in anerkannten Ausbildungsberufen Qualifizierung zur …'): two type cells read as one."""
    lowered = heading.lower()
    spans = [(found.start(), found.end(), m.code) for m in ctx.rules.measure_types for example in m.examples
             for found in find_phrase(lowered, example.lower())]
    return any(a[2] != b[2] and a[1] <= b[0] for a in spans for b in spans)


def name_flags(name: str, ctx: Context, furniture_lines: set[str]) -> list[ReviewReason]:
    """The reasons a project name does not look like a name (without duplicates and confidence)."""
    rules = ctx.rules
    reasons: list[ReviewReason] = []
    words = name.split()
    lowered = [w.lower().strip(",.;:") for w in words]
    if rules.regex("check.name.marker").search(name):
        reasons.append(ReviewReason.PROJECT_NAME_MARKER)
    if rules.regex("check.name.annotation").search(name):
        reasons.append(ReviewReason.PROJECT_NAME_ANNOTATION)
    if _is_heading(name, ctx):
        reasons.append(ReviewReason.PROJECT_NAME_HEADING)
    key = digit_key(" ".join(words))
    if rules.regex("check.name.furniture").search(name) or any(line in key for line in furniture_lines):
        reasons.append(ReviewReason.PROJECT_NAME_FURNITURE)
    verbs = set(rules.words("check.name.verbs"))
    if len(words) > int(rules.threshold("project.max_words")) or any(w in verbs for w in lowered) or (
            len(words) >= 5 and name.rstrip().endswith(".")):
        reasons.append(ReviewReason.PROJECT_NAME_PROSE)
    last = words[-1] if words else ""
    list_period = (last.endswith(".") and last.count(".") == 1 and len(last.strip(".")) > 3) \
        or last.endswith("..")  # not 'A.N.K.E.R.', 'e.V.'; but 'A.N.K.E.R..' (its dot and a full stop)
    open_end = rules.charset("check.name.open_ends").holds(name)  # 'Jugend Flex -', 'Coaching,'
    if lowered and (lowered[-1] in set(rules.words("check.name.connectors")) or open_end or list_period
                    or open_marks(name, rules)):  # a quote or bracket opened and not closed: cut short
        reasons.append(ReviewReason.PROJECT_NAME_CONNECTOR_END)
    if rules.regex("check.name.garbled").search(name) or rules.regex("check.name.stray_edge").search(name) \
            or rules.regex("check.name.lone_glyph").search(name):
        reasons.append(ReviewReason.PROJECT_NAME_GARBLED)
    letters = sum(c.isalpha() for c in name)
    first = next((c for c in name if c.isalpha()), "")
    bracketed = name.startswith("(") and name.endswith(")") and name.count("(") == 1  # '(QuAli)': a name's last part
    if letters < 3 or first.islower() or bracketed:
        reasons.append(ReviewReason.PROJECT_NAME_FRAGMENT)
    return reasons


def check_project_names(ctx: Context, projects: tuple[Project, ...], settings: Settings) -> list[Flag]:
    flags: list[Flag] = []
    furniture = _edge_lines(ctx)
    seen: dict[str, int] = {}
    headings: set[str] = set()
    layered = any(page.source == "text_layer" for page in ctx.document.pages)  # a born-digital document
    ocr_shape = ctx.rules.regex("check.name.ocr_shape")
    touching = float(ctx.rules.threshold("project.split_compound_gap"))  # a hyphen this close to the next word: a compound
    image_of = ctx.reader.image if ctx.reader is not None else None  # the page images, where the PDF is at hand
    for project in projects:
        scanned = project.provenance.source == "ocr"
        if project.measure_type_raw not in headings and (not heading_looks_right(project.measure_type_raw, ctx)
                                                         or (scanned and ocr_shape.search(project.measure_type_raw))):
            flags.append(Flag(ReviewReason.MEASURE_TYPE_HEADING_FORM, str(project.position)))
        if project.measure_type_raw not in headings and holds_two_types(project.measure_type_raw, ctx):
            flags.append(Flag(ReviewReason.MEASURE_TYPE_HEADINGS_MERGED, str(project.position)))
        if project.measure_type_raw not in headings and project.heading_confidence is not None \
                and project.heading_confidence < float(ctx.rules.threshold("project.min_confidence")):
            flags.append(Flag(ReviewReason.MEASURE_TYPE_LOW_CONFIDENCE, str(project.position)))
        headings.add(project.measure_type_raw)
        position = str(project.position)
        for reason in name_flags(project.project_name, ctx, furniture):
            flags.append(Flag(reason, position))
        key = " ".join(project.project_name.lower().split())
        if key in seen:
            flags += [Flag(ReviewReason.PROJECT_NAME_DUPLICATE, str(seen[key])), Flag(ReviewReason.PROJECT_NAME_DUPLICATE, position)]
        seen.setdefault(key, project.position)
        confidence = project.provenance.confidence
        if confidence is not None and confidence < float(ctx.rules.threshold("project.min_confidence")):
            flags.append(Flag(ReviewReason.PROJECT_NAME_LOW_CONFIDENCE, position))
        if glued_hyphen(project, ctx.document.pages, touching) or (scanned and ocr_shape.search(project.project_name)) \
                or dots_lost(project, ctx.document.pages, image_of, ctx.rules):
            flags.append(Flag(ReviewReason.PROJECT_NAME_GARBLED, position))
        if gapped(project, ctx.document.pages, float(ctx.rules.threshold("project.max_word_gap"))):
            flags.append(Flag(ReviewReason.PROJECT_NAME_GAP, position))
        if project.provenance.source == "ocr" and layered:
            flags.append(Flag(ReviewReason.PROJECT_NAME_OCR_PAGE, position))
    return list(dict.fromkeys(flags + check_list_coverage(ctx, projects)))


def _list_words(ctx: Context) -> list[str]:
    """The words of the project list region (from the sentence introducing it to the line closing it),
    without the lines that carry a measure-type keyword (headings) and without column titles."""
    rules = ctx.rules
    keywords = [k for m in rules.measure_types for k in m.keywords]
    skip = {w.lower() for w in rules.words("projects.table_header")} | {w.lower() for w in rules.words("check.name.heading_words")}
    word_re = rules.regex("check.list.word")
    words: list[str] = []
    for text in _list_texts(ctx):
        if any(k in text.lower() for k in keywords):
            continue
        words += [w for w in word_re.findall(text) if w.lower() not in skip]
    return words


def _list_texts(ctx: Context) -> list[str]:
    """The texts of the list: a table's type and project cells (not its numbers, providers or
    amounts, which are in no project name), else the lines from the sentence introducing the list
    to the line closing it."""
    lines = list_lines(ctx)
    table = read_table(ctx, lines) if lines else None
    if table is not None:
        return list(table.content)
    rules = ctx.rules
    value = ctx.text.value
    start = rules.regex("projects.list_start").search(value)
    if start is not None:
        begin: int | None = value.find("\n", start.end()) + 1 or None  # the line after the introduction
    else:
        begin = _annex_begin(ctx)
    if begin is None:
        return []
    verbs = set(rules.words("check.name.verbs"))
    texts: list[str] = []
    for line in value[begin:].split("\n"):
        stripped = line.strip()
        prose = len(stripped.split()) >= 8 and any(w.lower() in verbs for w in stripped.split())
        if rules.regex("projects.list_end").match(stripped) or rules.regex("segment.header").match(stripped) or prose:
            break
        texts.append(stripped)
    return texts


def _annex_begin(ctx: Context) -> int | None:
    """Where a list in an annex begins for the coverage check: its first line that opens the list
    or carries a list marker, whichever comes first (a heading OCR garbled is no opening line, and
    its items would be missed unseen)."""
    title = ctx.annex.offset
    if title is None:
        return None
    value = ctx.text.value
    offset = value.find("\n", title) + 1
    opening = ctx.annex.list_start
    while 0 < offset < (opening if opening is not None else len(value)):
        line = value[offset:value.find("\n", offset) if "\n" in value[offset:] else len(value)]
        if line_marker(line.strip(), ctx.rules, []) is not None:
            return offset
        offset += len(line) + 1
    return opening


def check_list_coverage(ctx: Context, projects: tuple[Project, ...]) -> list[Flag]:
    """Projects missing or merged: many words of the list are in no project name or heading."""
    words = _list_words(ctx)
    if not words or not projects:
        return []
    headings = " ".join(e for m in ctx.rules.measure_types for e in (*m.examples, *m.keywords))
    named = " ".join(f"{p.project_name} {p.measure_type_raw}" for p in projects)
    known = {w.lower() for w in ctx.rules.regex("check.list.word").findall(f"{named} {headings}")}
    uncovered = [w for w in words if w.lower() not in known]
    share, least = ctx.rules.threshold("projects.max_uncovered")
    if len(uncovered) >= least and len(uncovered) > share * len(words):
        return [Flag(ReviewReason.PROJECTS_INCOMPLETE)]
    return []
