"""Produce the files of one document: born-digital PDF, degraded scan, expected JSON."""

from __future__ import annotations


import datetime as dt
import random
from dataclasses import dataclass, replace
from pathlib import Path

from .blocks import Block
from .degrade import ScanParams, scan_pdf
from .fmt import amount_text
from .layout import Layout, Layouter, PageStyle
from .plan import AgreementSpec
from .render import render_pdf
from .style import make_decorator, page_style
from .text import build_blocks
from .truth import AgreementTruth, expected, write_expected

MONTH_ABBR = ["JAN.", "FEB.", "MRZ.", "APR.", "MAI", "JUNI", "JULI", "AUG.", "SEP.", "OKT.", "NOV.", "DEZ."]


@dataclass
class Output:
    file: str
    kind: str
    pages: int
    note: str


def lay_out(blocks: list[Block], style: PageStyle, decorate=None) -> Layout:
    return Layouter(style, decorate).run(blocks)


def write_digital(out: Path, name: str, layout: Layout, truth: AgreementTruth | None, note: str,
                  title: str = "", creator: str = "") -> Output:
    path = out / f"{name}_digital.pdf"
    path.write_bytes(render_pdf(layout, title=title, creator=creator))
    write_expected(path, expected(path.name, "digital", layout.text, truth))
    return Output(path.name, "digital", len(layout.pages), note)


def write_scan(out: Path, name: str, layout: Layout, truth: AgreementTruth | None, params: ScanParams,
               note: str) -> Output:
    path = out / f"{name}_scan.pdf"
    data, qualities, dpi = scan_pdf(render_pdf(layout), layout.anchors, params)
    path.write_bytes(data)
    write_expected(path, expected(path.name, "scan", layout.text, truth))
    scan = f"{params.describe(dpi)}, JPEG q{min(qualities)}–{max(qualities)}"
    return Output(path.name, "scan", len(layout.pages), f"{note}; scan: {scan}")


# -- generated agreements ------------------------------------------------------------------------
def describe(spec: AgreementSpec) -> str:
    truth = spec.truth()
    types = len({p.measure_type for p in truth.projects})
    keine = " + 'keine'" if any(not g.projects for g in spec.groups) else ""
    m, d = spec.signatures
    dates = f"dates {m.date_text or 'blank'} / {d.date_text or 'blank'}"
    amount = f"'{amount_text(spec.amount, spec.amount_style)}' {spec.amount_place.replace('_', ' ')}"
    return (f"{spec.form.dative}, {spec.ministry.abbr} wording ({spec.era}), amount {amount}, "
            f"{len(truth.projects)} projects in {types} types as {spec.list_style}{keine}, "
            f"{spec.look.describe()}, {dates}")


def seal_texts(spec: AgreementSpec) -> dict[str, str]:
    district = (f"DER MAGISTRAT {spec.form.genitive}" if spec.district.is_city
                else f"DER KREISAUSSCHUSS {spec.form.genitive}").upper()
    return {"district": district, "ministry": spec.ministry.nominative.upper()}


def receipt_lines(spec: AgreementSpec, rng: random.Random) -> list[str]:
    dates = [s.date for s in spec.signatures if s.date] or [dt.date(spec.year, 6, 1)]
    day = max(dates) + dt.timedelta(days=rng.randint(3, 12))
    office = "Fachbereich Soziales" if not spec.district.is_city else "Amt für Arbeit und Soziales"
    return ["EINGEGANGEN", f"{day.day:02d}. {MONTH_ABBR[day.month - 1]} {day.year}", office]


def scan_params(spec: AgreementSpec, seed: int, hard: bool, rng: random.Random) -> ScanParams:
    roles = ("district",) if rng.random() < 0.6 else ("ministry", "district")
    if hard:
        return ScanParams(seed=seed, dpi_out=200, rotation=rng.choice([-1, 1]) * rng.uniform(1.7, 2.0), blur=1.25,
                          noise=5.0, seals=("ministry", "district"), seal_texts=seal_texts(spec),
                          receipt=receipt_lines(spec, rng), receipt_left=spec.look.letterhead,
                          holes=True, shading=0.14, speckles=400,
                          producer="KONICA MINOLTA bizhub C258")
    return ScanParams(
        seed=seed,
        dpi_out=rng.choice([200, 220, 240, 300]),  # lowered automatically for dense pages
        rotation=rng.choice([-1, 1]) * rng.uniform(0.3, 1.4),
        blur=rng.uniform(0.5, 0.9),
        noise=rng.uniform(1.5, 3.0),
        seals=roles,
        seal_texts=seal_texts(spec),
        receipt=receipt_lines(spec, rng) if rng.random() < 0.4 else None,
        receipt_left=spec.look.letterhead,
        holes=rng.random() < 0.3,
        shading=rng.choice([0.0, 0.0, 0.06]),
        speckles=rng.choice([0, 30, 80]),
    )


def write_agreement(out: Path, spec: AgreementSpec, seed: int, kinds: tuple[str, ...], hard: bool,
                    scan_dpi: int | None = None) -> list[Output]:
    outputs = []
    decorate = make_decorator(spec.look, spec.ministry, f"ZV AQB {spec.year} – {spec.form.raw}")
    note = describe(spec)
    meta = random.Random(f"{seed}-{spec.key}-meta")
    title = meta.choice(["", f"Microsoft Word - ZV_AQB_{spec.year}_{spec.form.short.replace(' ', '_')}.docx"])
    if "digital" in kinds:
        blocks = build_blocks(spec, random.Random(f"{seed}-{spec.key}-blocks"))
        layout = lay_out(blocks, page_style(spec.look), decorate)
        outputs.append(write_digital(out, spec.key, layout, spec.truth(), note, title=title,
                                     creator="Microsoft® Word 2016" if title else ""))
    if "scan" in kinds:
        blocks = build_blocks(spec, random.Random(f"{seed}-{spec.key}-blocks"), for_scan=True)
        layout = lay_out(blocks, page_style(spec.look), decorate)
        params = scan_params(spec, seed * 1000 + int(spec.district.ags), hard, meta)
        if scan_dpi is not None:  # a fixed resolution, without the size budget that lowers it
            params = replace(params, dpi_out=scan_dpi, max_page_bytes=20_000_000)
        scan_note = note + (" – HARD scan" if hard else "")
        outputs.append(write_scan(out, spec.key, layout, spec.truth(), params, scan_note))
    return outputs


