"""List markers: the marker *families* of models/regexes.jsonl ('marker.*': bullets of any glyph,
dashes, arabic, multi-level 1.1, letters, capitals, roman numerals, each in its punctuation), and
OCR's misreadings of them resolved against the list's open levels ('21' for '2.1' under 2., '12.'
for '1.2.', '1.E' for '1.1.', '4A.' for '4.', specks before or after a number)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from extract.extraction.headings import heading_to_measure_type, is_heading
from extract.extraction.ordinals import ordinal_value
from extract.rules import Rules

if TYPE_CHECKING:
    from extract.extraction.outline import Node

UNMARKED = "none"
UNORDERED = ("bullet", "dash")  # families whose markers carry no number: those of items
_AMBIGUOUS_ROMAN = {"I": "H", "V": "U", "X": "W", "i": "h", "v": "u", "x": "w"}  # roman numeral -> the letter before it


@dataclass(frozen=True)
class Marker:
    family: str
    ordinal: str
    length: int  # characters of the line the marker takes, spaces after it included


def marker_families(rules: Rules) -> list[tuple[str, re.Pattern[str]]]:
    return [(rule_id.split(".", 1)[1], pattern) for rule_id, pattern in rules.regexes.items() if rule_id.startswith("marker.")]


def line_marker(line: str, rules: Rules, open_levels: list[Node]) -> Marker | None:
    """The list marker at the start of `line`, its family resolved against the open levels: a
    roman I/V/X continuing a letter sequence is a letter, and OCR's '21' is '2.1' only under a
    numbered heading 2."""
    for family, pattern in marker_families(rules):
        match = pattern.match(line)
        if match is None:
            continue
        ordinal = match.groupdict().get("ord") or ""
        if family == "bullet" and (match.groupdict().get("mark") or "") in (".", ","):
            inner = line_marker(line[match.end():], rules, open_levels)
            if inner is not None and inner.family not in UNORDERED:  # a speck before a number ('. 3.1 Pflegehelfer')
                return Marker(inner.family, inner.ordinal, match.end() + inner.length)
        if family in UNORDERED:
            counted = _number_after_speck(line, rules, open_levels)
            if counted is not None:  # '- „1.1 Startklar' under '1.': specks before the next number, no dash item
                return counted
        if family == "multilevel":
            return Marker(f"multilevel:{ordinal.replace(',', '.').count('.') + 1}", ordinal.replace(",", "."), match.end())
        if family == "ocr_sublevel":
            heading = next((n for n in open_levels if n.family in ("arabic_dot", "arabic_paren")), None)
            sub = next((n for n in open_levels if n.family == "multilevel:2"), None)
            if heading is not None and ordinal.startswith(heading.ordinal) and len(heading.ordinal) == 1:
                return Marker("multilevel:2", f"{ordinal[0]}.{ordinal[1:]}", match.end())
            if sub is not None and ordinal.startswith(sub.ordinal.split(".")[0]):
                return Marker("multilevel:2", f"{ordinal[0]}.{ordinal[1:]}", match.end())
            return None
        if family == "ocr_speck_number":  # '4A.' for '4.' only where 4 is the next number
            counts_on = any(n.family == "arabic_dot" and ordinal_value(n.ordinal, n.family) == int(ordinal) - 1 for n in open_levels)
            return Marker("arabic_dot", ordinal, match.end()) if counts_on else None
        if family == "ocr_letter_sublevel":  # '1.E' for '1.1.' only where it is the heading's next sub-number
            following = _next_sublevel(ordinal, open_levels)
            return Marker("multilevel:2", following, match.end()) if following is not None else None
        if family == "ocr_digit_letter_sublevel":  # 'A.1' for '4.1' only under the open heading 4.
            heading = next((n for n in reversed(open_levels) if n.family in ("arabic_dot", "arabic_paren")), None)
            letter, _, digits = ordinal.replace(",", ".").partition(".")
            if heading is not None and f"{heading.ordinal} {letter}" in rules.words("ocr.digit_letters"):
                return Marker("multilevel:2", f"{heading.ordinal}.{int(digits)}", match.end())
            return None
        if family in ("upper_letter", "lower_letter") and _names_measure_type(line[match.end():], rules):
            number = _digit_read_as_letter(ordinal, line[:match.end()].strip()[-1:], family, rules, open_levels)
            if number is not None:  # 'A. Weiterbildungsmaßnahmen …' after '3.': OCR's reading of '4.'
                return Marker(number[0], number[1], match.end())
        if family == "arabic_dot" and len(ordinal) == 2:
            fused = _fused_sublevel(ordinal, open_levels)
            if fused is not None:  # '12.' for '1.2.': OCR lost the dot inside the sub-number
                return Marker("multilevel:2", fused, match.end())
        if family.startswith("roman") and ordinal in _AMBIGUOUS_ROMAN:
            letters = "upper_letter" if family == "roman_upper" else "lower_letter"
            letter_open = any(n.family == letters for n in open_levels)
            roman_open = any(n.family == family for n in open_levels)
            if (letter_open and not roman_open) or (ordinal not in "Ii" and not roman_open):
                continue  # a letter: the letter pattern below takes it
        return Marker(family, ordinal, match.end())
    return _number_after_speck(line, rules, open_levels)


def _fused_sublevel(ordinal: str, open_levels: list[Node]) -> str | None:
    """The sub-number ('1.2') a two-digit number with a dot ('12.') stands for when OCR lost the dot
    inside it: when it is the next number of the open sub-level ('1.1' open), or the first under the
    open numbered heading ('11.' under '1.'), and not the next number of an open level of numbers."""
    value = int(ordinal)
    if any(n.family == "arabic_dot" and ordinal_value(n.ordinal, n.family) == value - 1 for n in open_levels):
        return None
    expected = _next_sublevel(ordinal[0], open_levels)
    return expected if expected == f"{ordinal[0]}.{ordinal[1:]}" else None


def _next_sublevel(parent: str, open_levels: list[Node]) -> str | None:
    """The next sub-number under heading `parent` ('1'): after the open sub-level's last ('1.1' open:
    '1.2'), or the first ('1.1') under the open numbered heading 1 with none open; None elsewhere."""
    sub = next((n for n in reversed(open_levels) if n.family == "multilevel:2"), None)
    if sub is not None:
        head, _, last = sub.ordinal.partition(".")
        return f"{parent}.{int(last) + 1}" if head == parent and last.isdigit() else None
    heading = next((n for n in reversed(open_levels) if n.family in ("arabic_dot", "arabic_paren")), None)
    return f"{parent}.1" if heading is not None and heading.ordinal == parent else None


def _number_after_speck(line: str, rules: Rules, open_levels: list[Node]) -> Marker | None:
    """The number after a speck OCR read at the line's start ('- 2. Kooperative …', '.2.1 Herstellung …'),
    or glued after it ('2.- Nachqualifizierung …'), when it counts on from an open level of its family
    ('1. ProAbschluss Jugend' above) or opens a level under the last open node ('2.1' under '2.', '(a)'
    under 'B)'): that level's next node."""
    speck = rules.regex("outline.speck_before_number").match(line)
    after = rules.regex("outline.speck_after_number").match(line)
    if speck is not None:
        inner, skipped = line_marker(line[speck.end():], rules, open_levels), speck.end()
    elif after is not None:  # the speck glued after the marker ('2.- Nachqualifizierung'): the marker without it
        inner, skipped = line_marker(after.group("number") + line[after.end():], rules, open_levels), len(after.group("speck"))
    else:
        return None
    value = ordinal_value(inner.ordinal, inner.family) if inner is not None else None
    if inner is None or value is None:
        return None
    prefix = inner.ordinal.rpartition(".")[0]  # a multi-level number's parent ('2' of '2.1')
    follows = any(n.family == inner.family and ordinal_value(n.ordinal, n.family) == value - 1 and n.ordinal.rpartition(".")[0] == prefix
                  for n in open_levels)
    opens = value == 1 and bool(open_levels) and (any(n.ordinal == prefix for n in open_levels) if prefix
                                                  else open_levels[-1].family != inner.family)
    return Marker(inner.family, inner.ordinal, skipped + inner.length) if follows or opens else None


def _digit_read_as_letter(letter: str, closing: str, family: str, rules: Rules, open_levels: list[Node]) -> tuple[str, str] | None:
    """(family, ordinal) of the numbered heading a letter stands for ('A.' for '4.' after '3.',
    ocr.digit_letters): the next number of the open numbered level closed by the same mark, where no
    level of letters is open; None elsewhere."""
    if any(n.family == family for n in open_levels):
        return None
    numbered = {".": "arabic_dot", ")": "arabic_paren"}.get(closing)
    heading = next((n for n in open_levels if n.family == numbered), None)
    value = ordinal_value(heading.ordinal, heading.family) if heading is not None else None
    if heading is None or value is None or f"{value + 1} {letter}" not in rules.words("ocr.digit_letters"):
        return None
    return heading.family, str(value + 1)


def _names_measure_type(text: str, rules: Rules) -> bool:
    """Whether a line's text after its marker reads as a measure type's heading: only a heading's
    number is taken from a letter OCR read for it (items lettered 'A.' under '3.' stay letters)."""
    return is_heading(heading_to_measure_type(text.strip().rstrip(":"), rules), False, False, rules)
