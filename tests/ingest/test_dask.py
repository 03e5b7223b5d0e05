"""aqb run --executor dask: the per-document work on a Dask distributed cluster (two local worker
processes on 127.0.0.1), with the state and the dataset written by the driver exactly as locally."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from conftest import ROOT, SAMPLES, read_csv
from extract.cli import main
from extract.ingest.pipeline import RunOptions, run
from extract.settings import Settings

distributed = pytest.importorskip("distributed")
pytestmark = pytest.mark.e2e

INPUTS = (
    "2013_06413_digital.pdf", "2019_06634_digital.pdf", "seed_001_digital.pdf",
    "2018_06412_scan.pdf",  # OCR on a cluster worker
    "nonagreement_pressemitteilung_2023_digital.pdf",  # an errors row (classify)
)
DATASET = ("agreements", "projects", "sections", "pages", "errors")


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as local:
        yield local.scheduler_address


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for name in INPUTS:
        shutil.copy(SAMPLES / name, folder / name)
    shutil.copy(ROOT / "tests" / "resources" / "truncated.pdf", folder / "truncated.pdf")  # an errors row (load)
    return folder


def test_dask_run_gives_the_local_dataset(cluster: str, inbox: Path, tmp_path: Path) -> None:
    local = run([inbox], tmp_path / "local", options=RunOptions(jobs=2))
    remote = run([inbox], tmp_path / "dask", options=RunOptions(executor="dask", scheduler=cluster))
    assert (remote.processed, remote.agreements, remote.failed) == (local.processed, local.agreements, local.failed) == (6, 4, 1)
    assert remote.not_agreements == local.not_agreements == 1
    for table in DATASET:
        assert (tmp_path / "dask" / f"{table}.csv").read_bytes() == (tmp_path / "local" / f"{table}.csv").read_bytes(), table
        assert pq.read_table(tmp_path / "dask" / f"{table}.parquet").equals(pq.read_table(tmp_path / "local" / f"{table}.parquet")), table
    stages = {row["source_file"]: row["stage"] for row in read_csv(tmp_path / "dask" / "errors.csv")}
    assert stages == {"nonagreement_pressemitteilung_2023_digital.pdf": "classify", "truncated.pdf": "load"}
    (scan,) = [row for row in read_csv(tmp_path / "dask" / "agreements.csv") if row["source_file"] == "2018_06412_scan.pdf"]
    assert scan["text_source"] == "ocr" and scan["district_ags"] == "06412"


def test_dask_rerun_is_incremental(cluster: str, inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run([inbox], out, options=RunOptions(executor="dask", scheduler=cluster))
    again = run([inbox], out, options=RunOptions(executor="dask", scheduler=cluster))
    assert first.processed == 6 and again.processed == 0 and again.agreements == first.agreements


def test_dask_rules_change_reextracts_from_stored_pages(cluster: str, inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run([inbox], out, options=RunOptions(executor="dask", scheduler=cluster))
    changed = run([inbox], out, Settings(low_confidence=71.0), options=RunOptions(executor="dask", scheduler=cluster))
    assert changed.processed == 6 and changed.reread == 5  # all but the unreadable file, from the stored pages
    assert changed.agreements == first.agreements == 4


def test_cli_dask_needs_a_scheduler(inbox: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["run", str(inbox), "--out", str(tmp_path / "out"), "--executor", "dask"])
    assert result.exit_code == 2
    assert "--scheduler" in result.output


def test_cli_unreachable_scheduler_is_a_usage_error(inbox: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["run", str(inbox), "--out", str(tmp_path / "out"), "--executor", "dask",
                                       "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2, result.output
    assert "cannot reach the Dask scheduler" in result.output


def test_cli_dask_run(cluster: str, inbox: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["run", str(inbox), "--out", str(tmp_path / "out"), "--executor", "dask",
                                       "--scheduler", cluster, "--quiet"])
    assert result.exit_code == 1  # the two inputs in errors.csv
    assert len(read_csv(tmp_path / "out" / "agreements.csv")) == 4
