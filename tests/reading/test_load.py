"""Load and OCR helpers that need no PDF: text-layer verdicts, the header check, Tesseract data to lines."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from extract.errors import LoadError
from extract.model import CELL_LINE_WRAP, BBox
from extract.reading.load import check_pdf_header, pdf_to_text_layer_pages, text_to_layer_verdict
from extract.reading.ocr import data_to_lines
from extract.settings import Settings
from helpers import seed_text, settings

GERMAN = (
    "Das Hessische Ministerium für Arbeit, Integration, Jugend und Soziales stellt dem Landkreis Offenbach "
    "im Jahr 2024 Haushaltsmittel in Höhe von insgesamt 1.341.400 Euro zur Verfügung."
)

# --- text-layer verdict --------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\t  ", "12 34 . , ; 2024", "\ufffd\ufffd\ufffd"])
def test_no_text_layer(text: str) -> None:
    verdict = text_to_layer_verdict(text, settings())
    assert not verdict.usable
    assert verdict.reason == "no text layer"


@pytest.mark.parametrize("text", ["Seite 2", "Zielvereinbarung 2024", "a" * 39])
def test_too_little_text(text: str) -> None:
    verdict = text_to_layer_verdict(text, settings())
    assert not verdict.usable
    assert verdict.reason.startswith("too little text (")


def test_exactly_enough_letters() -> None:
    assert text_to_layer_verdict("a" * 40, settings()).usable


@pytest.mark.parametrize(
    "text",
    [
        GERMAN + " \ufffd\ufffd\ufffd\ufffd\ufffd",
        GERMAN.replace("ü", "\ufffd").replace("ö", "\ufffd") + " \ufffd\ufffd",
        GERMAN + " (cid:12)(cid:13)",
        "(cid:3)(cid:12)" * 30,
    ],
    ids=["U+FFFD run", "U+FFFD for umlauts", "two cid glyphs", "only cid glyphs"],
)
def test_garbage_text_layer(text: str) -> None:
    verdict = text_to_layer_verdict(text, settings())
    assert not verdict.usable
    assert verdict.reason.startswith("garbage text layer (")


def test_a_single_replacement_character_in_a_long_page_is_tolerated() -> None:
    assert text_to_layer_verdict(GERMAN * 3 + " \ufffd", settings()).usable


@pytest.mark.parametrize(
    "text",
    [
        "1.341.400 2.105.300 965.950 13.10.2025 0611/3219-0 § 4 Abs. 2 Nr. 3 " * 3 + "Euro Euro Euro Euro Euro Euro Euro Euro",
        "---- |||| .... ,,,, ;;;; 1234 5678 " * 5 + "Haushaltsmittel Eckdaten Ausbildung Zielsteuerung",
    ],
    ids=["numbers", "punctuation"],
)
def test_mostly_digits_and_punctuation(text: str) -> None:
    verdict = text_to_layer_verdict(text, settings())
    assert not verdict.usable
    assert verdict.reason.startswith("mostly non-letters (")


@pytest.mark.parametrize("seed", [None, 0, 1], ids=["sentence", "seed 000 (OCR text)", "seed 001"])
def test_normal_german_text_is_usable(seed: int | None) -> None:
    text = GERMAN if seed is None else seed_text(seed)
    verdict = text_to_layer_verdict(text, settings())
    assert verdict.usable
    assert verdict.reason.startswith("text layer (")


def test_thresholds_come_from_the_settings() -> None:
    assert not text_to_layer_verdict(GERMAN, Settings(min_text_letters=500)).usable
    assert text_to_layer_verdict(GERMAN + " \ufffd" * 5, Settings(max_garbage_ratio=0.5)).usable


# --- PDF header check ----------------------------------------------------------------------------


def _png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b"")


def test_zero_byte_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(LoadError, match=r"empty file \(0 bytes\)"):
        check_pdf_header(path)


def test_html_saved_as_pdf(tmp_path: Path) -> None:
    path = tmp_path / "download.pdf"
    path.write_text("<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body>Not Found</body></html>")
    with pytest.raises(LoadError, match=r"not a PDF .*HTML") as caught:
        check_pdf_header(path)
    assert caught.value.stage == "load"


def test_html_without_doctype(tmp_path: Path) -> None:
    path = tmp_path / "download.pdf"
    path.write_text("\n\n<HTML><BODY>Fehler</BODY></HTML>")
    with pytest.raises(LoadError, match="HTML"):
        check_pdf_header(path)


def test_png_saved_as_pdf(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(_png_bytes())
    with pytest.raises(LoadError, match=r"not a PDF \(no %PDF- header"):
        check_pdf_header(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="cannot read file"):
        check_pdf_header(tmp_path / "nope.pdf")


@pytest.mark.parametrize("head", [b"%PDF-1.4\n", b"\xef\xbb\xbf%PDF-1.7\n", b"\r\n%PDF-1.5"])
def test_pdf_header_accepted(tmp_path: Path, head: bytes) -> None:
    path = tmp_path / "ok.pdf"
    path.write_bytes(head + b"1 0 obj\n<<>>\nendobj\n")
    check_pdf_header(path)  # no exception


# --- OCR data to lines ---------------------------------------------------------------------------


def _data(rows: list[tuple[int, int, int, str, float, int, int, int, int]]) -> dict[str, list]:
    """pytesseract's image_to_data DICT from (block, par, line, text, conf, left, top, width, height) rows."""
    keys = ["block_num", "par_num", "line_num", "text", "conf", "left", "top", "width", "height"]
    return {key: [row[i] for row in rows] for i, key in enumerate(keys)}


