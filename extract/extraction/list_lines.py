"""The lines of a project list's region as the outline reads them (ListLine): the region's text
cut into lines, empty lines and specks of scan noise left out, each line matched to the page's read
line it came from for its indentation, its end, its first word's width and the page's text margin
(an OCRed page's left edge aligned to the first page's: a scanner feeds each sheet a little apart)."""

from __future__ import annotations

from dataclasses import replace

from rapidfuzz import fuzz

from extract.extraction.context import Context
from extract.extraction.markers import UNORDERED, line_marker
from extract.extraction.outline import ListLine
from extract.extraction.text import alnum_key, split_keep_ends
from extract.model import Page, Word


def region_lines(ctx: Context, start: int, end: int) -> list[ListLine]:
    """The lines of text[start:end] with 'blank line before' and their indentation; empty lines and
    specks of scan noise (a line with too few letters or digits and no marker) left out."""
    value = ctx.text.value
    least = ctx.rules.threshold("outline.min_line_alnum")
    out: list[ListLine] = []
    offset = start
    gap = False
    page_break = start > 0 and value[start - 1] == "\f"
    for raw in split_keep_ends(value[start:end]):
        line = raw.rstrip("\n\f")
        if line.strip() and ("\t" in line or sum(c.isalnum() for c in line) >= least or line_marker(line, ctx.rules, []) is not None):
            out.append(ListLine(offset, line, gap, after_break=page_break))
            gap = page_break = False
        elif raw.endswith("\n") or not raw:
            gap = gap or bool(out)
        page_break = page_break or raw.endswith("\f")
        offset += len(raw)
    tolerance = float(ctx.rules.threshold("outline.indent_tolerance"))
    pages = [ctx.text.page_at(line.offset) for line in out]
    return _marker_aligned(_specks_off_markers(_with_indents(ctx, out), pages, ctx, tolerance), pages, ctx, tolerance)


def _key(text: str) -> str:
    return alnum_key(text)[:24]


