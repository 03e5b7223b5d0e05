"""Producers of the wide profile that lay the blocks out themselves: reportlab platypus (Paragraph and
Table flowables) and LibreOffice Writer (HTML import, PDF export), as word processors do. The truth
text of such documents is not known line by line: their expected.json has "truth_text": null."""

from __future__ import annotations

import html
import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, PageBreak as PBreak, Paragraph, SimpleDocTemplate, Spacer as PSpacer
from reportlab.platypus import Table as PTable, TableStyle

from .blocks import Block, PageBreak, Para, SignatureBlock, Spacer
from .layout import Deco, PageStyle, RuleOp
from .producers import DINGBATS
from .tables import WideTable
from .textflow import font_name

ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}


def _markup(p: Para) -> str:
    out = []
    for run in p.runs:
        text = html.escape(run.text, quote=False).replace("\n", "<br/>")
        if run.bold:
            text = f"<b>{text}</b>"
        if run.italic:
            text = f"<i>{text}</i>"
        out.append(text)
    text = "".join(out)
    return f"<u>{text}</u>" if p.underline else text


def _style(ps: PageStyle, p: Para | None = None, size_delta: float = 0.0, bold: bool = False) -> ParagraphStyle:
    size = ps.size + (p.size_delta if p else size_delta)
    kw = {}
    if p is not None:
        hang = p.hang if p.marker else 0.0
        kw = {"alignment": ALIGN[p.align], "leftIndent": p.indent + hang, "bulletIndent": p.indent,
              "spaceBefore": p.space_before, "spaceAfter": p.space_after}
        if p.marker and p.marker in DINGBATS:
            kw["bulletFontName"] = "ZapfDingbats"
        elif p.marker:
            kw["bulletFontName"] = font_name(ps.family, p.runs[0].bold if p.runs else False)
    return ParagraphStyle("s", fontName=font_name(ps.family, bold), fontSize=size, leading=size * ps.leading,
                          bulletFontSize=size, splitLongWords=0, **kw)


def _flowables(blocks: list[Block], ps: PageStyle, width: float) -> list:
    story: list = []
    for block in blocks:
        if isinstance(block, Para):
            marker = DINGBATS.get(block.marker, block.marker) if block.marker else None
            story.append(Paragraph(_markup(block), _style(ps, block), bulletText=marker))
        elif isinstance(block, Spacer):
            story.append(PSpacer(1, block.height))
        elif isinstance(block, PageBreak):
            story.append(PBreak())
        elif isinstance(block, WideTable):
            story += _table(block, ps, width)
        elif isinstance(block, SignatureBlock):
            story.append(_signatures(block, ps, width))
    return story


def _table(t: WideTable, ps: PageStyle, width: float) -> list:
    widths = [width * s / sum(t.shares) for s in t.shares]
    cell, head = _style(ps), _style(ps, bold=True)
    header = [[Paragraph(html.escape(c), head) for c in t.header]] if t.header else []
    body = [[Paragraph(html.escape(c).replace("\n", "<br/>"), cell) for c in row] for row in t.cells]
    parts = [body] if t.break_after is None else [body[:t.break_after], body[t.break_after:]]
    out: list = []
    for n, rows in enumerate(parts):
        with_head = header if (n == 0 or t.repeat_header) else []
        table = PTable(with_head + rows, colWidths=widths, repeatRows=len(with_head) if t.repeat_header else 0)
        commands = [("VALIGN", (0, 0), (-1, -1), "TOP")]
        if t.rules == "grid":
            commands.append(("GRID", (0, 0), (-1, -1), 0.6, "black"))
        elif t.rules == "horizontal":
            commands.append(("LINEBELOW", (0, 0), (-1, -1), 0.4, "black"))
        table.setStyle(TableStyle(commands))
        out += ([PBreak()] if n else []) + [table]
    return out + [PSpacer(1, t.space_after)]


def _signatures(sb: SignatureBlock, ps: PageStyle, width: float):
    normal = _style(ps)

    def column(col) -> list:
        date = [Paragraph(html.escape(col.date_line), normal)]
        if col.caption:
            date.append(Paragraph(html.escape(col.caption), _style(ps, size_delta=-3)))
        gap = [PSpacer(1, col.gap_lines * ps.size * ps.leading)]
        names = [Paragraph(html.escape(ln.text), normal) for ln in col.lines]
        return gap + names + [PSpacer(1, 0.6 * ps.size * ps.leading)] + date if col.date_below else date + gap + names

    if sb.side_by_side:
        half = width / len(sb.columns)
        return KeepTogether([PSpacer(1, sb.space_before),
                             PTable([[column(c) for c in sb.columns]], colWidths=[half] * len(sb.columns),
                                    style=[("VALIGN", (0, 0), (-1, -1), "TOP")])])
    items: list = [PSpacer(1, sb.space_before)]
    for col in sb.columns:
        items.append(KeepTogether(column(col) + [PSpacer(1, 2 * ps.size * ps.leading)]))
    return KeepTogether(items)


