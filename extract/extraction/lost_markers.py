"""List markers OCR garbled or lost, told from the sibling items of the list: a bullet read as other
glyphs (') Berufscamp', '= BASS 2020' for '• …'), a letter marker read with a letter or two too many
('ce)' for 'c)'), and a bullet or an item's number not read at all (a line that starts where its
marked siblings' text starts, after an item that did not fill its line). Used by the outline
(extract/extraction/outline.py) as the markers of those lines; nothing is taken without such a sibling."""

from __future__ import annotations

import re
from dataclasses import replace

from extract.extraction.headings import heading_to_measure_type, is_heading
from extract.extraction.markers import UNORDERED, Marker, line_marker
from extract.extraction.ordinals import ordinal_text, ordinal_value
from extract.extraction.outline import ListLine, _same_indent, connector_end, open_marks, separator_end
from extract.rules import Rules


def garbled_bullets(lines: list[ListLine], rules: Rules) -> tuple[list[ListLine], dict[int, Marker]]:
    """By line offset, the bullets OCR garbled into glyphs no marker family knows (') Berufscamp',
    '= BASS 2020' for '• …'; regex outline.garbled_bullet): taken as the marker of a sibling line at
    the same indentation that carries a bullet or dash, or as a bullet where another line starts with
    the same glyphs at that indentation (or, glyphs with a symbol, any such glyphs: OCR makes one bullet
    into '4%', '%4' and '%'); a lone '0' only beside 'o' bullets (regex outline.zero_for_o_bullet);
    on an OCRed page also a lone letter or digit before a name that is no measure-type heading ('4 Berufscamp',
    'I Startklar'; regex outline.glyph_bullet), on the same evidence, and one or two letters OCR read
    faintly ('EM', 'MB' for '▪'; regex outline.letters_bullet, threshold outline.faint_mark_confidence),
    where a sibling carries a bullet or dash or faint letters too.
    Any other line keeps its glyphs (and the name checks flag them)."""
    tolerance = rules.threshold("outline.indent_tolerance")
    pattern = rules.regex("outline.garbled_bullet")
    zero = rules.regex("outline.zero_for_o_bullet")
    glyph = rules.regex("outline.glyph_bullet")
    letters = rules.regex("outline.letters_bullet")
    faint_below = float(rules.threshold("outline.faint_mark_confidence"))
    marked: list[tuple[ListLine, Marker]] = []
    junk: list[tuple[ListLine, re.Match[str]]] = []
    zeros: list[tuple[ListLine, re.Match[str]]] = []
    headed: list[tuple[ListLine, re.Match[str]]] = []  # glyphs before a name like a type's heading
    for line in lines:
        marker = line_marker(line.text, rules, [])
        if marker is not None:
            if marker.family in UNORDERED:
                marked.append((line, marker))
        elif (match := pattern.match(line.text)) is not None:
            junk.append((line, match))
        elif (match := zero.match(line.text)) is not None:
            zeros.append((line, match))
        elif (match := glyph.match(line.text)) is not None and _ocr_read(line):
            # a letter or digit alone before the name ('4 Berufscamp' for '➢ Berufscamp')
            (headed if _heading_after(line, match, rules) else junk).append((line, match))
        elif (match := letters.match(line.text)) is not None and _faint(line, match, faint_below):
            # letters OCR read faintly before the name ('EM Produktionsschule' for '▪ …')
            (headed if _heading_after(line, match, rules) else junk).append((line, match))
    junk += [(line, match) for line, match in zeros if any(  # '0' for an 'o' bullet: only beside 'o' bullets
        other.text.lstrip()[:1] in "oO" and _same_indent(other.indent, line.indent, tolerance) for other, _ in marked)]
    # the letter that is the bullet of other lines at the same indentation is this line's bullet too: a name
    # that only resembles a type's heading ('m Qualifizierung in der Kindertagespflege' among 'm Fahrerlaubnis …')
    # is an item, a heading among bulleted lines must be as like one as a bulleted heading is
    junk += [(line, match) for line, match in headed if match.group("mark").isalpha() and any(
        found.group("mark") == match.group("mark") and _same_indent(other.indent, line.indent, tolerance) for other, found in junk)
        and not is_heading(heading_to_measure_type(line.text[match.end():], rules), True, False, rules)]
    out: dict[int, Marker] = {}
    indents: dict[int, float] = {}  # lines whose garbled bullet stands elsewhere than their siblings': the siblings' indent
    starts = _text_starts(marked)
    for line, match in junk:
        family = next((m.family for other, m in marked if _same_indent(other.indent, line.indent, tolerance)), None)
        words = line.source.words if line.source is not None else ()
        if family is None and line.indent is not None and len(words) > 1 and len(words[0].text.strip()) == len(match.group("mark")):
            text_at = line.indent + words[1].bbox.x0 - words[0].bbox.x0  # a speck wider than the bullet: its text still aligns
            aligned = next(((m.family, bullet) for (start, bullet), (_, m) in zip(starts, marked)
                            if abs(text_at - start) <= tolerance), None)
            if aligned is not None:  # '„= FAKT' with '„' left of where the dashes stand: a sibling of theirs, at their indent
                family, indents[line.offset] = aligned
        if family is None and any(other is not line and _same_indent(other.indent, line.indent, tolerance)
                                  and (found.group("mark") == match.group("mark") or (_symbolic(found) and _symbolic(match))
                                       or (_faint(other, found, faint_below) and _faint(line, match, faint_below)))
                                  for other, found in junk):
            family = "bullet"  # the same glyphs, or glyphs OCR made of one bullet in several ways ('4%', '%4', '%'; 'EM', 'MB')
        if family is not None:
            out[line.offset] = Marker(family, "", match.end())
    out |= _garbled_letters(lines, tolerance, rules)
    out |= {offset: marker for offset, marker in _garbled_numbers(lines, tolerance, rules).items() if offset not in out}
    out |= {offset: marker for offset, marker in _garbled_first_sublevel(lines, tolerance, rules).items() if offset not in out}
    out |= _roman_ones(lines, tolerance, rules)
    lost = _lost_bullets(lines, marked, tolerance, rules)
    lost |= {offset: found for offset, found in _lost_numbers(lines, tolerance, rules).items() if offset not in out | lost}
    indents |= {offset: indent for offset, (_, indent) in lost.items()}
    lines = [replace(line, indent=indents[line.offset]) if line.offset in indents else line for line in lines]
    return lines, out | {offset: marker for offset, (marker, _) in lost.items()}


