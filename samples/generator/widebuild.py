"""Write the files of one agreement in the wide profile (`generate.py --variety`): axes drawn from their
own random stream, text and layout from `wide.py`, PDF by the chosen producer, scans as the default."""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import axes as axes_mod
from .build import Output, scan_params
from .degrade import scan_pdf
from .flowing import convert_html, html_document, platypus_pdf, soffice
from .plan import AgreementSpec
from .producers import render, use_font
from .tables import WideLayouter
from .truth import expected, write_expected
from .wide import adjust_spec, build_wide_blocks, decorator, page_style_for, wide_amount


@dataclass
class Pending:
    """Documents waiting for one LibreOffice run: name -> (html, expected record, note)."""

    docs: dict[str, tuple[str, dict, str]] = field(default_factory=dict)

    def finish(self, out: Path) -> list[Output]:
        pdfs = convert_html({name: doc[0] for name, doc in self.docs.items()}, out)
        outputs = []
        for name, (_, record, note) in self.docs.items():
            if name not in pdfs:
                continue  # conversion failed: no file, no truth
            path = out / f"{name}_digital.pdf"
            path.write_bytes(pdfs[name])
            write_expected(path, record)
            outputs.append(Output(path.name, "digital", _pages(path), note))
        return outputs


def _pages(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def write_wide_agreement(out: Path, spec: AgreementSpec, seed: int, kinds: tuple[str, ...], hard: bool,
                         pending: Pending, scan_dpi: int | None = None) -> list[Output]:
    outputs = []
    for kind in kinds:
        rng = random.Random(f"{seed}-{spec.key}-{kind}-axes")
        axes = axes_mod.choose_axes(rng, scan=kind == "scan", libreoffice=soffice() is not None)
        axes["date_hand"] = axes_mod.hand_date_axis(random.Random(f"{seed}-{spec.key}-{kind}-hand"), axes, kind == "scan")
        axes["font"] = use_font(spec.look.family if axes["font"] == "standard14" else axes["font"])
        if axes["font"] in ("Helvetica", "Times", "Courier"):
            axes["font"] = "standard14"
        doc = adjust_spec(spec, axes, rng)
        blocks = build_wide_blocks(doc, axes, random.Random(f"{seed}-{spec.key}-wide-blocks"))
        style = page_style_for(doc.look, axes)
        decorate = decorator(doc, axes)
        truth = doc.truth()
        note = (f"{doc.form.dative}, {doc.ministry.abbr} wording ({doc.era}), amount "
                f"'{wide_amount(doc.amount, axes['amount_format'])}', {len(truth.projects)} projects; "
                f"{axes_mod.describe(axes)}")
        name = doc.key
        if kind == "scan":
            layout = WideLayouter(style, decorate).run(blocks)
            params = scan_params(doc, seed * 1000 + int(spec.district.ags), hard, rng)
            if scan_dpi is not None:
                params = replace(params, dpi_out=scan_dpi, max_page_bytes=20_000_000)
            if axes["date_hand"] != "none":
                params = replace(params, hand_dates=(axes["date_hand"],))
            data, qualities, dpi = scan_pdf(render(layout, axes["producer"]), layout.anchors, params)
            path = out / f"{name}_scan.pdf"
            path.write_bytes(data)
            write_expected(path, expected(path.name, "scan", layout.text, truth, axes))
            scan = f"{params.describe(dpi)}, JPEG q{min(qualities)}–{max(qualities)}"
            outputs.append(Output(path.name, "scan", len(layout.pages), f"{note}; scan: {scan}"))
            continue
        path = out / f"{name}_digital.pdf"
        title = rng.choice(["", f"ZV_AQB_{spec.year}_{spec.form.short.replace(' ', '_')}"])
        if axes["producer"] == "libreoffice":
            pending.docs[name] = (html_document(blocks, style), expected(path.name, "digital", None, truth, axes), note)
            continue
        if axes["producer"] == "platypus":
            data, pages = platypus_pdf(blocks, style, decorate, title=title)
            text = None
        else:
            layout = WideLayouter(style, decorate).run(blocks)
            data, pages, text = render(layout, axes["producer"], title=title), len(layout.pages), layout.text
        path.write_bytes(data)
        write_expected(path, expected(path.name, "digital", text, truth, axes))
        outputs.append(Output(path.name, "digital", pages, note))
    return outputs
