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


def run_samples(names: list[str] | None, out: Path) -> SampleRun:
    """aqb run over samples/ (or only the named samples) into `out`, read back."""
    expected = load_expected()
    if not expected:
        pytest.fail("samples/ holds no *.expected.json: run samples/generate.py")
    run([SAMPLES] if names is None else [SAMPLES / name for name in names], out, jobs=2)
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
        expected={name: truth for name, truth in expected.items() if names is None or name in names},
    )


# A few samples of each kind (born digital, scanned, not an agreement): the dataset tests that need
# no more than some rows of every table run on these, in the fast tier too.
SMALL_RUN = ["seed_001_digital.pdf", "seed_000_scan.pdf", "nonagreement_pressemitteilung_2023_digital.pdf"]


@pytest.fixture(scope="session")
def small_run(tmp_path_factory: pytest.TempPathFactory) -> SampleRun:
    return run_samples(SMALL_RUN, tmp_path_factory.mktemp("small"))


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> SampleRun:
    """Every sample through the real pipeline (the end-to-end tests)."""
    return run_samples(None, tmp_path_factory.mktemp("dataset"))
