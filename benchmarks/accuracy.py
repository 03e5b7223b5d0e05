"""Field accuracy of a dataset against the samples' expected values, per kind (digital, scan).

Usage: python benchmarks/accuracy.py [DATASET]   (default: runs aqb on samples/ into a temp folder)
Prints every wrong field, then the share of fields right per kind. Nothing is asserted."""

from __future__ import annotations

import csv
import json
import sys
import tempfile
from pathlib import Path

from extract.pipeline import run

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


def main() -> None:
    if len(sys.argv) > 1:
        out = Path(sys.argv[1])
    else:
        out = Path(tempfile.mkdtemp(prefix="aqb-accuracy-"))
        run([ROOT / "samples"], out)
    agreements = {row["source_file"]: row for row in read(out / "agreements.csv")}
    errors = {row["source_file"]: row for row in read(out / "errors.csv")}
    projects: dict[str, list[dict[str, str]]] = {}
    for row in read(out / "projects.csv"):
        projects.setdefault(row["agreement_id"], []).append(row)
    totals: dict[str, list[int]] = {}
    for path in sorted((ROOT / "samples").glob("*.expected.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        name, kind = truth["file"], truth["kind"]
        if not truth.get("is_agreement", True):
            print(f"{name}: non-agreement -> {'errors ' + errors[name]['stage'] if name in errors else 'WRONG: agreement row'}")
            continue
        row = agreements.get(name, {})
        got = sorted(projects.get(row.get("agreement_id", ""), []), key=lambda p: int(p["position"]))
        checks = [(f, text(truth["agreement"][f]), row.get(f, "<missing>")) for f in AGREEMENT_FIELDS]
        for i, project in enumerate(truth["projects"]):
            actual = got[i] if i < len(got) else {}
            checks += [(f"project[{i + 1}].{f}", text(project[f]), actual.get(f, "<missing>")) for f in PROJECT_FIELDS]
        wrong = [c for c in checks if c[1] != c[2]]
        for field, want, have in wrong:
            print(f"{name} {field}: want {want!r} got {have!r}")
        total = totals.setdefault(kind, [0, 0])
        total[0] += len(checks)
        total[1] += len(wrong)
    for kind, (count, wrong) in sorted(totals.items()):
        print(f"{kind:8s} fields {count:5d}  wrong {wrong:3d}  right {1 - wrong / count:.4f}")


if __name__ == "__main__":
    main()
