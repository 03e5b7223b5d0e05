"""The parts that make the searchable PDF a PDF/A-2b file: XMP metadata consistent with the document
information dictionary, an sRGB output intent with its ICC profile embedded, and an embedded glyphless
TrueType font for the invisible OCR text (as Tesseract's own PDF renderer does: every character maps to
one empty glyph; a ToUnicode map gives the text back)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import pikepdf
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from PIL import ImageCms

FONT_NAME = "GlyphLessFont"
UNITS_PER_EM = 1000
GLYPH_WIDTH = 500  # advance of the one glyph, in font units: a character is half the font size wide
ASCENT = 800  # font units above the baseline; the rest of the em lies below (the descent)
DESCENT = UNITS_PER_EM - ASCENT
OUTPUT_CONDITION = "sRGB IEC61966-2.1"
CODE_SPACE_END = 0xFFFF  # the text is written as 2-byte codes (Identity-H): the Basic Multilingual Plane
REPLACEMENT = "\ufffd"  # written for a character outside that plane


@dataclass(frozen=True)
class DocumentInfo:
    """What the PDF says about itself (Info dictionary and XMP alike)."""

    title: str
    subject: str
    keywords: tuple[str, ...]
    creator_tool: str  # the program that made the content, e.g. "aqb 0.1.0 / Tesseract 5.3.0"
    producer: str  # the program that wrote the PDF
    created: datetime  # timezone-aware
    source: str  # the source file the pages were scanned from


@lru_cache(maxsize=1)
def glyphless_font() -> bytes:
    """A TrueType font with one empty glyph (and an empty .notdef), GLYPH_WIDTH wide."""
    builder = FontBuilder(UNITS_PER_EM, isTTF=True)
    builder.setupGlyphOrder([".notdef", "blank"])
    builder.setupCharacterMap({0x20: "blank"})
    empty = TTGlyphPen(None).glyph()
    builder.setupGlyf({".notdef": empty, "blank": empty})
    builder.setupHorizontalMetrics({".notdef": (GLYPH_WIDTH, 0), "blank": (GLYPH_WIDTH, 0)})
    builder.setupHorizontalHeader(ascent=ASCENT, descent=-DESCENT)
    builder.setupNameTable({"familyName": FONT_NAME, "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=ASCENT, sTypoDescender=-DESCENT, usWinAscent=ASCENT, usWinDescent=DESCENT)
    builder.setupPost()
    builder.font["head"].created = builder.font["head"].modified = 0  # the same bytes on every run
    buffer = io.BytesIO()
    builder.save(buffer)
    return buffer.getvalue()


def encode_text(text: str) -> bytes:
    """The text as Identity-H codes: UTF-16BE of each character, one code per character."""
    return "".join(c if ord(c) <= CODE_SPACE_END and not 0xD800 <= ord(c) <= 0xDFFF else REPLACEMENT
                   for c in text).encode("utf-16-be")


def _to_unicode_cmap() -> bytes:
    """Code -> the same Unicode value, in ranges that differ only in their last byte (as the CMap syntax asks)."""
    ranges = [f"<{high:02X}00> <{high:02X}FF> <{high:02X}00>" for high in range(0x100) if not 0xD8 <= high <= 0xDF]
    chunks = [ranges[i:i + 100] for i in range(0, len(ranges), 100)]  # at most 100 entries per block
    body = "".join(f"{len(chunk)} beginbfrange\n" + "\n".join(chunk) + "\nendbfrange\n" for chunk in chunks)
    return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            f"{body}endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n").encode("ascii")


def add_glyphless_font(pdf: pikepdf.Pdf) -> pikepdf.Object:
    """The Type0 font (Identity-H) over the embedded glyphless TrueType font; every code shows glyph 1."""
    data = glyphless_font()
    descriptor = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name("/" + FONT_NAME), Flags=4,  # symbolic
        FontBBox=[0, -DESCENT, GLYPH_WIDTH, ASCENT], ItalicAngle=0, Ascent=ASCENT, Descent=-DESCENT, CapHeight=ASCENT,
        StemV=80, FontFile2=pdf.make_stream(data, Length1=len(data))))
    cid_to_gid = pdf.make_stream(b"\x00\x01" * (CODE_SPACE_END + 1))
    cid_font = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.CIDFontType2, BaseFont=pikepdf.Name("/" + FONT_NAME),
        CIDSystemInfo=pikepdf.Dictionary(Registry="Adobe", Ordering="Identity", Supplement=0),
        FontDescriptor=descriptor, DW=GLYPH_WIDTH, CIDToGIDMap=cid_to_gid))
    return pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type0, BaseFont=pikepdf.Name("/" + FONT_NAME),
        Encoding=pikepdf.Name("/Identity-H"), DescendantFonts=[cid_font], ToUnicode=pdf.make_stream(_to_unicode_cmap())))


@lru_cache(maxsize=1)
def srgb_profile() -> bytes:
    """The sRGB ICC profile, made in memory by LittleCMS (no file to ship or find)."""
    return bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())


def add_output_intent(pdf: pikepdf.Pdf) -> None:
    profile = pdf.make_stream(srgb_profile(), N=3)
    pdf.Root.OutputIntents = pdf.make_indirect(pikepdf.Array([pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFA1, OutputConditionIdentifier=OUTPUT_CONDITION,
        Info=OUTPUT_CONDITION, RegistryName="http://www.color.org", DestOutputProfile=profile)]))


def set_metadata(pdf: pikepdf.Pdf, info: DocumentInfo) -> None:
    """XMP with the PDF/A-2b identification; pikepdf writes the same values into the Info dictionary."""
    stamp = info.created.replace(microsecond=0).isoformat()
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=True) as meta:
        meta["dc:title"] = info.title
        meta["dc:description"] = info.subject
        meta["dc:subject"] = set(info.keywords)
        meta["dc:source"] = info.source
        meta["pdf:Keywords"] = "; ".join(info.keywords)
        meta["xmp:CreatorTool"] = info.creator_tool
        meta["pdf:Producer"] = info.producer
        meta["xmp:CreateDate"] = meta["xmp:ModifyDate"] = meta["xmp:MetadataDate"] = stamp
        meta["pdfaid:part"] = "2"
        meta["pdfaid:conformance"] = "B"


def make_pdfa(pdf: pikepdf.Pdf, info: DocumentInfo) -> None:
    """Everything PDF/A-2b asks of the document as a whole (the fonts are added where text is written)."""
    add_output_intent(pdf)
    set_metadata(pdf, info)
