"""Agreements written by different PDF producers (reportlab canvas and platypus, fpdf2, LibreOffice;
word-by-word text, TrueType fonts; lists and ruled and unruled tables) through the whole pipeline,
every field and project compared with the truth. Born-digital: no OCR runs."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from extract.ingest.pipeline import run

PRODUCERS = Path(__file__).resolve().parent.parent / "resources" / "producers"
FIELDS = ("year", "district_ags", "district_name", "ministry", "amount_eur", "ministry_signed_place", "ministry_signed_date",
          "district_signed_place", "district_signed_date", "project_count")


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("producers")
    run([PRODUCERS], out, jobs=1)
    return out


def test_the_resources_cover_three_producers_or_more() -> None:
    producers = {json.loads(p.read_text())["axes"]["producer"] for p in PRODUCERS.glob("*.expected.json")}
    assert len(producers) >= 3


@pytest.mark.parametrize("truth_file", sorted(PRODUCERS.glob("*.expected.json")), ids=lambda p: p.name.split(".")[0])
def test_every_value_as_written(dataset: Path, truth_file: Path) -> None:
    truth = json.loads(truth_file.read_text())
    rows = {row["source_file"]: row for row in _rows(dataset / "agreements.csv")}
    row = rows.get(truth["file"])
    assert row is not None, f"{truth['file']} lost: {[e for e in _rows(dataset / 'errors.csv') if e['source_file'] == truth['file']]}"
    expected = {f: "" if truth["agreement"][f] is None else str(truth["agreement"][f]) for f in FIELDS}
    assert {f: row[f] for f in FIELDS} == expected
    projects = sorted((p for p in _rows(dataset / "projects.csv") if p["agreement_id"] == row["agreement_id"]), key=lambda p: int(p["position"]))
    assert [(p["measure_type"], p["measure_type_raw"], p["project_name"]) for p in projects] == [
        (p["measure_type"], p["measure_type_raw"], p["project_name"]) for p in truth["projects"]]
