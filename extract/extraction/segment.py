"""Segment stage: split the text into the title block, the Präambel and the § sections.

Header candidates are read from the line starts in several forms: a section sign and a number
('§ 5'), an OCR misreading of the sign ('$5', 'S 5', '85', '43' for '§ 3', models/ `segment.weak_marks`),
a bare number ('5', '4a'), or only a title these agreements share ('Zielsteuerung', models/sections.jsonl).
The weaker the form, the more it needs a known title. The headers are then the best chain of
candidates whose numbers continue a sequence (1, 2, 3 …, '4a', a skipped number; a title without a
readable number takes the next one). An inline reference such as 'die in § 4 genannten' never starts
a line with a capitalised title and so is never a header."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from extract.extraction.headings import heading_to_measure_type
from extract.extraction.text import fold, lines_with_offsets
from extract.model import Section, Text
from extract.rules import Rules

_STRONG, _MEDIUM, _WEAK, _GLUED, _BARE, _TITLE_ONLY = 4.0, 3.0, 2.0, 1.0, 0.7, 0.5
_ANCHOR_BONUS = 2.0
_SKIP_PENALTY = 0.6


@dataclass(frozen=True)
class Header:
    key: str
    title: str
    start: int  # offset of the header line
    body: int  # offset where the section text begins


@dataclass(frozen=True)
class Candidate:
    line: int  # index of the header line
    number: int | None  # None: a known title without a readable number
    suffix: str  # 'a' of '§ 4a'
    score: float
    title: str
    role: str  # the role of the known title it matches, '' if none
    body_line: int  # index of the first line after the header and its title


def _is_title_line(line: str) -> bool:
    return bool(line) and len(line) <= 90 and line[0].isupper() and not line.endswith((".", ":", ","))


def _title_text(line: str, rules: Rules) -> str:
    """A line as a title: without a speck OCR read as a mark before it ('. Ziele …', segment.title_speck).
    A line of table cells (a tab between them: 'Maßnahmenart<tab>Projekt') is a table's row, never a title."""
    if "\t" in line.strip():
        return ""
    return rules.regex("segment.title_speck").sub("", line).strip()


def _next_title(lines: list[tuple[int, str]], index: int, rules: Rules) -> tuple[str, int]:
    """The title following a bare '§ n' header: its first non-blank line, plus a second line only
    when that one is followed by a blank line or the end (otherwise it is the section's first sentence)."""
    while index < len(lines) and not lines[index][1].strip():
        index += 1
    first = _title_text(lines[index][1], rules) if index < len(lines) else ""
    if not _is_title_line(first):
        return "", index
    title = [first]
    second = _title_text(lines[index + 1][1], rules) if index + 1 < len(lines) else ""
    after_second = lines[index + 2][1].strip() if index + 2 < len(lines) else ""
    if _is_title_line(second) and not after_second:
        title.append(second)
    return " ".join(title), index + len(title)


def _norm(text: str) -> str:
    return fold(text)


def anchor_of(text: str, rules: Rules) -> tuple[str, float]:
    """The role of the known section title that `text` is (fuzzy, OCR-tolerant) and the similarity."""
    norm = _norm(text)
    if not norm or len(norm) > 120:
        return "", 0.0
    best = ("", 0.0)
    for entry in rules.section_titles:
        for title in entry.titles:
            want = _norm(title)
            if entry.prefix:  # the title's words, then anything ('… des Landkreises Offenbach')
                score = fuzz.ratio(want, " ".join(norm.split()[: len(want.split())]))
            else:
                score = fuzz.ratio(want, norm)
            if score > best[1]:
                best = (entry.role, score)
    if best[1] < float(rules.threshold("segment.title_similarity")):
        return "", 0.0
    kind = heading_to_measure_type(text.strip().rstrip(".:;,"), rules)  # a list's heading that reads like a title ('1) Ausbildungs- und
    if kind is not None and kind.similarity > best[1]:  # Qualifizierungsvorbereitung.' like '… budget'): no section
        return "", 0.0
    return best


def _split_lines(text: str) -> list[tuple[int, str]]:
    return lines_with_offsets(text)


def _numbered(index: int, line: str, lines: list[tuple[int, str]], rules: Rules) -> list[Candidate]:
    """The readings of one line as '§ n' (or a misreading of it), each with the title it carries."""
    not_title = rules.regex("segment.not_a_title")
    weak = set(rules.words("segment.weak_marks"))
    readings: list[tuple[int, str, float, str]] = []  # number, suffix, base score, inline title
    glued_ok = True
    match = rules.regex("segment.header").match(line)
    if match:
        mark = match.group("mark")
        glued = match.start("num") == match.end("mark")
        base = _STRONG if mark == "§" else _WEAK if mark in weak else _MEDIUM
        if glued and mark in weak:
            base, glued_ok = _GLUED, False  # '56 Teilnehmende' is a number, not '§ 6'
        readings.append((int(match.group("num")), match.group("suffix") or "", base, (match.group("title") or "").strip()))
    for rule, base in (("segment.header_glued", _GLUED), ("segment.header_bare", _BARE)):
        other = rules.regex(rule).match(line)
        if other:
            readings.append((int(other.group("num")), other.group("suffix") or "", base, (other.group("title") or "").strip()))
    out: list[Candidate] = []
    for number, suffix, base, inline in readings:
        if inline:
            if not_title.match(inline) or not _is_title_line(inline.rstrip(".:")):
                continue
            role, _ = anchor_of(inline, rules)
            if base < _MEDIUM and not (role or (glued_ok and base >= _WEAK)):
                continue
            title, body_line = inline, index + 1
        else:
            title, body_line = _next_title(lines, index + 1, rules)
            role, _ = anchor_of(title, rules) if title else ("", 0.0)
            if base < _WEAK and not role:
                continue
        score = base + (_ANCHOR_BONUS if role else 0.0)
        out.append(Candidate(index, number, suffix, score, title, role, body_line))
        if role:  # a misread number under a known title: the title may take the next number instead
            out.append(Candidate(index, None, "", _TITLE_ONLY + _ANCHOR_BONUS, title, role, body_line))
    return out


