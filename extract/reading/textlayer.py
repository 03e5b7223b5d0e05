"""A page's text layer and drawing as pdfium reads them: a few milliseconds a page, pdfplumber needs ten times that.

Characters become words exactly as pdfplumber's extract_words forms them from pdfminer's characters,
so a page reads the same through either library. The page's objects tell, without decoding anything,
the pixel sizes of its images, whether its text is upright, and whether its ruled lines may form a
table (then pdfplumber's find_tables must read the page)."""

from __future__ import annotations

import ctypes
import struct
from collections.abc import Callable
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extract.model import BBox, Word

# pdfplumber's extract_words settings, which the words here copy
X_TOLERANCE = 2.0
Y_TOLERANCE = 3.0
LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}
WHITESPACE_CODES = (9, 10, 13, 32)  # pdfium generates these between words and lines
HYPHEN_CODES = (2, 0xFFFE)  # pdfium's code for a hyphen it takes as a hyphenation, per character and in its text
# A ruled table needs a cell: two horizontal and two vertical edges, each at least this long (pdfplumber's
# edge_min_length), this far apart (its snap_tolerance) and touching; past the budgets pdfplumber decides.
EDGE_MIN_LENGTH = 3.0
EDGE_SNAP = 3.0
EDGE_SLANT = 0.01  # how far an edge's ends may differ across it and still be horizontal or vertical
MAX_PATH_SEGMENTS = 5000
MAX_EDGES = 200
MAX_FORM_DEPTH = 8
IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
SPAN_SLACK = 0.05  # points a character's pen position and advance may lie outside pdfium's loose box (rounding)

Char = tuple[str, float, float, float, float]  # text, x0, x1, top, bottom in points from the page's top left
Edge = tuple[bool, float, float, float]  # horizontal?, position across it, start and end along it
Matrix = tuple[float, ...]  # a, b, c, d, e, f
PageObject = tuple[object, int, Matrix]  # pdfium's handle, its type (FPDF_PAGEOBJ_*), the matrix of the forms around it


# --- characters and words ------------------------------------------------------------------------


def textpage_to_chars(textpage: pdfium.PdfTextPage, left: float, top: float, scale: float | None) -> list[Char] | None:
    """The page's characters as pdfminer reports them: pdfium's generated spaces left out, x from the
    glyph's advance, the box one font size (times the text matrix's vertical scale, each character's
    own when `scale` is None) tall above its descent. left/top: the MediaBox's corner.
    None when pdfium has no box for a character or no Unicode for a glyph (it then gives the glyph's
    code as if it were a character): pdfplumber reads such a page, which recovers some glyphs from
    the embedded font and writes the others as "(cid:N)", which the verdict counts as garbage."""
    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    text = textpage.get_text_range()  # one call for every code point, unless pdfium left out or added some
    codes = [ord(char) for char in text] if len(text) == count else [pdfium_c.FPDFText_GetUnicode(raw, i) for i in range(count)]
    generated, unmapped, loose_box, size_of = (pdfium_c.FPDFText_IsGenerated, pdfium_c.FPDFText_HasUnicodeMapError,
                                               pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_GetFontSize)
    kept = [i for i, code in enumerate(codes) if code not in WHITESPACE_CODES or not generated(raw, i)]
    if any([unmapped(raw, i) for i in kept]):
        return None
    box = pdfium_c.FS_RECTF()
    found = [(box.left - left, box.right - left, top - box.bottom) if loose_box(raw, i, box) else None for i in kept]
    boxes = [b for b in found if b is not None]
    if len(boxes) < len(found):
        return None
    if scale is None:
        matrix = pdfium_c.FS_MATRIX()
        sizes = [size_of(raw, i) * (matrix.d if pdfium_c.FPDFText_GetMatrix(raw, i, matrix) else 1.0) for i in kept]
    else:
        sizes = [size_of(raw, i) * scale for i in kept]
    advances = Advances(raw, scale)
    spans = [advances.span(i, codes[i]) for i in kept]
    origins = [span[0] if span else None for span in spans]
    for j, origin in enumerate(origins):  # one glyph pdfium gives as several characters (a ligature): its loose box
        if origin is not None and origin in (origins[j - 1] if j else None, origins[j + 1] if j + 1 < len(origins) else None):
            spans[j] = None
    chars: list[Char] = []
    for i, (x0, x1, bottom), size, span in zip(kept, boxes, sizes, spans):
        code = codes[i]
        # as pdfminer: from the pen position over the glyph's advance, not its ink; the loose box holds
        # both, so an advance outside it is a width the font reported wrongly (the loose box is kept)
        if span is not None and x0 - SPAN_SLACK <= span[0] - left and span[0] - left + span[1] <= x1 + SPAN_SLACK:
            x0, x1 = span[0] - left, span[0] - left + span[1]
        if code in HYPHEN_CODES and pdfium_c.FPDFText_IsHyphen(raw, i):
            char = "-"
        else:
            char = chr(code) if code <= 0x10FFFF else "\ufffd"
            char = LIGATURES.get(char, char)
        chars.append((char, x0, x1, bottom - size, bottom))
    return chars