def _lost_bullets(lines: list[ListLine], marked: list[tuple[ListLine, Marker]], tolerance: float,
                  rules: Rules) -> dict[int, tuple[Marker, float]]:
    """By line offset, the bullets OCR lost ('„Fit für die Zukunft“' where the page shows '- „Fit …'):
    an unmarked line of an OCRed page that starts where its bulleted siblings' text starts, with a
    capital or an opening quote, after a bulleted line or a line that continues it (in lower case,
    after a connector or a full line), or after a numbered line that names a type (the heading over
    the items), that was not full (its first word would have fitted there: no wrap; a
    blank line between tells the same) and does not end in a connector or an open mark. By line
    offset: the marker and the indentation of the sibling's bullet."""
    starts = [start for start in _text_starts(marked) if start[0] >= 0]
    if not starts:
        return {}
    space = rules.threshold("outline.wrap_space")
    bulleted = {line.offset: m.family for line, m in marked}
    family = max(bulleted.values(), key=list(bulleted.values()).count)  # the list's bullets
    headings = {line.offset: family for line in lines if (m := line_marker(line.text, rules, [])) is not None
                and m.family not in UNORDERED and is_heading(heading_to_measure_type(line.text[m.length:], rules), False, True, rules)}
    # items written as one sentence ('FAKT,' … 'BASS und' … 'Berufscamp.'): a bulleted item ends in a separator, and another line
    punctuated = any(separator_end(line.text, rules) for line, _ in marked) \
        and sum(separator_end(line.text, rules) is not None for line in lines) >= 2
    out: dict[int, tuple[Marker, float]] = {}
    above: str | None = None  # the bullets of the item (or the heading) the previous line is of, its wrapped lines too
    for previous, line in zip(lines, lines[1:]):
        above = bulleted.get(previous.offset) or headings.get(previous.offset) or above
        indent, known = line.indent, None not in (previous.right, line.first_width, line.margin)
        text = line.text.strip()
        if line_marker(line.text, rules, []) is not None:
            above = None  # another item or heading: the lines after it are its own
            continue
        ended = punctuated and separator_end(previous.text, rules) is not None  # an item's separator, not a connector, ends it
        if text[:1].islower() or line.wraps_from(previous, space) or (connector_end(previous.text, rules) and not ended) \
                or open_marks(previous.text, rules):
            continue  # the item's name goes on
        at = next((bullet for start, bullet in starts if indent is not None and abs(indent - start) <= tolerance), None)
        if above is not None and at is not None and _ocr_read(line) and known and (text[:1].isupper() or text[:1] in "„\""):
            out[line.offset] = (Marker(above, "", 0), at)
            bulleted[line.offset] = above
        else:
            above = None  # a line of its own that is no item: the list's bullets end here
    return out


