"""End to end with real Tesseract: scanned agreements whose § signs are printed as '$', '8', 'S' or
left out still yield their sections and an agreement row; non-agreements stay error rows."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from extract.ingest.pipeline import run
from helpers import agreement_text

pytestmark = pytest.mark.e2e

SIGNS = {"dollar": "$ ", "eight": "8", "s": "S ", "dropped": ""}


def _text_pdf(lines: list[str]) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    y = 800
    for line in lines:
        if y < 60:
            pdf.showPage()
            y = 800
        if line:
            pdf.setFont("Helvetica-Bold" if re.match(r"^(\S{0,2}\d+|Präambel|Zielvereinbarung)$", line) else "Helvetica", 11)
            pdf.drawString(60, y, line)
        y -= 15
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _scan(pdf_bytes: bytes, path: Path) -> None:
    """An image-only PDF of the pages rendered at 300 dpi (what a scanner gives)."""
    document = pdfium.PdfDocument(pdf_bytes)
    images = [page.render(scale=300 / 72).to_pil().convert("L") for page in document]
    document.close()
    images[0].save(path, save_all=True, append_images=images[1:], resolution=300)


def _wrapped(text: str) -> list[str]:
    lines: list[str] = []
    for line in text.split("\n"):
        while len(line) > 95:
            cut = line.rfind(" ", 0, 95)
            lines.append(line[:cut])
            line = line[cut + 1:]
        lines.append(line)
    return lines


@pytest.fixture(scope="module")
def misread_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict, dict]:
    folder = tmp_path_factory.mktemp("misread")
    for name, sign in SIGNS.items():
        text = re.sub(r"(?m)^§ (\d+)$", lambda m, sign=sign: f"{sign}{m.group(1)}", agreement_text())
        _scan(_text_pdf(_wrapped(text)), folder / f"{name}.pdf")
    letter = ["Sehr geehrte Damen und Herren,", "", "anbei die Zielvereinbarung zum Ausbildungs- und Qualifizierungsbudget",
              "zwischen dem Hessischen Ministerium für Soziales und Integration und dem Landkreis Fulda.", "",
              "Mit freundlichen Grüßen"]
    _scan(_text_pdf(letter), folder / "cover_letter.pdf")
    out = tmp_path_factory.mktemp("misread_out")
    run([folder], out, jobs=2)
    with open(out / "agreements.csv", newline="", encoding="utf-8") as handle:
        agreements = {row["source_file"]: row for row in csv.DictReader(handle)}
    with open(out / "errors.csv", newline="", encoding="utf-8") as handle:
        errors = {row["source_file"]: row for row in csv.DictReader(handle)}
    sections: dict[str, list[str]] = {}
    by_id = {row["agreement_id"]: name for name, row in agreements.items()}
    with open(out / "sections.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            sections.setdefault(by_id[row["agreement_id"]], []).append(row["section"])
    return agreements, errors, sections


@pytest.mark.parametrize("name", list(SIGNS))
def test_misread_section_signs_still_give_sections_and_an_agreement(misread_run: tuple[dict, dict, dict], name: str) -> None:
    agreements, errors, sections = misread_run
    assert f"{name}.pdf" in agreements, errors.get(f"{name}.pdf")
    assert [s for s in sections[f"{name}.pdf"] if s[:1].isdigit()] == ["1", "2", "3", "4", "5", "6", "7"]
    row = agreements[f"{name}.pdf"]
    assert (row["district_ags"], row["year"], row["amount_eur"]) == ("06434", "2025", "965950.00")
    assert "sections_not_found" not in row["review_reasons"]


def test_a_scanned_cover_letter_is_still_an_error_row(misread_run: tuple[dict, dict, dict]) -> None:
    agreements, errors, _ = misread_run
    assert "cover_letter.pdf" not in agreements
    assert errors["cover_letter.pdf"]["stage"] == "classify"
    assert "letter" in errors["cover_letter.pdf"]["error"]
