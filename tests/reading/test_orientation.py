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
from extract.reading.engine import TesseractEngine, set_engine
from extract.reading.ocr import ocr_page
from extract.reading.orientation import Evidence, Trigger, lines_to_evidence, trigger
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
        self.orientation_calls = 0

    def orientation(self, image: Image.Image, timeout: float) -> int:
        self.orientation_calls += 1
        return super().orientation(image, timeout)


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
    if angle:
        assert result.turned_because in (Trigger.LOW_CONFIDENCE, Trigger.UPRIGHT_WORDS)
        assert f"turned {angle} degrees (orientation detection, checked for" in result.describe()
    else:
        assert counting.orientation_calls == 0 and result.turned_because is None
