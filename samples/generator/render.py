"""Draw a Layout into a born-digital PDF (reportlab, standard-14 fonts, deterministic output)."""

from __future__ import annotations

import io

from reportlab.pdfbase.rl_codecs import RL_Codecs
from reportlab.pdfgen import canvas

from .layout import CurveOp, Layout, RuleOp, TextOp


def _canonical_winansi_bullet() -> None:
    """Encode "•" as 0x95 like word processors do, not as 0x7F (reportlab's first match).

    0x7F is a bullet only by a footnote of the PDF spec; several PDF parsers show it as "(cid:127)".
    """
    data = RL_Codecs._RL_Codecs__rl_codecs_data  # noqa: SLF001 - no public hook for this
    exceptions, reverse = data["winansi"]
    data["winansi"] = type(data["winansi"])(exceptions, {**(reverse or {}), 0x2022: 0x95})
    RL_Codecs._RL_Codecs__rl_codecs_cache.pop("winansi", None)  # noqa: SLF001


_canonical_winansi_bullet()


def render_pdf(layout: Layout, title: str = "", author: str = "", creator: str = "") -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(layout.width, layout.height), invariant=1, pageCompression=1)
    c.setTitle(title)
    c.setAuthor(author)
    c.setCreator(creator)
    for page in layout.pages:
        for op in page.ops:
            if isinstance(op, TextOp):
                _text(c, op)
            elif isinstance(op, RuleOp):
                c.setStrokeGray(op.gray)
                c.setLineWidth(op.width)
                c.line(op.x0, op.y0, op.x1, op.y1)
            elif isinstance(op, CurveOp):
                _curve(c, op)
        c.showPage()
    c.save()
    return buf.getvalue()


def _text(c: canvas.Canvas, op: TextOp) -> None:
    obj = c.beginText(op.x, op.y)
    obj.setWordSpace(op.word_space)
    for text, font, size in op.segments:
        obj.setFont(font, size)
        obj.textOut(text)
    c.drawText(obj)


def _curve(c: canvas.Canvas, op: CurveOp) -> None:
    c.saveState()
    c.setStrokeColorRGB(0.1, 0.15, 0.45)
    c.setLineWidth(op.width)
    c.setLineCap(1)
    c.setLineJoin(1)
    path = c.beginPath()
    path.moveTo(*op.points[0])
    for point in op.points[1:]:
        path.lineTo(*point)
    c.drawPath(path, stroke=1, fill=0)
    c.restoreState()