def _address_function(function: Any, restype: Any, *argtypes: Any) -> Callable[..., Any]:
    """pdfium's `function` declared to take and give plain addresses: its handles can then be dict keys
    without a ctypes cast per character (the bindings' own declarations give pointer objects)."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    if not address:
        raise RuntimeError(f"pdfium has no {function.__name__}")
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


_TEXT_OBJECT = _address_function(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)
_OBJECT_FONT = _address_function(pdfium_c.FPDFTextObj_GetFont, ctypes.c_void_p, ctypes.c_void_p)
_GLYPH_WIDTH = _address_function(pdfium_c.FPDFFont_GetGlyphWidth, ctypes.c_int, ctypes.c_void_p, ctypes.c_uint32, ctypes.c_float,
                                 ctypes.POINTER(ctypes.c_float))


class Advances:
    """Characters' pen positions and advance widths in points, as pdfminer places them: pdfium's
    loose box is the union of the advance and the glyph's ink, so a 'j' or an italic letter reaching
    over its neighbours would close the gap before the next word ('fürjunge'). A font's width for a
    character is looked up once per text object and character."""

    def __init__(self, raw: object, scale: float | None) -> None:
        self.raw, self.scale = raw, scale
        self.objects: dict[int, tuple[int, float, float | None] | None] = {}
        self.widths: dict[tuple[int, int], float | None] = {}
        self.x, self.y = ctypes.c_double(), ctypes.c_double()

    def span(self, index: int, code: int) -> tuple[float, float] | None:
        """The character's origin x (PDF space) and advance width; None when pdfium or the font does not say."""
        handle = _TEXT_OBJECT(self.raw, index)
        if not handle:
            return None
        if handle not in self.objects:
            self.objects[handle] = self._object(handle, index)
        found = self.objects[handle]
        if found is None:
            return None
        if (handle, code) not in self.widths:
            font, size, scale = found
            width = ctypes.c_float()
            ok = _GLYPH_WIDTH(font, code, size, ctypes.byref(width))
            self.widths[(handle, code)] = width.value * scale if ok and scale and width.value > 0 else None
        advance = self.widths[(handle, code)]
        if advance is None or not pdfium_c.FPDFText_GetCharOrigin(self.raw, index, self.x, self.y):
            return None
        return self.x.value, advance

    def _object(self, handle: int, index: int) -> tuple[int, float, float | None] | None:
        font = _OBJECT_FONT(handle)
        if not font:
            return None
        scale = self.scale
        if scale is None:  # the horizontal scale of the character's text matrix, unless it is turned
            matrix = pdfium_c.FS_MATRIX()
            scale = matrix.a if pdfium_c.FPDFText_GetMatrix(self.raw, index, matrix) and matrix.b == 0 else None
        return font, pdfium_c.FPDFText_GetFontSize(self.raw, index), scale


def chars_to_words(chars: list[Char], width: float, height: float, x_tolerance: float = X_TOLERANCE,
                   y_tolerance: float = Y_TOLERANCE) -> list[Word]:
    """Words as pdfplumber's extract_words forms them: characters clustered into lines by their top,
    sorted by x; a space, a step back, a gap over x_tolerance or a jump in top starts a new word.
    Boxes as fractions of the page's width and height."""
    tops = sorted({char[3] for char in chars})
    line_of = dict.fromkeys(tops, 0)
    for previous, value in zip(tops, tops[1:]):
        line_of[value] = line_of[previous] + (value > previous + y_tolerance)
    words: list[list[Char]] = []
    current: list[Char] = []
    line = -1
    for char in sorted(chars, key=lambda c: (line_of[c[3]], c[1])):
        if char[0].isspace():
            current = []
            continue
        if current and line_of[char[3]] == line:
            last = current[-1]
            if last[1] <= char[1] <= last[2] + x_tolerance and abs(char[3] - last[3]) <= y_tolerance:
                current.append(char)
                continue
        line = line_of[char[3]]
        current = [char]
        words.append(current)
    out = []
    for word in words:
        texts, x0s, x1s, word_tops, bottoms = zip(*word)
        out.append(Word("".join(texts), BBox(x0s[0] / width, min(word_tops) / height, max(x1s) / width, max(bottoms) / height)))
    return out


def single_to_decimal(value: float) -> float:
    """A number pdfium keeps in single precision as the shortest decimal standing for it, as the PDF
    (and pdfplumber) has it: 595.2756, not 595.2755737304688."""
    single = struct.unpack("f", struct.pack("f", value))[0]
    for digits in range(6, 10):
        decimal = float(f"{value:.{digits}g}")
        if struct.unpack("f", struct.pack("f", decimal))[0] == single:
            return decimal
    return value


# --- the page's objects: images, text orientation, ruled lines -----------------------------------


