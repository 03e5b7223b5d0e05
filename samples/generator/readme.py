"""samples/README.md, written by the generator so the file list always matches the files."""

from __future__ import annotations

from pathlib import Path

HEADER = """# aqb sample documents

Synthetic test documents for aqb: *Zielvereinbarungen* between the Hessian labour ministry and the
26 Hessian districts about the *Ausbildungs- und Qualifizierungsbudget* (AQB), plus look-alikes that
are not agreements. Every `NAME.pdf` has a `NAME.expected.json` with the ground truth.

**Generated files – do not edit by hand.** Regenerate with

    .venv/bin/python samples/generate.py --out samples/ --seed 7

(deterministic for a given seed; `--count`, `--scans`, `--both`, `--no-seeds`, `--no-others`,
`--no-readme`; see `--help`). The run removes only files whose names it produces itself.

## What the generator does

* `generator/plan.py` picks, per document, a district (all 26 of `models/districts.jsonl` with the
  default `--count 26`), a year 2013–2026, the ministry of that year (Hessisches Sozialministerium / HSM
  until January 2014, Hessisches Ministerium für Soziales und Integration 2014–2023, Hessisches
  Ministerium für Arbeit, Integration, Jugend und Soziales from 2024, still abbreviated HMSI), an amount
  and its spelling, measure types and projects, list style, signatures and a visual look. Options are
  cycled per feature, so every variant occurs at least once in a set of 26.
* `generator/wording.py` + `text.py` write the text in the wording of the two real agreements
  (`generator/seed_texts/`), drifting by era: older agreements (HSM and 2014–2016) have six §§
  (no UN-CRPD §, a "Laufzeit" §, a reporting deadline), newer ones seven; § cross-references follow.
* `generator/layout.py` + `render.py` lay the text out with reportlab's standard-14 fonts
  (Helvetica/Times/Courier, WinAnsi) and record the plain text exactly as rendered.
* `generator/degrade.py` + `overlays.py` make scans: 300 dpi render (pypdfium2), handwritten
  signature strokes, semi-transparent round seals (never over a printed date line), an optional
  "EINGEGANGEN" receipt stamp, punch holes, uneven lighting, rotation, blur, noise, then grayscale
  JPEG with each page ≤ 200 KB: the quality is lowered step by step, and when a dense page would need
  a quality below 30 the whole document falls back from its planned 200–300 dpi towards 200 dpi (so
  most scans end up at 200–220 dpi). Written as an image-only PDF without any text layer
  (`pdfimage.py`).
* `generator/seeds.py` renders the two real texts verbatim (seed 000 with its OCR errors);
  `generator/other.py` builds the non-agreements.

## Truth conventions

* `district_name`, `district_type`, `district_ags` come from `models/districts.jsonl`;
  `district_name_raw` is the district as written in the title block without its article
  ("Landkreis Hochtaunuskreis", "Wissenschaftsstadt Darmstadt", "Kreis Gießen", "Main-Kinzig-Kreis").
* `ministry` is the nominative name of the ministry named in the document.
* `amount_eur` is the total of the budget § as a string with two decimals; a "davon … für …" sub-amount
  is not the total.
* Signing places are as written ("Bad Homburg", "Friedberg (Hessen)"); a date left blank
  ("den ____________") or unreadable (seed 000's garbled OCR dates) is `null`. A receipt stamp date is
  not a signing date. Two-digit years ("02.08.25") are read as 20xx.
* `projects` are in document order; `measure_type_raw` is the heading as a careful human would
  transcribe it: correct spelling (seed OCR errors such as "Ausbildungsvorbereitunq" and the split
  "Fachkräfte sicherung" corrected), wrapped lines joined by one space, no list marker ("1.") and no
  trailing colon. `project_name` has no bullet/dash/letter marker but keeps its own punctuation and
  quotes. A measure type listed with "keine" yields no project row; `project_count` = number of rows.
* `truth_text` is the printed text as laid out, pages joined by `\\f`, one line per rendered line,
  blank line where there is vertical space; cells of side-by-side signature columns and of tables
  are joined by a tab on their visual line. Handwriting and stamps are not part of it; header and
  footer lines (letterhead, page numbers) are. Scans share the text of their source layout.
* Non-agreements: `is_agreement: false`, `agreement: null`, `projects: []`.

## Files
"""


def write_readme(out: Path, outputs, args) -> None:
    lines = [HEADER]
    for o in sorted(outputs, key=lambda o: o.file):
        size = (out / o.file).stat().st_size
        lines.append(f"* `{o.file}` ({o.pages} p., {size / 1024:.0f} KB) – {o.note}")
    digital = sum(o.kind == "digital" for o in outputs)
    lines.append(f"\n{len(outputs)} PDFs: {digital} born-digital, {len(outputs) - digital} scans "
                 f"(generated with --seed {args.seed} --count {args.count} --scans {args.scans} --both {args.both}).\n")
    (out / "README.md").write_text("\n".join(lines), encoding="utf-8")
