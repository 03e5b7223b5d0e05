"""Segment stage: split the text into the title block, the Präambel and the § sections.

A header is a line that starts with a section sign (or an OCR misreading of it) and a number
that continues the sequence; an inline reference such as 'die in § 4 genannten' never starts a
line with a capitalised title and so is not taken for a header."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.model import Section, Text
from extract.rules import Rules

# Misreadings of "§" that are also ordinary characters: accepted only for the next number in sequence.
_WEAK_MARKS = {"S", "s", "Ss", "SS", "8", "5"}


@dataclass(frozen=True)
class Header:
    key: str
    title: str
    start: int  # offset of the header line
    body: int  # offset where the section text begins


def _is_title_line(line: str) -> bool:
    return bool(line) and len(line) <= 90 and line[0].isupper() and not line.endswith((".", ":", ","))


def _next_title(lines: list[tuple[int, str]], index: int) -> tuple[str, int]:
    """The title following a bare '§ n' header: its first non-blank line, plus a second line only
    when that one is followed by a blank line or the end (otherwise it is the section's first sentence)."""
    while index < len(lines) and not lines[index][1].strip():
        index += 1
    if index >= len(lines) or not _is_title_line(lines[index][1].strip()):
        return "", index
    title = [lines[index][1].strip()]
    second = lines[index + 1][1].strip() if index + 1 < len(lines) else ""
    after_second = lines[index + 2][1].strip() if index + 2 < len(lines) else ""
    if _is_title_line(second) and not after_second:
        title.append(second)
    return " ".join(title), index + len(title)


def find_headers(text: str, rules: Rules) -> list[Header]:
    header_re = rules.regex("segment.header")
    not_title = rules.regex("segment.not_a_title")
    praeambel = rules.regex("segment.praeambel")
    lines: list[tuple[int, str]] = []
    offset = 0
    for line in re.split(r"(?<=[\n\f])", text):
        lines.append((offset, line.rstrip("\n\f")))
        offset += len(line)
    headers: list[Header] = []
    last = 0
    i = 0
    while i < len(lines):
        start, line = lines[i]
        if not headers and praeambel.match(line):
            headers.append(Header("praeambel", "Präambel", start, start + len(line) + 1))
            i += 1
            continue
        match = header_re.match(line)
        if match:
            number = int(match.group("num"))
            weak = match.group("mark") in _WEAK_MARKS
            inline_title = (match.group("title") or "").strip()
            in_sequence = last < number <= last + (2 if weak else 3)  # one unreadable header may be skipped
            glued = weak and match.start("num") == match.end("mark")  # '56 Teilnehmende' is a number, not '§ 6'
            if in_sequence and not (inline_title and (glued or not_title.match(inline_title))):
                if inline_title:
                    headers.append(Header(str(number), inline_title, start, start + len(line) + 1))
                    i += 1
                else:
                    title, after = _next_title(lines, i + 1)
                    body = lines[after][0] if after < len(lines) else len(text)
                    headers.append(Header(str(number), title, start, body))
                    i = after
                last = number
                continue
        i += 1
    return headers


def text_to_sections(text: Text, rules: Rules) -> tuple[Section, ...]:
    """Sections in document order; the part before the first header is the title block 'kopf'."""
    value = text.value
    headers = find_headers(value, rules)
    sections: list[Section] = []
    first_start = headers[0].start if headers else len(value)
    if first_start > 0:
        sections.append(Section("kopf", "", value[:first_start].strip(), 0, first_start, 1, text.page_at(max(first_start - 1, 0))))
    for index, header in enumerate(headers):
        end = headers[index + 1].start if index + 1 < len(headers) else len(value)
        body = value[header.body : end].strip()
        sections.append(
            Section(header.key, header.title, body, header.start, end, text.page_at(header.start), text.page_at(max(end - 1, header.start)))
        )
    return tuple(sections)
