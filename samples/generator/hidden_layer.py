"""A scan with an invisible OCR layer, as scanner software writes one: each page a 300 dpi JPEG of a
born-digital agreement, and under it the agreement's words in invisible text (render mode 3) at
their places, each character misread with probability `garble` (0: a good layer) the way a poor
engine misreads print: 'e' as 'c', 'rn' for 'm', '1' for 'l', '$' for 's'. Used by the tests of
the text-layer quality check; the default sample set does not use it."""

from __future__ import annotations

import io
import random

import pdfplumber
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from generator.scan_axes import render

# What a poor OCR engine reads for a character of print, one choice per character
MISREADS = {"e": "c", "n": "u", "u": "n", "i": "l", "l": "1", "m": "rn", "d": "cl", "a": "o", "o": "0", "h": "b",
            "s": "$", "r": "t", "t": "f", "ü": "ii", "ä": "a", "S": "5", "B": "8", "I": "l", "0": "O", "1": "l", "5": "S",
            "g": "q", "f": "t", "c": "e", "Z": "2", "E": "F"}


def misread(text: str, garble: float, rng: random.Random) -> str:
    return "".join(MISREADS[c] if c in MISREADS and rng.random() < garble else c for c in text)


def scan_with_layer(digital_pdf: bytes, garble: float, seed: int, dpi: int = 300, quality: int = 75) -> bytes:
    """The agreement as a scan with an invisible text layer of its words, misread at rate `garble`."""
    rng = random.Random(seed)
    images = render(digital_pdf, dpi)
    out = io.BytesIO()
    with pdfplumber.open(io.BytesIO(digital_pdf)) as pdf:
        first = pdf.pages[0]
        pdf_canvas = canvas.Canvas(out, pagesize=(float(first.width), float(first.height)), pageCompression=1, invariant=1)
        pdf_canvas.setProducer("Scanner OCR")
        for page, image in zip(pdf.pages, images):
            width, height = float(page.width), float(page.height)
            pdf_canvas.setPageSize((width, height))
            jpeg = io.BytesIO()
            image.convert("L").save(jpeg, "JPEG", quality=quality)
            jpeg.seek(0)
            pdf_canvas.drawImage(ImageReader(jpeg), 0, 0, width, height)
            for word in page.extract_words():
                size = max(float(word["bottom"]) - float(word["top"]), 4.0)
                text = pdf_canvas.beginText(float(word["x0"]), height - float(word["bottom"]) + 0.2 * size)
                text.setTextRenderMode(3)  # invisible: neither filled nor stroked
                text.setFont("Helvetica", size * 0.85)
                text.textOut(misread(word["text"], garble, rng))
                pdf_canvas.drawText(text)
            pdf_canvas.showPage()
        pdf_canvas.save()
    return out.getvalue()
