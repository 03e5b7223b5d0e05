"""Degradation kinds, one at a time, for measuring how aqb reads each: a born-digital agreement
rendered at 300 dpi, then degraded by exactly one kind and written as an image-only PDF (no text
layer, no /Rotate). Used by benchmarks/scans.py; the default sample set does not use it."""

from __future__ import annotations

import io
import math
import random

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFilter, ImageFont

KINDS = ("clean300", "dpi200", "jpeg_q20", "fax", "skew", "noise", "sideways", "stamps", "colour")
BASE_DPI = 300


def render(pdf_bytes: bytes, dpi: int = BASE_DPI) -> list[Image.Image]:
    pdf = pdfium.PdfDocument(pdf_bytes)
    try:
        return [page.render(scale=dpi / 72).to_pil().convert("RGB") for page in pdf]
    finally:
        pdf.close()


def signing_lines(pdf_bytes: bytes, dpi: int = BASE_DPI) -> dict[int, list[tuple[int, int, int, int]]]:
    """Pixel boxes (at dpi) of the lines holding ', den' per page index: where signatures go."""
    found: dict[int, list[tuple[int, int, int, int]]] = {}
    pdf = pdfium.PdfDocument(pdf_bytes)
    try:
        for index, page in enumerate(pdf):
            height = page.get_height()
            text = page.get_textpage()
            search = text.search(", den", match_case=False)
            while (hit := search.get_next()) is not None:
                start, count = hit
                boxes = [text.get_charbox(i) for i in range(start, start + count)]
                left, bottom = min(b[0] for b in boxes), min(b[1] for b in boxes)
                right, top = max(b[2] for b in boxes), max(b[3] for b in boxes)
                scale = dpi / 72
                found.setdefault(index, []).append((int((left - 200) * scale), int((height - top) * scale),
                                                    int((right + 150) * scale), int((height - bottom) * scale)))
            text.close()
    finally:
        pdf.close()
    return found


def _seal(draw: ImageDraw.ImageDraw, cx: int, cy: int, radius: int, colour: tuple[int, int, int]) -> None:
    for r in (radius, radius - 6, int(radius * 0.62)):
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=colour, width=5)
    font = ImageFont.load_default(size=max(12, radius // 6))
    for i, char in enumerate("DER KREISAUSSCHUSS DES LANDKREISES"):
        angle = math.pi * (1.1 + 1.6 * i / 33)
        draw.text((cx + 0.8 * radius * math.cos(angle), cy + 0.8 * radius * math.sin(angle)), char, fill=colour, font=font)


def _signature(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], rng: random.Random, colour: tuple[int, int, int]) -> None:
    left, _top, _right, bottom = box
    points = []
    x = left + rng.randint(50, 200)
    for _ in range(14):
        points.append((x, bottom + rng.randint(-90, 40)))
        x += rng.randint(20, 60)
    draw.line(points, fill=colour, width=4, joint="curve")


def degrade(pages: list[Image.Image], kind: str, lines: dict[int, list[tuple[int, int, int, int]]], seed: int) -> tuple[list[Image.Image], int]:
    """The pages degraded by one kind, and their resolution."""
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    dpi = BASE_DPI
    out: list[Image.Image] = []
    for index, page in enumerate(pages):
        image = page.convert("L") if kind != "colour" else page
        if kind in ("dpi200", "jpeg_q20", "fax"):
            dpi = 200
            image = image.resize((round(image.width * 2 / 3), round(image.height * 2 / 3)), Image.Resampling.LANCZOS)
        if kind == "fax":
            noisy = np.asarray(image, dtype=np.float32) + nrng.normal(0, 25, (image.height, image.width))
            image = Image.fromarray((noisy > 150).astype(np.uint8) * 255).convert("1", dither=Image.Dither.NONE)
        elif kind == "skew":
            image = image.rotate(rng.choice((-1, 1)) * rng.uniform(2.0, 3.5), resample=Image.Resampling.BICUBIC, fillcolor=255, expand=False)
        elif kind == "noise":
            arr = np.asarray(image, dtype=np.float32) + nrng.normal(0, 18, (image.height, image.width))
            specks = nrng.random((image.height, image.width)) < 0.002
            arr[specks] = 0
            image = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.6))
        elif kind == "sideways" and index == len(pages) - 1 or kind == "sideways" and index == 0:
            image = image.rotate(90 if index == 0 else 270, expand=True)
        elif kind in ("stamps", "colour"):
            image = image.convert("RGB")
            if kind == "colour":
                arr = np.asarray(image, dtype=np.float32)
                paper = np.array([246, 240, 222], dtype=np.float32)
                ink = np.array([20, 30, 110], dtype=np.float32)
                shade = arr[..., :1] / 255.0
                image = Image.fromarray((shade * paper + (1 - shade) * ink).astype(np.uint8))
            draw = ImageDraw.Draw(image, "RGBA")
            seal_colour = (200, 30, 40) if kind == "colour" else (90, 90, 90)
            for box in lines.get(index, []):
                _signature(draw, box, rng, (20, 40, 160) if kind == "colour" else (30, 30, 30))
                _seal(draw, (box[0] + box[2]) // 2 + rng.randint(-80, 80), box[1] + rng.randint(-40, 40), 150, seal_colour)
            if kind == "stamps":
                image = image.convert("L")
        out.append(image)
    return out, dpi


def to_pdf(pages: list[Image.Image], dpi: int, kind: str) -> bytes:
    """An image-only PDF: JPEG pages (quality 20 for jpeg_q20, 75 otherwise), 1-bit pages as they are."""
    buffer = io.BytesIO()
    if kind == "fax":
        pages[0].save(buffer, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
        return buffer.getvalue()
    encoded = []
    for page in pages:
        jpeg = io.BytesIO()
        page.save(jpeg, "JPEG", quality=20 if kind == "jpeg_q20" else 75)
        encoded.append(Image.open(io.BytesIO(jpeg.getvalue())))
    encoded[0].save(buffer, "PDF", resolution=dpi, save_all=True, append_images=encoded[1:])
    return buffer.getvalue()


def scan_kind(pdf_bytes: bytes, kind: str, seed: int) -> bytes:
    pages = render(pdf_bytes)
    degraded, dpi = degrade(pages, kind, signing_lines(pdf_bytes), seed)
    return to_pdf(degraded, dpi, kind)
