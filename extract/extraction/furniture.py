"""Page furniture: running headers and footers, page numbers and repeated letterheads, found on the
read lines of every page (text layer and OCR alike) and left out before any parsing, so that a list
or a table crossing a page break continues on the next page as if there were none.

A line is furniture when it sits among the first or last few lines of its page, in the page's top
or bottom margin zone, and either
- has the form of a page number ('- 2 -', 'Seite 2 von 4', '2/4', a bare '2'), or
- repeats at the edges of other pages, at the same height: compared with its digits masked ('Seite 2' = 'Seite 3') and,
  for OCR, by similarity, so that a misread letter does not hide a repetition, or
- is the first line of a later page and names the agreement in letters no larger than the page's body
  ('Zielvereinbarung AQB 2013 – Kreis Bergstraße'): a running title a writer set for every page but the
  first, which a two-page document shows only once.
Lines in the middle of a page are never furniture."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from extract.extraction.text import digit_key
from extract.model import Line, Page
from extract.rules import Rules


@dataclass(frozen=True)
class FurnitureRules:
    edge: int  # how many non-empty lines at the top and at the bottom of a page are looked at
    min_key: int  # shorter masked lines (a bare '§ #') are never taken as a running line
    similarity: float  # two edge lines are the same running line at this similarity (0-100)
    zone: float  # furniture lies this close to the top or bottom edge (page heights)
    height_tolerance: float  # a running line repeats at the same height within this (page heights)
    length_tolerance: float  # ... and OCR reads it as long within this share (and two characters)


def furniture_rules(rules: Rules) -> FurnitureRules:
    return FurnitureRules(int(rules.threshold("furniture.edge_lines")), int(rules.threshold("furniture.min_key")),
                          rules.threshold("furniture.similarity"), rules.threshold("furniture.edge_zone"),
                          rules.threshold("furniture.height_tolerance"), rules.threshold("furniture.length_tolerance"))


def line_key(text: str) -> str:
    """A line with its digits masked and its whitespace collapsed, lower case."""
    return digit_key(text)


def _edge_indices(lines: tuple[Line, ...], edge: int, zone: float) -> list[int]:
    """The first and last `edge` non-empty lines that also lie in the page's outer `zone` (page
    heights from the top or the bottom edge): the end of a short page's body is no footer."""
    filled = [i for i, line in enumerate(lines) if line.text.strip()]
    top = [i for i in filled[:edge] if not lines[i].words or min(w.bbox.y0 for w in lines[i].words) <= zone]
    bottom = [i for i in filled[-edge:] if not lines[i].words or max(w.bbox.y1 for w in lines[i].words) >= 1 - zone]
    return sorted(set(top + bottom))


def _middle(line: Line) -> float | None:
    return (min(w.bbox.y0 for w in line.words) + max(w.bbox.y1 for w in line.words)) / 2 if line.words else None


def _repeated(keys: list[list[tuple[str, float | None]]], config: FurnitureRules, fuzzy: bool) -> set[tuple[int, str]]:
    """(page index, key) of edge lines that repeat on other pages at the same height (a running line
    stands where it stood: a table's wrapped cell at the foot of one page and the head of the next
    does not): on every page of a two-page document, on at least half of the pages (and two)
    otherwise. Text layers repeat a running line exactly; OCR (`fuzzy`) by similarity."""
    pages = len(keys)
    if pages < 2:
        return set()
    need = 2 if pages == 2 else max(2, pages // 2)
    found: set[tuple[int, str]] = set()

    def same(a: tuple[str, float | None], b: tuple[str, float | None]) -> bool:
        level = a[1] is None or b[1] is None or abs(a[1] - b[1]) <= config.height_tolerance
        # OCR misreads letters of a running line, it does not make it longer or shorter by words: two lines of
        # prose alike but for a word or two ('zwischen dem Hessischen Ministerium …' on the title page,
        # 'Das Hessische Ministerium …' atop the next) are no running line
        alike = abs(len(a[0]) - len(b[0])) <= config.length_tolerance * max(len(a[0]), len(b[0])) + 2 \
            and fuzz.ratio(a[0], b[0]) >= config.similarity
        return level and (a[0] == b[0] or (fuzzy and alike))

    for index, page_keys in enumerate(keys):
        for item in page_keys:
            if len(item[0]) < config.min_key:
                continue
            count = 1 + sum(1 for other, other_keys in enumerate(keys) if other != index and any(same(item, k) for k in other_keys))
            if count >= need:
                found.add((index, item[0]))
    return found


def _height(line: Line) -> float | None:
    heights = sorted(w.bbox.y1 - w.bbox.y0 for w in line.words)
    return heights[len(heights) // 2] if heights else None


def _running_title(page: Page, indices: list[int], rules: Rules) -> int | None:
    """The index of a later page's first line when it names the agreement ('furniture.running_title')
    in letters no larger than the page's body (a title page's large title is no running line) and is no
    table row."""
    top = [i for i in indices if page.lines[i].text.strip()][:1]
    if not top or page.number < 2:
        return None
    line = page.lines[top[0]]
    if top[0] != next(i for i, candidate in enumerate(page.lines) if candidate.text.strip()) or len(set(line.columns)) > 1:
        return None
    if not rules.regex("furniture.running_title").match(" ".join(line.text.split())):
        return None
    own, body = _height(line), [h for h in (_height(other) for other in page.lines) if h is not None]
    if own is not None and body and own > sorted(body)[len(body) // 2] * rules.threshold("furniture.running_title_height"):
        return None
    return top[0]


def furniture_lines(pages: tuple[Page, ...], rules: Rules) -> list[set[int]]:
    """Per page, the indices of its lines that are page furniture."""
    config = furniture_rules(rules)
    keep = rules.regex("segment.header")
    number = rules.regex("furniture.page_number")
    edges = [_edge_indices(page.lines, config.edge, config.zone) for page in pages]
    keys = [[(line_key(page.lines[i].text), _middle(page.lines[i])) for i in indices if not keep.match(page.lines[i].text)]
            for page, indices in zip(pages, edges)]
    repeated = _repeated(keys, config, any(page.source == "ocr" for page in pages))
    out: list[set[int]] = []
    for index, (page, indices) in enumerate(zip(pages, edges)):
        drop: set[int] = set()
        for i in indices:
            text = " ".join(page.lines[i].text.split())
            if keep.match(text):
                continue
            if number.match(text) or (index, line_key(text)) in repeated:
                drop.add(i)
        title = _running_title(page, indices, rules)
        if title is not None:
            drop.add(title)
        out.append(drop)
    return out


def page_text(page: Page, drop: set[int]) -> str:
    """The page's text as Page.text renders it, without the dropped lines (a gap before a dropped
    line passes to the next kept one)."""
    parts: list[str] = []
    gap = False
    for i, line in enumerate(page.lines):
        gap = gap or line.gap_before
        if i in drop:
            continue
        if gap and parts:
            parts.append("")
        parts.append(line.text)
        gap = False
    return "\n".join(parts)
