"""The CLI through click's CliRunner: exit codes, messages, outputs."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytesseract
import pytest
from click.testing import CliRunner

from conftest import SAMPLES
from extract.cli import main
from extract.reading.engine import TesseractEngine, _tesseract_version, set_engine

DIGITAL = SAMPLES / "seed_001_digital.pdf"


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture()
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(DIGITAL, folder / "sub" / "agreement.pdf")
    return folder


def test_run_ok_exit_0(inbox: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["run", str(inbox), "--out", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    agreements = rows(tmp_path / "out" / "agreements.csv")
    assert [a["source_file"] for a in agreements] == ["sub/agreement.pdf"]
    assert agreements[0]["district_ags"] == "06434"
    assert "1 agreements" in result.output
    for name in ("agreements", "projects", "sections", "pages", "errors"):
        assert (tmp_path / "out" / f"{name}.parquet").is_file()


def test_bad_files_are_recorded_and_exit_1(inbox: Path, tmp_path: Path) -> None:
    (inbox / "empty.pdf").write_bytes(b"")
    (inbox / "page.pdf").write_text("<!DOCTYPE html><html><body>Not found</body></html>")
    (inbox / "truncated.pdf").write_bytes(DIGITAL.read_bytes()[:2000])
    result = CliRunner().invoke(main, ["run", str(inbox), "--out", str(tmp_path / "out"), "-j", "2", "--quiet"])
    assert result.exit_code == 1, result.output
    errors = {e["source_file"]: e for e in rows(tmp_path / "out" / "errors.csv")}
    assert set(errors) == {"empty.pdf", "page.pdf", "truncated.pdf"}
    assert all(e["stage"] == "load" for e in errors.values())
    assert "0 bytes" in errors["empty.pdf"]["error"]
    assert "HTML" in errors["page.pdf"]["error"]
    assert [a["source_file"] for a in rows(tmp_path / "out" / "agreements.csv")] == ["sub/agreement.pdf"]


@pytest.mark.parametrize("args", [["run"], ["run", "does-not-exist/"], ["run", ".", "--jobs", "0"], ["nope"]])
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2


def test_missing_tesseract_exit_3(inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    set_engine(TesseractEngine())  # the real check, also where the tests replay recorded OCR
    _tesseract_version.cache_clear()
    try:
        result = CliRunner().invoke(main, ["run", str(inbox), "--out", str(tmp_path / "out"), "-j", "1"])
    finally:
        _tesseract_version.cache_clear()
        set_engine(None)
    assert result.exit_code == 3
    assert "apt-get install tesseract-ocr" in result.output


def test_inspect_prints_fields_with_provenance() -> None:
    result = CliRunner().invoke(main, ["inspect", str(DIGITAL), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    fields = payload["agreement"]["fields"]
    assert fields["amount_eur"]["value"] == "965950.00"
    assert fields["amount_eur"]["provenance"]["rule"].startswith("amount.")
    assert fields["district"]["provenance"]["page"] == 1
    assert [s["section"] for s in payload["sections"]][:3] == ["kopf", "praeambel", "1"]
    assert payload["pages"][0]["source"] == "text_layer"


def test_help_has_examples() -> None:
    result = CliRunner().invoke(main, ["run", "--help"])
    assert result.exit_code == 0
    assert "aqb run samples/" in result.output