def _numbered_items(lines: list[ListLine], rules: Rules) -> list[tuple[ListLine, Marker]]:
    """The lines of an OCRed page that carry a number (of any counting family) before a name that is
    no measure-type heading (_names_a_type)."""
    return [(line, m) for line in lines if (m := line_marker(line.text, rules, [])) is not None and m.family not in UNORDERED
            and _ocr_read(line) and not _names_a_type(line.text[m.length:], rules)]


def _names_a_type(text: str, rules: Rules) -> bool:
    """Whether a text is a measure type's heading as surely as a marked line among items must be
    (headings.bulleted_similarity): 'Qualifizierung in der Kindertagespflege' is an item."""
    return is_heading(heading_to_measure_type(text, rules), True, False, rules)


def _lost_numbers(lines: list[ListLine], tolerance: float, rules: Rules) -> dict[int, tuple[Marker, float]]:
    """By line offset, the item numbers OCR lost ('Fahrerlaubnis …' where the page shows '2. Fahrerlaubnis
    …'): an unmarked line of an OCRed page that starts where the text of numbered items (no headings) of
    one family starts, with a capital or an opening quote, after a line of such an item (its marker's
    line or a line that continues it: in lower case, after a connector or a full line) that was not
    full and does not end in a connector or an open mark, that is no measure type's heading. Two
    numbered items of the family are the evidence. By line offset: the next number of the family and
    the indentation of the siblings' numbers."""
    space = rules.threshold("outline.wrap_space")
    read = [line_marker(line.text, rules, []) for line in lines]
    numbered = _numbered_items(lines, rules)
    starts: dict[str, list[tuple[float, float]]] = {}
    for (_, m), start in zip(numbered, _text_starts(numbered)):
        if start[0] >= 0:
            starts.setdefault(m.family, []).append(start)
    items = {line.offset for line, _ in numbered}
    out: dict[int, tuple[Marker, float]] = {}
    current: Marker | None = None  # the numbered item the previous line belongs to
    for k, (line, marker) in enumerate(zip(lines, read)):
        previous = lines[k - 1] if k else None
        if marker is not None:
            current = marker if line.offset in items else None
            continue
        if current is None or previous is None:
            continue
        text = line.text.strip()
        full = line.wraps_from(previous, space)
        if text[:1].islower() or full or connector_end(previous.text, rules) or open_marks(previous.text, rules):
            continue  # the item's name goes on
        at = next((number for start, number in starts.get(current.family, ())
                   if line.indent is not None and abs(line.indent - start) <= tolerance), None)
        value = ordinal_value(current.ordinal, current.family)
        known = None not in (previous.right, line.first_width, line.margin)
        ordinal = ordinal_text(value + 1, current.family, current.ordinal.rpartition(".")[0]) if value is not None else None
        if at is None or ordinal is None or not known or not _ocr_read(line) or len(starts[current.family]) < 2 \
                or not (text[:1].isupper() or text[:1] in "„\"") or _names_a_type(text, rules):  # a heading whose marker was lost
            current = None
            continue
        current = Marker(current.family, ordinal, 0)
        out[line.offset] = (current, at)
    return out


def wraps_in_doubt(lines: list[ListLine], rules: Rules) -> bool:
    """Whether, in a list whose bullets or item numbers OCR lost in places (_lost_bullets, _lost_numbers),
    a line set where the marked siblings' text starts, unmarked and capitalised, follows a marked line
    that was full: the rest of that item's name, or the next item with its marker lost too. The outline
    reads it as the rest (a wrap); the agreement is flagged project_list_bullets_lost."""
    tolerance = rules.threshold("outline.indent_tolerance")
    space = rules.threshold("outline.wrap_space")
    marked = [(line, m) for line in lines if (m := line_marker(line.text, rules, [])) is not None and m.family in UNORDERED]
    lost = _lost_bullets(lines, marked, tolerance, rules)
    numbered = _numbered_items(lines, rules)
    lost_numbers = _lost_numbers(lines, tolerance, rules)
    if not lost and not lost_numbers:
        return False
    starts = [start for start, _ in _text_starts(marked) if start >= 0] if lost else []
    starts += [start for start, _ in _text_starts(numbered) if start >= 0] if lost_numbers else []
    bulleted = {line.offset for line, _ in marked} | set(lost) | {line.offset for line, _ in numbered} | set(lost_numbers)
    for previous, line in zip(lines, lines[1:]):
        text = line.text.strip()
        if previous.offset not in bulleted or line.offset in bulleted or line.indent is None or not _ocr_read(line):
            continue
        if line_marker(line.text, rules, []) is None and (text[:1].isupper() or text[:1] in "„\"") \
                and line.wraps_from(previous, space) and any(abs(line.indent - start) <= tolerance for start in starts) \
                and not connector_end(previous.text, rules) and not open_marks(previous.text, rules):  # 'an' / 'Förderschulen' goes on
            return True
    return False