def platypus_pdf(blocks: list[Block], ps: PageStyle, decorate=None, title: str = "") -> tuple[bytes, int]:
    """The PDF and its page count; two passes so that "Seite n von N" knows N."""
    count = 0
    for _ in range(2):
        buf = io.BytesIO()
        seen = [0]

        def on_page(c, doc) -> None:
            seen[0] += 1
            for item in decorate(doc.page, count) if decorate else []:
                if isinstance(item, RuleOp):
                    c.setLineWidth(item.width)
                    c.line(item.x0, item.y0, item.x1, item.y1)
                elif isinstance(item, Deco):
                    name = font_name(ps.family, item.bold)
                    w = stringWidth(item.text, name, item.size)
                    x = {"left": ps.margin_left, "center": (A4[0] - w) / 2,
                         "right": A4[0] - ps.margin_right - w}[item.align]
                    c.setFont(name, item.size)
                    c.drawString(x, item.y, item.text)

        doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=ps.margin_left, rightMargin=ps.margin_right,
                                topMargin=ps.margin_top + ps.header_height, bottomMargin=ps.margin_bottom,
                                invariant=1, title=title)
        doc.build(_flowables(blocks, ps, A4[0] - ps.margin_left - ps.margin_right),
                  onFirstPage=on_page, onLaterPages=on_page)
        if count == seen[0]:
            break
        count = seen[0]
    return buf.getvalue(), count


# -- LibreOffice --------------------------------------------------------------------------------
LO_FONTS = {"Helvetica": "Liberation Sans", "Times": "Liberation Serif", "Courier": "Liberation Mono",
            "Vera": "DejaVu Sans", "DejaVuSans": "DejaVu Sans", "DejaVuSerif": "DejaVu Serif",
            "LiberationSans": "Liberation Sans", "LiberationSerif": "Liberation Serif"}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def html_document(blocks: list[Block], ps: PageStyle) -> str:
    font = LO_FONTS.get(ps.family, "Liberation Sans")
    out = [f"<html><head><meta charset='utf-8'><style>body {{ font-family: '{font}'; font-size: {ps.size}pt; }} "
           f"p {{ margin-top: 0; margin-bottom: 4pt; }} td {{ vertical-align: top; font-size: {ps.size}pt; }}"
           f"</style></head><body>"]
    pending_break = False
    for block in blocks:
        brk = " page-break-before: always;" if pending_break else ""
        if isinstance(block, Para):
            indent = block.indent + (block.hang if block.marker else 0)
            style = (f"text-align: {block.align}; margin-left: {indent}pt; margin-top: {block.space_before}pt; "
                     f"margin-bottom: {block.space_after}pt;{brk}")
            if block.marker:
                style += f" text-indent: -{block.hang}pt;"
            if block.keep_with_next:
                style += " page-break-after: avoid;"
            if block.size_delta:
                style += f" font-size: {ps.size + block.size_delta}pt;"
            body = _markup(block).replace("<br/>", "<br>")
            marker = f"{html.escape(block.marker)}&#9;" if block.marker else ""
            out.append(f"<p style='{style}'>{marker}{body}</p>")
        elif isinstance(block, Spacer):
            out.append(f"<p style='margin:0; font-size:{max(2, block.height / 2):.0f}pt;{brk}'>&nbsp;</p>")
        elif isinstance(block, PageBreak):
            pending_break = True
            continue
        elif isinstance(block, WideTable):
            border = "1" if block.rules == "grid" else "0"
            rows = []
            if block.header:
                rows.append("<thead><tr>" + "".join(f"<th align='left'>{html.escape(c)}</th>" for c in block.header)
                            + "</tr></thead>")
            rows.append("<tbody>" + "".join("<tr>" + "".join(f"<td>{html.escape(c).replace(chr(10), '<br>')}</td>" for c in r) + "</tr>"
                                            for r in block.cells) + "</tbody>")
            widths = "".join(f"<col width='{int(100 * s / sum(block.shares))}%'>" for s in block.shares)
            out.append(f"<table border='{border}' cellpadding='4' cellspacing='0' width='100%' style='{brk}'>"
                       f"{widths}{''.join(rows)}</table><p></p>")
        elif isinstance(block, SignatureBlock):
            cols = []
            for col in block.columns:
                date = [html.escape(col.date_line)] + (["<small>Ort, Datum</small>"] if col.caption else [])
                names = ["&nbsp;"] * int(col.gap_lines) + [html.escape(ln.text) for ln in col.lines]
                lines = names + ["&nbsp;"] + date if col.date_below else date + names
                cols.append("<br>".join(lines))
            if block.side_by_side:
                out.append("<p>&nbsp;</p><table width='100%' border='0'><tr>"
                           + "".join(f"<td width='50%'>{c}</td>" for c in cols) + "</tr></table>")
            else:
                out += [f"<p>&nbsp;</p><p>{c}</p>" for c in cols]
        pending_break = False
    out.append("</body></html>")
    return "\n".join(out)


def convert_html(htmls: dict[str, str], out: Path) -> dict[str, bytes]:
    """{name: html} -> {name: pdf bytes}, converted by one LibreOffice run."""
    exe = soffice()
    if not exe or not htmls:
        return {}
    with tempfile.TemporaryDirectory(prefix="aqb-lo-") as tmp:
        work = Path(tmp)
        for name, text in htmls.items():
            (work / f"{name}.html").write_text(text, encoding="utf-8")
        profile = (work / "profile").as_uri()
        subprocess.run([exe, f"-env:UserInstallation={profile}", "--headless", "--infilter=HTML (StarWriter)",
                        "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(work / "pdf"),
                        *sorted(str(p) for p in work.glob("*.html"))],
                       check=False, capture_output=True, timeout=60 + 5 * len(htmls))
        return {name: (work / "pdf" / f"{name}.pdf").read_bytes() for name in htmls
                if (work / "pdf" / f"{name}.pdf").exists()}
