"""Field accuracy of a dataset against expected values, per kind (digital, scan).

Usage: python benchmarks/accuracy.py [DATASET [TRUTH_DIR]]
  DATASET    an aqb output folder (default: runs aqb on samples/ into a temp folder)
  TRUTH_DIR  the folder of NAME.expected.json files (default: samples/)
Prints every wrong field, then the share of fields right per kind. Nothing is asserted.
Other benchmarks import score() to score any dataset against any folder of expected values."""

from __future__ import annotations

import csv
import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AGREEMENT_FIELDS = (
    "year", "district_ags", "district_name", "district_type", "district_name_raw", "ministry", "amount_eur",
    "ministry_signed_place", "ministry_signed_date", "district_signed_place", "district_signed_date", "project_count",
)
PROJECT_FIELDS = ("measure_type", "measure_type_raw", "project_name")


def read(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def text(value: object) -> str:
    return "" if value is None else str(value)


def score(out: Path, truth_dir: Path = ROOT / "samples", report: Callable[[str], None] | None = print,
          names: set[str] | None = None) -> dict[str, list[int]]:
    """{kind: [fields checked, fields wrong]} of the dataset in `out` against every NAME.expected.json in
    `truth_dir` (only those whose file is in `names`, when given). `report` gets one line per wrong field
    and per non-agreement; None keeps quiet."""
    say = report or (lambda line: None)
    agreements = {row["source_file"]: row for row in read(out / "agreements.csv")}
    errors = {row["source_file"]: row for row in read(out / "errors.csv")}
    projects: dict[str, list[dict[str, str]]] = {}
    for row in read(out / "projects.csv"):
        projects.setdefault(row["agreement_id"], []).append(row)
    totals: dict[str, list[int]] = {}
    for path in sorted(truth_dir.glob("*.expected.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        name, kind = truth["file"], truth["kind"]
        if names is not None and name not in names:
            continue
        if not truth.get("is_agreement", True):
            say(f"{name}: non-agreement -> {'errors ' + errors[name]['stage'] if name in errors else 'WRONG: agreement row'}")
            continue
        row = agreements.get(name, {})
        got = sorted(projects.get(row.get("agreement_id", ""), []), key=lambda p: int(p["position"]))
        checks = [(f, text(truth["agreement"][f]), row.get(f, "<missing>")) for f in AGREEMENT_FIELDS]
        for i, project in enumerate(truth["projects"]):
            actual = got[i] if i < len(got) else {}
            checks += [(f"project[{i + 1}].{f}", text(project[f]), actual.get(f, "<missing>")) for f in PROJECT_FIELDS]
        wrong = [c for c in checks if c[1] != c[2]]
        for field, want, have in wrong:
            say(f"{name} {field}: want {want!r} got {have!r}")
        total = totals.setdefault(kind, [0, 0])
        total[0] += len(checks)
        total[1] += len(wrong)
    return totals


def document_checks(truth: dict, row: dict[str, str], got: list[dict[str, str]]) -> list[tuple[str, str, str]]:
    """(field, expected, got) of one agreement, as score() checks them: the agreement fields, then each
    expected project's fields against the project at the same position (`got` sorted by position)."""
    checks = [(f, text(truth["agreement"][f]), row.get(f, "<missing>")) for f in AGREEMENT_FIELDS]
    for i, project in enumerate(truth["projects"]):
        actual = got[i] if i < len(got) else {}
        checks += [(f"project[{i + 1}].{f}", text(project[f]), actual.get(f, "<missing>")) for f in PROJECT_FIELDS]
    return checks


def main() -> None:
    if len(sys.argv) > 1:
        out = Path(sys.argv[1])
    else:
        from extract.ingest.pipeline import run

        out = Path(tempfile.mkdtemp(prefix="aqb-accuracy-"))
        run([ROOT / "samples"], out)
    truth_dir = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "samples"
    for kind, (count, wrong) in sorted(score(out, truth_dir).items()):
        print(f"{kind:8s} fields {count:5d}  wrong {wrong:3d}  right {1 - wrong / count:.4f}")


if __name__ == "__main__":
    main()