TESSERACT = _data(
    [
        (1, 0, 0, "", -1, 0, 0, 1000, 2000),  # block level: dropped
        (1, 1, 0, "", -1, 100, 100, 800, 100),  # paragraph level: dropped
        (1, 1, 1, "", -1, 100, 100, 800, 40),  # line level: dropped
        (1, 1, 1, "Zielvereinbarung", 96.0, 100, 100, 400, 40),
        (1, 1, 1, "2024", 90.0, 520, 100, 100, 40),
        (1, 1, 2, "zwischen", 80.0, 100, 160, 200, 40),
        (1, 1, 2, " ", 95.0, 310, 160, 10, 40),  # blank word: dropped
        (2, 1, 1, "", -1, 100, 400, 800, 40),
        (2, 1, 1, "dem", 70.0, 100, 400, 100, 40),
        (2, 1, 1, "Landkreis", 64.0, 220, 400, 200, 40),
        (2, 2, 1, "Offenbach", 50.0, 100, 500, 200, 40),
        (2, 2, 1, "ea", -1, 320, 500, 50, 40),  # conf -1 with text: dropped
    ]
)


def test_data_to_lines_groups_words_by_block_paragraph_and_line() -> None:
    lines, _ = data_to_lines(TESSERACT, 1000, 2000)
    assert [line.text for line in lines] == ["Zielvereinbarung 2024", "zwischen", "dem Landkreis", "Offenbach"]


def test_data_to_lines_marks_new_blocks_and_paragraphs_as_gaps() -> None:
    lines, _ = data_to_lines(TESSERACT, 1000, 2000)
    assert [line.gap_before for line in lines] == [False, False, True, True]


def test_data_to_lines_normalizes_boxes_and_keeps_confidence() -> None:
    lines, _ = data_to_lines(TESSERACT, 1000, 2000)
    first = lines[0].words[0]
    assert first.bbox == BBox(0.1, 0.05, 0.5, 0.07)
    assert first.conf == 96.0
    for line in lines:
        for word in line.words:
            assert 0 <= word.bbox.x0 < word.bbox.x1 <= 1
            assert 0 <= word.bbox.y0 < word.bbox.y1 <= 1


def test_data_to_lines_page_confidence_is_the_mean_of_the_kept_words() -> None:
    _, confidence = data_to_lines(TESSERACT, 1000, 2000)
    assert confidence == round((96 + 90 + 80 + 70 + 64 + 50) / 6, 1)


def test_data_to_lines_accepts_confidences_as_strings() -> None:
    data = _data([(1, 1, 1, "Wiesbaden", "91.5", 0, 0, 10, 10), (1, 1, 1, "x", "-1", 10, 0, 10, 10)])  # type: ignore[list-item]
    lines, confidence = data_to_lines(data, 100, 100)
    assert [line.text for line in lines] == ["Wiesbaden"]
    assert confidence == 91.5


