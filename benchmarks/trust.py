"""Trust of a dataset against expected values: not only how many values are right, but whether the
wrong ones are flagged.

Usage: python benchmarks/trust.py DATASET [TRUTH_DIR]
Prints, per kind (digital, scan): documents, all values right, with a wrong value, of those flagged,
silent errors (a wrong value and needs_review False), agreements lost to errors.csv, correct documents
flagged anyway (review load), non-agreements kept as agreements; then each silent error with its
wrong fields. Nothing is asserted."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from accuracy import AGREEMENT_FIELDS, PROJECT_FIELDS, ROOT, read, text  # noqa: E402


def wrong_fields(truth: dict, row: dict, projects: list[dict]) -> list[str]:
    wrong = [f for f in AGREEMENT_FIELDS if text(truth["agreement"][f]) != row.get(f, "<missing>")]
    for i, project in enumerate(truth["projects"]):
        got = projects[i] if i < len(projects) else {}
        wrong += [f"project[{i + 1}].{f}" for f in PROJECT_FIELDS if text(project[f]) != got.get(f, "<missing>")]
    if len(projects) > len(truth["projects"]):
        wrong.append("projects.extra")
    return wrong


def trust(out: Path, truth_dir: Path) -> tuple[dict[str, Counter], list[str]]:
    agreements = {row["source_file"]: row for row in read(out / "agreements.csv")}
    errors = {row["source_file"]: row for row in read(out / "errors.csv")}
    projects: dict[str, list[dict]] = {}
    for row in read(out / "projects.csv"):
        projects.setdefault(row["agreement_id"], []).append(row)
    counts: dict[str, Counter] = {}
    silent: list[str] = []
    for path in sorted(truth_dir.glob("*.expected.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        name, kind = truth["file"], truth["kind"]
        c = counts.setdefault(kind, Counter())
        if not truth.get("is_agreement", True):
            c["non-agreements"] += 1
            c["non-agreements kept"] += name in agreements
            continue
        c["documents"] += 1
        if name not in agreements:
            c["lost"] += 1
            silent.append(f"LOST {name}: {errors.get(name, {}).get('error', 'not in the dataset')}")
            continue
        row = agreements[name]
        got = sorted(projects.get(row["agreement_id"], []), key=lambda p: int(p["position"]))
        wrong = wrong_fields(truth, row, got)
        flagged = row["needs_review"] == "True"
        if wrong:
            c["wrong"] += 1
            c["wrong flagged"] += flagged
            if not flagged:
                c["silent errors"] += 1
                silent.append(f"SILENT {name}: {', '.join(wrong)}")
        else:
            c["all right"] += 1
            c["right flagged"] += flagged
            if flagged:
                silent.append(f"load {name}: {row['review_reasons']}")
    return counts, silent


def main() -> None:
    out = Path(sys.argv[1])
    truth_dir = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "samples"
    counts, notes = trust(out, truth_dir)
    for note in notes:
        print(note)
    keys = ("documents", "all right", "wrong", "wrong flagged", "silent errors", "lost", "right flagged",
            "non-agreements", "non-agreements kept")
    for kind, c in sorted(counts.items()):
        share = c["right flagged"] / c["all right"] if c["all right"] else 0.0
        print(f"{kind:8s} " + "  ".join(f"{k} {c[k]}" for k in keys) + f"  review load {share:.0%}")


if __name__ == "__main__":
    main()
