"""OCR stage: get a page's image in memory and read it with Tesseract (pytesseract).

The image is the page's own scan, decoded at its native resolution, when the page is nothing but one
upright full-page image of a usable resolution; otherwise the page is rendered (pypdfium2) at the
configured dpi. Tesseract gets it as an uncompressed file in the worker's temp folder, so no PNG is
encoded per page."""

from __future__ import annotations

import logging
import statistics
from dataclasses import dataclass, replace
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image
from rapidfuzz import fuzz

from extract.errors import OcrError
from extract.model import BBox, Line, Word
from extract.reading.engine import OcrData, engine
from extract.reading.layout import words_to_lines
from extract.reading.orientation import Evidence, Trigger, lines_run_down, lines_to_evidence, trigger
from extract.reading.prepare import prepare
from extract.reading.regions import bands, picture_regions, recovered_lines, sheet
from extract.settings import Settings, default

log = logging.getLogger(__name__)

PICTURE_MARGIN = 0.01  # a picture region's strip reaches this far (page heights) above and below it
DOUBLED_LINE_OVERLAP = 0.5  # two lines of Tesseract's this much over each other (of the lower one's height) ...
DOUBLED_LINE_SIMILARITY = 60  # ... that read this alike (rapidfuzz ratio) where they meet are one line read twice
GRAY_SPACES = (pdfium_c.FPDF_COLORSPACE_DEVICEGRAY, pdfium_c.FPDF_COLORSPACE_CALGRAY)


@dataclass(frozen=True)
class PageImage:
    image: Image.Image
    dpi: int
    source: str  # "embedded" (the page's own scan) or "rendered"


@dataclass(frozen=True)
class OcrResult:
    lines: tuple[Line, ...]
    confidence: float | None
    rotation: int
    image_source: str  # "embedded" or "rendered", as PageImage.source
    dpi: int
    picture_lines: int = 0  # lines read inside regions the layout analysis called pictures
    turned_because: Trigger | None = None  # the evidence that made the page be checked and turned
    deskew: float = 0.0  # degrees the page was turned level before OCR (reading/prepare.py)
    dropped: float = 0.0  # share of pixels set to paper as other coloured ink before OCR (reading/prepare.py)

    def describe(self) -> str:
        """How the page was read, for the page's reason in pages.csv."""
        parts = [f"{'scan read at its' if self.image_source == 'embedded' else 'rendered at'} {self.dpi} dpi"]
        if self.rotation:
            because = f", checked for {self.turned_because.value}" if self.turned_because else ""
            parts.append(f"turned {self.rotation} degrees (orientation detection{because})")
        if self.deskew:
            parts.append(f"deskewed {self.deskew:+.1f} degrees")
        if self.dropped:
            parts.append(f"coloured ink dropped ({self.dropped:.1%} of pixels)")
        if self.picture_lines:
            parts.append(f"{self.picture_lines} line(s) read inside regions the layout analysis took for pictures")
        return "; ".join(parts)


def tesseract_version(lang: str = "deu") -> str:
    """The OCR engine's version (part of the page-cache key); MissingDependencyError when Tesseract
    or its language model is not installed."""
    return engine().version(lang)


def only_gray(page: pdfium.PdfPage) -> bool:
    """Whether all the page draws is gray: nothing but images in a gray colour space (a scan in gray or
    black and white), no annotations."""
    if pdfium_c.FPDFPage_GetAnnotCount(page.raw):
        return False
    objects = list(page.get_objects(max_depth=1))
    return bool(objects) and all(obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE and obj.get_metadata().colorspace in GRAY_SPACES
                                 for obj in objects)


def only_images_in_colour(page: pdfium.PdfPage) -> bool:
    """Whether the page draws nothing but images, one of them at least in colour (a colour scan), and no annotations."""
    if pdfium_c.FPDFPage_GetAnnotCount(page.raw):
        return False
    objects = list(page.get_objects(max_depth=1))
    return bool(objects) and all(obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE for obj in objects) \
        and any(obj.get_metadata().colorspace not in GRAY_SPACES for obj in objects)


