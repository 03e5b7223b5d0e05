"""The README's screenshots of the review report, made from samples/ in headless Chromium.

Usage: python benchmarks/screenshots.py [DATASET]
  DATASET  an aqb output folder of samples/ (default: runs aqb on samples/ into a temp folder; a run
           into an existing folder only adds what changed)
Writes docs/report-index.png (the overview with the review queue) and docs/report-document.png (the
page of a scanned sample with its crops), each cut to the top of the page, scaled to WIDTH and
reduced to a palette so that it stays small."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.ingest.pipeline import run  # noqa: E402
from extract.review.report import write_report  # noqa: E402

DOCS = ROOT / "docs"
SCANNED = "2018_06412_scan.pdf"  # the scanned sample shown: a district place to check, crops from a scan
WINDOWS = {"report-index.png": (1280, 1100), "report-document.png": (1360, 1500)}  # Chromium's viewport, CSS pixels
WIDTH = 960  # pixels of the PNG in the README
COLOURS = 128  # palette size of the PNG
LIMIT = 300 * 1024  # bytes a screenshot may take
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise SystemExit("headless Chromium is needed: apt-get install chromium")
    return found


def screenshot(page: Path, target: Path, window: tuple[int, int], profile: Path) -> int:
    """Page as Chromium shows it in the window, scaled to WIDTH, as a palette PNG; returns its size in bytes."""
    raw = profile / "shot.png"
    subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}", f"--window-size={window[0]},{window[1]}",
                    f"--screenshot={raw}", page.as_uri()], capture_output=True, timeout=120, check=True)
    with Image.open(raw) as image:
        small = image.convert("RGB").resize((WIDTH, round(image.height * WIDTH / image.width)), Image.Resampling.LANCZOS)
    small.quantize(COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(target, optimize=True)
    size = target.stat().st_size
    if size > LIMIT:
        raise SystemExit(f"{target.name}: {size} bytes, over {LIMIT}: lower WINDOWS, WIDTH or COLOURS")
    return size


def agreement_id(dataset: Path, source_file: str) -> str:
    with open(dataset / "agreements.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["source_file"] == source_file:
                return row["agreement_id"]
    raise SystemExit(f"{source_file} is not an agreement of {dataset}")


def main(argv: list[str]) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        dataset = Path(argv[0]).resolve() if argv else Path(scratch) / "dataset"
        run([ROOT / "samples"], dataset, jobs=2)
        os.chdir(dataset.parent)  # the report's `aqb correct` commands then name the dataset as the README does
        index = write_report(Path(dataset.name), Path(scratch) / "report").resolve()
        document = index.parent / "doc" / f"{agreement_id(dataset, SCANNED)}.html"
        DOCS.mkdir(exist_ok=True)
        for page, name in ((index, "report-index.png"), (document, "report-document.png")):
            size = screenshot(page, DOCS / name, WINDOWS[name], Path(scratch) / "profile")
            print(f"{DOCS / name}: {size // 1024} KB")


if __name__ == "__main__":
    main(sys.argv[1:])
