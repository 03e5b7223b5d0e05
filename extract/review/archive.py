"""Archival OCR outputs (aqb run --archive): for each OCRed document a searchable PDF/A-2b file (the page
images with an invisible text layer at the OCR word boxes) and ALTO XML per page with word
confidences, both made from the words the OCR stage kept; nothing is OCRed again."""

from __future__ import annotations

import io
import logging
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
from PIL import Image

from extract.dataset.corrections import settles
from extract.dataset.schema import AgreementRow
from extract.model import Line, Page, Word
from extract.reading.prepare import as_read
from extract.review.pdfa import DESCENT, GLYPH_WIDTH, UNITS_PER_EM, DocumentInfo, add_glyphless_font, encode_text, make_pdfa

log = logging.getLogger(__name__)

ALTO_NS = "http://www.loc.gov/standards/alto/ns-v4#"
IMAGE_DPI = 150  # resolution of the page images in the searchable PDF
JPEG_QUALITY = 70
TEXT_FONT = "F1"  # the resource name of the glyphless font
PDF_VERSION = "1.7"  # PDF/A-2 is based on PDF 1.7
TITLE = "Zielvereinbarung Ausbildungs- und Qualifizierungsbudget"  # the genre; the year and district follow
SUBJECT = ("Zielvereinbarung zwischen dem Land Hessen und einem Landkreis oder einer kreisfreien Stadt "
           "über das Ausbildungs- und Qualifizierungsbudget (AQB)")
KEYWORD = "AQB"


def archive_folder(out: Path, source_file: str, sha256: str) -> Path:
    stem = Path(source_file).with_suffix("").as_posix().replace("/", "__")
    return out / "archive" / f"{stem}-{sha256[:8]}"


def _page_image(pdf: pdfium.PdfDocument, page: Page) -> Image.Image:
    image: Image.Image = pdf[page.number - 1].render(scale=IMAGE_DPI / 72, grayscale=True).to_pil()
    return as_read(image, page.deskew, page.rotation)


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") or "0"


def _text_layer(page: Page, width: float, height: float) -> bytes:
    """The page's OCR words in the glyphless font, invisible (render mode 3): the words of a line on one
    baseline at one size (the glyphs' ascent and descent span the line's height), each stretched over its
    box; a space after every word but the line's last lets text extraction keep the words apart."""
    operators = ["BT", "3 Tr"]
    for line in page.lines:
        words = [w for w in line.words if w.text and w.bbox.x1 > w.bbox.x0]
        if not words:
            continue
        top, bottom = min(w.bbox.y0 for w in words) * height, max(w.bbox.y1 for w in words) * height
        size = max(bottom - top, 1.0)
        baseline = height - bottom + size * DESCENT / UNITS_PER_EM
        operators.append(f"/{TEXT_FONT} {_number(size)} Tf")
        for index, word in enumerate(words):
            natural = len(word.text) * size * GLYPH_WIDTH / UNITS_PER_EM
            text = word.text + (" " if index < len(words) - 1 else "")
            operators.append(f"{_number(100 * (word.bbox.x1 - word.bbox.x0) * width / natural)} Tz "
                             f"1 0 0 1 {_number(word.bbox.x0 * width)} {_number(baseline)} Tm <{encode_text(text).hex()}> Tj")
    operators.append("ET")
    return "\n".join(operators).encode("ascii")


def pages_to_searchable_pdf(pdf_path: Path, pages: tuple[Page, ...], target: Path, info: DocumentInfo) -> None:
    """A PDF/A-2b file: the page images with the OCR words as invisible text over them."""
    source = pdfium.PdfDocument(str(pdf_path))
    try:
        with pikepdf.new() as output:
            font = add_glyphless_font(output)
            for page in pages:
                image = _page_image(source, page)
                width, height = image.width * 72 / IMAGE_DPI, image.height * 72 / IMAGE_DPI
                buffer = io.BytesIO()
                image.save(buffer, format="JPEG", quality=JPEG_QUALITY)
                picture = output.make_stream(buffer.getvalue(), Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image,
                                             Width=image.width, Height=image.height, ColorSpace=pikepdf.Name.DeviceGray,
                                             BitsPerComponent=8, Filter=pikepdf.Name.DCTDecode)
                drawn = f"q {_number(width)} 0 0 {_number(height)} 0 0 cm /Im0 Do Q\n".encode("ascii")
                pdf_page = output.add_blank_page(page_size=(width, height))
                pdf_page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=picture),
                                                        Font=pikepdf.Dictionary({f"/{TEXT_FONT}": font}))
                pdf_page.Contents = output.make_stream(drawn + _text_layer(page, width, height))
            make_pdfa(output, info)
            output.save(target, min_version=PDF_VERSION, compress_streams=True)
    finally:
        source.close()


def text_blocks(page: Page) -> list[list[Line]]:
    """The page's lines in blocks as the layout found them: a blank gap before a line starts a new block."""
    blocks: list[list[Line]] = []
    for line in page.lines:
        if not line.words:
            continue
        if line.gap_before or not blocks:
            blocks.append([])
        blocks[-1].append(line)
    return blocks


def bounds(words: list[Word] | tuple[Word, ...]) -> tuple[float, float, float, float]:
    return (min(w.bbox.x0 for w in words), min(w.bbox.y0 for w in words), max(w.bbox.x1 for w in words), max(w.bbox.y1 for w in words))


