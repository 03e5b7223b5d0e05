"""Corrections survive re-runs and rules changes, carry provenance 'corrected', and a correction
whose document changed is reported as a conflict instead of being applied."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from conftest import SAMPLES
from extract.cli import main
from extract.ingest.pipeline import RunOptions, run
from extract.settings import Settings

SEED_0 = "seed_000_digital.pdf"


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def agreement(out: Path, name: str) -> dict[str, str]:
    return next(r for r in rows(out / "agreements.csv") if r["source_file"] == name)


def located(out: Path, agreement_id: str) -> dict[str, dict[str, str]]:
    """The provenance rows of an agreement's fields, by field, and of its projects, by 'project N'."""
    found = [r for r in rows(out / "provenance.csv") if r["agreement_id"] == agreement_id]
    return {(f"project {r['position']}" if r["field"] == "project" else r["field"]): r for r in found}


def correct(out: Path, *args: str) -> None:
    result = CliRunner().invoke(main, ["correct", str(out), *args])
    assert result.exit_code == 0, result.output


def test_correction_survives_reruns_and_rules_change_and_conflicts_when_the_document_changes(tmp_path: Path) -> None:
    inbox, out, models = tmp_path / "inbox", tmp_path / "out", tmp_path / "models"
    inbox.mkdir()
    shutil.copy(SAMPLES / SEED_0, inbox / SEED_0)
    shutil.copytree(Settings().models_dir, models)
    settings = Settings(models_dir=models)
    options = RunOptions(jobs=1)

    run([inbox], out, settings, options=options)
    before = agreement(out, SEED_0)
    assert before["ministry_signed_date"] == ""
    assert "ministry_signed_date_illegible" in before["review_reasons"]

    correct(out, SEED_0, "ministry_signed_date", "2024-09-30", "--note", "date legible on the original", "--author", "archivist")
    correct(out, SEED_0, "project_name", "Jugend Flex 2024", "--position", "1")

    def assert_corrected() -> None:
        row = agreement(out, SEED_0)
        assert row["ministry_signed_date"] == "2024-09-30"
        provenance = located(out, row["agreement_id"])
        date = provenance["ministry_signed_date"]
        assert (date["source"], date["corrected_by"], date["previous_value"], date["note"]) == (
            "corrected", "archivist", "", "date legible on the original")
        assert date["page"] and date["x0"], "a corrected field keeps where it belongs on its page"
        assert provenance["project 1"]["source"] == "corrected"
        assert "provenance" not in row, "no JSON in the main tables"
        assert "ministry_signed_date_illegible" not in row["review_reasons"]
        project = next(p for p in rows(out / "projects.csv") if p["agreement_id"] == row["agreement_id"] and p["position"] == "1")
        assert (project["project_name"], project["source"]) == ("Jugend Flex 2024", "corrected")
        assert rows(out / "correction_conflicts.csv") == []

    summary = run([inbox], out, settings, options=options)  # unchanged
    assert summary.processed == 0
    assert_corrected()

    with open(models / "wordlists.jsonl", "a", encoding="utf-8") as handle:  # a new rules version
        handle.write(json.dumps({"id": "test.extra", "doc": "test", "words": ["x"]}) + "\n")
    summary = run([inbox], out, settings, options=options)
    assert summary.processed == 1 and summary.reread == 1
    assert_corrected()

    data = (inbox / SEED_0).read_bytes()
    (inbox / SEED_0).write_bytes(data + b"\n% revised\n")  # the document changes
    summary = run([inbox], out, settings, options=options)
    assert summary.conflicts == 2
    row = agreement(out, SEED_0)
    assert row["ministry_signed_date"] == ""
    assert all(r["source"] != "corrected" for r in located(out, row["agreement_id"]).values())
    conflicts = rows(out / "correction_conflicts.csv")
    assert {c["field"] for c in conflicts} == {"ministry_signed_date", "project_name"}
    assert all(c["conflict"].startswith(f"document changed: {SEED_0}") for c in conflicts)


def test_invalid_corrections_are_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run([SAMPLES / SEED_0], out, options=RunOptions(jobs=1))
    for args in (["amount_eur", "abc"], ["district_ags", "99999"], ["project_name", "x"], ["page_count", "3"],
                 ["year", "2024", "--position", "1"]):
        result = CliRunner().invoke(main, ["correct", str(out), SEED_0, *args])
        assert result.exit_code == 2, (args, result.output)
    result = CliRunner().invoke(main, ["correct", str(out), "no-such-document", "year", "2024"])
    assert result.exit_code == 2 and "names no agreements" in result.output
    assert not (out / "corrections.csv").exists()
