"""OCR input: which image Tesseract reads for a page (the page's own scan or a rendering)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from extract.model import BBox, Word
from extract.reading.engine import image_to_file
from extract.reading.ocr import page_to_image, without_doubled_words
from extract.settings import Settings

WIDTH_PT, HEIGHT_PT = A4


def scan_image(dpi: int) -> Image.Image:
    image = Image.new("L", (round(WIDTH_PT / 72 * dpi), round(HEIGHT_PT / 72 * dpi)), 255)
    ImageDraw.Draw(image).rectangle((dpi, dpi, 3 * dpi, dpi + dpi // 4), fill=0)  # a black bar 1 inch from the top left
    return image


def scan_pdf(path: Path, dpi: int, *, rotate: bool = False, text: str | None = None, margin: float = 0) -> Path:
    pdf = canvas.Canvas(str(path), pagesize=A4)
    if rotate:
        pdf.translate(WIDTH_PT, 0)
        pdf.rotate(90)
        pdf.drawImage(ImageReader(scan_image(dpi).rotate(90, expand=True)), 0, 0, HEIGHT_PT, WIDTH_PT)
    else:
        pdf.drawImage(ImageReader(scan_image(dpi)), margin, margin, WIDTH_PT - 2 * margin, HEIGHT_PT - 2 * margin)
    if text:
        pdf.drawString(72, 72, text)
    pdf.showPage()
    pdf.save()
    return path


def test_a_300_dpi_scan_is_read_as_it_is(tmp_path: Path) -> None:
    page = page_to_image(scan_pdf(tmp_path / "a.pdf", 300), 1, Settings())
    assert (page.source, page.dpi, page.image.size) == ("embedded", 300, scan_image(300).size)
    assert page.image.getpixel((400, 330)) == 0 and page.image.getpixel((100, 100)) == 255  # upright, not mirrored


@pytest.mark.parametrize("dpi", [200, 600])
def test_a_scan_outside_the_range_is_rendered_at_the_setting(tmp_path: Path, dpi: int) -> None:
    page = page_to_image(scan_pdf(tmp_path / "a.pdf", dpi), 1, Settings(dpi=300))
    assert (page.source, page.dpi) == ("rendered", 300)
    assert abs(page.image.width - WIDTH_PT / 72 * 300) <= 1


@pytest.mark.parametrize("layout", [{"rotate": True}, {"text": "Stempel"}, {"margin": 60}])
def test_pages_that_are_not_just_an_upright_full_page_scan_are_rendered(tmp_path: Path, layout: dict) -> None:
    page = page_to_image(scan_pdf(tmp_path / "a.pdf", 300, **layout), 1, Settings())
    assert page.source == "rendered"


def test_the_embedded_path_can_be_switched_off(tmp_path: Path) -> None:
    page = page_to_image(scan_pdf(tmp_path / "a.pdf", 300), 1, Settings(embedded_dpi=None, dpi=200))
    assert (page.source, page.dpi) == ("rendered", 200)


def test_rendered_and_embedded_pages_look_alike(tmp_path: Path) -> None:
    embedded = page_to_image(scan_pdf(tmp_path / "a.pdf", 300), 1, Settings()).image
    rendered = page_to_image(tmp_path / "a.pdf", 1, Settings(embedded_dpi=None)).image
    assert abs(embedded.width - rendered.width) <= 1 and rendered.getpixel((400, 330)) < 64


def test_tesseract_gets_an_uncompressed_file(tmp_path: Path) -> None:
    image = scan_image(100)
    path = Path(image_to_file(image, str(tmp_path)))
    assert path.suffix == ".pgm" and path.stat().st_size >= image.width * image.height  # one byte per pixel
    assert Image.open(path).tobytes() == image.tobytes()


def test_invalid_embedded_range_is_a_usage_error() -> None:
    from extract.errors import UsageError

    with pytest.raises(UsageError):
        Settings(embedded_dpi=(400, 300))


@pytest.mark.e2e
def test_a_300_dpi_scan_read_from_its_own_image_gives_the_agreement(tmp_path: Path) -> None:
    """seed_001 printed to 300-dpi page images and saved as an image-only PDF: every page is read
    from its embedded scan, and the fields come out as in the born-digital original."""
    import json

    import pypdfium2 as pdfium

    from conftest import SAMPLES
    from extract.ingest.process import process_file

    source = pdfium.PdfDocument(str(SAMPLES / "seed_001_digital.pdf"))
    images = [source[i].render(scale=300 / 72, grayscale=True).to_pil() for i in range(len(source))]
    source.close()
    scan = tmp_path / "seed_001_300dpi.pdf"
    images[0].save(scan, "PDF", resolution=300, save_all=True, append_images=images[1:])
    result = process_file(scan, scan.name, Settings())
    assert result.agreement is not None, result.error
    assert {page.source for page in result.pages} == {"ocr"}
    assert all("scan read at its 300 dpi" in page.reason for page in result.pages)
    truth = json.loads((SAMPLES / "seed_001_digital.expected.json").read_text(encoding="utf-8"))
    fields = result.agreement.fields
    assert (fields["district"].value, str(fields["amount_eur"].value), fields["year"].value) == (
        truth["agreement"]["district_ags"], truth["agreement"]["amount_eur"], truth["agreement"]["year"])
    assert len(result.agreement.projects) == truth["agreement"]["project_count"]


def _grayscale_mode(path: Path, number: int, dpi: int) -> Image.Image:
    """The page as pdfium's grayscale mode draws it (the slow way, every colour turned gray as drawn)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        image: Image.Image = pdf[number - 1].render(scale=dpi / 72, grayscale=True).to_pil()
        return image
    finally:
        pdf.close()