def _garbled_letters(lines: list[ListLine], tolerance: float, rules: Rules) -> dict[int, Marker]:
    """By line offset, letter markers OCR read with a letter or two too many ('ce)', 'cac)' for 'c)'
    after 'b)'; regex outline.garbled_letter): the letter the last letter marker of that case at the
    same indentation counts to next, when it is one of those read. Nothing else is guessed."""
    pattern = rules.regex("outline.garbled_letter")
    last: list[tuple[ListLine, Marker]] = []  # letter markers read so far
    out: dict[int, Marker] = {}
    for line in lines:
        marker = line_marker(line.text, rules, [])
        match = pattern.match(line.text) if marker is None else None
        if match is not None:
            ordinal = match.group("ord")
            family = "upper_letter" if ordinal[0].isupper() else "lower_letter"
            before = next((m for other, m in reversed(last)
                           if m.family == family and _same_indent(other.indent, line.indent, tolerance)), None)
            expected = chr(ord(before.ordinal) + 1) if before is not None and len(before.ordinal) == 1 else ""
            marker = Marker(family, expected, match.end()) if expected and expected in ordinal else None
            if marker is not None:
                out[line.offset] = marker
        if marker is not None and marker.family in ("lower_letter", "upper_letter"):
            last.append((line, marker))
    return out


def _garbled_numbers(lines: list[ListLine], tolerance: float, rules: Rules) -> dict[int, Marker]:
    """By line offset, ordinals OCR garbled ('I Sprache & Beruf' between '3.1 …' and '3.3 …', 'IT)'
    between 'i)' and 'iii)'): a line with no marker between two siblings of one family at its
    indentation that count on by two (their sub-items may stand between), opening with a lone glyph
    (regex outline.glyph_bullet), with a short token ending in the siblings' closing mark (regex
    outline.garbled_ordinal), or with any short token before a measure type's name ('Br Ausbildung und
    …' between '1.' and '3.': outline.garbled_heading_ordinal): the ordinal between theirs. Nothing
    else is guessed."""
    glyph, garbled = rules.regex("outline.glyph_bullet"), rules.regex("outline.garbled_ordinal")
    heading_ordinal = rules.regex("outline.garbled_heading_ordinal")
    read = [(line, line_marker(line.text, rules, [])) for line in lines]
    ordered = [(i, line, m) for i, (line, m) in enumerate(read) if m is not None and m.family not in UNORDERED]
    out: dict[int, Marker] = {}
    for k, (i, above, first) in enumerate(ordered):
        prefix = first.ordinal.rpartition(".")[0]
        # the next sibling: the next ordinal of the family and parent (sub-items of other families may stand between)
        j, below, second = next(((j, b, s) for j, b, s in ordered[k + 1:]
                                 if s.family == first.family and s.ordinal.rpartition(".")[0] == prefix), (0, above, first))
        value = ordinal_value(first.ordinal, first.family)
        if second is first or value is None or not _same_indent(above.indent, below.indent, tolerance) \
                or ordinal_value(second.ordinal, second.family) != value + 2:
            continue
        closing = above.text[:first.length].strip()[-1:]
        between = [(line, match) for line, m in read[i + 1:j]
                   if m is None and _ocr_read(line) and _same_indent(line.indent, above.indent, tolerance)
                   and ((match := glyph.match(line.text)) is not None
                        or ((match := garbled.match(line.text)) is not None and match.group("mark").endswith(closing))
                        or ((match := heading_ordinal.match(line.text)) is not None and _heading_after(line, match, rules)))]
        ordinal = ordinal_text(value + 1, first.family, prefix)
        if len(between) == 1 and ordinal is not None:
            line, match = between[0]
            out[line.offset] = Marker(first.family, ordinal, match.end())
    return out