def _text_margin(page: Page) -> float | None:
    """The right edge of a page's running text: the median end of its longer lines' last words."""
    ends = sorted(line.words[-1].bbox.x1 for line in page.lines if len(line.words) >= 6 and not line.columns)
    return ends[len(ends) * 9 // 10] if ends else None


def _left_edge(page: Page, max_slope: float, min_width: float) -> tuple[float, float] | None:
    """The left edge of an OCRed page's running text as x = a + b*y (page widths, page heights): a
    sheet fed at a slant a deskew left alone (under Settings.deskew_min_degrees) starts its lines
    further right or left down the page. Its lines are those of six words or more; where three or more
    of them span at least `min_width` page widths (running text fills its measure, a list's items are
    indented and end early), those alone. The slope is the median of the slopes between their starts;
    the edge runs through the lower quarter of their starts (indented lines stand right of it). A page
    with fewer wide lines (a page of a list) has its edge at its leftmost longer line: there its lower
    quarter would be an item's indent."""
    points = [((line.words[0].bbox.y0 + line.words[0].bbox.y1) / 2, line.words[0].bbox.x0, line.words[-1].bbox.x1)
              for line in page.lines if len(line.words) >= 6 and not line.columns]
    wide = [(y, x) for y, x, end in points if end - x >= min_width]
    if len(wide) < 3:
        return (min(x for _, x, _ in points), 0.0) if len(points) >= 3 else None
    slopes = sorted((x2 - x1) / (y2 - y1) for i, (y1, x1) in enumerate(wide) for y2, x2 in wide[i + 1:] if abs(y2 - y1) > 0.05)
    slope = slopes[len(slopes) // 2] if slopes and len(wide) >= 6 else 0.0
    if abs(slope) > max_slope:
        slope = 0.0  # not a slant: too few lines at the margin to tell
    offsets = sorted(x - slope * y for y, x in wide)
    return offsets[len(offsets) // 4], slope


def _aligners(ctx: Context) -> dict[int, tuple[float, float]]:
    """Per OCRed page, (a, b) such that x - (a + b*y) is a line's indent in the first OCRed page's frame:
    a scanner feeds each sheet a little apart and a little aslant, and items' indents are only
    comparable once the pages' left edges are aligned."""
    steepest = float(ctx.rules.threshold("outline.max_edge_slope"))
    wide = float(ctx.rules.threshold("outline.edge_line_width"))
    edges = {page.number: _left_edge(page, steepest, wide) for page in ctx.document.pages if page.source == "ocr"}
    known = [edge for edge in edges.values() if edge is not None]
    if not known:
        return {}
    reference = known[0][0] + known[0][1] * 0.5  # the first page's edge half way down
    return {number: (a - reference, b) for number, edge in edges.items() if edge is not None for a, b in [edge]}


def _with_indents(ctx: Context, lines: list[ListLine]) -> list[ListLine]:
    """Each line's x on its page (an OCRed page aligned to the first, see _aligners), where it ends and
    how wide its first word is, found by walking the page's read lines in reading order."""
    cursors: dict[int, int] = {}
    margins: dict[int, float | None] = {}
    aligners = _aligners(ctx)
    out: list[ListLine] = []
    for line in lines:
        number = ctx.text.page_at(line.offset)
        page = ctx.document.pages[number - 1]
        if number not in margins:
            margins[number] = _text_margin(page)
        cursor = cursors.get(number, 0)
        want, whole = _key(line.text), alnum_key(line.text)
        found: int | None = None  # the first read line that starts like it, unless a later one is it as a whole
        for i in range(cursor, len(page.lines)):
            have = _key(page.lines[i].text)
            if have and want and (have == want or fuzz.ratio(have, want) >= 80):
                found = i if found is None else found
                if fuzz.ratio(alnum_key(page.lines[i].text), whole) >= 80:
                    found = i  # ('Ausbildungs- und Qualifizierungsbudget …' above 'Ausbildungs- und Qualifizierungsvorbereitung …')
                    break
        if found is None or not page.lines[found].words:
            out.append(line)
            continue
        cursors[number] = found + 1
        words = page.lines[found].words
        a, b = aligners.get(number, (0.0, 0.0))
        indent = words[0].bbox.x0 - a - b * (words[0].bbox.y0 + words[0].bbox.y1) / 2
        out.append(ListLine(line.offset, line.text, line.gap_before, indent, line.after_break, words[-1].bbox.x1,
                            words[0].bbox.x1 - words[0].bbox.x0, margins[number], page.lines[found]))
    return out


def _specks_off_markers(lines: list[ListLine], pages: list[int], ctx: Context, tolerance: float) -> list[ListLine]:
    """The lines with a scan's speck that OCR took into a number marker's box ('1.' boxed from a dot
    left of it) set back to where the number stands: numbers of one family on a page end where their
    siblings end (their right edges agree), so one wider than they are (per character, by more than
    half the tolerance) starts its siblings' width left of its end. A bullet is left as it is
    (nothing to compare a glyph's width with), and so is a text layer, whose boxes are what was written."""
    found: dict[tuple[int, str], list[tuple[int, Word]]] = {}  # (page, family): (line, marker's word)
    for k, (line, page) in enumerate(zip(lines, pages)):
        marker = line_marker(line.text, ctx.rules, [])
        words = line.source.words if line.source is not None else ()
        if marker is None or marker.family in UNORDERED or not words or words[0].conf is None or line.indent is None \
                or words[0].text != line.text[:marker.length].strip():
            continue
        found.setdefault((page, marker.family), []).append((k, words[0]))
    out = list(lines)
    for siblings in found.values():
        if len(siblings) < 3:
            continue  # two numbers do not say which one is as wide as the family's
        ends = sorted(w.bbox.x1 for _, w in siblings)
        per_char = sorted((w.bbox.x1 - w.bbox.x0) / len(w.text) for _, w in siblings)
        end, width = ends[len(ends) // 2], per_char[(len(per_char) - 1) // 2]  # the lower middle: specks only widen
        for k, word in siblings:
            indent, start = out[k].indent, word.bbox.x1 - width * len(word.text)
            if indent is not None and abs(word.bbox.x1 - end) <= tolerance / 2 and start - word.bbox.x0 > tolerance / 2:
                out[k] = replace(out[k], indent=indent + start - word.bbox.x0)
    return out


def _marker_aligned(lines: list[ListLine], pages: list[int], ctx: Context, tolerance: float) -> list[ListLine]:
    """The lines with each later page's indents moved so that its markers stand where the page before
    set markers of the same family: a list's own levels say where a sheet lies better than a page's
    running text, of which a page of a list holds little ('2.3.' atop the next page where '2.2.' stood).
    Only families set at one indentation on each page count (a family set as headings and items both
    would compare levels); a page without such a family shared with the page before stays as it is."""
    levels: dict[int, dict[str, list[float]]] = {}
    for line, page in zip(lines, pages):
        marker = line_marker(line.text, ctx.rules, [])
        if marker is not None and line.indent is not None and ctx.document.pages[page - 1].source == "ocr":
            levels.setdefault(page, {}).setdefault(marker.family, []).append(line.indent)
    single = {page: {family: min(xs) for family, xs in found.items() if max(xs) - min(xs) <= tolerance}
              for page, found in levels.items()}
    shifts: dict[int, float] = {}
    ordered = sorted(single)
    for before, page in zip(ordered, ordered[1:]):
        shared = [family for family in single[page] if family in single[before]]
        if not shared:
            continue
        offsets = sorted(single[page][f] - (single[before][f] + shifts.get(before, 0.0)) for f in shared)
        offset = offsets[len(offsets) // 2]
        if abs(offset) > tolerance / 2:
            shifts[page] = -offset
    if not shifts:
        return lines
    return [replace(line, indent=line.indent + shifts[page]) if page in shifts and line.indent is not None else line
            for line, page in zip(lines, pages)]