def colour_scan_pdf(path: Path) -> Path:
    image = scan_image(200).convert("RGB")
    ImageDraw.Draw(image).ellipse((800, 800, 1200, 1200), outline=(200, 30, 30), width=12)  # a red seal
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.drawImage(ImageReader(image), 0, 0, WIDTH_PT, HEIGHT_PT)
    pdf.showPage()
    pdf.save()
    return path


@pytest.mark.parametrize("name", ["seed_000_scan.pdf", "2013_06440_scan.pdf", "2018_06412_scan.pdf", "2020_06438_scan.pdf"])
def test_a_gray_scan_is_rendered_fast_to_the_same_pixels(name: str) -> None:
    """A page that draws only gray skips pdfium's (slow) grayscale mode: not one pixel differs."""
    import pypdfium2 as pdfium

    from conftest import SAMPLES
    from extract.reading.ocr import only_gray, render_page

    pdf = pdfium.PdfDocument(str(SAMPLES / name))
    try:
        page = pdf[0]
        assert only_gray(page)
        fast = render_page(page, 1, 300, Settings().max_image_pixels)
    finally:
        pdf.close()
    assert fast.mode == "L" and fast.tobytes() == _grayscale_mode(SAMPLES / name, 1, 300).tobytes()


@pytest.mark.parametrize("mode", ["1", "L"])
def test_a_black_and_white_or_gray_scan_under_300_dpi_is_rendered_to_the_same_pixels(tmp_path: Path, mode: str) -> None:
    path = tmp_path / "a.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.drawImage(ImageReader(scan_image(200).convert(mode)), 0, 0, WIDTH_PT, HEIGHT_PT)
    pdf.showPage()
    pdf.save()
    # (a black and white image ReportLab stores in RGB is drawn in colour: its gray is the same)
    assert page_to_image(path, 1, Settings()).image.convert("L").tobytes() == _grayscale_mode(path, 1, 300).tobytes()


def test_a_page_drawing_text_over_a_scan_is_rendered_in_grayscale_mode(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    from extract.reading.ocr import only_gray, only_images_in_colour

    path = scan_pdf(tmp_path / "a.pdf", 200, text="Stempel")
    pdf = pdfium.PdfDocument(str(path))
    try:
        assert not only_gray(pdf[0]) and not only_images_in_colour(pdf[0])
    finally:
        pdf.close()
    assert page_to_image(path, 1, Settings()).image.tobytes() == _grayscale_mode(path, 1, 300).tobytes()


def test_a_colour_scan_under_300_dpi_is_rendered_in_colour_for_the_colour_dropout(tmp_path: Path) -> None:
    """Its red seal keeps its colour (prepare.py drops it before OCR)."""
    path = colour_scan_pdf(tmp_path / "a.pdf")
    image = page_to_image(path, 1, Settings()).image
    assert image.mode == "RGB" and image.size == _grayscale_mode(path, 1, 300).size
    r, g, b = image.getpixel((round(800 * 1.5), round(1000 * 1.5)))  # on the seal's ring, 200 dpi -> 300
    assert r > 150 and g < 100 and b < 100  # red as drawn: prepare's colour dropout can tell it (tests/reading/test_prepare.py)


def _word(text: str, x0: int, y0: int, x1: int, y1: int, conf: float) -> Word:
    return Word(text, BBox(x0 / 2480, y0 / 3508, x1 / 2480, y1 / 3508), conf)


def test_a_line_tesseract_read_twice_over_itself_keeps_its_more_confident_reading() -> None:
    """Tesseract split '„Fit für die Zukunft“' (beside the type cell's line) into two overlapping
    lines, each recognised: where they meet, the less confident reading is left out; the type cell's
    word outside the overlap stays. A stamp's words over a printed line read otherwise and stay."""
    words = [_word("Ausbildungsvorbereitung", 371, 353, 870, 404, 92), _word("Fir", 1202, 391, 1251, 423, 73),
             _word("für", 1264, 390, 1297, 423, 22), _word("die", 1329, 391, 1360, 423, 22), _word("Zukunf®", 1396, 390, 1563, 423, 32),
             _word("„Fit", 1182, 401, 1237, 428, 96), _word("für", 1280, 401, 1317, 423, 96), _word("die", 1353, 401, 1383, 423, 93),
             _word("Zukun", 1425, 401, 1514, 423, 92)]
    kept, groups = without_doubled_words(words, [[0, 1, 2, 3, 4], [5, 6, 7, 8]])
    assert [w.text for w in kept] == ["Ausbildungsvorbereitung", "„Fit", "für", "die", "Zukun"]
    assert groups == [[0], [1, 2, 3, 4]]
    assert kept[-1].bbox.x1 == words[4].bbox.x1  # the ink the other reading saw further right: a re-reading covers it
    assert words[8].bbox.x1 == 1514 / 2480  # the words given are left as they are
    stamp = [_word("EINGEGANGEN", 1190, 395, 1500, 425, 95), *words[5:]]
    kept, _ = without_doubled_words(stamp, [[0], [1, 2, 3, 4]])
    assert len(kept) == 5