def render_page(page: pdfium.PdfPage, page_number: int, dpi: int, max_pixels: int) -> Image.Image:
    """Render one page straight to a PIL image, without temp files; image bombs are refused.
    pdfium's grayscale mode turns every colour drawn to gray as it draws, which takes four times as
    long on a scan: a page that draws only gray (only_gray) is drawn into a gray bitmap without it,
    which gives the same pixels (tests/reading/test_ocr.py). A colour scan (only_images_in_colour) is
    drawn in colour, as cheaply: prepare's colour dropout then sees its seals and signatures in their
    colour (a scan below Settings.embedded_dpi is rendered, not taken as it is). Anything else is drawn gray."""
    width, height = page.get_size()
    pixels = (width * dpi / 72) * (height * dpi / 72)
    if pixels > max_pixels:
        raise OcrError(f"page {page_number} too large to render ({width:.0f}x{height:.0f} pt)")
    if only_gray(page):
        image: Image.Image = page.render(scale=dpi / 72, force_bitmap_format=pdfium_c.FPDFBitmap_Gray).to_pil()
    elif only_images_in_colour(page):
        image = page.render(scale=dpi / 72).to_pil().convert("RGB")
    else:
        image = page.render(scale=dpi / 72, grayscale=True).to_pil()
    return image


def page_to_embedded_image(page: pdfium.PdfPage, settings: Settings) -> PageImage | None:
    """The page's scan itself, when the page is exactly one upright image covering it whose
    resolution lies within settings.embedded_dpi; None when the page must be rendered."""
    objects = list(page.get_objects(max_depth=1))
    if len(objects) != 1 or objects[0].type != pdfium_c.FPDF_PAGEOBJ_IMAGE:
        return None
    image_obj = objects[0]
    a, b, c, d, _e, _f = image_obj.get_matrix().get()
    if b or c or a <= 0 or d <= 0:
        return None  # turned, mirrored or skewed placement: let pdfium render it
    width_pt, height_pt = page.get_size()
    left, bottom, right, top = image_obj.get_bounds()
    covered = (min(right, width_pt) - max(left, 0)) * (min(top, height_pt) - max(bottom, 0))
    if covered < 0.9 * width_pt * height_pt:
        return None
    width_px, height_px = image_obj.get_px_size()
    dpi_x, dpi_y = width_px * 72 / a, height_px * 72 / d  # an A4 scan at 300 dpi: 2480 px, 299.97 dpi
    if settings.embedded_dpi is None:
        return None
    low, high = settings.embedded_dpi
    if abs(dpi_x - dpi_y) > 0.02 * dpi_x or not low <= round(dpi_x) <= high:
        return None
    image = image_obj.get_bitmap(render=False).to_pil()
    if image.mode not in ("L", "1", "RGB"):
        image = image.convert("RGB" if image.mode in ("RGBA", "CMYK", "P") else "L")  # colour kept for prepare's colour dropout
    return PageImage(image, round(dpi_x), "embedded")


def page_to_image(pdf_path: Path, page_number: int, settings: Settings) -> PageImage:
    """The image Tesseract reads for a page: its own scan when usable, else a rendering."""
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        page = pdf[page_number - 1]
        embedded = page_to_embedded_image(page, settings) if settings.embedded_dpi else None
        return embedded or PageImage(render_page(page, page_number, settings.dpi, settings.max_image_pixels), settings.dpi, "rendered")
    except pdfium.PdfiumError as e:
        raise OcrError(f"cannot read the image of page {page_number}: {e}") from e
    finally:
        pdf.close()


def tesseract_config(settings: Settings, dpi: int | None = None) -> str:
    """Tesseract's options, with the page image's resolution when known. Without it Tesseract
    estimates the resolution from the text's size, and on scans of 200-240 dpi rendered at 300 it
    guessed 424: its layout analysis then took the underline of a heading for part of the letters
    above it and dropped them ('ualifizierungsprojekte zur Arbeitsmarktintegration Fachkräftesicherung').
    (-c user_defined_dpi is what the command's --dpi sets, and the in-process library takes it too.)"""
    return f"--psm {settings.psm}" + (f" -c user_defined_dpi={dpi}" if dpi else "")


