"""Text inside regions Tesseract's layout analysis calls pictures: found, read again, kept when new."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from extract.model import BBox, Word
from extract.reading.ocr import ocr_page
from extract.reading.regions import Region, bands, has_alnum_run, picture_regions, recovered_lines, sheet
from extract.settings import Settings

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
KEYS = ["level", "block_num", "par_num", "line_num", "text", "conf", "left", "top", "width", "height"]


def _data(rows: list[tuple]) -> dict[str, list]:
    return {key: [row[i] for row in rows] for i, key in enumerate(KEYS)}


# A text block, a picture block (its only "word" blank, as Tesseract reports a picture), a text block.
PAGE = _data([
    (2, 1, 0, 0, "", -1, 100, 100, 800, 40),
    (5, 1, 1, 1, "Staatsminister", 96.0, 100, 100, 300, 40),
    (2, 2, 0, 0, "", -1, 500, 300, 300, 400),
    (5, 2, 1, 1, "   ", 95.0, 500, 300, 300, 400),
    (2, 3, 0, 0, "", -1, 100, 800, 800, 40),
    (5, 3, 1, 1, "Landrätin", 95.0, 100, 800, 200, 40),
])


def test_a_block_of_blank_words_is_a_picture_region() -> None:
    assert picture_regions(PAGE) == [Region(500, 300, 800, 700)]


def test_a_block_with_text_is_no_picture_region() -> None:
    data = _data([(5, 1, 1, 1, "Wiesbaden,", 90.0, 0, 0, 100, 20), (5, 1, 1, 2, " ", 95.0, 110, 0, 10, 20)])
    assert picture_regions(data) == []


def test_a_strip_spans_the_text_columns_and_overlapping_strips_merge() -> None:
    words = [Word("a", BBox(0.1, 0.1, 0.2, 0.12)), Word("b", BBox(0.7, 0.5, 0.9, 0.52))]
    strips = bands([Region(500, 300, 600, 400), Region(550, 390, 650, 500), Region(500, 900, 600, 950)], words, 1000, 1000, 10)
    assert strips == [Region(90, 290, 910, 510), Region(90, 890, 910, 960)]


def test_sheet_stacks_the_strips_and_maps_points_back() -> None:
    image = Image.new("L", (1000, 1000), 255)
    page = sheet(image, [Region(100, 200, 900, 300), Region(100, 600, 900, 650)], [], 10)
    assert page.image.size == (820, 100 + 50 + 30)
    assert page.to_page(10, 15) == (100, 205)  # first strip
    assert page.to_page(10, 125) == (100, 605)  # second strip
    assert page.to_page(10, 115) is None  # the gap between them


def test_words_already_read_are_whited_out_on_the_sheet() -> None:
    image = Image.new("L", (100, 100), 0)
    page = sheet(image, [Region(0, 0, 100, 100)], [Word("x", BBox(0.2, 0.2, 0.4, 0.4))], 5)
    assert page.image.getpixel((5 + 30, 5 + 30)) == 255 and page.image.getpixel((5 + 80, 5 + 80)) == 0


def test_only_new_runs_of_confident_words_are_kept() -> None:
    image = Image.new("L", (1000, 1000), 255)
    page = sheet(image, [Region(0, 0, 1000, 200)], [], 0)
    known = [Word("Anja", BBox(0.1, 0.15, 0.2, 0.17), 95.0)]
    block = _data([
        (5, 1, 1, 1, "yALMING", 0.0, 0, 0, 200, 20),  # junk from a seal
        (5, 1, 1, 2, "Friedberg", 97.0, 100, 50, 200, 20),
        (5, 1, 1, 2, "(Hessen),", 96.0, 320, 50, 150, 20),
        (5, 1, 1, 2, "f£", 15.0, 500, 50, 30, 20),  # a stroke beside the line
        (5, 1, 1, 2, "26.2.2013", 96.0, 560, 50, 150, 20),
        (5, 1, 1, 3, "Anja", 93.0, 100, 150, 100, 20),  # already read by the page reading
        (5, 1, 1, 4, "/", 93.0, 600, 150, 10, 20),  # confident, but no letters or digits
    ])
    lines = recovered_lines(block, page, 1000, 1000, known, 80.0, 3)
    assert [[w.text for w in line] for line in lines] == [["Friedberg", "(Hessen),"], ["26.2.2013"]]
    assert lines[0][0].bbox == BBox(0.1, 0.05, 0.3, 0.07)


@pytest.mark.e2e
def test_a_signing_line_between_two_seals_is_read() -> None:
    """2013_06440_scan p. 3: the ministry's seal above and the district's seal and signature below the
    district's signing line form one picture region for Tesseract's layout analysis at 300 dpi."""
    result = ocr_page(SAMPLES / "2013_06440_scan.pdf", 3, Settings())
    texts = [line.text for line in result.lines]
    assert "Friedberg (Hessen), den 26.2.2013" in texts
    assert result.picture_lines >= 1
    assert texts.index("Sozialministerium") < texts.index("Friedberg (Hessen), den 26.2.2013") < texts.index("Anja Seibert")


@pytest.mark.e2e
def test_a_page_fed_sideways_without_rotate_is_turned_and_read(tmp_path: Path) -> None:
    """A 200-dpi scan page turned by 90 degrees in the image itself (no /Rotate): orientation
    detection turns it back, and pages.csv's reason says so."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(SAMPLES / "2013_06440_scan.pdf"))
    try:
        image = pdf[1].get_objects(max_depth=1).__next__().get_bitmap(render=False).to_pil()
    finally:
        pdf.close()
    path = tmp_path / "sideways.pdf"
    image.rotate(90, expand=True).save(path, "PDF", resolution=200)
    result = ocr_page(path, 1, Settings())
    assert result.rotation in (90, 270)
    assert any("932.600,- Euro" in line.text for line in result.lines)
    assert "turned" in result.describe()


def test_a_run_of_letters_or_digits_is_counted_within_a_word() -> None:
    assert has_alnum_run("26.2.2013", 3)
    assert has_alnum_run("Friedberg", 3)
    assert not has_alnum_run("|l 1i |", 3)  # seal strokes read as letters
    assert not has_alnum_run("a b c", 3)
