"""Project tables of the wide profile: any number of columns, one row per project (or a type's
projects in one cell, a line each), rows that break across pages (header repeated or not), ruled,
horizontally ruled or unruled, cells wrapped."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import Run, Table
from .layout import Layouter, RuleOp
from .textflow import Line, Word, tokenize, word_width, wrap


@dataclass
class WideTable(Table):
    """header: column titles or None; cells: rows of column texts ("" = empty cell)."""

    shares: list[float] = field(default_factory=list)
    cells: list[list[str]] = field(default_factory=list)
    repeat_header: bool = True
    rules: str = "grid"  # grid | horizontal | none
    break_after: int | None = None  # force a page break after this many rows


class WideLayouter(Layouter):
    def _table(self, t: Table) -> None:
        if isinstance(t, WideTable):
            self._wide_table(t)
        else:
            super()._table(t)

    def _row_lines(self, cells: list[str], widths: list[float], bold: bool, pad: float) -> list[list]:
        """Each cell's lines: its paragraphs (a line break typed in the cell) wrapped one by one."""
        return [[line for part in c.split("\n") for line in self._wrap_cell(part, w - 2 * pad, bold)] if c else []
                for c, w in zip(cells, widths)]

    def _wrap_cell(self, text: str, avail: float, bold: bool) -> list[Line]:
        """A cell's lines as a word processor sets them: a word too wide for the cell breaks after
        one of its hyphens ('Berufskraftfahrer-' / 'Qualifikation') instead of running into the next cell."""
        size, family = self.style.size, self.style.family
        words: list[Word | None] = []
        for word in tokenize([Run(text, bold=bold)], family):
            if word is None or len(word) != 1 or word_width(word, size) <= avail:
                words.append(word)
                continue
            piece, font = word[0]
            cuts = [m.end() for m in re.finditer(r"(?<=\w)-(?=\w)", piece)
                    if word_width([(piece[:m.end()], font)], size) <= avail]
            if not cuts:
                words.append(word)
                continue
            words += [[(piece[:cuts[-1]], font)], [(piece[cuts[-1]:], font)]]
        return wrap(words, avail, family, size)

    def _wide_row(self, cells: list[str], widths: list[float], bold: bool, rules: str) -> None:
        size, lead, pad = self.style.size, self.lead, 4.0
        lines = self._row_lines(cells, widths, bold, pad)
        height = max(len(ls) for ls in lines) * lead + 2 * pad
        top, frags = self.y, []
        x = self.left
        xs = []
        for cell_lines, w in zip(lines, widths):
            xs.append(x)
            for k, line in enumerate(cell_lines):
                frags.append(self._frag(line, x + pad, top - pad - size - k * lead, size))
            x += w
        xs.append(x)
        bottom = top - height
        if rules == "grid":
            for xv in xs:
                self.page.ops.append(RuleOp(xv, top, xv, bottom, 0.6))
        if rules in ("grid", "horizontal"):
            for yv in (top, bottom):
                self.page.ops.append(RuleOp(self.left, yv, xs[-1], yv, 0.6 if rules == "grid" else 0.4))
        self._emit(frags, lead)
        self.y = bottom

    def _wide_table(self, t: WideTable) -> None:
        widths = [self.text_width * s / sum(t.shares) for s in t.shares]
        pad, lead = 4.0, self.lead

        def height(cells: list[str], bold: bool) -> float:
            return max(len(ls) for ls in self._row_lines(cells, widths, bold, pad)) * lead + 2 * pad

        head_h = height(t.header, True) if t.header else 0.0
        if t.header:
            self._ensure(head_h + height(t.cells[0], False))
            self._wide_row(t.header, widths, True, t.rules)
        for n, cells in enumerate(t.cells):
            h = height(cells, False)
            forced = t.break_after is not None and n == t.break_after
            if forced or self.y - h < self.bottom:
                self._new_page()
                if t.header and t.repeat_header:
                    self._wide_row(t.header, widths, True, t.rules)
            self._wide_row(cells, widths, False, t.rules)
        self._gap(t.space_after)
