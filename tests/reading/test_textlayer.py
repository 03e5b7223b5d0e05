"""pdfium reads the text layer (extract/textlayer.py) as pdfplumber did: the same words and lines on
the samples, pdfplumber still reading the pages with ruled tables, garbage layers still garbage,
image bombs refused, and files pdfium cannot open failing as they did."""

from __future__ import annotations

import random
import zlib
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
import reportlab
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.ttfonts import TTFontFile
from reportlab.pdfgen import canvas

import extract.reading.load
from conftest import SAMPLES
from extract.errors import LoadError
from extract.model import CELL_LINE_BREAK
from extract.reading.load import (
    check_pdf_header,
    pdf_to_text_layer_pages,
    pdfium_page_to_layer_page,
    plumber_page_to_layer_page,
    plumber_pdf_to_layer_pages,
)
from extract.reading.textlayer import (
    X_TOLERANCE,
    Y_TOLERANCE,
    Char,
    chars_to_words,
    edges_to_ruled_table,
    objects_to_edges,
    page_to_objects,
    single_to_decimal,
    textpage_to_chars,
)
from extract.settings import Settings
from helpers import settings
from resources.make_resources import raw_pdf

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
DIGITAL = sorted(p.name for p in SAMPLES.glob("*_digital.pdf"))
GERMAN = ["Das Hessische Ministerium fuer Arbeit, Integration, Jugend und Soziales stellt dem",
          "Landkreis Offenbach im Jahr 2024 Haushaltsmittel zur Verfuegung."]
VERA = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"


# --- pdfium and pdfplumber on the samples ---------------------------------------------------------


def _ruled_tables(page: pdfplumber.page.Page) -> int:
    return len([t for t in page.find_tables() if len(t.columns) >= 2 and len(t.rows) >= 1])


@pytest.mark.parametrize("name", [pytest.param(n, marks=[pytest.mark.slow] if i % 8 else []) for i, n in enumerate(DIGITAL)])
def test_pdfium_reads_every_sample_page_as_pdfplumber(name: str) -> None:
    """Per page, ruled tables included: pdfium's lines are pdfplumber's (text, table columns,
    verdict), and a page with a ruled table gets its table rows (tab-separated cells) as from find_tables."""
    path = SAMPLES / name
    pdf = pdfium.PdfDocument(str(path))
    try:
        with pdfplumber.open(path) as plumber:
            assert len(plumber.pages) == len(pdf)
            for index, page in enumerate(plumber.pages):
                expected = plumber_page_to_layer_page(page, index + 1, settings())
                layer = pdfium_page_to_layer_page(pdf, index, settings())
                assert layer is not None, f"page {index + 1}: pdfium must read it"
                assert [(line.text, line.columns) for line in layer.lines] == [(line.text, line.columns) for line in expected.lines]
                assert layer.verdict == expected.verdict
                assert (layer.number, layer.width, layer.height) == (expected.number, expected.width, expected.height)
                if _ruled_tables(page):
                    assert any("\t" in line.text for line in layer.lines)
    finally:
        pdf.close()


def test_pdfium_words_are_pdfplumbers_words(tmp_path: Path) -> None:
    """Word texts and boxes (within a point; pdfium takes the descent from its own font metrics)."""
    path = SAMPLES / "seed_001_digital.pdf"
    pdf = pdfium.PdfDocument(str(path))
    try:
        with pdfplumber.open(path) as plumber:
            for index, page in enumerate(plumber.pages):
                expected = page.extract_words(x_tolerance=X_TOLERANCE, y_tolerance=Y_TOLERANCE)
                pdfium_page = pdf[index]
                left, bottom, right, top = pdfium_page.get_mediabox()
                chars = textpage_to_chars(pdfium_page.get_textpage(), left, top, 1.0)
                assert chars is not None
                words = chars_to_words(chars, 1.0, 1.0)
                key = lambda w: (round(w[1]), w[0])  # noqa: E731 - top, then x
                want = sorted(((w["text"], w["top"], w["x0"], w["x1"], w["bottom"]) for w in expected), key=key)
                got = sorted(((w.text, w.bbox.y0, w.bbox.x0, w.bbox.x1, w.bbox.y1) for w in words), key=key)
                assert [w[0] for w in got] == [w[0] for w in want]
                for g, w in zip(got, want):
                    assert all(abs(a - b) < 1.0 for a, b in zip(g[1:], w[1:])), (g, w)
    finally:
        pdf.close()


