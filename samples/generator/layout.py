"""Place blocks on A4 pages: text drawing operations, the plain text as rendered, signature anchors."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth

from .blocks import Block, PageBreak, Para, Run, SigColumn, SignatureBlock, Spacer, Table
from .scribble import scribble_strokes
from .textflow import (
    Line, check_encodable, font_name, line_segments, segments_width, space_width, tokenize, wrap,
)

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in PDF points, y up
SIG_GUTTER = 12.0  # points between side-by-side signing columns: a line wraps before it


@dataclass
class PageStyle:
    family: str = "Helvetica"
    size: float = 11.0
    leading: float = 1.3  # line height as a multiple of the font size
    margin_left: float = 70.0
    margin_right: float = 62.0
    margin_top: float = 64.0
    margin_bottom: float = 64.0
    header_height: float = 0.0  # reserved on every page for decorations
    footer_height: float = 0.0
    first_header_height: float = 0.0  # extra room on page 1 (letterhead)


@dataclass
class TextOp:
    x: float
    y: float
    segments: list[tuple[str, str, float]]
    word_space: float = 0.0


@dataclass
class RuleOp:
    x0: float
    y0: float
    x1: float
    y1: float
    width: float = 0.5
    gray: float = 0.0


@dataclass
class CurveOp:
    points: list[tuple[float, float]]
    width: float = 1.0


@dataclass
class Anchor:
    """Where a party's signature sits, for stamps and handwriting in scans."""

    role: str
    page: int  # 0-based
    date_box: Box
    gap_box: Box
    name_box: Box
    blank_box: Box | None = None  # the room left for a date written by hand, when the date line prints none


@dataclass
class LaidPage:
    ops: list = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


@dataclass
class Deco:
    """A header/footer text line added after layout (page numbers need the page count)."""

    text: str
    y: float
    align: str = "center"  # left | center | right
    size: float = 8.0
    bold: bool = False
    top: bool = False  # header lines come first in the plain text, footer lines last


Decorator = Callable[[int, int], list[Deco | RuleOp]]


@dataclass
class Layout:
    pages: list[LaidPage]
    anchors: list[Anchor]
    width: float
    height: float

    @property
    def text(self) -> str:
        return "\f".join(_clean_lines(p.lines) for p in self.pages)


def _clean_lines(lines: list[str]) -> str:
    out: list[str] = []
    for line in lines:
        if line == "" and (not out or out[-1] == ""):
            continue
        out.append(line)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)