def _title_only(index: int, line: str, lines: list[tuple[int, str]], rules: Rules) -> Candidate | None:
    """A line that is only a known section title, standing alone (blank line or page start before it)."""
    stripped = _title_text(line, rules)
    if not _is_title_line(stripped.rstrip(":")) or len(stripped.split()) > 12 or rules.regex("segment.amount_in_line").search(stripped):
        return None
    previous = lines[index - 1][1].strip() if index > 0 else ""
    if previous and not previous.endswith((".", ":")):
        return None
    role, _ = anchor_of(stripped, rules)
    if not role:
        return None
    title, body_line = _next_title(lines, index, rules)
    return Candidate(index, None, "", _TITLE_ONLY + _ANCHOR_BONUS, title or stripped, role, body_line)


def _order(number: int, suffix: str) -> float:
    return number + (ord(suffix) - ord("a") + 1) / 30 if suffix else float(number)


def _best_chain(candidates: list[Candidate], max_skip: int, free_from: int) -> list[tuple[Candidate, int]]:
    """The highest-scoring chain of candidates in line order whose numbers continue a sequence;
    each with the number it takes (its own, or the next one for a title without a number)."""
    best: list[tuple[float, int, float, int]] = []  # score, predecessor, order value reached, number taken
    for j, cand in enumerate(candidates):
        options: list[tuple[float, int, float, int]] = []
        starts = [(-1, 0.0, 0, "")]  # (predecessor, its order, its number, its role)
        starts += [(i, best[i][2], best[i][3], candidates[i].role) for i in range(j) if best[i][0] > float("-inf")
                   and candidates[i].body_line <= cand.line]
        for pred, order, number, role in starts:
            if pred < 0 and cand.number is None and cand.line < free_from:
                continue  # a lone title in the title block is not the first section
            if cand.number is None:
                if pred >= 0 and role == cand.role:
                    continue  # a subtitle under a section of the same topic ('Ziele des Landes' under § 1)
                taken, value, penalty = number + 1, float(number + 1), 0.0
            else:
                value, taken = _order(cand.number, cand.suffix), cand.number
                skipped = cand.number - number - 1
                if value <= order or skipped > max_skip:
                    continue
                penalty = _SKIP_PENALTY * max(skipped, 0)
            gained = (best[pred][0] if pred >= 0 else 0.0) + cand.score - penalty
            options.append((gained, pred, value, taken))
        # ties go to the earlier predecessor: a title read first is the header, a repeat of it a subtitle
        best.append(max(options, key=lambda o: (o[0], -o[1])) if options else (float("-inf"), -1, 0.0, 0))
    if not best or max(b[0] for b in best) == float("-inf"):
        return []
    j = max(range(len(best)), key=lambda i: (best[i][0], -i))
    chain: list[tuple[Candidate, int]] = []
    while j >= 0:
        chain.append((candidates[j], best[j][3]))
        j = best[j][1]
    return chain[::-1]


def find_headers(text: str, rules: Rules) -> list[Header]:
    praeambel = rules.regex("segment.praeambel")
    lines = _split_lines(text)
    pre: Header | None = None
    candidates: list[Candidate] = []
    for index, (start, line) in enumerate(lines):
        if pre is None and all(c.number is None for c in candidates) and praeambel.match(line):
            pre = Header("praeambel", "Präambel", start, start + len(line) + 1)
            continue
        found = _numbered(index, line, lines, rules)
        if not found:
            alone = _title_only(index, line, lines, rules)
            found = [alone] if alone else []
        candidates.extend(found)
    first_praeambel_line = next((i for i, (start, _) in enumerate(lines) if pre and start == pre.start), None)
    if first_praeambel_line is not None:
        candidates = [c for c in candidates if c.line > first_praeambel_line]
    filled = [i for i, (_, line) in enumerate(lines) if line.strip()]
    free_from = first_praeambel_line if first_praeambel_line is not None else (filled[12] if len(filled) > 12 else len(lines))
    chain = _best_chain(candidates, int(rules.threshold("segment.max_skip")), free_from)
    headers = [pre] if pre else []
    for cand, number in chain:
        key = f"{cand.number}{cand.suffix}" if cand.number is not None else str(number)
        body = lines[cand.body_line][0] if cand.body_line < len(lines) else len(text)
        headers.append(Header(key, cand.title, lines[cand.line][0], body))
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