def data_to_words(data: OcrData, width: int, height: int,
                  rule_glyphs: str = default(Settings, "rule_glyphs")) -> tuple[list[Word], list[list[int]]]:
    """The words of pytesseract's image_to_data dict, boxes in page fractions, and the indices of
    the words of each line Tesseract reports (block, paragraph, line)."""
    words: list[Word] = []
    groups: dict[tuple[int, int, int], list[int]] = {}
    for i, text in enumerate(data["text"]):
        conf = float(data["conf"][i])
        if conf < 0 or not text or not text.strip() or all(c in rule_glyphs for c in text.strip()):
            continue  # nothing read, a picture region, or a table rule read as '|'
        left, top, w, h = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
        groups.setdefault((data["block_num"][i], data["par_num"][i], data["line_num"][i]), []).append(len(words))
        words.append(Word(text.strip(), BBox(left / width, top / height, (left + w) / width, (top + h) / height), conf))
    return without_doubled_words(words, list(groups.values()))


def without_doubled_words(words: list[Word], groups: list[list[int]]) -> tuple[list[Word], list[list[int]]]:
    """The words without those Tesseract read twice: its layout analysis may split one printed line
    into two lines that overlap, each recognised ('Ausbildungsvorbereitung Fir für die Zukunf®' over
    '„Fit für die Zukun'). Where two lines stand over each other (DOUBLED_LINE_OVERLAP of the lower
    one's height) and read alike where they meet across (DOUBLED_LINE_SIMILARITY), the words there of
    the one read with less confidence are left out. A stamp's line over a printed one reads otherwise
    and stays."""
    def span(group: list[int]) -> tuple[float, float, float, float]:
        boxes = [words[i].bbox for i in group]
        return min(b.x0 for b in boxes), min(b.y0 for b in boxes), max(b.x1 for b in boxes), max(b.y1 for b in boxes)

    def inside(i: int, left: float, right: float) -> bool:
        centre = (words[i].bbox.x0 + words[i].bbox.x1) / 2
        return left <= centre <= right

    words = list(words)
    spans = [span(group) for group in groups]
    dropped: set[int] = set()
    for a, (group_a, (ax0, ay0, ax1, ay1)) in enumerate(zip(groups, spans)):
        for group_b, (bx0, by0, bx1, by1) in list(zip(groups, spans))[a + 1:]:
            high = min(ay1, by1) - max(ay0, by0)
            left, right = max(ax0, bx0), min(ax1, bx1)
            if right <= left or high < DOUBLED_LINE_OVERLAP * min(ay1 - ay0, by1 - by0):
                continue
            here_a = [i for i in group_a if inside(i, left, right) and i not in dropped]
            here_b = [i for i in group_b if inside(i, left, right) and i not in dropped]
            if not here_a or not here_b:
                continue
            text_a, text_b = (" ".join(words[i].text for i in here) for here in (here_a, here_b))
            if fuzz.ratio(text_a, text_b) < DOUBLED_LINE_SIMILARITY:
                continue
            confidence = [statistics.fmean(words[i].conf or 0.0 for i in here) for here in (here_a, here_b)]
            lost, kept_here = (here_a, here_b) if confidence[0] < confidence[1] else (here_b, here_a)
            dropped.update(lost)
            # the ink both readings saw: the kept words' ends reach as far as the left-out ones' (a re-reading
            # of the name reads the whole region: '„Fit für die Zukun' kept, 'Zukunf®' reached further)
            first, last = min(kept_here, key=lambda i: words[i].bbox.x0), max(kept_here, key=lambda i: words[i].bbox.x1)
            reach_left = min(words[i].bbox.x0 for i in lost + [first])
            reach_right = max(words[i].bbox.x1 for i in lost + [last])
            words[first] = replace(words[first], bbox=replace(words[first].bbox, x0=reach_left))
            words[last] = replace(words[last], bbox=replace(words[last].bbox, x1=reach_right))
    if not dropped:
        return words, groups
    kept = [i for i in range(len(words)) if i not in dropped]
    new_index = {old: new for new, old in enumerate(kept)}
    regrouped = [[new_index[i] for i in group if i in new_index] for group in groups]
    return [words[i] for i in kept], [group for group in regrouped if group]


def mean_confidence(words: list[Word]) -> float | None:
    confs = [w.conf for w in words if w.conf is not None]
    return round(statistics.fmean(confs), 1) if confs else None


