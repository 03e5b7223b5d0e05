"""Layout-independent document blocks. `text.py` builds them, `layout.py` places them on pages."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Run:
    """A piece of text in one font style. "\\n" inside the text forces a line break."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Para:
    runs: list[Run]
    align: str = "left"  # left | center | right | justify
    indent: float = 0.0  # left indent in points
    marker: str | None = None  # list marker drawn in the hanging indent ("•", "1.", "a)")
    hang: float = 14.0  # width of the hanging indent when a marker is set
    space_before: float = 0.0
    space_after: float = 6.0
    size_delta: float = 0.0  # added to the base font size
    keep_with_next: bool = False
    underline: bool = False
    justify_forced: bool = False  # also justify lines that end in a forced break (verbatim OCR lines)


def para(text: str, **kwargs) -> Para:
    return Para([Run(text)], **kwargs)


def bold(text: str, **kwargs) -> Para:
    return Para([Run(text, bold=True)], **kwargs)


@dataclass
class Spacer:
    height: float


@dataclass
class PageBreak:
    pass


@dataclass
class TableRow:
    left: str  # measure-type heading
    items: list[str]  # project names (or ["keine"])


@dataclass
class Table:
    header: tuple[str, str] | None
    rows: list[TableRow]
    left_share: float = 0.42
    space_after: float = 10.0


@dataclass
class SigLine:
    text: str
    bold: bool = False
    italic: bool = False
    size_delta: float = 0.0


@dataclass
class SigColumn:
    """One party's signature: date line, space for the handwriting, name and function lines."""

    role: str  # "ministry" | "district"
    date_line: str  # "Wiesbaden, den 2.8.2025" or "Wiesbaden, den ____________"
    gap_lines: float = 3.0  # blank lines for the handwritten signature
    esign: SigLine | None = None  # typed/e-signature name set inside the gap
    rule: bool = False  # draw a signature rule above the name
    caption: str | None = None  # small caption under the date line ("(Ort, Datum)")
    lines: list[SigLine] = field(default_factory=list)  # name, function, institution
    scribble: bool = False  # draw a vector scribble (digitally signed copy)
    date_below: bool = False  # the place and date line under the name and office, not above the signature


@dataclass
class SignatureBlock:
    columns: list[SigColumn]  # ministry first
    side_by_side: bool = True
    space_before: float = 24.0


Block = Para | Spacer | PageBreak | Table | SignatureBlock
