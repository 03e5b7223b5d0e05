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


SAMPLE_STEP = 6  # every this many pixels across and down: the sample the paper and ink colours are measured on
PAPER_PERCENTILE = 60  # the sampled pixels lighter than this percentile are paper ...
INK_PERCENTILE = 2  # ... and those darker than this one the text's ink
OFF_SLACK = 3  # colour units a pixel may stray from the paper-ink line anyway (JPEG noise near the paper)
STRONG = 0.3  # other ink counts (for Settings.ink_colour_min_share) where it lies at least this far from the paper towards the text's ink


@dataclass(frozen=True)
class Prepared:
    image: Image.Image
    deskew: float = 0.0  # degrees the page was turned by (PIL's rotate: counter-clockwise positive), 0 when level
    dropped: float = 0.0  # share of the page's pixels set to paper as other coloured ink (seals, signatures)


def gray_without_other_ink(image: Image.Image, tolerance: float, min_share: float) -> tuple[Image.Image, float]:
    """A colour page as gray with pixels of other coloured ink set to paper (see the module's doc),
    and the share of pixels so dropped; a gray page, or one with less than min_share of other ink,
    converted to gray as it is (share 0.0)."""
    if image.mode != "RGB" or not tolerance:
        return (image if image.mode in ("L", "1") else image.convert("L")), 0.0
    sample = np.asarray(image)[::SAMPLE_STEP, ::SAMPLE_STEP].reshape(-1, 3).astype(np.float32)
    light = sample.sum(axis=1)
    paper = np.median(sample[light >= np.percentile(light, PAPER_PERCENTILE)], axis=0)
    ink = np.median(sample[light <= np.percentile(light, INK_PERCENTILE)], axis=0)
    length = float(np.linalg.norm(paper - ink))
    if length < 1:
        return image.convert("L"), 0.0
    u = (paper - ink) / length
    side = np.cross(u, [0.0, 0.0, 1.0] if abs(u[2]) < 0.9 else [1.0, 0.0, 0.0])
    side /= np.linalg.norm(side)
    across = np.cross(u, side)

    def off_line(d: np.ndarray) -> np.ndarray:  # colour units off the paper-ink line, of colours paper - d
        return np.abs(d @ side) + np.abs(d @ across)

    along = (paper - sample) @ u
    if np.mean((off_line(paper - sample) > tolerance * along + OFF_SLACK) & (along > STRONG * length)) < min_share:
        return image.convert("L"), 0.0
    k = 255 / length  # gray = 255 - (paper - rgb).u * k: paper white, the text's ink black (PIL's matrix convert, in C)
    gray = image.convert("L", (*(u * k), 255 - float(u @ paper) * k))
    half = [np.asarray(image.convert("L", (*(-v / 2), float(v @ paper) / 2 + 128)), dtype=np.int16) - 128 for v in (side, across)]
    depth = (255 - np.asarray(gray, dtype=np.int16)) * (length / 510)  # along the line, in the same half units
    other = np.abs(half[0]) + np.abs(half[1]) > tolerance * depth + OFF_SLACK / 2
    out = np.asarray(gray).copy()
    out[other & (depth > 0)] = 255
    return Image.fromarray(out), round(float((other & (depth > STRONG * length / 2)).mean()), 4)


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
