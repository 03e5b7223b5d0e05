"""PDF producers of the wide profile that draw our own Layout: reportlab canvas (as the default),
reportlab canvas with every word a separate text object and no space characters, and fpdf2.
TrueType fonts (reportlab's Vera, DejaVu and Liberation when installed) are registered here."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from .layout import CurveOp, Layout, RuleOp, TextOp
from .render import render_pdf
from .textflow import FAMILIES

_RL_FONTS = Path(os.path.dirname(pdfmetrics.__file__)).parent / "fonts"
_SYS = Path("/usr/share/fonts/truetype")
TTF_FILES: dict[str, tuple[Path, Path, Path, Path]] = {
    "Vera": tuple(_RL_FONTS / f for f in ("Vera.ttf", "VeraBd.ttf", "VeraIt.ttf", "VeraBI.ttf")),  # type: ignore
    "DejaVuSans": tuple(_SYS / "dejavu" / f"DejaVuSans{s}.ttf" for s in ("", "-Bold", "-Oblique", "-BoldOblique")),
    "DejaVuSerif": tuple(_SYS / "dejavu" / f"DejaVuSerif{s}.ttf" for s in ("", "-Bold", "-Italic", "-BoldItalic")),
    "LiberationSans": tuple(_SYS / "liberation" / f"LiberationSans-{s}.ttf"
                            for s in ("Regular", "Bold", "Italic", "BoldItalic")),
    "LiberationSerif": tuple(_SYS / "liberation" / f"LiberationSerif-{s}.ttf"
                             for s in ("Regular", "Bold", "Italic", "BoldItalic")),
}  # type: ignore[assignment]
SUFFIXES = ("", "-Bold", "-Italic", "-BoldItalic")
# Markers outside WinAnsi are drawn in ZapfDingbats, as word processors draw them in a symbol font.
DINGBATS = {"➢": "➢", "▪": "■"}


def available(family: str) -> bool:
    return family in TTF_FILES and all(p.exists() for p in TTF_FILES[family])


def use_font(family: str) -> str:
    """Register a TrueType family for reportlab and the layouter; returns the family used
    (Vera, shipped with reportlab, when the asked one is not installed); standard-14 families pass."""
    if family in ("Helvetica", "Times", "Courier"):
        return family
    if not available(family):
        family = "Vera"
    if family not in FAMILIES:
        names = tuple(family + s for s in SUFFIXES)
        for name, path in zip(names, TTF_FILES[family]):
            pdfmetrics.registerFont(TTFont(name, str(path)))
        pdfmetrics.registerFontFamily(family, normal=names[0], bold=names[1], italic=names[2], boldItalic=names[3])
        FAMILIES[family] = (names[0], names[1], names[2], names[3])
    return family


def dingbat_markers(layout: Layout) -> None:
    """Put list markers that WinAnsi cannot encode into ZapfDingbats."""
    for page in layout.pages:
        for op in page.ops:
            if isinstance(op, TextOp) and len(op.segments) == 1 and op.segments[0][0] in DINGBATS:
                text, _, size = op.segments[0]
                op.segments = [(DINGBATS[text], "ZapfDingbats", size)]


def render(layout: Layout, producer: str, title: str = "", creator: str = "") -> bytes:
    dingbat_markers(layout)
    if producer == "canvas":
        return render_pdf(layout, title=title, creator=creator)
    if producer == "canvas_words":
        return render_words(layout, title=title, creator=creator)
    if producer == "fpdf2":
        return render_fpdf(layout, title=title)
    raise ValueError(producer)


def _words(op: TextOp):
    """(x, word, font, size) of every word of a text operation, spaces only as distance."""
    x = op.x
    for text, font, size in op.segments:
        for piece in re.split(r"( )", text):
            if piece == " ":
                x += stringWidth(" ", font, size) + op.word_space
            elif piece:
                yield x, piece, font, size
                x += stringWidth(piece, font, size)


def render_words(layout: Layout, title: str = "", creator: str = "") -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(layout.width, layout.height), invariant=1, pageCompression=1)
    c.setTitle(title)
    c.setCreator(creator)
    for page in layout.pages:
        for op in page.ops:
            if isinstance(op, TextOp):
                for x, word, font, size in _words(op):
                    obj = c.beginText(x, op.y)
                    obj.setFont(font, size)
                    obj.textOut(word)
                    c.drawText(obj)
            elif isinstance(op, RuleOp):
                c.setStrokeGray(op.gray)
                c.setLineWidth(op.width)
                c.line(op.x0, op.y0, op.x1, op.y1)
            elif isinstance(op, CurveOp):
                path = c.beginPath()
                path.moveTo(*op.points[0])
                for point in op.points[1:]:
                    path.lineTo(*point)
                c.setStrokeColorRGB(0.1, 0.15, 0.45)
                c.drawPath(path, stroke=1, fill=0)
                c.setStrokeColorRGB(0, 0, 0)
        c.showPage()
    c.save()
    return buf.getvalue()


def render_fpdf(layout: Layout, title: str = "") -> bytes:
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format=(layout.width, layout.height))
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc))
    pdf.set_title(title)
    added: set[str] = set()
    height = layout.height

    def font(name: str, size: float) -> None:
        if name == "ZapfDingbats":
            pdf.set_font("zapfdingbats", "", size)
            return
        family, _, style = name.partition("-")
        key = {"": "", "Bold": "B", "Italic": "I", "BoldItalic": "BI"}[style]
        if name not in added:
            pdf.add_font(family, key, str(TTF_FILES[family][SUFFIXES.index("-" + style if style else "")]))
            added.add(name)
        pdf.set_font(family, key, size)

    zapf = {"➢": "Ø", "■": "n"}
    for page in layout.pages:
        pdf.add_page()
        for op in page.ops:
            if isinstance(op, TextOp):
                pieces = _words(op) if op.word_space else (
                    (x, t, f, s) for x, (t, f, s) in zip(_starts(op), op.segments))
                for x, text, name, size in pieces:
                    font(name, size)
                    pdf.text(x, height - op.y, zapf.get(text, text) if name == "ZapfDingbats" else text)
            elif isinstance(op, RuleOp):
                pdf.set_draw_color(int(op.gray * 255))
                pdf.set_line_width(op.width)
                pdf.line(op.x0, height - op.y0, op.x1, height - op.y1)
            elif isinstance(op, CurveOp):
                pdf.set_draw_color(26, 38, 115)
                pdf.polyline([(x, height - y) for x, y in op.points])
                pdf.set_draw_color(0)
    return bytes(pdf.output())


def _starts(op: TextOp) -> list[float]:
    xs, x = [], op.x
    for text, font, size in op.segments:
        xs.append(x)
        x += stringWidth(text, font, size)
    return xs