def test_ruled_table_pages_are_read_without_pdfplumber(monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[int] = []
    original = extract.reading.load.plumber_page_to_layer_page

    def spy(page: pdfplumber.page.Page, number: int, settings: Settings) -> extract.reading.load.TextLayerPage:
        read.append(number)
        return original(page, number, settings)

    monkeypatch.setattr(extract.reading.load, "plumber_page_to_layer_page", spy)
    pages = pdf_to_text_layer_pages(SAMPLES / "2021_06435_digital.pdf", settings())
    assert read == []
    assert [p.number for p in pages] == [1, 2, 3]
    assert any("\t" in line.text for line in pages[1].lines)  # the table's rows, found from pdfium's drawing


# --- the ruled-table detector ----------------------------------------------------------------------


def _detects_table(path: Path, page: int = 0) -> bool:
    pdf = pdfium.PdfDocument(str(path))
    try:
        pdfium_page = pdf[page]  # the objects' handles live as long as their page
        return edges_to_ruled_table(objects_to_edges(page_to_objects(pdfium_page)))
    finally:
        pdf.close()


@pytest.mark.parametrize(("name", "page"), [("2016_06535_digital.pdf", 2), ("2021_06435_digital.pdf", 2), ("2021_06435_digital.pdf", 3)])
def test_detector_sees_the_ruled_tables_of_the_samples(name: str, page: int) -> None:
    assert _detects_table(SAMPLES / name, page - 1)


@pytest.mark.parametrize(("name", "page"), [("2013_06413_digital.pdf", 1), ("2015_06437_digital.pdf", 3), ("2013_06440_digital.pdf", 3),
                                            ("2019_06414_digital.pdf", 4), ("2026_06532_digital.pdf", 4)])
def test_detector_ignores_rules_signature_lines_and_signatures(name: str, page: int) -> None:
    """Pages with a rule under the letterhead, signature lines, and signatures drawn as paths."""
    assert not _detects_table(SAMPLES / name, page - 1)


def _drawing(path: Path, draw) -> Path:  # type: ignore[no-untyped-def]
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.drawString(72, 780, GERMAN[0])
    draw(pdf)
    pdf.showPage()
    pdf.save()
    return path


@pytest.mark.parametrize(("draw", "table"), [
    (lambda c: c.line(72, 700, 300, 700), False),  # an underline
    (lambda c: c.rect(72, 700, 228, 0.5, stroke=0, fill=1), False),  # an underline drawn as a thin filled box
    (lambda c: (c.line(72, 600, 250, 600), c.line(320, 600, 500, 600), c.line(100, 590, 100, 640)), False),  # signature lines, a stroke
    (lambda c: (c.line(72, 600, 500, 600), c.line(72, 560, 500, 560)), False),  # horizontal rules only
    (lambda c: c.grid([72, 250, 500], [500, 530, 560]), True),  # a ruled table
    (lambda c: c.rect(72, 500, 300, 100), True),  # a framed box: one cell for pdfplumber to try
    (lambda c: [c.rect(72 + 100 * i, 500, 99.5, 20, stroke=0, fill=1) for i in range(3)], True),  # shaded cells
], ids=["underline", "thin box", "signatures", "rules", "grid", "frame", "shaded cells"])
def test_detector_on_drawings(tmp_path: Path, draw, table: bool) -> None:  # type: ignore[no-untyped-def]
    assert _detects_table(_drawing(tmp_path / "drawing.pdf", draw)) is table


def test_detector_on_edges() -> None:
    cell = [(True, 100.0, 50.0, 300.0), (True, 130.0, 50.0, 300.0), (False, 50.0, 100.0, 130.0), (False, 300.0, 100.0, 130.0)]
    assert edges_to_ruled_table(cell)
    assert not edges_to_ruled_table(cell[:3])
    assert not edges_to_ruled_table([(True, 100.0, 50.0, 300.0), (True, 101.0, 50.0, 300.0), *cell[2:]])  # one snapped line
    apart = [(True, 100.0, 50.0, 300.0), (True, 130.0, 50.0, 300.0), (False, 400.0, 100.0, 130.0), (False, 500.0, 100.0, 130.0)]
    assert not edges_to_ruled_table(apart)  # vertical edges right of the horizontal ones
    assert edges_to_ruled_table(None)  # too much to look at: pdfplumber decides


# --- words from characters -------------------------------------------------------------------------


def _char(text: str, x0: float, top: float = 100.0, width: float = 5.0) -> Char:
    return (text, x0, x0 + width, top, top + 10.0)


def test_words_split_at_spaces_and_gaps() -> None:
    chars = [_char("a", 10), _char("b", 15), _char(" ", 20), _char("e", 20.5), _char("c", 25), _char("d", 30 + X_TOLERANCE + 0.1)]
    assert [w.text for w in chars_to_words(chars, 1.0, 1.0)] == ["ab", "ec", "d"]


def test_words_are_pdfplumbers_on_random_characters() -> None:
    """chars_to_words against pdfplumber's own WordExtractor on scattered, overlapping characters."""
    from pdfplumber.utils.text import WordExtractor

    rng = random.Random(7)
    for _ in range(200):
        chars = [(rng.choice("ab ."), rng.uniform(0, 60), 0.0, rng.choice([10.0, 11.0, 12.5, 14.0, 20.0]) + rng.choice([0, 0, 0.4]), 0.0)
                 for _ in range(rng.randrange(1, 40))]
        chars = [(t, x0, x0 + rng.uniform(0.5, 6), top, top + 10) for t, x0, _, top, _ in chars]
        dicts = [{"text": t, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top, "upright": True}
                 for t, x0, x1, top, bottom in chars]
        want = WordExtractor(x_tolerance=X_TOLERANCE, y_tolerance=Y_TOLERANCE).extract_words(dicts)
        got = chars_to_words(chars, 1.0, 1.0)
        assert [(w.text, w.bbox.x0, w.bbox.y0, w.bbox.x1, w.bbox.y1) for w in got] == \
            [(w["text"], w["x0"], w["top"], w["x1"], w["bottom"]) for w in want]


def test_words_cluster_lines_by_top_and_sort_by_x() -> None:
    chars = [_char("b", 15, top=101.0), _char("a", 10, top=100.0), _char("z", 10, top=100.0 + 2 * Y_TOLERANCE)]
    words = chars_to_words(chars, 200.0, 400.0)
    assert [w.text for w in words] == ["ab", "z"]
    assert words[0].bbox.x0 == 10 / 200 and words[0].bbox.y0 == 100 / 400 and words[0].bbox.y1 == 111 / 400


def test_single_precision_numbers_become_the_decimals_of_the_pdf() -> None:
    assert single_to_decimal(595.2755737304688) == 595.2756
    assert single_to_decimal(841.8897705078125) == 841.8898
    assert single_to_decimal(842.0) == 842.0


# --- fonts and matrices ------------------------------------------------------------------------------


def _pdf(path: Path, content: bytes, font: list[bytes] | None = None, page: bytes = b"/MediaBox [0 0 595 842]") -> Path:
    """One page showing `content` with /F1 (Helvetica unless `font` gives the font's objects, 5 0 R first)."""
    font = font or [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R %s /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>" % page,
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content), *font]
    path.write_bytes(raw_pdf(objects))
    return path


