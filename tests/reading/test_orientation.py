"""A page's orientation is checked on evidence that holds on sparse pages (extract/reading/orientation.py):
a signature page fed sideways is turned although Tesseract reads its words with high confidence."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from extract.model import BBox, Line, Word
from extract.reading.engine import OcrData, TesseractEngine, set_engine
from extract.reading.ocr import ocr_page
from extract.reading.orientation import Evidence, Trigger, lines_run_down, lines_to_evidence, trigger
from extract.settings import Settings

SIGNATURE_PAGE = ["Wiesbaden, den 27.04.2016", "", "Für das Hessische Ministerium", "für Soziales und Integration", "", "",
                  "Staatsminister", "", "", "Lauterbach, den 04.06.2016", "", "Für den Vogelsbergkreis", "", "", "Landrat"]


def _line(*words: tuple[str, BBox]) -> Line:
    return Line(tuple(Word(text, box, 95.0) for text, box in words))


def test_upright_word_boxes_trigger_the_check_even_with_high_confidence() -> None:
    """A sideways page: each word stands upright (taller than wide on the image)."""
    lines = (_line(("Wiesbaden,", BBox(0.5, 0.1, 0.52, 0.2))), _line(("Ministerium", BBox(0.55, 0.1, 0.57, 0.22))))
    evidence = lines_to_evidence(lines, 95.0, 3508, 2480, Settings())
    assert evidence.tall_share == 1.0 and evidence.score == 0.0
    assert trigger(evidence, Settings()) is Trigger.UPRIGHT_WORDS


def test_flat_german_words_read_confidently_need_no_check() -> None:
    lines = (_line(("Wiesbaden,", BBox(0.1, 0.1, 0.3, 0.12)), ("den", BBox(0.31, 0.1, 0.36, 0.12)),
                   ("27.04.2016", BBox(0.37, 0.1, 0.5, 0.12))),
             _line(("Für", BBox(0.1, 0.2, 0.14, 0.22)), ("das", BBox(0.15, 0.2, 0.2, 0.22)), ("Ministerium", BBox(0.21, 0.2, 0.4, 0.22))))
    evidence = lines_to_evidence(lines, 95.0, 2480, 3508, Settings())
    assert evidence.tall_share == 0.0 and trigger(evidence, Settings()) is None


def test_a_few_words_none_of_them_german_trigger_the_check() -> None:
    evidence = Evidence(confidence=80.0, tall_share=0.0, words=6, dictionary_rate=0.0)
    assert trigger(evidence, Settings()) is Trigger.NOT_GERMAN
    assert trigger(Evidence(80.0, 0.0, 3, 0.0), Settings()) is None  # too few words to tell
    assert trigger(Evidence(40.0, 0.0, 30, 0.6), Settings()) is Trigger.LOW_CONFIDENCE


def _signature_scan(path: Path, angle: int) -> Path:
    """An image-only PDF of a sparse signature page at 300 dpi, turned by `angle` (no /Rotate)."""
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, pagesize=A4)
    drawing.setFont("Helvetica", 11)
    for index, text in enumerate(SIGNATURE_PAGE):
        drawing.drawString(72, 760 - 18 * index, text)
    drawing.save()
    pdf = pdfium.PdfDocument(buffer.getvalue())
    try:
        image: Image.Image = pdf[0].render(scale=300 / 72, grayscale=True).to_pil()
    finally:
        pdf.close()
    image.rotate(angle, expand=True).save(path, "PDF", resolution=300)
    return path


class CountingEngine(TesseractEngine):
    def __init__(self) -> None:
        self.orientation_calls = self.page_reads = 0

    def orientation(self, image: Image.Image, timeout: float) -> int:
        self.orientation_calls += 1
        return super().orientation(image, timeout)

    def read(self, image: Image.Image, lang: str, config: str, timeout: float) -> OcrData:
        self.page_reads += config.startswith("--psm 3")  # a full-page reading (with the page's resolution)
        return super().read(image, lang, config, timeout)


@pytest.mark.e2e
@pytest.mark.parametrize("angle", [90, 270, 0])
def test_a_sparse_signature_page_fed_sideways_is_turned_and_read(tmp_path: Path, angle: int) -> None:
    """Turned one way Tesseract reads the page as garbage (low confidence); turned the other way it
    reads every word right with high confidence, but each word box stands upright and the lines fall
    apart: both are checked and turned. Upright, the page is not checked at all."""
    counting = CountingEngine()
    set_engine(counting)
    try:
        result = ocr_page(_signature_scan(tmp_path / f"page{angle}.pdf", angle), 1, Settings())
    finally:
        set_engine(None)
    texts = [line.text for line in result.lines]
    assert "Wiesbaden, den 27.04.2016" in texts and "Lauterbach, den 04.06.2016" in texts
    assert result.rotation == angle
    if angle:  # its lines run down the page: the orientation is checked first, the page read once, turned
        assert result.turned_because is Trigger.LINES_RUN_DOWN
        assert (counting.orientation_calls, counting.page_reads) == (1, 1)
        assert f"turned {angle} degrees (orientation detection, checked for" in result.describe()
    else:
        assert (counting.orientation_calls, counting.page_reads) == (0, 1) and result.turned_because is None


@pytest.mark.parametrize("angle", [90, 270, 0, 180])
def test_lines_running_down_the_page_are_seen_before_reading(tmp_path: Path, angle: int) -> None:
    """Sideways (a quarter turn either way) the ink lies in columns; upright or upside down, in rows."""
    from extract.reading.ocr import page_to_image

    image = page_to_image(_signature_scan(tmp_path / "page.pdf", angle), 1, Settings()).image
    assert lines_run_down(image, Settings()) is (angle in (90, 270))
    assert not lines_run_down(image, Settings(sideways_profile_ratio=0))  # switched off


@pytest.mark.parametrize("name", ["seed_000_scan.pdf", "seed_001_scan.pdf", "2013_06440_scan.pdf", "2018_06412_scan.pdf",
                                  "2020_06438_scan.pdf", "2025_06411_scan.pdf"])
def test_upright_scanned_samples_are_not_taken_for_sideways(name: str) -> None:
    import pypdfium2 as pdfium

    from conftest import SAMPLES
    from extract.reading.ocr import page_to_image

    count = len(pdfium.PdfDocument(str(SAMPLES / name)))
    for number in range(1, count + 1):
        image = page_to_image(SAMPLES / name, number, Settings()).image
        assert not lines_run_down(image, Settings()), number
        assert lines_run_down(image.rotate(90, expand=True), Settings()), number
