"""Fonts, word measuring and greedy line breaking with reportlab's standard-14 metrics."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth

from .blocks import Run

FAMILIES = {
    "Helvetica": ("Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique"),
    "Times": ("Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic"),
    "Courier": ("Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique"),
}


def font_name(family: str, bold: bool = False, italic: bool = False) -> str:
    return FAMILIES[family][int(bold) + 2 * int(italic)]


# A word is a list of (text, font) pieces: "**bold**," mixes fonts inside one word.
Word = list[tuple[str, str]]


@dataclass
class Line:
    words: list[Word]
    end: str  # "soft" (wrapped), "forced" (explicit \n) or "last"

    @property
    def text(self) -> str:
        return " ".join("".join(t for t, _ in w) for w in self.words)


def tokenize(runs: list[Run], family: str) -> list[Word | None]:
    """Split runs into words; None marks a forced line break."""
    words: list[Word | None] = []
    current: Word = []

    def flush() -> None:
        nonlocal current
        if current:
            words.append(current)
            current = []

    for run in runs:
        font = font_name(family, run.bold, run.italic)
        for ch in run.text:
            if ch == " ":
                flush()
            elif ch == "\n":
                flush()
                words.append(None)
            elif current and current[-1][1] == font:
                current[-1] = (current[-1][0] + ch, font)
            else:
                current.append((ch, font))
    flush()
    return words


def word_width(word: Word, size: float) -> float:
    return sum(stringWidth(text, font, size) for text, font in word)


def space_width(family: str, size: float) -> float:
    return stringWidth(" ", font_name(family), size)


def wrap(words: list[Word | None], avail: float, family: str, size: float) -> list[Line]:
    """Greedy line breaking; a word wider than the line stands alone."""
    space = space_width(family, size)
    lines: list[Line] = []
    current: list[Word] = []
    used = 0.0
    for word in words:
        if word is None:
            lines.append(Line(current, "forced"))
            current, used = [], 0.0
            continue
        width = word_width(word, size)
        if current and used + space + width > avail:
            lines.append(Line(current, "soft"))
            current, used = [word], width
        else:
            used += width + (space if current else 0.0)
            current.append(word)
    if current or not lines:
        lines.append(Line(current, "last"))
    else:
        lines[-1].end = "last"
    return lines


def line_segments(line: Line, size: float) -> list[tuple[str, str, float]]:
    """Merge a line's words into (text, font, size) segments; spaces go with the preceding piece."""
    segments: list[tuple[str, str, float]] = []
    for i, word in enumerate(line.words):
        pieces = list(word)
        if i < len(line.words) - 1:
            text, font = pieces[-1]
            pieces[-1] = (text + " ", font)
        for text, font in pieces:
            if segments and segments[-1][1] == font:
                segments[-1] = (segments[-1][0] + text, font, size)
            else:
                segments.append((text, font, size))
    return segments


def segments_width(segments: list[tuple[str, str, float]]) -> float:
    return sum(stringWidth(t, f, s) for t, f, s in segments)


def check_encodable(text: str) -> None:
    """The standard-14 fonts use WinAnsi; anything else would print as a box."""
    try:
        text.encode("cp1252")
    except UnicodeEncodeError as exc:  # pragma: no cover - guards the word material
        raise ValueError(f"not WinAnsi-encodable: {text!r}") from exc