def _lines_both_ways(path: Path) -> tuple[list[str], list[str]]:
    (layer,) = pdf_to_text_layer_pages(path, settings())
    (expected,) = plumber_pdf_to_layer_pages(path, settings())
    return [line.text for line in layer.lines], [line.text for line in expected.lines]


def _heights(path: Path) -> set[float]:
    (layer,) = pdf_to_text_layer_pages(path, settings())
    return {round((w.bbox.y1 - w.bbox.y0) * layer.height, 3) for line in layer.lines for w in line.words}


def test_text_scaled_by_its_matrix_is_as_tall_as_drawn(tmp_path: Path) -> None:
    """Font size 1 in a text matrix scaled 11: glyphs 11 points tall, as pdfplumber has them."""
    scaled = b"BT /F1 1 Tf 11 0 0 11 72 750 Tm (%s) Tj 0 -1.4 Td (%s) Tj ET" % tuple(line.encode() for line in GERMAN)
    path = _pdf(tmp_path / "scaled.pdf", scaled)
    assert _heights(path) == {11.0}
    mixed = _pdf(tmp_path / "mixed.pdf", scaled + b" BT /F1 9 Tf 72 600 Td (Seite 1 von 3) Tj ET")
    assert _heights(mixed) == {11.0, 9.0}
    lines, expected = _lines_both_ways(mixed)
    assert lines == expected == [*GERMAN, "Seite 1 von 3"]