def data_to_lines(data: OcrData, width: int, height: int,
                  rule_glyphs: str = default(Settings, "rule_glyphs")) -> tuple[tuple[Line, ...], float | None]:
    """Turn pytesseract's image_to_data dict into lines of words with confidence and box.
    Lines are rebuilt from the word boxes (see layout), so cells Tesseract reads as separate
    blocks or as one line come out as one row with its table columns."""
    words, groups = data_to_words(data, width, height, rule_glyphs)
    return words_to_lines(words, aspect=height / width, groups=groups), mean_confidence(words)


def read_data(image: Image.Image, settings: Settings, config: str) -> OcrData:
    """The OCR engine's words with boxes and confidences for an image: the one place text is read."""
    return engine().read(image, settings.lang, config, settings.ocr_timeout_s)


def picture_text(image: Image.Image, data: OcrData, words: list[Word], settings: Settings) -> list[list[Word]]:
    """Lines of text inside the regions the full-page reading called pictures (see regions.py)."""
    margin = round(PICTURE_MARGIN * image.height)
    strips = bands(picture_regions(data), words, image.width, image.height, margin)
    if not strips:
        return []
    page = sheet(image, strips, words, margin)
    block = read_data(page.image, settings, "--psm 6")
    return recovered_lines(block, page, image.width, image.height, words, settings.picture_text_min_conf,
                          settings.picture_text_min_run)


def image_to_lines(image: Image.Image, settings: Settings, dpi: int | None = None) -> tuple[tuple[Line, ...], float | None, int]:
    """The page's lines, its mean word confidence and how many lines were found inside picture regions."""
    data = read_data(image, settings, tesseract_config(settings, dpi))
    words, groups = data_to_words(data, image.width, image.height, settings.rule_glyphs)
    recovered = picture_text(image, data, words, settings)
    for line in recovered:
        groups.append(list(range(len(words), len(words) + len(line))))
        words.extend(line)
    return words_to_lines(words, aspect=image.height / image.width, groups=groups), mean_confidence(words), len(recovered)


def detect_rotation(image: Image.Image, settings: Settings) -> int:
    """Clockwise degrees the page is turned, from Tesseract's orientation detection; 0 if unsure."""
    try:
        return engine().orientation(image, settings.ocr_timeout_s)
    except OcrError as e:
        log.info("%s", e)
        return 0


@dataclass(frozen=True)
class _Reading:
    lines: tuple[Line, ...]
    confidence: float | None
    recovered: int
    evidence: Evidence


def ocr_page(pdf_path: Path, page_number: int, settings: Settings) -> OcrResult:
    """OCR one page; a page whose reading does not look upright (orientation.py) is checked for
    rotation and read again turned, and the turned reading kept when it looks more upright. A page
    whose lines run down it (fed sideways) is checked first and read turned, and read as it lies only
    when the turned reading does not look upright either."""
    page_image = page_to_image(pdf_path, page_number, settings)
    prepared = prepare(page_image.image, settings)
    image = prepared.image
    readings: dict[int, _Reading] = {}  # clockwise degrees turned -> the reading

    def read(angle: int) -> _Reading:
        if angle not in readings:
            turned = image.rotate(-angle, expand=True) if angle else image
            lines, confidence, recovered = image_to_lines(turned, settings, page_image.dpi)
            evidence = lines_to_evidence(lines, confidence, turned.width, turned.height, settings)
            readings[angle] = _Reading(lines, confidence, recovered, evidence)
        return readings[angle]

    angle: int | None = None  # the orientation detection's answer, once asked
    rotation, why = 0, None
    if lines_run_down(image, settings):
        angle = detect_rotation(image, settings)
        if angle and trigger(read(angle).evidence, settings) is None:
            rotation, why = angle, Trigger.LINES_RUN_DOWN
    if not rotation:
        why = trigger(read(0).evidence, settings)
        if why is not None:
            angle = detect_rotation(image, settings) if angle is None else angle
            if angle and read(angle).evidence.score > read(0).evidence.score:
                rotation = angle
    if rotation:
        log.info("%s page %d: rotated %d degrees before OCR (%s)", pdf_path.name, page_number, rotation, why.value if why else "")
    chosen = readings[rotation]
    return OcrResult(chosen.lines, chosen.confidence, rotation, page_image.source, page_image.dpi, chosen.recovered,
                     why if rotation else None, prepared.deskew, prepared.dropped)