def page_to_objects(page: pdfium.PdfPage) -> list[PageObject]:
    """Every object of the page, also those inside form XObjects. The handles are valid only while
    the page is open: keep a reference to it."""
    objects: list[PageObject] = []
    stack: list[tuple[object, Matrix, int]] = [(page.raw, IDENTITY, 0)]
    while stack:
        container, outer, depth = stack.pop()
        if depth == 0:
            handles = [pdfium_c.FPDFPage_GetObject(container, i) for i in range(pdfium_c.FPDFPage_CountObjects(container))]
        else:
            handles = [pdfium_c.FPDFFormObj_GetObject(container, i) for i in range(pdfium_c.FPDFFormObj_CountObjects(container))]
        for handle in handles:
            kind = pdfium_c.FPDFPageObj_GetType(handle)
            objects.append((handle, kind, outer))
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
                stack.append((handle, object_to_matrix(handle, outer), depth + 1))
    return objects


def object_to_matrix(handle: object, outer: Matrix) -> Matrix:
    """The object's matrix on the page: its own, then the one of the forms around it."""
    m = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFPageObj_GetMatrix(handle, m)
    a, b, c, d, e, f = outer
    return (m.a * a + m.b * c, m.a * b + m.b * d, m.c * a + m.d * c, m.c * b + m.d * d, m.e * a + m.f * c + e, m.e * b + m.f * d + f)


def objects_to_image_sizes(objects: list[PageObject]) -> list[tuple[int, int]]:
    """Pixel sizes of the images, from their dictionaries: nothing is decoded."""
    width, height = ctypes.c_uint(), ctypes.c_uint()
    sizes = []
    for handle, kind, _ in objects:
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE and pdfium_c.FPDFImageObj_GetImagePixelSize(handle, width, height):
            sizes.append((width.value, height.value))
    return sizes


def objects_to_text_scales(objects: list[PageObject]) -> set[float] | None:
    """The vertical scales of the text objects' matrices (the glyphs are font size times this tall);
    None when some text is not upright: turned, mirrored or slanted."""
    scales = set()
    for handle, kind, outer in objects:
        if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
            a, b, c, d, _, _ = object_to_matrix(handle, outer)
            if b or c or a <= 0 or d <= 0:
                return None
            scales.add(d)
    return scales


def objects_to_edges(objects: list[PageObject]) -> list[Edge] | None:
    """The horizontal and vertical straight segments of the paths (rectangle sides too) at least
    EDGE_MIN_LENGTH long, in page space; None past MAX_PATH_SEGMENTS segments."""
    edges: list[Edge] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    budget = MAX_PATH_SEGMENTS
    for handle, kind, outer in objects:
        if kind != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        count = pdfium_c.FPDFPath_CountSegments(handle)
        budget -= count
        if budget < 0:
            return None
        a, b, c, d, e, f = object_to_matrix(handle, outer)
        start = previous = None
        for i in range(count):
            segment = pdfium_c.FPDFPath_GetPathSegment(handle, i)
            pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
            point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
            segment_kind = pdfium_c.FPDFPathSegment_GetType(segment)
            if segment_kind == pdfium_c.FPDF_SEGMENT_MOVETO:
                start = point
            elif segment_kind == pdfium_c.FPDF_SEGMENT_LINETO and previous is not None:
                edges += _segment_to_edges(previous, point)
            if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
                edges += _segment_to_edges(point, start)
            previous = point
    return edges


def _segment_to_edges(p: tuple[float, float], q: tuple[float, float]) -> list[Edge]:
    dx, dy = abs(q[0] - p[0]), abs(q[1] - p[1])
    if dy <= EDGE_SLANT and dx >= EDGE_MIN_LENGTH:
        return [(True, p[1], min(p[0], q[0]), max(p[0], q[0]))]
    if dx <= EDGE_SLANT and dy >= EDGE_MIN_LENGTH:
        return [(False, p[0], min(p[1], q[1]), max(p[1], q[1]))]
    return []


def edges_to_ruled_table(edges: list[Edge] | None) -> bool:
    """Whether the edges may form a ruled table: two horizontal and two vertical edges that cross or
    touch each other (a cell). Underlines, signature lines and the strokes of a signature (some of
    them exactly vertical) form none. None (too many segments to look at) may."""
    if edges is None:
        return True
    across = [edge for edge in edges if edge[0]]
    down = [edge for edge in edges if not edge[0]]
    if len(across) > MAX_EDGES or len(down) > MAX_EDGES:
        return True
    crossed = [(h[1], {j for j, v in enumerate(down) if _touch(h, v)}) for h in across]
    crossed = [(y, js) for y, js in crossed if len(js) >= 2]
    for i, (y, js) in enumerate(crossed):
        for other_y, other_js in crossed[i + 1 :]:
            xs = sorted(down[j][1] for j in js & other_js)
            if abs(y - other_y) > EDGE_SNAP and xs and xs[-1] - xs[0] > EDGE_SNAP:
                return True
    return False


def _touch(h: Edge, v: Edge) -> bool:
    return h[2] - EDGE_SNAP <= v[1] <= h[3] + EDGE_SNAP and v[2] - EDGE_SNAP <= h[1] <= v[3] + EDGE_SNAP
