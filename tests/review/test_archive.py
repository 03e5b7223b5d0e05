"""Archival outputs of a scanned sample: the searchable PDF gives back the words of the sample's
truth text through pdftotext, and the ALTO pages hold every OCR word with box and confidence.
(The ALTO pages are validated against the ALTO 4.2 XSD kept in tests/resources/alto.) The searchable PDF is
checked as a PDF/A-2b file with what is available offline: qpdf's structure check through pikepdf, the XMP
identification, the output intent, the Info dictionary against the XMP, and pdffonts for embedded fonts."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from conftest import SAMPLES
from extract.ingest.pipeline import RunOptions, run
from extract.review.archive import ALTO_NS

SCANS = ("seed_000_scan.pdf", "2022_06533_scan.pdf")


def words(text: str) -> Counter[str]:
    return Counter(re.findall(r"[\wÄÖÜäöüß]+", text))


@pytest.fixture(scope="module")
def archived(tmp_path_factory: pytest.TempPathFactory) -> Path:
    inbox = tmp_path_factory.mktemp("inbox")
    for name in SCANS:
        shutil.copy(SAMPLES / name, inbox / name)
    out = tmp_path_factory.mktemp("out")
    run([inbox], out, options=RunOptions(jobs=2, archive=True))
    return out


@pytest.mark.parametrize("name", SCANS)
def test_searchable_pdf_gives_back_the_words_of_the_truth_text(archived: Path, name: str) -> None:
    folder = next((archived / "archive").glob(f"{Path(name).stem}-*"))
    text = subprocess.run(["pdftotext", "-layout", str(folder / "document.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    truth = words(json.loads((SAMPLES / name).with_suffix(".expected.json").read_text(encoding="utf-8"))["truth_text"])
    found = words(text)
    recall = sum((truth & found).values()) / sum(truth.values())
    assert recall >= 0.95, recall


@pytest.mark.parametrize("name", SCANS)
def test_alto_pages_hold_every_word_with_box_and_confidence(archived: Path, name: str) -> None:
    folder = next((archived / "archive").glob(f"{Path(name).stem}-*"))
    pages = sorted(folder.glob("page-*.alto.xml"))
    info = subprocess.run(["pdfinfo", str(SAMPLES / name)], capture_output=True, text=True, check=True).stdout
    pdf_pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert len(pages) == pdf_pages
    for path in pages:
        root = ET.parse(path).getroot()
        assert root.tag == f"{{{ALTO_NS}}}alto"
        page = root.find(f".//{{{ALTO_NS}}}Page")
        width, height = int(page.get("WIDTH")), int(page.get("HEIGHT"))
        strings = root.findall(f".//{{{ALTO_NS}}}String")
        assert len(strings) > 20
        for string in strings:
            assert string.get("CONTENT")
            assert 0.0 <= float(string.get("WC")) <= 1.0
            x, y, w, h = (int(string.get(k)) for k in ("HPOS", "VPOS", "WIDTH", "HEIGHT"))
            assert 0 <= x and x + w <= width + 1 and 0 <= y and y + h <= height + 1


@pytest.mark.parametrize("name", SCANS)
def test_alto_pages_of_a_scan_validate_against_the_alto_schema(archived: Path, name: str) -> None:
    from lxml import etree

    schema = etree.XMLSchema(file=str(Path(__file__).parents[1] / "resources" / "alto" / "alto-4-2.xsd"))
    folder = next((archived / "archive").glob(f"{Path(name).stem}-*"))
    for path in sorted(folder.glob("page-*.alto.xml")):
        document = etree.parse(str(path))
        assert schema.validate(document), (path.name, schema.error_log)
        assert len(document.findall(f".//{{{ALTO_NS}}}TextBlock")) > 1, f"{path.name}: one block for the whole page"


def embedded_fonts(pdf: Path) -> list[tuple[str, str]]:
    """(name, emb) of every font pdffonts lists."""
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    return [(line.split()[0], line.split()[-5]) for line in listing if line.strip()]


@pytest.mark.parametrize("name", SCANS)
def test_searchable_pdf_is_pdfa_2b_with_every_font_embedded(archived: Path, name: str) -> None:
    import pikepdf

    document = next((archived / "archive").glob(f"{Path(name).stem}-*")) / "document.pdf"
    header = document.read_bytes()[:20].split(b"\n")
    assert header[0] == b"%PDF-1.7" and all(byte > 127 for byte in header[1][1:5])  # the binary comment
    fonts = embedded_fonts(document)
    assert fonts and all(emb == "yes" for _, emb in fonts), fonts
    with pikepdf.open(document) as pdf:
        assert pdf.check_pdf_syntax() == []  # qpdf's structure check
        assert pdf.pdf_version <= "1.7" and pdf.trailer.get("/ID") is not None
        meta = pdf.open_metadata()
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("2", "B")
        assert pdf.Root.Metadata.get("/Filter") is None  # the XMP stays readable as it is
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1"
        profile = intent.DestOutputProfile.read_bytes()
        assert intent.DestOutputProfile.N == 3 and profile[36:40] == b"acsp" and profile[16:20] == b"RGB "
        assert profile[12:16] in (b"mntr", b"prtr") and profile[8] < 5  # a monitor or printer profile, ICC version below 5
        # the widths the PDF declares are the widths of the embedded font program (veraPDF rule 6.2.11.5)
        for font in (pdf.pages[0].Resources.Font[name] for name in pdf.pages[0].Resources.Font.keys()):
            (cid_font,) = font.DescendantFonts
            program = TTFont(io.BytesIO(cid_font.FontDescriptor.FontFile2.read_bytes()))
            assert {width for width, _ in program["hmtx"].metrics.values()} == {int(cid_font.DW)}
        # the Info dictionary says what the XMP says
        assert str(pdf.docinfo["/Title"]) == meta["dc:title"]
        assert str(pdf.docinfo["/Creator"]) == meta["xmp:CreatorTool"] and str(pdf.docinfo["/Producer"]) == meta["pdf:Producer"]
        created = pikepdf.models.metadata.decode_pdf_date(str(pdf.docinfo["/CreationDate"]))
        assert created.isoformat() == meta["xmp:CreateDate"]
        truth = json.loads((SAMPLES / name).with_suffix(".expected.json").read_text(encoding="utf-8"))["agreement"]
        assert str(truth["year"]) in meta["dc:title"] and truth["district_name"] in meta["dc:title"]
