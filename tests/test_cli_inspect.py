"""aqb inspect answers for a file already processed from the output's state store, without
reading the PDF again (no Tesseract needed), with the corrections the dataset applies."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from conftest import ROOT, SAMPLES, SampleRun
from extract.cli import main

SCAN = "seed_000_scan.pdf"


def inspect_without_tesseract(out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """aqb inspect in a process whose PATH has no tesseract (nor anything else)."""
    env = {**os.environ, "PATH": "/nonexistent", "PYTHONPATH": str(ROOT)}
    env.pop("AQB_OCR_ENGINE", None)  # no recorded OCR either
    return subprocess.run([sys.executable, "-m", "extract", "inspect", str(SAMPLES / SCAN), "--out", str(out), *args],
                          capture_output=True, text=True, env=env, timeout=300, check=False)


def test_a_processed_scan_is_answered_from_the_store_without_tesseract(small_run: SampleRun) -> None:
    done = inspect_without_tesseract(small_run.out, "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    row = small_run.agreements[SCAN]
    assert (data["from"], data["current"], data["source_file"]) == ("store", True, SCAN)
    agreement = data["agreement"]
    for column in ("agreement_id", "district_ags", "year", "ministry_signed_date", "text_source"):
        assert str(agreement[column] or "") == row[column], column
    assert agreement["amount_eur"] == row["amount_eur"]
    assert ";".join(agreement["review_reasons"]) == row["review_reasons"]
    assert [p["project_name"] for p in agreement["projects"]] == [p["project_name"] for p in small_run.projects[row["agreement_id"]]]
    assert [p["source"] for p in data["pages"]] == ["ocr"] * len(data["pages"])
    assert data["sections"] and data["corrections"] == []

    text = inspect_without_tesseract(small_run.out)
    assert text.returncode == 0 and "from the state store" in text.stdout and row["district_name"] in text.stdout

    forced = inspect_without_tesseract(small_run.out, "--reprocess")
    assert forced.returncode == 3 and "tesseract" in forced.stderr.lower(), "--reprocess reads the PDF again"


def test_inspect_shows_the_corrections_the_dataset_applies(small_run: SampleRun, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(small_run.out, out)
    row = small_run.agreements[SCAN]
    result = CliRunner().invoke(main, ["correct", str(out), SCAN, "amount_eur", "123.456,78", "--note", "per original",
                                       "--author", "archivist"])
    assert result.exit_code == 0, result.output
    done = inspect_without_tesseract(out, "--json", "--text")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["agreement"]["amount_eur"] == "123456.78"
    assert data["agreement"]["fields"]["amount_eur"]["provenance"]["previous"] == (row["amount_eur"] or None)
    assert [(c["field"], c["value"], c["author"], c["applied"]) for c in data["corrections"]] == [
        ("amount_eur", "123456.78", "archivist", True)]
    assert all(p["text"] for p in data["pages"]), "--text gives the pages' text from the store"


def test_a_file_the_store_does_not_hold_is_read(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["inspect", str(SAMPLES / "seed_001_digital.pdf"), "--out", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["from"] == "read" and data["agreement"]["district_ags"] == "06434"