def test_data_to_lines_on_an_empty_page() -> None:
    data = _data([(1, 0, 0, "", -1, 0, 0, 100, 100)])
    assert data_to_lines(data, 100, 100) == ((), None)


def test_data_to_lines_strips_word_text() -> None:
    data = _data([(1, 1, 1, " Jugend ", 90.0, 0, 0, 10, 10), (1, 1, 1, "Flex\n", 90.0, 12, 0, 10, 10)])
    lines, _ = data_to_lines(data, 100, 100)
    assert [w.text for w in lines[0].words] == ["Jugend", "Flex"]


# --- pdfplumber words to lines -------------------------------------------------------------------


def _word(text: str, x0: float, top: float, width: float = 40, height: float = 10) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + width, "top": top, "bottom": top + height}








# --- real (small) PDFs made with reportlab -------------------------------------------------------

INTRO = "Der Landkreis Offenbach finanziert mit den Mitteln des Budgets 2024 in den jeweiligen Maßnahmenarten folgende Projekte:"
OUTRO = "Die Förderung der aufgeführten Maßnahmen erfolgt auf Basis und nach Maßgabe des Bescheides."


def _table_pdf(path: Path, rows: list[list[str]], gap: float) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    style = getSampleStyleSheet()["Normal"]
    table = Table([[Paragraph(cell, style) for cell in row] for row in rows], colWidths=[220, 200][: len(rows[0])])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    flow = [Paragraph(INTRO, style)] + ([Spacer(1, gap)] if gap else []) + [table, Spacer(1, 12), Paragraph(OUTRO, style)]
    SimpleDocTemplate(str(path), pagesize=A4).build(flow)
    return path


TABLE = [
    ["Maßnahmenart", "Projekt"],
    ["Ausbildungsvorbereitung", "Jugend Flex"],
    ["Qualifizierungsprojekte zur Arbeitsmarktintegration, Fachkräftesicherung", "FAKT"],
]
TABLE_LINES = [  # one line per row, its cells separated by tabs, a cell's wrapped lines joined (CELL_LINE_WRAP)
    "Maßnahmenart\tProjekt",
    "Ausbildungsvorbereitung\tJugend Flex",
    f"Qualifizierungsprojekte zur{CELL_LINE_WRAP}Arbeitsmarktintegration, Fachkräftesicherung\tFAKT",
]


def _lines_of(path: Path) -> list[str]:
    (page,) = pdf_to_text_layer_pages(path, settings())
    return [line.text for line in page.lines]


def test_ruled_table_becomes_rows_of_cells(tmp_path: Path) -> None:
    lines = _lines_of(_table_pdf(tmp_path / "table.pdf", TABLE, gap=12))
    assert lines[-len(TABLE_LINES) - 1 : -1] == TABLE_LINES
    assert lines[-1] == OUTRO


def test_table_right_under_a_paragraph_takes_no_text_from_it(tmp_path: Path) -> None:
    lines = _lines_of(_table_pdf(tmp_path / "table.pdf", TABLE, gap=0))
    assert lines[-len(TABLE_LINES) - 1 : -1] == TABLE_LINES


def test_text_pdf_pages_and_verdicts(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "three.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.drawString(72, 750, "Seite eins")
    pdf.showPage()
    for y, line in zip((750, 735, 720), GERMAN.split(" zur ")[0].split(" in ") + ["zur Verfügung."]):
        pdf.drawString(72, y, line)
    pdf.showPage()
    pdf.showPage()  # an empty page
    pdf.save()
    pages = pdf_to_text_layer_pages(path, settings())
    assert [p.number for p in pages] == [1, 2, 3]
    assert [p.verdict.usable for p in pages] == [False, True, False]
    assert pages[0].verdict.reason == "too little text (9 letters)"
    assert pages[2].verdict.reason == "no text layer"
    assert pages[1].lines[0].text.startswith("Das Hessische Ministerium")
    with pytest.raises(LoadError, match=r"too many pages \(3 > limit 2\)"):
        pdf_to_text_layer_pages(path, settings(), max_pages=2)


def test_broken_pdf_body(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\nthis is not a pdf at all\n")
    with pytest.raises(LoadError, match="PDF"):
        pdf_to_text_layer_pages(path, settings())
