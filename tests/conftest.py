"""Shared fixtures: one real pipeline run over samples/ (real Tesseract), reused by the end-to-end tests."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from extract.ingest.pipeline import run

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


@dataclass(frozen=True)
class SampleRun:
    out: Path
    agreements: dict[str, dict[str, str]]  # by source_file
    projects: dict[str, list[dict[str, str]]]  # by agreement_id, in position order
    errors: dict[str, dict[str, str]]  # by source_file
    expected: dict[str, dict]  # by PDF file name


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def load_expected() -> dict[str, dict]:
    expected = {}
    for path in sorted(SAMPLES.glob("*.expected.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        expected[truth["file"]] = truth
    return expected


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> SampleRun:
    expected = load_expected()
    if not expected:
        pytest.fail("samples/ holds no *.expected.json: run samples/generate.py")
    out = tmp_path_factory.mktemp("dataset")
    run([SAMPLES], out, jobs=2)
    projects: dict[str, list[dict[str, str]]] = {}
    for row in read_csv(out / "projects.csv"):
        projects.setdefault(row["agreement_id"], []).append(row)
    for rows in projects.values():
        rows.sort(key=lambda r: int(r["position"]))
    return SampleRun(
        out=out,
        agreements={row["source_file"]: row for row in read_csv(out / "agreements.csv")},
        projects=projects,
        errors={row["source_file"]: row for row in read_csv(out / "errors.csv")},
        expected=expected,
    )