def page_to_alto(page: Page, width_px: int, height_px: int, image_name: str, engine: str) -> bytes:
    """ALTO v4 for one page: text blocks (paragraphs as the layout found them), their lines and words with
    boxes (pixels) and confidence (WC, 0-1)."""
    ET.register_namespace("", ALTO_NS)
    q = lambda tag: f"{{{ALTO_NS}}}{tag}"  # noqa: E731
    alto = ET.Element(q("alto"))
    description = ET.SubElement(alto, q("Description"))
    ET.SubElement(description, q("MeasurementUnit")).text = "pixel"
    info = ET.SubElement(description, q("sourceImageInformation"))
    ET.SubElement(info, q("fileName")).text = image_name
    processing = ET.SubElement(description, q("OCRProcessing"), ID="OCR_0")
    step = ET.SubElement(processing, q("ocrProcessingStep"))
    software = ET.SubElement(step, q("processingSoftware"))
    ET.SubElement(software, q("softwareName")).text = engine
    layout = ET.SubElement(alto, q("Layout"))
    alto_page = ET.SubElement(layout, q("Page"), ID=f"page_{page.number}", PHYSICAL_IMG_NR=str(page.number),
                              WIDTH=str(width_px), HEIGHT=str(height_px))
    space = ET.SubElement(alto_page, q("PrintSpace"), HPOS="0", VPOS="0", WIDTH=str(width_px), HEIGHT=str(height_px))

    def box(x0: float, y0: float, x1: float, y1: float) -> dict[str, str]:
        return {"HPOS": str(round(x0 * width_px)), "VPOS": str(round(y0 * height_px)),
                "WIDTH": str(max(1, round((x1 - x0) * width_px))), "HEIGHT": str(max(1, round((y1 - y0) * height_px)))}

    for b_index, lines in enumerate(text_blocks(page), start=1):
        words = [w for line in lines for w in line.words]
        block = ET.SubElement(space, q("TextBlock"), {"ID": f"block_{page.number}_{b_index}", **box(*bounds(words))})
        for l_index, line in enumerate(lines, start=1):
            line_id = f"{page.number}_{b_index}_{l_index}"
            text_line = ET.SubElement(block, q("TextLine"), {"ID": f"line_{line_id}", **box(*bounds(line.words))})
            for w_index, word in enumerate(line.words, start=1):
                if w_index > 1:
                    ET.SubElement(text_line, q("SP"))
                attributes = {"ID": f"word_{line_id}_{w_index}", "CONTENT": word.text,
                              **box(word.bbox.x0, word.bbox.y0, word.bbox.x1, word.bbox.y1)}
                if word.conf is not None:
                    attributes["WC"] = f"{word.conf / 100:.2f}"
                ET.SubElement(text_line, q("String"), attributes)
    return bytes(ET.tostring(alto, encoding="utf-8", xml_declaration=True))


def plain_text(pages: tuple[Page, ...]) -> str:
    """The plain-text sidecar: every page's text as read (paragraphs by blank lines), pages separated by form feeds."""
    return "\f".join(page.text + "\n" for page in pages)


def document_info(source_file: str, engine: str, agreement: AgreementRow | None, created: datetime) -> DocumentInfo:
    """Title, subject and keywords from what was read of the agreement (year, district); a value flagged for
    review is left out rather than written into the archival file, and the file name stands in for a title
    when neither is left."""
    reasons = [r for r in agreement.review_reasons.split(";") if r] if agreement else []
    year = agreement.year if agreement and not any(settles("year", r) for r in reasons) else None
    trusted_district = agreement is not None and not any(settles("district", r) for r in reasons)
    district = agreement.district_name if agreement and trusted_district else None
    ags = agreement.district_ags if agreement and trusted_district else None
    parts = [part for part in (f"{TITLE} {year}" if year else TITLE, district) if part]
    title = ", ".join(parts) if year or district else f"{TITLE} ({Path(source_file).name})"
    keywords = tuple(k for k in (KEYWORD, district, ags, str(year) if year else None) if k)
    return DocumentInfo(title=title, subject=SUBJECT, keywords=keywords, creator_tool=engine,
                        producer=f"pikepdf {pikepdf.__version__}", created=created, source=source_file)


def write_archive(out: Path, pdf_path: Path, source_file: str, sha256: str, pages: tuple[Page, ...], dpi: int, engine: str,
                  agreement: AgreementRow | None = None) -> Path | None:
    """Write document.pdf (PDF/A-2b, described by the agreement's year and district), document.txt (plain text)
    and page-NNNN.alto.xml for a document with OCRed pages; skip if present."""
    if not any(page.source == "ocr" for page in pages):
        return None
    folder = archive_folder(out, source_file, sha256)
    if (folder / "document.pdf").is_file():
        return folder
    partial = folder.with_name(folder.name + ".part")
    partial.mkdir(parents=True, exist_ok=True)
    source = pdfium.PdfDocument(str(pdf_path))
    try:
        for page in pages:
            width_pt, height_pt = source[page.number - 1].get_size()
            if page.rotation in (90, 270):
                width_pt, height_pt = height_pt, width_pt
            alto = page_to_alto(page, round(width_pt * dpi / 72), round(height_pt * dpi / 72), f"{source_file}#page={page.number}", engine)
            (partial / f"page-{page.number:04d}.alto.xml").write_bytes(alto)
    finally:
        source.close()
    info = document_info(source_file, engine, agreement, datetime.now(timezone.utc))
    pages_to_searchable_pdf(pdf_path, pages, partial / "document.pdf", info)
    (partial / "document.txt").write_text(plain_text(pages), encoding="utf-8")
    partial.replace(folder)  # the folder appears complete or not at all
    return folder
