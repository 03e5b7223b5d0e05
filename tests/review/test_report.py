"""The review report, rendered in headless Chromium: every document listed, every field that needs
review shown with its crop."""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from conftest import SampleRun
from extract.review.report import reason_fields, write_report

pytestmark = pytest.mark.e2e  # the report of the whole samples run, rendered in Chromium

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


class Dom(HTMLParser):
    """Rows of the rendered DOM: per <tr> its classes, its text and its images."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "tr":
            self.rows.append({"class": attributes.get("class") or "", "text": "", "images": []})
        elif tag == "img" and self.rows:
            self.rows[-1]["images"].append(attributes.get("src"))
        elif tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"] or "")

    def handle_data(self, data: str) -> None:
        if self.rows:
            self.rows[-1]["text"] += data


def render(page: Path, profile: Path) -> Dom:
    """The DOM as Chromium renders it."""
    assert CHROMIUM, "Chromium is needed for this test: apt-get install chromium"
    result = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
                            capture_output=True, text=True, timeout=120, check=True)
    dom = Dom()
    dom.feed(result.stdout)
    return dom


@pytest.fixture(scope="module")
def report(sample_run: SampleRun) -> Path:
    return write_report(sample_run.out, sample_run.out / "report")


def test_every_document_is_listed(report: Path, sample_run: SampleRun, tmp_path: Path) -> None:
    dom = render(report, tmp_path / "profile")
    listed = " ".join(row["text"] for row in dom.rows)
    for name in sample_run.agreements:
        assert name in listed
    for name in sample_run.errors:
        assert name in listed
    assert {f"doc/{a['agreement_id']}.html" for a in sample_run.agreements.values()} <= set(dom.links)


def test_every_field_needing_review_is_shown_with_its_crop(report: Path, sample_run: SampleRun, tmp_path: Path) -> None:
    # document-level reasons (duplicate_agreement, sections_not_found, …) name no field to show
    flagged = [a for a in sample_run.agreements.values() if a["needs_review"] == "True" and reason_fields(a["review_reasons"])]
    assert flagged
    for agreement in flagged:
        page = report.parent / "doc" / f"{agreement['agreement_id']}.html"
        dom = render(page, tmp_path / "profile")
        review_rows = [row for row in dom.rows if "review" in row["class"].split()]
        assert review_rows, agreement["source_file"]
        for row in review_rows:
            assert row["images"], f"{agreement['source_file']}: no crop for {row['text'].split()[0]}"
            crop = (page.parent / row["images"][0]).resolve()
            with Image.open(crop) as image:
                assert image.width > 10 and image.height > 10


def test_pages_render_as_images(report: Path, tmp_path: Path) -> None:
    shot = tmp_path / "index.png"
    subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'p'}", "--window-size=1000,800", f"--screenshot={shot}",
                    report.as_uri()], capture_output=True, timeout=120, check=True)
    with Image.open(shot) as image:
        colours = image.convert("L").getextrema()
    assert colours[0] < 100 and colours[1] > 200  # text on a light page, not an empty screen
