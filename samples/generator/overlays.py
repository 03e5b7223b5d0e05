"""Ink on a scanned page: handwritten signatures, round official seals, a rectangular receipt stamp.

Masks are float arrays (0 = no ink, 1 = full ink) at page-raster resolution; `apply_ink` multiplies
them onto the grayscale page, so printed text under the ink stays dark.
"""

from __future__ import annotations

import io
import math
import random

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFilter
from reportlab.pdfgen import canvas

from .scribble import scribble_strokes


def apply_ink(page: np.ndarray, mask: np.ndarray, x: int, y: int, gray: float, opacity: float) -> None:
    """Multiply ink of brightness gray (0..255) into page at top-left (x, y), clipped to the page."""
    h, w = mask.shape
    y0, x0 = max(y, 0), max(x, 0)
    y1, x1 = min(y + h, page.shape[0]), min(x + w, page.shape[1])
    if y1 <= y0 or x1 <= x0:
        return
    m = mask[y0 - y:y1 - y, x0 - x:x1 - x] * opacity
    page[y0:y1, x0:x1] *= 1.0 - m * (1.0 - gray / 255.0)


def _texture(shape: tuple[int, int], rng: np.random.Generator, strength: float) -> np.ndarray:
    """Uneven ink: low-frequency blotches times fine dropout."""
    small = rng.uniform(0, 1, (max(2, shape[0] // 40), max(2, shape[1] // 40))).astype(np.float32)
    blotch = np.asarray(Image.fromarray((small * 255).astype(np.uint8)).resize(shape[::-1], Image.BICUBIC),
                        dtype=np.float32) / 255.0
    fine = (rng.uniform(0, 1, shape) > strength * 0.25).astype(np.float32)
    return np.clip(1.0 - strength * (1.0 - blotch), 0.0, 1.0) * fine


def signature_mask(box_px: tuple[int, int, int, int], rng: random.Random, dpi: float) -> tuple[np.ndarray, int, int]:
    """A pen signature filling box_px (x0, y0, x1, y1, image coordinates); returns mask and its origin."""
    x0, y0, x1, y1 = box_px
    w, h = max(x1 - x0, 20), max(y1 - y0, 10)
    pad = int(h * 0.4)
    img = Image.new("L", (w + 2 * pad, h + 2 * pad), 0)
    draw = ImageDraw.Draw(img)
    slant = rng.uniform(0.15, 0.4)
    pen = max(2, int(dpi / 300 * rng.uniform(2.5, 4.5)))
    for stroke in scribble_strokes(rng, (pad, pad, pad + w, pad + h)):
        pts = [(px + slant * (pad + h - py), py) for px, py in stroke]
        phase = rng.uniform(0, 6.3)
        for i in range(len(pts) - 1):
            pressure = 0.65 + 0.35 * math.sin(i / 9.0 + phase)
            draw.line([pts[i], pts[i + 1]], fill=255, width=max(1, int(pen * pressure + 0.5)))
    img = img.filter(ImageFilter.GaussianBlur(0.6 * dpi / 300))
    return np.asarray(img, dtype=np.float32) / 255.0, x0 - pad, y0 - pad


def _rasterize_drawing(draw_fn, size_pt: float, dpi: float) -> np.ndarray:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(size_pt, size_pt), invariant=1)
    draw_fn(c)
    c.showPage()
    c.save()
    pdf = pdfium.PdfDocument(buf.getvalue())
    bitmap = pdf[0].render(scale=dpi / 72.0, grayscale=True)
    arr = np.asarray(bitmap.to_pil().convert("L"), dtype=np.float32)
    pdf.close()
    return 1.0 - arr / 255.0


def _text_on_circle(c: canvas.Canvas, text: str, cx: float, cy: float, r: float, size: float) -> None:
    c.setFont("Helvetica-Bold", size)
    widths = [c.stringWidth(ch, "Helvetica-Bold", size) for ch in text]
    total = sum(widths) / r  # radians used by the text
    angle = math.pi / 2 + min(total, 2 * math.pi * 0.92) / 2
    for ch, w in zip(text, widths):
        angle -= (w / 2) / r
        c.saveState()
        c.translate(cx + r * math.cos(angle), cy + r * math.sin(angle))
        c.rotate(math.degrees(angle) - 90)
        c.drawCentredString(0, 0, ch)
        c.restoreState()
        angle -= (w / 2) / r


def _shield(c: canvas.Canvas, cx: float, cy: float, s: float) -> None:
    path = c.beginPath()
    path.moveTo(cx - s, cy + s)
    path.lineTo(cx + s, cy + s)
    path.lineTo(cx + s, cy - 0.2 * s)
    path.curveTo(cx + s, cy - 0.9 * s, cx + 0.3 * s, cy - 1.2 * s, cx, cy - 1.4 * s)
    path.curveTo(cx - 0.3 * s, cy - 1.2 * s, cx - s, cy - 0.9 * s, cx - s, cy - 0.2 * s)
    path.close()
    c.setLineWidth(1.0)
    c.drawPath(path, stroke=1, fill=0)
    c.setLineWidth(1.6)
    for k in range(5):  # the striped Hessian lion, abstracted
        y = cy + s * (0.7 - 0.38 * k)
        half = s * (0.75 - 0.1 * k)
        c.line(cx - half, y, cx + half, y)


def seal_mask(text: str, dpi: float, rng: random.Random, diameter_pt: float = 100.0) -> np.ndarray:
    """A round official seal with text around the rim and a shield in the middle."""
    size_pt = diameter_pt + 8
    r = diameter_pt / 2

    def draw(c: canvas.Canvas) -> None:
        cx = cy = size_pt / 2
        c.setLineWidth(1.8)
        c.circle(cx, cy, r, stroke=1, fill=0)
        c.setLineWidth(0.8)
        c.circle(cx, cy, r - 16, stroke=1, fill=0)
        font = 7.2 if len(text) < 48 else 6.2
        _text_on_circle(c, text + " •", cx, cy, r - 10.5, font)
        _shield(c, cx, cy + 4, 13)
        c.setFont("Helvetica-Bold", 7)
        c.drawCentredString(cx, cy - 27, str(rng.randint(1, 9)))

    mask = _rasterize_drawing(draw, size_pt, dpi)
    img = Image.fromarray((mask * 255).astype(np.uint8)).rotate(rng.uniform(-35, 35), Image.BICUBIC)
    mask = np.asarray(img, dtype=np.float32) / 255.0
    return mask * _texture(mask.shape, np.random.default_rng(rng.randrange(1 << 30)), 0.45)


def receipt_mask(lines: list[str], dpi: float, rng: random.Random) -> np.ndarray:
    """A rectangular "Eingegangen" stamp with a date line."""
    size_pt = 150.0

    def draw(c: canvas.Canvas) -> None:
        c.setLineWidth(1.4)
        c.roundRect(6, 70, 138, 62, 4, stroke=1, fill=0)
        c.setFont("Helvetica-Bold", 11)
        c.drawCentredString(75, 114, lines[0])
        c.setFont("Helvetica-Bold", 13)
        c.drawCentredString(75, 96, lines[1])
        c.setFont("Helvetica", 8)
        c.drawCentredString(75, 79, lines[2])

    mask = _rasterize_drawing(draw, size_pt, dpi)
    img = Image.fromarray((mask * 255).astype(np.uint8)).rotate(rng.uniform(-6, 6), Image.BICUBIC)
    mask = np.asarray(img, dtype=np.float32) / 255.0
    return mask * _texture(mask.shape, np.random.default_rng(rng.randrange(1 << 30)), 0.35)