def test_offset_media_box_boxes_are_from_the_page_corner(tmp_path: Path) -> None:
    content = b"BT /F1 11 Tf 172 850 Td (%s) Tj 0 -14 Td (%s) Tj ET" % tuple(line.encode() for line in GERMAN)
    path = _pdf(tmp_path / "offset.pdf", content, page=b"/MediaBox [100 100 695 942]")
    (layer,) = pdf_to_text_layer_pages(path, settings())
    (expected,) = plumber_pdf_to_layer_pages(path, settings())
    assert (layer.width, layer.height) == (expected.width, expected.height) == (595, 842)
    assert [line.text for line in layer.lines] == [line.text for line in expected.lines] == GERMAN
    # pdfium's boxes are from the page's corner (72 pt in, 92 pt down); pdfplumber's are off by the corner's offset
    first, want = layer.lines[0].words[0].bbox, expected.lines[0].words[0].bbox
    assert abs(first.x0 * 595 - 72) < 0.01 and abs(first.x0 * 595 + 100 - want.x0 * 595) < 0.01
    assert abs(first.y1 * 842 - 100 - want.y1 * 842) < 1


@pytest.mark.parametrize("turn", [b"/Rotate 90", b"turned text"])
def test_turned_pages_and_text_are_read_by_pdfplumber(tmp_path: Path, turn: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    text = b"BT /F1 11 Tf 72 750 Td (%s) Tj 0 -14 Td (%s) Tj ET" % tuple(line.encode() for line in GERMAN)
    if turn == b"turned text":
        path = _pdf(tmp_path / "turned.pdf", text + b" BT /F1 8 Tf 0 1 -1 0 30 300 Tm (Az. 12-34) Tj ET")
    else:
        path = _pdf(tmp_path / "turned.pdf", text, page=b"/MediaBox [0 0 595 842] " + turn)
    read: list[int] = []
    original = extract.reading.load.plumber_page_to_layer_page
    spy = lambda page, number, s: read.append(number) or original(page, number, s)  # noqa: E731
    monkeypatch.setattr(extract.reading.load, "plumber_page_to_layer_page", spy)
    lines, expected = _lines_both_ways(path)
    assert read[0] == 1
    assert lines == expected


def _type0(text: list[str], embedded: bool) -> tuple[bytes, list[bytes]]:
    """Text in a Type0 font (Identity-H: glyph ids as codes) without /ToUnicode, the TrueType font embedded or not."""
    ttf = TTFontFile(str(VERA))
    shown = b" ".join(b"<%s> Tj T*" % "".join(f"{ttf.charToGlyph[ord(c)]:04X}" for c in line).encode() for line in text)
    data = VERA.read_bytes()
    descriptor = b"/FontFile2 8 0 R" if embedded else b""
    font = [b"<< /Type /Font /Subtype /Type0 /BaseFont /Vera /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Vera /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) "
            b"/Supplement 0 >> /FontDescriptor 7 0 R /DW 600 /CIDToGIDMap /Identity >>",
            b"<< /Type /FontDescriptor /FontName /Vera /Flags 32 /FontBBox [-183 -236 1287 928] /ItalicAngle 0 /Ascent 928 "
            b"/Descent -236 /CapHeight 700 /StemV 80 %s >>" % descriptor,
            b"<< /Length %d /Length1 %d >>\nstream\n%s\nendstream" % (len(data), len(data), data)]
    return b"BT /F1 11 Tf 14 TL 72 750 Td " + shown + b" ET", font


def test_glyphs_without_unicode_leave_the_page_to_pdfplumber(tmp_path: Path) -> None:
    """pdfium gives an unmapped glyph's code (here its glyph id) as if it were a character; such pages
    go to pdfplumber, which writes "(cid:N)": the verdict still sees a garbage layer."""
    content, font = _type0(GERMAN, embedded=False)
    path = _pdf(tmp_path / "garbage.pdf", content, font)
    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[0]
        assert textpage_to_chars(page.get_textpage(), 0, 842, 1.0) is None
    finally:
        pdf.close()
    (layer,) = pdf_to_text_layer_pages(path, settings())
    assert "(cid:" in layer.lines[0].text
    assert not layer.verdict.usable and layer.verdict.reason.startswith("garbage text layer (")


def test_glyphs_pdfplumber_recovers_from_the_embedded_font_stay_readable(tmp_path: Path) -> None:
    content, font = _type0(GERMAN, embedded=True)
    lines, expected = _lines_both_ways(_pdf(tmp_path / "recovered.pdf", content, font))
    assert lines == expected == GERMAN


def test_one_unmapped_glyph_reads_as_pdfplumber_reads_it(tmp_path: Path) -> None:
    """reportlab's TrueType subset without its /ToUnicode: "ü" has no Unicode any more."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("VeraTest", str(VERA)))
    source = tmp_path / "vera.pdf"
    pdf = canvas.Canvas(str(source), pageCompression=0, invariant=1)
    pdf.setFont("VeraTest", 11)
    pdf.drawString(72, 750, "Das Hessische Ministerium für Arbeit, Integration, Jugend und Soziales")
    pdf.showPage()
    pdf.save()
    path = tmp_path / "no_unicode.pdf"
    path.write_bytes(source.read_bytes().replace(b"/ToUnicode", b"/ToUnicodX"))
    lines, expected = _lines_both_ways(path)
    assert lines == expected
    assert "(cid:" in lines[0]


# --- image bombs and hostile files --------------------------------------------------------------------


def _image_pdf(path: Path, pixels: int, in_form: bool) -> Path:
    stream = zlib.compress(b"\xff" * ((pixels + 7) // 8) * pixels)
    content = b"q 200 0 0 200 72 500 cm /Im0 Do Q BT /F1 11 Tf 72 750 Td (%s) Tj ET" % GERMAN[0].encode()
    form = b"q /Fm0 Do Q BT /F1 11 Tf 72 750 Td (%s) Tj ET" % GERMAN[0].encode()
    image = (b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 1 "
             b"/Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream" % (pixels, pixels, len(stream), stream))
    xobjects = b"/Fm0 7 0 R" if in_form else b"/Im0 6 0 R"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> /XObject << %s >> >> "
               b"/Contents 4 0 R >>" % xobjects,
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(form if in_form else content), form if in_form else content),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>", image,
               b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /Im0 6 0 R >> >> /Length 31 >>\n"
               b"stream\nq 200 0 0 200 72 500 cm /Im0 Do Q\nendstream"]
    path.write_bytes(raw_pdf(objects))
    return path


@pytest.mark.parametrize("in_form", [False, True], ids=["on the page", "inside a form"])
def test_image_bomb_is_refused_from_the_image_dictionary(tmp_path: Path, in_form: bool) -> None:
    path = _image_pdf(tmp_path / "bomb.pdf", 300, in_form)
    limit = Settings(max_image_pixels=50_000)
    message = "page 1: image too large (300x300 pixels, limit 50,000)"
    with pytest.raises(LoadError) as caught:
        pdf_to_text_layer_pages(path, limit)
    assert str(caught.value) == message
    with pytest.raises(LoadError) as by_pdfplumber:
        plumber_pdf_to_layer_pages(path, limit)
    assert str(by_pdfplumber.value) == message
    assert pdf_to_text_layer_pages(path, Settings(max_image_pixels=90_000))[0].verdict.usable


@pytest.mark.parametrize("name", sorted(p.name for p in RESOURCES.glob("*.pdf")))
def test_hostile_files_end_as_they_did_with_pdfplumber(name: str) -> None:
    """The same pages and verdicts, or the same LoadError, as pdfplumber alone gives."""
    path = RESOURCES / name

    def outcome(read) -> object:  # type: ignore[no-untyped-def]
        try:
            return [(p.number, p.verdict, [line.text for line in p.lines]) for p in read(path, settings())]
        except LoadError as e:
            return f"LoadError: {e}"

    def pdfplumber_alone(path: Path, settings: Settings) -> tuple:
        check_pdf_header(path)
        return plumber_pdf_to_layer_pages(path, settings)

    assert outcome(pdf_to_text_layer_pages) == outcome(pdfplumber_alone)


def test_hostile_messages() -> None:
    for name, message in [("password_protected.pdf", "password-protected PDF"), ("no_pages.pdf", "PDF has no pages"),
                          ("empty.pdf", "empty file (0 bytes)")]:
        with pytest.raises(LoadError) as caught:
            pdf_to_text_layer_pages(RESOURCES / name, settings())
        assert str(caught.value) == message


def test_a_drawn_table_reads_as_pdfplumber_reads_it(tmp_path: Path) -> None:
    """A ruled two-column table drawn with lines and a cell with wrapped text: pdfium's reading of
    it (pdfplumber's table algorithm on pdfium's edges) equals pdfplumber's own."""
    path = tmp_path / "table.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont("Helvetica", 10)
    pdf.drawString(72, 780, "Die Stadt finanziert folgende Projekte:")
    xs, ys = (72, 250, 520), (760, 735, 690, 665)
    for x in xs:
        pdf.line(x, ys[0], x, ys[-1])
    for y in ys:
        pdf.line(xs[0], y, xs[-1], y)
    cells = [("Maßnahmenart", "Projekt"), ("Ausbildungsvorbereitung", "Lernwerkstatt"), ("Sonstiges", "BASS 2026")]
    for (left, right), y in zip(cells, (745, 720, 675)):
        pdf.drawString(xs[0] + 4, y, left)
        pdf.drawString(xs[1] + 4, y, right)
    pdf.drawString(xs[1] + 4, 705, "Mädchen in MINT-Berufe")  # a second line the writer began: the first had room for it
    pdf.drawString(72, 640, "Die Förderung erfolgt nach den Richtlinien.")
    pdf.showPage()
    pdf.save()
    document = pdfium.PdfDocument(str(path))
    try:
        layer = pdfium_page_to_layer_page(document, 0, settings())
    finally:
        document.close()
    with pdfplumber.open(path) as plumber:
        expected = plumber_page_to_layer_page(plumber.pages[0], 1, settings())
    assert layer is not None
    assert [line.text for line in layer.lines] == [line.text for line in expected.lines]
    assert f"Ausbildungsvorbereitung\tLernwerkstatt{CELL_LINE_BREAK}Mädchen in MINT-Berufe" in [line.text.strip() for line in layer.lines]


@pytest.mark.parametrize("font", ["Times-Roman", "Times-Italic", "Helvetica-Oblique"])
def test_words_placed_one_by_one_stay_apart_where_a_glyph_reaches_over(tmp_path: Path, font: str) -> None:
    """A word processor that places each word by itself leaves one space's advance between words;
    a 'j' reaching left of its pen position, or an italic letter reaching right, must not close that
    gap (pdfium's loose box holds the ink: 'fürjunge'). Words as pdfplumber has them, both ways."""
    line = "Berufsorientierung für junge Geflüchtete auf jeden Fall"
    path = tmp_path / "words.pdf"
    page = canvas.Canvas(str(path), pagesize=A4)
    page.setFont(font, 10.5)
    x = 72.0
    for word in line.split():
        page.drawString(x, 700, word)
        x += page.stringWidth(word + " ", font, 10.5)
    page.save()
    lines, expected = _lines_both_ways(path)
    assert lines == expected == [line]
