"""Simulate a paper scan of a born-digital PDF: signatures and stamps, skew, blur, noise, JPEG."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter

from .layout import Anchor
from .overlays import apply_ink, receipt_mask, seal_mask, signature_mask
from .pdfimage import JpegPage, write_image_pdf

RENDER_DPI = 300


@dataclass
class ScanParams:
    seed: int
    dpi_out: int = 220
    rotation: float = 0.8  # degrees, sign included
    blur: float = 0.7  # Gaussian radius in pixels at 300 dpi
    noise: float = 2.5  # sigma in gray levels
    max_page_bytes: int = 200_000
    signatures: tuple[str, ...] = ("ministry", "district")  # roles that get a handwritten signature
    seals: tuple[str, ...] = ("district",)  # roles that get a round seal
    hand_dates: tuple[str, ...] = ()  # roles whose date, blank in print, is written by hand (truth: the date)
    seal_texts: dict[str, str] = field(default_factory=dict)
    receipt: list[str] | None = None  # three lines of an "Eingegangen" stamp on page 1
    receipt_left: bool = False  # top left instead of top right (e.g. a right-aligned letterhead)
    holes: bool = False  # punch holes of a filed copy
    shading: float = 0.0  # uneven illumination, 0..0.15
    speckles: int = 0  # dust specks per page
    producer: str = "Canon iR-ADV C5535 PDF"

    def describe(self, dpi: int | None = None) -> str:
        parts = [f"{dpi or self.dpi_out} dpi", f"rotation {self.rotation:+.1f}°", f"blur {self.blur:.1f}",
                 f"noise σ{self.noise:.0f}"]
        if self.seals:
            parts.append("seal over " + "+".join(self.seals) + " signature")
        if self.receipt:
            parts.append("receipt stamp p.1")
        if self.holes:
            parts.append("punch holes")
        if self.shading:
            parts.append("uneven lighting")
        return ", ".join(parts)


def rasterize(pdf_bytes: bytes, dpi: int = RENDER_DPI) -> list[np.ndarray]:
    pdf = pdfium.PdfDocument(pdf_bytes)
    pages = []
    for page in pdf:
        bitmap = page.render(scale=dpi / 72.0, grayscale=True)
        pages.append(np.asarray(bitmap.to_pil().convert("L"), dtype=np.float32))
    pdf.close()
    return pages


def _px(box: tuple[float, float, float, float], page_h_pt: float) -> tuple[int, int, int, int]:
    s = RENDER_DPI / 72.0
    x0, y0, x1, y1 = box
    return int(x0 * s), int((page_h_pt - y1) * s), int(x1 * s), int((page_h_pt - y0) * s)


def add_ink(pages: list[np.ndarray], anchors: list[Anchor], p: ScanParams, rng: random.Random,
            page_h_pt: float = 842.0) -> None:
    for anchor in anchors:
        page = pages[anchor.page]
        gx0, gy0, gx1, gy1 = _px(anchor.gap_box, page_h_pt)
        dx0, dy0, dx1, dy1 = _px(anchor.date_box, page_h_pt)
        if anchor.role in p.signatures:
            h = gy1 - gy0
            width = int((gx1 - gx0) * rng.uniform(0.55, 0.8))
            left = gx0 + int(rng.uniform(0.0, 0.15) * (gx1 - gx0))
            box = (left, gy0 + int(0.25 * h), left + width, gy1 + int(0.2 * h))
            mask, x, y = signature_mask(box, rng, RENDER_DPI)
            free = dy1 - int(0.25 * (dy1 - dy0)) - y  # rows above this may touch descenders only
            if free > 0:
                mask[:min(free, mask.shape[0])] = 0.0
            apply_ink(page, mask, x, y, gray=rng.uniform(40, 80), opacity=0.95)
        if anchor.role in p.hand_dates and anchor.blank_box is not None:
            bx0, by0, bx1, by1 = _px(anchor.blank_box, page_h_pt)
            h = by1 - by0
            box = (bx0 + int(0.2 * h), by0 - int(0.3 * h), min(bx1, bx0 + int(rng.uniform(4.0, 6.0) * h)), by1 - int(0.1 * h))
            mask, x, y = signature_mask(box, rng, RENDER_DPI)
            apply_ink(page, mask, x, y, gray=rng.uniform(40, 90), opacity=0.95)
        if anchor.role in p.seals:
            mask = seal_mask(p.seal_texts.get(anchor.role, "DIENSTSIEGEL"), RENDER_DPI, rng)
            dates = [_px(a.date_box, page_h_pt) for a in anchors if a.page == anchor.page]
            x, y = _place_seal(anchor, mask.shape[0], dates, page.shape[1], page_h_pt, rng)
            apply_ink(page, mask, x, y, gray=rng.uniform(70, 110), opacity=0.8)
    if p.receipt:
        mask = receipt_mask(p.receipt, RENDER_DPI, rng)
        margin = int(rng.uniform(0.3, 0.9) * RENDER_DPI)
        x = margin if p.receipt_left else pages[0].shape[1] - mask.shape[1] - margin
        apply_ink(pages[0], mask, x, int(rng.uniform(0.05, 0.2) * RENDER_DPI), gray=rng.uniform(60, 100), opacity=0.85)


def _place_seal(anchor: Anchor, size: int, dates: list[tuple[int, int, int, int]], page_w: int,
                page_h_pt: float, rng: random.Random) -> tuple[int, int]:
    """Top-left of a seal over the name/function lines that leaves every printed date line free."""
    nx0, ny0, nx1, ny1 = _px(anchor.name_box, page_h_pt)
    _, gy0, _, gy1 = _px(anchor.gap_box, page_h_pt)
    cy = max((gy1 + ny1) // 2, ny0 + size // 4)
    first = nx0 + int(rng.uniform(0.45, 0.75) * (nx1 - nx0))
    candidates = [(cx, cy + dy) for cx in (first, first + size // 2, first + size, nx0 + size // 3)
                  for dy in (0, size // 4, -size // 4)]
    for cx, cy in candidates:
        x, y = min(cx, page_w - size // 2 - 40) - size // 2, cy - size // 2
        if not any(x < d[2] + 15 and x + size > d[0] - 15 and y < d[3] + 15 and y + size > d[1] - 15 for d in dates):
            return x, y
    return page_w - size - 40, ny1  # fall back: below the name block at the right edge


def age_page(arr: np.ndarray, p: ScanParams, rng: random.Random) -> Image.Image:
    """Paper and toner tone, lighting, punch holes, optics blur and skew, still at RENDER_DPI."""
    h, w = arr.shape
    paper = rng.uniform(228, 246)
    toner = rng.uniform(22, 48)
    arr = toner + arr / 255.0 * (paper - toner)
    if p.shading:
        yy, xx = np.mgrid[0:h:64, 0:w:64].astype(np.float32)
        light = 1.0 - p.shading * ((xx / w) * rng.uniform(0.3, 1) + (yy / h) * rng.uniform(0, 0.7))
        arr *= np.asarray(Image.fromarray(light).resize((w, h), Image.BILINEAR))
    if p.holes:
        _punch_holes(arr, rng)
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    img = img.filter(ImageFilter.GaussianBlur(p.blur))
    shift = (rng.uniform(-25, 25), rng.uniform(-25, 25))
    return img.rotate(p.rotation, resample=Image.BICUBIC, translate=shift, fillcolor=int(paper))


def sample_page(img: Image.Image, dpi: int, p: ScanParams, nrng: np.random.Generator) -> Image.Image:
    """Sensor resolution and noise, dust specks."""
    if dpi != RENDER_DPI:
        img = img.resize((round(img.width * dpi / RENDER_DPI), round(img.height * dpi / RENDER_DPI)), Image.LANCZOS)
    out = np.asarray(img, dtype=np.float32)
    out = out + nrng.normal(0.0, p.noise, out.shape)
    for _ in range(p.speckles):
        y, x = int(nrng.integers(0, out.shape[0] - 4)), int(nrng.integers(0, out.shape[1] - 4))
        out[y:y + int(nrng.integers(1, 4)), x:x + int(nrng.integers(1, 4))] *= 0.3
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))


def _punch_holes(arr: np.ndarray, rng: random.Random) -> None:
    h, w = arr.shape
    r = int(0.11 * RENDER_DPI)
    cx = int(0.47 * RENDER_DPI) + rng.randint(-10, 10)
    yy, xx = np.ogrid[0:h, 0:w]
    for cy in (h // 2 - int(1.6 * RENDER_DPI), h // 2 + int(1.6 * RENDER_DPI)):
        arr[(yy - cy) ** 2 + (xx - cx) ** 2 <= r * r] = rng.uniform(25, 60)


QUALITIES = (70, 62, 55, 48, 42, 36, 30, 25, 20)
MIN_GOOD_QUALITY = 30


def encode_jpeg(img: Image.Image, max_bytes: int, floor: int = QUALITIES[-1]) -> tuple[bytes, int]:
    """Highest quality of the ladder that fits max_bytes (or the floor quality)."""
    data, quality = b"", 0
    for quality in (q for q in QUALITIES if q >= floor):
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=quality, optimize=True)
        data = buf.getvalue()
        if len(data) <= max_bytes:
            break
    return data, quality


def _encode_all(aged: list[Image.Image], dpi: int, p: ScanParams,
                floor: int) -> list[tuple[bytes, int, Image.Image]] | None:
    nrng = np.random.default_rng(p.seed)
    encoded = []
    for img in aged:
        sampled = sample_page(img, dpi, p, nrng)
        data, quality = encode_jpeg(sampled, p.max_page_bytes, floor)
        if len(data) > p.max_page_bytes and floor > QUALITIES[-1]:
            return None
        encoded.append((data, quality, sampled))
    return encoded


def scan_pdf(digital_pdf: bytes, anchors: list[Anchor], p: ScanParams) -> tuple[bytes, list[int], int]:
    """Image-only PDF of the degraded pages, the JPEG quality per page and the dpi used.

    Dense pages do not fit the size budget at a decent JPEG quality: the whole document then falls
    back to a lower resolution (like a scanner profile), down to 200 dpi.
    """
    rng = random.Random(p.seed)
    pages = rasterize(digital_pdf)
    add_ink(pages, anchors, p, rng)
    aged = [age_page(arr, p, rng) for arr in pages]
    ladder = [d for d in (p.dpi_out, 250, 240, 220, 200) if d <= p.dpi_out]
    encoded = None
    for dpi in dict.fromkeys(ladder):
        floor = MIN_GOOD_QUALITY if dpi > 200 else QUALITIES[-1]
        encoded = _encode_all(aged, dpi, p, floor)
        if encoded:
            break
    assert encoded is not None
    jpeg_pages = [JpegPage(data, img.width, img.height, dpi) for data, _, img in encoded]
    return write_image_pdf(jpeg_pages, p.producer), [q for _, q, _ in encoded], dpi
