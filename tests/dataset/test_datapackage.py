"""The dataset describes itself: datapackage.json validates with frictionless, the CSVs validate
against it, and the Parquet files carry the same field descriptions (on a run over a few samples)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
from frictionless import validate

from conftest import SampleRun
from extract.dataset.schema import COLUMNS


def test_datapackage_and_csvs_validate(small_run: SampleRun) -> None:
    report = validate(str(small_run.out / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert {task.name for task in report.tasks} == set(COLUMNS)


def test_datapackage_keys(small_run: SampleRun) -> None:
    package = json.loads((small_run.out / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    assert resources["agreements"]["schema"]["primaryKey"] == ["agreement_id"]
    for table in ("projects", "sections", "pages"):
        assert resources[table]["schema"]["foreignKeys"][0]["reference"] == {"resource": "agreements", "fields": ["agreement_id"]}


def test_a_broken_foreign_key_is_caught(small_run: SampleRun, tmp_path: Path) -> None:
    copy = tmp_path / "dataset"
    shutil.copytree(small_run.out, copy, ignore=shutil.ignore_patterns("*.sqlite*", "*.parquet"))
    lines = (copy / "projects.csv").read_text(encoding="utf-8").splitlines()
    lines[1] = "ffffffffffffffff" + lines[1][lines[1].index(","):]  # a project of an agreement that does not exist
    (copy / "projects.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = validate(str(copy / "datapackage.json"))
    assert not report.valid
    assert "foreign-key" in {error.type for task in report.tasks for error in task.errors}


def test_parquet_fields_carry_the_descriptions(small_run: SampleRun) -> None:
    for table, columns in COLUMNS.items():
        schema = pq.read_schema(small_run.out / f"{table}.parquet")
        for name, _kind, description in columns:
            assert schema.field(name).metadata[b"description"].decode() == description
