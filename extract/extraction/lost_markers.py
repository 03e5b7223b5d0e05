"""List markers OCR garbled or lost, told from the sibling items of the list: a bullet read as other
glyphs (') Berufscamp', '= BASS 2020' for '• …') and a bullet not read at all (a line that starts where
its bulleted siblings' text starts, after an item that did not fill its line). Used by the outline
(extract/extraction/outline.py) as the markers of those lines."""

from __future__ import annotations

import re

from extract.extraction.outline import UNORDERED, ListLine, Marker, _same_indent, connector_end, line_marker, open_marks
from extract.rules import Rules


def garbled_bullets(lines: list[ListLine], rules: Rules) -> dict[int, Marker]:
    """By line offset, the bullets OCR garbled into glyphs no marker family knows (') Berufscamp',
    '= BASS 2020' for '• …'; regex outline.garbled_bullet): taken as the marker of a sibling line at
    the same indentation that carries a bullet or dash, or as a bullet where another line starts with
    the same glyphs at that indentation. Any other line keeps its glyphs (and the name checks flag them)."""
    tolerance = rules.threshold("outline.indent_tolerance")
    pattern = rules.regex("outline.garbled_bullet")
    marked: list[tuple[ListLine, Marker]] = []
    junk: list[tuple[ListLine, re.Match[str]]] = []
    for line in lines:
        marker = line_marker(line.text, rules, [])
        if marker is not None:
            if marker.family in UNORDERED:
                marked.append((line, marker))
        elif (match := pattern.match(line.text)) is not None:
            junk.append((line, match))
    out: dict[int, Marker] = {}
    for line, match in junk:
        family = next((m.family for other, m in marked if _same_indent(other.indent, line.indent, tolerance)), None)
        if family is None and any(other is not line and found.group("mark") == match.group("mark")
                                  and _same_indent(other.indent, line.indent, tolerance) for other, found in junk):
            family = "bullet"
        if family is not None:
            out[line.offset] = Marker(family, "", match.end())
    return out | _lost_bullets(lines, marked, tolerance, rules)


def _lost_bullets(lines: list[ListLine], marked: list[tuple[ListLine, Marker]], tolerance: float, rules: Rules) -> dict[int, Marker]:
    """By line offset, the bullets OCR lost ('„Fit für die Zukunft“' where the page shows '- „Fit …'):
    an unmarked line of an OCRed page that starts where its bulleted siblings' text starts, with a
    capital or an opening quote, after a bulleted line that was not full (its first word would have
    fitted there: no wrap) and does not end in a connector or an open mark."""
    starts = [line.indent + line.source.words[1].bbox.x0 - line.source.words[0].bbox.x0 for line, m in marked
              if line.indent is not None and line.source is not None and len(line.source.words) > 1
              and line.source.words[0].text.strip() in line.text[:m.length]]
    if not starts:
        return {}
    space, out = rules.threshold("outline.wrap_space"), {}
    bulleted = {line.offset: m.family for line, m in marked}
    for previous, line in zip(lines, lines[1:]):
        known = None not in (previous.right, line.first_width, line.margin, line.indent)
        if previous.offset not in bulleted or not known or line.wraps_from(previous, space) or line.gap_before:
            continue
        text = line.text.strip()
        if line_marker(line.text, rules, []) is not None or not (text[:1].isupper() or text[:1] in "„\""):
            continue
        if connector_end(previous.text, rules) or open_marks(previous.text, rules):
            continue
        if any(abs(line.indent - start) <= tolerance for start in starts):
            out[line.offset] = Marker(bulleted[previous.offset], "", 0)
            bulleted[line.offset] = bulleted[previous.offset]
    return out
