"""The review report of a small run (a scan, a born-digital agreement, a non-agreement) in headless
Chromium: the review queue lists what needs a person and filters without a server, projects are
reviewed like fields, page numbers link into the source PDF, flagged values carry their `aqb correct`
command, amounts have thousands separators, and a corrected field keeps its crop and shows who, when, why."""

from __future__ import annotations

import csv
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_report import CHROMIUM, FLAGS, render

from conftest import SAMPLES
from extract.cli import main
from extract.ingest.pipeline import RunOptions, run
from extract.review.report import write_report

SCAN, DIGITAL = "seed_000_scan.pdf", "seed_001_digital.pdf"


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    inbox, out = tmp_path_factory.mktemp("inbox"), tmp_path_factory.mktemp("out")
    for name in (SCAN, DIGITAL, "nonagreement_pressemitteilung_2023_digital.pdf"):
        shutil.copy(SAMPLES / name, inbox / name)
    run([inbox], out, options=RunOptions(jobs=2))
    result = CliRunner().invoke(main, ["correct", str(out), DIGITAL, "ministry_signed_place", "Wiesbaden", "--note", "checked",
                                       "--author", "archivist"])
    assert result.exit_code == 0, result.output
    run([inbox], out, options=RunOptions(jobs=1))
    write_report(out)
    return out


def page_of(dataset: Path, name: str) -> Path:
    with open(dataset / "agreements.csv", newline="", encoding="utf-8") as handle:
        agreement_id = next(r["agreement_id"] for r in csv.DictReader(handle) if r["source_file"] == name)
    return dataset / "report" / "doc" / f"{agreement_id}.html"


def test_the_queue_lists_flagged_values_with_their_correct_command(dataset: Path, tmp_path: Path) -> None:
    dom = render(dataset / "report" / "index.html", tmp_path / "profile")
    queue = [row for row in dom.rows if "review" in row["class"].split() and "aqb correct" in row["text"]]
    assert queue, "no entry with a command in the review queue"
    assert any(SCAN in row["text"] and "ministry_signed_date" in row["text"] for row in queue)
    assert all("nan" not in row["text"].split() for row in dom.rows)
    with open(dataset / "agreements.csv", newline="", encoding="utf-8") as handle:
        amounts = [Decimal(r["amount_eur"]) for r in csv.DictReader(handle) if r["amount_eur"]]
    listed = " ".join(row["text"] for row in dom.rows)
    assert amounts and all(f"{amount:,.2f}" in listed for amount in amounts)  # 1,234,567.00


def test_the_queue_filters_in_the_browser(dataset: Path, tmp_path: Path) -> None:
    """The filter runs in the page: Chromium types a word and the rows that do not hold it are hidden."""
    assert CHROMIUM
    index = dataset / "report" / "index.html"
    script = tmp_path / "filter.html"
    script.write_text(index.read_text(encoding="utf-8").replace(
        "</body>", "<script>var f=document.getElementById('queue-filter');f.value='zzz-nothing';"
                   "f.dispatchEvent(new Event('input'));</script></body>"), encoding="utf-8")
    result = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", script.as_uri()],
                            capture_output=True, text=True, timeout=120, check=True)
    assert '<span id="queue-count">0</span>' in result.stdout


def test_document_page_links_pages_and_shows_project_crops(dataset: Path, tmp_path: Path) -> None:
    dom = render(page_of(dataset, SCAN), tmp_path / "profile")
    assert any("#page=" in link for link in dom.links), dom.links
    project_rows = [row for row in dom.rows if row["images"] and any("-project-" in src for src in row["images"])]
    assert project_rows, "projects have no crops"
    flagged = [row for row in dom.rows if "review" in row["class"].split()]
    assert flagged and all("aqb correct" in row["text"] for row in flagged)


def test_a_corrected_field_keeps_its_crop_and_shows_who_when_why(dataset: Path, tmp_path: Path) -> None:
    dom = render(page_of(dataset, DIGITAL), tmp_path / "profile")
    row = next(row for row in dom.rows if "Ministry signed in" in row["text"])
    assert "corrected by archivist" in row["text"] and "checked" in row["text"]
    assert row["images"], "the corrected field lost its crop"
