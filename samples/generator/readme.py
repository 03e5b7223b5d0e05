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

## Wide profile (`--variety`, not used for the files below)

`generate.py --variety` draws, per document and from a random stream of its own (so the default set
stays byte-identical), one value of each independent axis in `generator/axes.py` and records them all
in NAME.expected.json under `"axes"` (`"n/a"` where an axis does not apply, e.g. list markers in a
table). `benchmarks/corpus.py` groups its figures by these values. Axes:

* project list (`lists.py`): `list_form` list / 2-column table / 4-column table (`Nr. | Maßnahmenart |
  Projekt | Träger`); `heading_marker` none, `1.`, `1)`, `A)`, `A.`, `I.`, `(1)`, unnumbered bold;
  `item_marker` bullet (`bullet`: • ▪ – - * ➢ o; ▪ and ➢ drawn in ZapfDingbats), `1.`, `1)`, `a)`,
  `(a)`, `i)`, `(1)`, dotted `1.1` / `1.1.`; `heading_colon`; `item_punct` (`;` … `.` or `,` … `und` …
  `.`); `indent` (items indented or flush); `emphasis` of headings; `list_intro`; `list_outro` (the
  sentence after the list); `empty_type` (a measure type without projects omitted, or listed as
  "keine", "–", "entfällt");
* tables (`tables.py`): `table_rules` grid / horizontal / none, `table_header` repeated on every page /
  once / none, `table_group` measure type in the first row of its group only or in every row; `table_cell` (two-column
  tables) one project per row, or a type's projects in one cell, a line each, plain or with bullets; rows
  continue across pages, cells wrap;
* pages: `page_break` inside the project list; `running` header/footer ("- 2 -", "Seite 2 von 4",
  "2", a running title "Zielvereinbarung AQB 2015 – Landkreis X", a letterhead line on every page);
  `justify`;
* budget §: `amount_phrase` own line / inline / split over a line break / "Das Budget … beträgt für
  das Jahr 2014 € 831.097,15." / "… EUR 1.361.410. Die Mittel …" / small table; `amount_format`
  (adds "€ 831.097,15"); `amount_noise` other sums that are not the total (Vorjahr after or before the
  total, a "davon" part, a Kofinanzierung);
* signatures: `sig_layout`, `sig_order` (ministry or district first), `place_form` (seat as in the
  gazetteer, "Hofheim am Taunus", "Homberg (Efze)", or the short form), `date_format` ("26.2.2013",
  "26.02.2013", "26. Februar 2013", "26.02.13", "05. März 2013"), `date_line` ("Ort, den …", "Ort,
  …", form line with caption), `date_blank`, `date_hand` (scans: a date blank in print written by hand
  on the signed copy; the truth holds the date, which OCR cannot read), `sig_date_pos` (the place and date line above the room
  for the signature, or under name and office). `list_place`: the project list in the goals section, or
  in an annex after the signatures that the section points to ("… sind in der Anlage aufgeführt"). Month-only dates ("im März 2013") are not generated:
  the truth has no way to say them;
* wording: `title` (six title blocks incl. "Zielvereinbarung AQB 2015" and all caps), `section_sign`
  ("§ 1", "§1", or "1." without §), `section_punct` (a colon or a dash after the number: "§ 4: …",
  "§ 4 – …"), `ministry_abbr` in the title;
* PDF: `producer` reportlab canvas / canvas with every word a separate text object and no space
  characters / fpdf2 (`producers.py`) / reportlab platypus flowables / LibreOffice Writer export of
  generated HTML (`flowing.py`, when `soffice` is installed, one conversion run for all; its PDFs
  carry a creation date and are not byte-reproducible); `font` standard-14 or TrueType (reportlab's
  Vera, DejaVu Sans/Serif, Liberation Sans/Serif; Vera when the system font is missing).
  Documents that platypus or LibreOffice lay out have `"truth_text": null`. Scans always use a
  producer that draws our own layout (canvas, canvas_words, fpdf2).

Truth in the wide profile: a list separator added by the list (`;`, `,`, ` und`, final `.`) is not
part of `project_name`; a measure type listed as "keine", "–" or "entfällt" has no project row.

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
