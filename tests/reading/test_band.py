"""Signing lines under seals and signatures: the ink lighter than the print dropped, the lines of print
found in a band by their rows, each read alone; on a cropped stamped page and on a generated stamped
agreement run through the pipeline."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extract.extraction.signature_band import line_hits, merge
from extract.ingest.process import process_file
from extract.model import BBox
from extract.reading.band import BAND_READINGS, text_rows
from extract.reading.inks import drop_lighter_ink, levels
from extract.reading.reread import PageReader
from extract.settings import Settings
from helpers import agreement_text, context_of

ROOT = Path(__file__).resolve().parents[2]
# the signing band of a generated agreement's last page scanned with gray seals over both signing lines and a
# signature's strokes through them (samples/generator/scan_axes.py 'stamps'): 'Wiesbaden, den 28.7.2020' and
# 'Wetzlar, den 4.9.2020' on rows 103-142; the page's own OCR read neither line
BAND = ROOT / "tests" / "resources" / "stamps" / "signing_band.png"
LINE_ROWS = (103, 142)


def test_the_seals_lighter_ink_is_dropped_and_the_print_kept() -> None:
    image = Image.open(BAND)
    gray = np.asarray(image)
    dropped = drop_lighter_ink(image, Settings().seal_core_share, Settings().seal_reach_px)
    assert not (dropped.dropped & (gray < 40)).any()  # no pixel of print
    seal = (gray > 60) & (gray < 130)  # the seals' gray rings and letters (and print's soft edges)
    assert (dropped.dropped & seal).sum() > 0.2 * seal.sum()
    assert np.asarray(dropped.image)[dropped.dropped].min() > 200  # set to paper


def test_a_region_of_paper_alone_is_left_as_it_is() -> None:
    paper = Image.new("L", (200, 50), 235)
    dropped = drop_lighter_ink(paper, 0.2, 2)
    assert dropped.share == 0.0 and not dropped.dropped.any()


def test_the_signing_line_is_found_by_its_rows_of_print() -> None:
    image = Image.open(BAND)
    rows = [(r.y0 * image.height, r.y1 * image.height) for r in text_rows(image, BBox(0.0, 0.0, 1.0, 1.0), Settings())]
    assert any(top <= LINE_ROWS[0] + 5 and bottom >= LINE_ROWS[1] - 5 and bottom - top < 3 * (LINE_ROWS[1] - LINE_ROWS[0])
               for top, bottom in rows)
    assert not any(top <= 30 and bottom >= 300 for top, bottom in rows)  # not the whole band: the seals' strokes are no print


def test_a_signing_line_alone_in_a_tall_band_of_paper_is_found() -> None:
    """The band below the text runs a fifth of the page down: one signing line of print in it is less
    than 1% of its pixels, so its darkest pixels are paper; the print is told by the pixels clearly
    darker than the paper, and its row found."""
    image = Image.new("L", (2480, 700), 236)
    draw = ImageDraw.Draw(image)
    draw.text((300, 300), "Wetzlar, den 02.07.19", fill=25, font=ImageFont.load_default(size=42))
    draw.line([(200 + 40 * k, 120 if k % 2 else 560) for k in range(12)], fill=110, width=2)  # a signature's strokes
    rows = [(r.y0 * image.height, r.y1 * image.height) for r in text_rows(image, BBox(0.0, 0.0, 1.0, 1.0), Settings())]
    assert len(rows) == 1 and rows[0][0] <= 305 and rows[0][1] >= 335
    assert levels(np.asarray(image))[0] < 60  # the print's ink, not the paper's darkest pixels
    assert levels(np.full((100, 100), 236, dtype=np.uint8))[0] == 236  # paper alone has no ink


@pytest.mark.e2e
def test_the_signing_lines_under_the_seals_are_read_again_and_validate() -> None:
    image = Image.open(BAND)
    reader = PageReader(BAND, Settings())
    reader.images[1] = image  # the page as its OCR read it
    ctx = context_of(agreement_text())
    found = []
    for reading, lines in reader.band(1, BBox(0.0, 0.0, 1.0, 1.0)):
        for line in lines:
            found += line_hits(line, 1, reading.code, 2020, ctx)
    merged = merge(found)
    assert [(h.place.place if h.place else None, str(h.date)) for h in merged] == [("Wiesbaden", "2020-07-28"), ("Wetzlar", "2020-09-04")]
    assert all(h.date_prov.reading in {r.code for r in BAND_READINGS} for h in merged)


@pytest.mark.e2e
def test_a_stamped_agreements_signatures_are_read_in_the_pipeline(tmp_path: Path) -> None:
    """A generated agreement scanned with seals and signatures over its signing lines: the page's OCR
    loses both lines; read again from the band, the values are the truth's, each named by its reading."""
    sys.path.insert(0, str(ROOT / "samples"))
    from generator.scan_axes import scan_kind

    subprocess.run([sys.executable, str(ROOT / "samples" / "generate.py"), "--out", str(tmp_path), "--count", "3", "--scans", "0",
                    "--both", "0", "--no-seeds", "--no-others", "--no-readme", "--seed", "4545"], check=True, capture_output=True)
    digital = tmp_path / "2020_06532_digital.pdf"
    truth = json.loads((tmp_path / "2020_06532_digital.expected.json").read_text(encoding="utf-8"))["agreement"]
    scan = tmp_path / "2020_06532_stamps.pdf"
    scan.write_bytes(scan_kind(digital.read_bytes(), "stamps", seed=2))
    result = process_file(scan, scan.name, Settings())
    fields = result.agreement.fields
    for party in ("ministry", "district"):
        for what in ("place", "date"):
            name = f"{party}_signed_{what}"
            assert str(fields[name].value) == str(truth[name])
            assert fields[name].provenance.reading.startswith("reread_band_")
    assert not any(r.endswith("signature_missing") for r in result.agreement.review_reasons)
