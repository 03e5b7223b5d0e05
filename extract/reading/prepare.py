"""Page preparation before OCR, each step kept because benchmarks/scans.py shows it pays.

Deskew: a scan fed at a slant (a few degrees) makes Tesseract's layout analysis join words of
neighbouring lines and cut table rows; the page is turned level first. The angle is measured on a
small copy of the page: the dark pixels' rows are projected at trial angles, and the angle at which
the projection is sharpest (text lines fall into few rows, the white between them into none) is
the page's slant. A page is turned only when the slant is at least Settings.deskew_min_degrees
(smaller slants Tesseract copes with itself); off by default, see Settings for why.

Colour dropout: on a colour scan, seals and signatures in red or blue ink lie over the signing lines
and Tesseract reads them as strokes of the letters beneath. The page's own two colours are measured
on a sample of its pixels: the paper (the median of its lighter pixels) and the text's ink (the
median of its darkest). Every pixel is then placed on the line from paper to ink: how far along it
lies is its gray level, how far off the line it lies (as the sine of the angle at the paper's
colour) says it is another ink, and it is set to paper when that exceeds
Settings.ink_colour_tolerance. Black or gray text on any paper stays; red seals, blue or green
signatures go. Gray pages, and colour pages with hardly any other ink (Settings.ink_colour_min_share),
are only converted to gray.

Not built yet: despeckling, background/shadow removal; scans under 300 dpi are rendered at 300
(Settings.embedded_dpi), as before."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

from extract.settings import Settings

SAMPLE_WIDTH = 600  # about this many pixels across: the copy the slant is measured on
DARK = 128  # gray level under which a pixel counts as ink
COARSE = 0.5  # degrees between the first trial angles ...
STEP = 0.1  # ... and between the angles tried around the best of them


SAMPLE_STEP = 8  # every this many pixels across and down: the sample the paper and ink colours are measured on
PAPER_PERCENTILE = 60  # the sampled pixels lighter than this percentile are paper ...
INK_PERCENTILE = 2  # ... and those darker than this one the text's ink, on a page with few dark pixels (MIN_DARK) ...
DARK_LIGHTNESS = 0.5  # ... else the pixels darker than this share of the paper's lightness are ink of some colour ...
INK_OF_DARK = 30  # ... and the darkest of them, up to this percentile, the text's: print is the darkest ink on a page
MIN_DARK = 50  # sampled pixels (a page of a few lines has thousands)
OFF_SLACK = 3  # colour units a pixel may stray from the paper-ink line anyway (JPEG noise near the paper)
TILE = 12  # samples across a tile: other ink is looked for in full in the tiles (96 pixels square) where the sample saw some
# other ink counts (for Settings.ink_colour_min_share and the tiles looked at) where it lies at least this far
# from the paper towards the text's ink (a text edge blended with the paper is not)
STRONG = 0.5


@dataclass(frozen=True)
class Prepared:
    image: Image.Image
    deskew: float = 0.0  # degrees the page was turned by (PIL's rotate: counter-clockwise positive), 0 when level
    dropped: float = 0.0  # share of the page's pixels set to paper as other coloured ink (seals, signatures)


def _off_line(colours: np.ndarray, paper: np.ndarray, u: np.ndarray, tolerance: float) -> tuple[np.ndarray, np.ndarray]:
    """Which colours (..., 3) lie off the line from paper along -u by more than `tolerance` as the sine
    of the angle at the paper, give or take OFF_SLACK colour units; and how far along the line each lies."""
    d = paper - colours
    along = d @ u
    off = (d * d).sum(axis=-1) - along * along
    return off > tolerance * tolerance * along * along + OFF_SLACK * OFF_SLACK, along


def gray_without_other_ink(image: Image.Image, tolerance: float, min_share: float) -> tuple[Image.Image, float]:
    """A colour page as gray with pixels of other coloured ink set to paper (see the module's doc),
    and the share of the sampled pixels that were such ink; a gray page, or one with less than
    min_share of other ink, converted to gray as it is (share 0.0). The other ink is looked for in
    full only in the tiles of the page where the sample found some."""
    if image.mode != "RGB" or not tolerance:
        return (image if image.mode in ("L", "1") else image.convert("L")), 0.0
    small = image.resize((max(1, image.width // SAMPLE_STEP), max(1, image.height // SAMPLE_STEP)), Image.Resampling.NEAREST)
    sample = np.asarray(small, dtype=np.float32)
    flat = sample.reshape(-1, 3)
    light = flat.sum(axis=1)
    paper = np.median(flat[light >= np.percentile(light, PAPER_PERCENTILE)], axis=0)
    dark = light <= DARK_LIGHTNESS * float(paper.sum())
    if int(dark.sum()) >= MIN_DARK:  # a page with little text (a signing page) is mostly paper: its darkest 2% are not ink
        ink = np.median(flat[dark][light[dark] <= np.percentile(light[dark], INK_OF_DARK)], axis=0)
    else:
        ink = np.median(flat[light <= np.percentile(light, INK_PERCENTILE)], axis=0)
    length = float(np.linalg.norm(paper - ink))
    if length < 1:
        return image.convert("L"), 0.0
    u = (paper - ink) / length
    off, along = _off_line(sample, paper, u, tolerance)
    strong = off & (along > STRONG * length)
    share = float(strong.mean())
    if share < min_share:
        return image.convert("L"), 0.0
    k = 255 / length  # gray = 255 - (paper - rgb).u * k: paper white, the text's ink black (PIL's matrix convert, in C)
    out = np.array(image.convert("L", (*(u * k), 255 - float(u @ paper) * k)))
    tiles = np.zeros((-(-small.height // TILE) + 2, -(-small.width // TILE) + 2), dtype=bool)
    ys, xs = np.nonzero(strong)
    tiles[ys // TILE + 1, xs // TILE + 1] = True
    grown = tiles.copy()  # and the tiles around them: a stroke's end may lie between samples
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            grown[1:-1, 1:-1] |= tiles[1 + dy:tiles.shape[0] - 1 + dy, 1 + dx:tiles.shape[1] - 1 + dx]
    size = TILE * SAMPLE_STEP  # a tile's pixels across
    for ty, tx in zip(*np.nonzero(grown[1:-1, 1:-1])):
        box = (tx * size, ty * size, min(image.width, (tx + 1) * size), min(image.height, (ty + 1) * size))
        if box[0] >= box[2] or box[1] >= box[3]:
            continue
        pixels = np.asarray(image.crop(box), dtype=np.float32)
        other, depth = _off_line(pixels, paper, u, tolerance)
        out[box[1]:box[3], box[0]:box[2]][other & (depth > 0)] = 255
    return Image.fromarray(out), round(share, 4)


def slant(image: Image.Image, max_degrees: float) -> float:
    """The page's slant in degrees within ±max_degrees: the angle PIL's rotate turns the page level
    by; 0.0 for a page with too little ink to tell."""
    gray = image if image.mode == "L" else image.convert("L")
    small = gray.reduce(max(1, gray.width // SAMPLE_WIDTH))  # a box filter: far cheaper than a resampling resize
    ink = np.asarray(small) < DARK
    ys, xs = np.nonzero(ink)
    if len(ys) < 200:
        return 0.0
    across = xs - small.width / 2  # from the middle: the rows turn about the page's centre line
    height = small.height

    def sharpness(angle: float) -> float:
        # a text line slanted by `angle` lies level after turning the page back: rows y - x*tan(angle)
        rows = np.round(ys - across * np.tan(np.radians(angle))).astype(np.int64)
        profile = np.bincount(rows[(rows >= 0) & (rows < height)], minlength=height).astype(np.float64)
        return float(np.dot(profile, profile))

    coarse = np.arange(-max_degrees, max_degrees + COARSE / 2, COARSE)
    best = max(coarse, key=sharpness)  # then the best angle within a coarse step of it
    fine = np.arange(best - COARSE + STEP, best + COARSE - STEP / 2, STEP)
    best = max(fine, key=sharpness)
    return round(float(best), 1)


def as_read(image: Image.Image, deskew: float, rotation: int) -> Image.Image:
    """Any rendering of a page turned as its OCR read it: levelled by `deskew` degrees, then turned
    `rotation` degrees clockwise; the frame the page's word boxes are in (crops, archive, re-reading)."""
    if deskew:
        image = image.rotate(deskew, resample=Image.Resampling.BILINEAR, expand=False, fillcolor="white")
    return image.rotate(-rotation, expand=True) if rotation else image


def prepare(image: Image.Image, settings: Settings) -> Prepared:
    """The page image as Tesseract reads it: gray, other coloured ink dropped, turned level when slanted
    (see the module's doc)."""
    image, dropped = gray_without_other_ink(image, settings.ink_colour_tolerance, settings.ink_colour_min_share)
    if not settings.deskew_min_degrees:
        return Prepared(image, 0.0, dropped)
    angle = slant(image, settings.deskew_max_degrees)
    if abs(angle) < settings.deskew_min_degrees:
        return Prepared(image, 0.0, dropped)
    # ink along y = y0 + x*tan(a) (image rows run down): PIL's rotate by a brings it level
    return Prepared(as_read(image, angle, 0), angle, dropped)