def _garbled_first_sublevel(lines: list[ListLine], tolerance: float, rules: Rules) -> dict[int, Marker]:
    """By line offset, a first sub-number OCR garbled ('IS BRIDIGE' for '1.1. B.R.I.D.G.E.'): the only
    line between a heading numbered N and its item 'N.2' that carries no marker, stands where that item
    stands, and opens with a short token before a capitalised word (outline.garbled_heading_ordinal):
    item 'N.1', the token its number."""
    token = rules.regex("outline.garbled_heading_ordinal")
    read = [(line, line_marker(line.text, rules, [])) for line in lines]
    out: dict[int, Marker] = {}
    for k, (line, marker) in enumerate(read):
        if marker is None or marker.family in UNORDERED or "." not in marker.ordinal:
            continue
        prefix, _, last = marker.ordinal.rpartition(".")
        if last != "2":
            continue
        above = next((j for j in range(k - 1, -1, -1) if read[j][1] is not None), None)
        if above is None or read[above][1].ordinal != prefix or k - above != 2:  # type: ignore[union-attr]
            continue
        between = lines[above + 1]
        match = token.match(between.text)
        if match is not None and _ocr_read(between) and _same_indent(between.indent, line.indent, tolerance):
            out[between.offset] = Marker(marker.family, f"{prefix}.1", match.end())
    return out


def _heading_after(line: ListLine, match: re.Match[str], rules: Rules) -> bool:
    """Whether the text after a line's glyphs reads as a measure type's heading in an unmarked list."""
    return is_heading(heading_to_measure_type(line.text[match.end():], rules), False, False, rules)


def _symbolic(match: re.Match[str]) -> bool:
    """Whether a garbled bullet's glyphs hold one that is no letter or digit ('4%', '»'): a speck or
    a bullet's shape, never a word."""
    return any(not c.isalnum() for c in match.group("mark"))


def _faint(line: ListLine, match: re.Match[str], below: float) -> bool:
    """Whether the line's mark is one or two letters that are its first word, read by OCR with a
    confidence below `below`: a bullet's shape misread ('EM' for '▪'), not an abbreviation ('IT')."""
    mark = match.group("mark")
    if not (1 <= len(mark) <= 2 and mark.isalpha()) or not _ocr_read(line) or line.source is None:
        return False
    first = line.source.words[0]
    return first.text == mark and first.conf is not None and first.conf < below


def _ocr_read(line: ListLine) -> bool:
    """Whether OCR read the line (its words carry a confidence): a text layer keeps its bullets."""
    return line.source is not None and bool(line.source.words) and line.source.words[0].conf is not None


def _roman_ones(lines: list[ListLine], tolerance: float, rules: Rules) -> dict[int, Marker]:
    """By line offset, a roman 'I.' OCR read as '1.' (or 'I)' as '1)'): on an OCRed page, an arabic 1 set as far in as a
    roman numeral after it ('II.', 'III.') with the same punctuation, where no arabic 2 stands at that
    indentation. Nothing else is guessed."""
    markers = [(line, line_marker(line.text, rules, [])) for line in lines]
    out: dict[int, Marker] = {}
    for i, (line, marker) in enumerate(markers):
        if marker is None or not marker.family.startswith("arabic") or marker.ordinal != "1" or not _ocr_read(line):
            continue
        punct = line.text[:marker.length].strip()[-1:]
        same = [(other, m) for other, m in markers[i + 1:] if m is not None and _same_indent(other.indent, line.indent, tolerance)]
        roman = any(m.family == "roman_upper" and len(m.ordinal) > 1 and other.text[:m.length].strip()[-1:] == punct for other, m in same)
        if roman and not any(m.family == marker.family and m.ordinal == "2" for _, m in same):
            out[line.offset] = Marker("roman_upper", "I", marker.length)
    return out


def _text_starts(marked: list[tuple[ListLine, Marker]]) -> list[tuple[float, float]]:
    """Per bulleted line: where its text starts and where its bullet stands (page widths, aligned as
    indents are); (-1, -1) where that is not known (the bullet glued to the word, no word boxes). The
    first word is the bullet when the line's marker holds its text, or when it has no letter or digit
    (OCR read '-' where the text, normalized, has '–')."""
    starts = []
    for line, m in marked:
        words = line.source.words if line.source is not None else ()
        bullet = words[0].text.strip() if words else ""
        # the first word is the bullet: as the line's marker reads, or a glyph normalization rewrote ('-' read for '–')
        if line.indent is not None and len(words) > 1 and (bullet in line.text[:m.length] or not any(c.isalnum() for c in bullet)):
            starts.append((line.indent + words[1].bbox.x0 - words[0].bbox.x0, line.indent))
        else:
            starts.append((-1.0, -1.0))
    return starts