class Layouter:
    def __init__(self, style: PageStyle, decorate: Decorator | None = None):
        self.style = style
        self.decorate = decorate
        self.width, self.height = A4
        self.left = style.margin_left
        self.text_width = self.width - style.margin_left - style.margin_right
        self.bottom = style.margin_bottom + style.footer_height
        self.pages: list[LaidPage] = []
        self.anchors: list[Anchor] = []
        self._new_page()

    # -- page bookkeeping -------------------------------------------------------------------
    @property
    def lead(self) -> float:
        return self.style.size * self.style.leading

    @property
    def page(self) -> LaidPage:
        return self.pages[-1]

    def _page_top(self) -> float:
        extra = self.style.first_header_height if not self.pages else 0.0
        return self.height - self.style.margin_top - self.style.header_height - extra

    def _new_page(self) -> None:
        self.top = self._page_top()
        self.pages.append(LaidPage())
        self.y = self.top

    def _ensure(self, height: float) -> None:
        if self.y - height < self.bottom and self.y < self.top:
            self._new_page()

    def _gap(self, amount: float) -> None:
        if amount <= 0 or self.y >= self.top:
            return
        self.y -= amount
        if amount >= 0.3 * self.lead:
            self.page.lines.append("")

    # -- blocks -----------------------------------------------------------------------------
    def run(self, blocks: list[Block]) -> Layout:
        for i, block in enumerate(blocks):
            if isinstance(block, Para):
                self._para(block, self._chain_height(blocks[i + 1:]) if block.keep_with_next else 0.0)
            elif isinstance(block, Spacer):
                self._gap(block.height)
            elif isinstance(block, PageBreak):
                if self.page.lines or self.page.ops:
                    self._new_page()
            elif isinstance(block, Table):
                self._table(block)
            elif isinstance(block, SignatureBlock):
                self._signature(block)
        self._decorate()
        return Layout(self.pages, self.anchors, self.width, self.height)

    def _para_lines(self, p: Para) -> list[Line]:
        size = self.style.size + p.size_delta
        avail = self.text_width - p.indent - (p.hang if p.marker else 0.0)
        return wrap(tokenize(p.runs, self.style.family), avail, self.style.family, size)

    def _chain_height(self, following: list[Block]) -> float:
        """Room for the headings that follow a heading plus two lines of the text after them."""
        height = 0.0
        for block in following:
            if not isinstance(block, Para):
                break
            lead = (self.style.size + block.size_delta) * self.style.leading
            lines = len(self._para_lines(block))
            if not block.keep_with_next:  # the text after the headings, kept as _para keeps it
                return height + block.space_before + (lines if lines <= 3 else 2) * lead
            height += block.space_before + lines * lead + block.space_after
        return height + 2 * self.lead

    def _para(self, p: Para, keep: float = 0.0) -> None:
        size = self.style.size + p.size_delta
        lead = size * self.style.leading
        hang = p.hang if p.marker else 0.0
        avail = self.text_width - p.indent - hang
        lines = self._para_lines(p)
        self._gap(p.space_before)
        if p.keep_with_next or len(lines) <= 3:  # headings stay with what follows; no orphan lines
            self._ensure(len(lines) * lead + (p.space_after + keep if p.keep_with_next else 0.0))
        else:
            self._ensure(2 * lead)
        x0 = self.left + p.indent + hang
        for i, line in enumerate(lines):
            self._ensure(lead)
            baseline = self.y - size
            self._draw_line(line, x0, baseline, avail, size, p)
            if i == 0 and p.marker:
                marker_font = font_name(self.style.family, p.runs[0].bold if p.runs else False)
                self.page.ops.append(TextOp(self.left + p.indent, baseline, [(p.marker, marker_font, size)]))
            prefix = f"{p.marker} " if (i == 0 and p.marker) else ""
            self.page.lines.append(prefix + line.text)
            self.y -= lead
        self._gap(p.space_after)

    def _draw_line(self, line: Line, x0: float, baseline: float, avail: float, size: float, p: Para) -> None:
        segments = line_segments(line, size)
        for text, _, _ in segments:
            check_encodable(text)
        natural = segments_width(segments)
        x, word_space = x0, 0.0
        gaps = len(line.words) - 1
        justify = p.align == "justify" and gaps > 0 and (
            line.end == "soft" or (line.end == "forced" and p.justify_forced)
        )
        if justify:
            extra = (avail - natural) / gaps
            if 0 < extra < 4 * space_width(self.style.family, size):
                word_space = extra
        elif p.align == "center":
            x = x0 + (avail - natural) / 2
        elif p.align == "right":
            x = x0 + avail - natural
        if segments:
            self.page.ops.append(TextOp(x, baseline, segments, word_space))
        if p.underline and segments:
            end = x + natural + word_space * gaps
            self.page.ops.append(RuleOp(x, baseline - 1.6, end, baseline - 1.6, 0.6))

    # -- tables -----------------------------------------------------------------------------
    def _table(self, t: Table) -> None:
        size, lead, pad = self.style.size, self.lead, 4.0
        left_w = self.text_width * t.left_share
        right_w = self.text_width - left_w
        rows = ([(t.header[0], [t.header[1]], True)] if t.header else []) + [
            (r.left, r.items, False) for r in t.rows
        ]
        for left, items, is_header in rows:
            left_lines = self._wrap_text(left, left_w - 2 * pad, size, bold=True)
            item_lines = [self._wrap_text(it, right_w - 2 * pad, size, bold=is_header) for it in items]
            item_heights = [len(ls) * lead + 2 * pad for ls in item_lines]
            height = max(len(left_lines) * lead + 2 * pad, sum(item_heights))
            self._ensure(height)
            top, frags = self.y, []
            xl, xr = self.left, self.left + left_w
            for k, line in enumerate(left_lines):
                frags.append(self._frag(line, xl + pad, top - pad - size - k * lead, size))
            y_item = top
            for lines, h in zip(item_lines, item_heights):
                for k, line in enumerate(lines):
                    frags.append(self._frag(line, xr + pad, y_item - pad - size - k * lead, size))
                if y_item != top:
                    self.page.ops.append(RuleOp(xr, y_item, self.left + self.text_width, y_item, 0.3, 0.4))
                y_item -= h
            bottom = top - height
            right = self.left + self.text_width
            for x in (xl, xr, right):
                self.page.ops.append(RuleOp(x, top, x, bottom, 0.6))
            for y in (top, bottom):
                self.page.ops.append(RuleOp(xl, y, right, y, 0.6))
            self._emit(frags, lead)
            self.y = bottom
        self._gap(t.space_after)

    def _wrap_text(self, text: str, avail: float, size: float, bold: bool = False) -> list[Line]:
        return wrap(tokenize([Run(text, bold=bold)], self.style.family), avail, self.style.family, size)

    def _frag(self, line: Line, x: float, baseline: float, size: float) -> tuple[float, float, str]:
        segments = line_segments(line, size)
        for text, _, _ in segments:
            check_encodable(text)
        self.page.ops.append(TextOp(x, baseline, segments))
        return (baseline, x, line.text)

    def _emit(self, frags: list[tuple[float, float, str]], lead: float) -> None:
        """Plain text of a multi-column region: visual lines top to bottom, columns joined by a tab."""
        frags = sorted(frags, key=lambda f: (-f[0], f[1]))
        groups: list[list[tuple[float, float, str]]] = []
        for frag in frags:
            if groups and abs(groups[-1][0][0] - frag[0]) < 0.35 * lead:
                groups[-1].append(frag)
            else:
                groups.append([frag])
        previous = None
        for group in groups:
            if previous is not None and previous - group[0][0] > 1.6 * lead:
                self.page.lines.append("")
            self.page.lines.append("\t".join(text for _, _, text in sorted(group, key=lambda f: f[1])))
            previous = group[0][0]

    # -- signatures -------------------------------------------------------------------------
    def _sig_height(self, col: SigColumn) -> float:
        lead = self.lead
        height = lead + (lead * 0.8 if col.caption else 0.0) + col.gap_lines * lead
        return height + sum((self.style.size + ln.size_delta) * self.style.leading for ln in col.lines)

    def _signature(self, sb: SignatureBlock) -> None:
        self._gap(sb.space_before)
        if sb.side_by_side:
            width = self.text_width / len(sb.columns)
            self._ensure(max(self._sig_height(c) for c in sb.columns))
            frags: list[tuple[float, float, str]] = []
            bottoms = [self._sig_column(c, self.left + i * width, width, self.y, frags, beside=True)
                       for i, c in enumerate(sb.columns)]
            self._emit(frags, self.lead)
            self.y = min(bottoms)
            return
        for i, col in enumerate(sb.columns):
            if i:
                self._gap(2 * self.lead)
            self._ensure(self._sig_height(col))
            frags = []
            self.y = self._sig_column(col, self.left, self.text_width * 0.6, self.y, frags)
            self._emit(frags, self.lead)

    def _sig_column(self, col: SigColumn, x: float, width: float, top: float, frags: list, beside: bool = False) -> float:
        if col.date_below:  # name, office and organisation first, the place and date line under them
            y, gap_box, name_box = self._sig_names(col, x, width, top, frags, beside)
            y, date_box = self._sig_date(col, x, width, y - 0.6 * self.lead, frags, beside)
        else:
            y, date_box = self._sig_date(col, x, width, top, frags, beside)
            y, gap_box, name_box = self._sig_names(col, x, width, y, frags, beside)
        self.anchors.append(Anchor(col.role, len(self.pages) - 1, date_box, gap_box, name_box, self._blank_box(col, date_box)))
        return y

    def _sig_date(self, col: SigColumn, x: float, width: float, y: float, frags: list, beside: bool) -> tuple[float, tuple]:
        """The place and date line (and its caption); the y under it and the date's box."""
        size, lead = self.style.size, self.lead
        # beside another column a line wraps inside its own column (a gutter short of the next one);
        # a column alone may run past its nominal width and keeps one line
        date_lines = self._wrap_text(col.date_line, width - SIG_GUTTER, size) if beside else \
            self._wrap_text(col.date_line, width * 1.5, size)[:1]
        for k, line in enumerate(date_lines):
            frags.append(self._frag(line, x, y - size - k * lead, size))
        date_w = min(stringWidth(col.date_line, font_name(self.style.family), size), width - SIG_GUTTER) if beside \
            else stringWidth(col.date_line, font_name(self.style.family), size)
        date_box = (x, y - size - 0.3 * size - (len(date_lines) - 1) * lead, x + date_w, y - size + 0.8 * size)
        y -= lead * len(date_lines)
        top = y + lead  # a caption's rule sits under the last line of the date
        if col.caption:  # a form line under the date with a small caption
            cap_size = size - 3
            rule_y = top - size - 4.0
            self.page.ops.append(RuleOp(x, rule_y, x + width * 0.8, rule_y, 0.5))
            caption = self._wrap_text(col.caption, width, cap_size)[0]
            frags.append(self._frag(caption, x, rule_y - cap_size - 1.5, cap_size))
            y = rule_y - cap_size - 5.0
        return y, date_box

    def _blank_box(self, col: SigColumn, date_box: tuple) -> tuple | None:
        """Where a date left blank in print would be written by hand: over the rule of underscores, or
        right of a place line that ends with its comma; None when the line prints a date."""
        line, size = col.date_line, self.style.size
        x0, y0, x1, y1 = date_box
        font = font_name(self.style.family)
        if "_" in line:
            start = x0 + stringWidth(line[:line.index("_")], font, size)
            return (start, y0, max(x1, start + 4 * size), y1) if start < x1 else None
        if line.rstrip().endswith(","):
            return (x1 + 0.4 * size, y0, x1 + 7 * size, y1)
        return None

    def _sig_names(self, col: SigColumn, x: float, width: float, y: float, frags: list, beside: bool) -> tuple[float, tuple, tuple]:
        """The room for the handwriting, then name, office and organisation; the y under them and the boxes."""
        size, lead = self.style.size, self.lead
        gap_box = (x, y - col.gap_lines * lead, x + width * 0.85, y)
        if col.esign:
            es_size = size + col.esign.size_delta
            line = self._wrap_text(col.esign.text, width, es_size)[0]
            line.words = [[(t, font_name(self.style.family, col.esign.bold, True)) for t, _ in w] for w in line.words]
            frags.append(self._frag(line, x + 6, y - col.gap_lines * lead / 2 - es_size / 3, es_size))
        if col.scribble:
            rng = random.Random(f"{col.date_line}|{col.role}")
            gx0, gy0, gx1, gy1 = gap_box
            slant = rng.uniform(0.15, 0.35)
            for stroke in scribble_strokes(rng, (gx0 + 4, gy0 + 4, gx0 + (gx1 - gx0) * 0.7, gy1 - 2)):
                self.page.ops.append(CurveOp([(px + slant * (py - gy0), py) for px, py in stroke], 0.9))
        y -= col.gap_lines * lead
        if col.rule:
            self.page.ops.append(RuleOp(x, y + 2, x + width * 0.8, y + 2, 0.5))
        name_top = y
        for ln in col.lines:
            ln_size = size + ln.size_delta
            wrapped = self._wrap_text(ln.text, width - SIG_GUTTER, ln_size, bold=ln.bold) if beside else \
                self._wrap_text(ln.text, width * 1.2, ln_size, bold=ln.bold)[:1]
            for line in wrapped:
                frags.append(self._frag(line, x, y - ln_size, ln_size))
                y -= ln_size * self.style.leading
        return y, gap_box, (x, y, x + width * 0.85, name_top)

    # -- decorations ------------------------------------------------------------------------
    def _decorate(self) -> None:
        if not self.decorate:
            return
        count = len(self.pages)
        for number, page in enumerate(self.pages, start=1):
            rows: dict[tuple[bool, float], list[tuple[float, str]]] = {}
            for item in self.decorate(number, count):
                if isinstance(item, RuleOp):
                    page.ops.append(item)
                    continue
                check_encodable(item.text)
                font = font_name(self.style.family, item.bold)
                w = stringWidth(item.text, font, item.size)
                x = {"left": self.left, "center": (self.width - w) / 2,
                     "right": self.width - self.style.margin_right - w}[item.align]
                page.ops.append(TextOp(x, item.y, [(item.text, font, item.size)]))
                rows.setdefault((item.top, item.y), []).append((x, item.text))
            head = [self._row(v) for (top, y), v in sorted(rows.items(), key=lambda kv: -kv[0][1]) if top]
            foot = [self._row(v) for (top, y), v in sorted(rows.items(), key=lambda kv: -kv[0][1]) if not top]
            page.lines = head + [""] * bool(head) + page.lines + [""] * bool(foot) + foot

    @staticmethod
    def _row(items: list[tuple[float, str]]) -> str:
        return "\t".join(text for _, text in sorted(items))
