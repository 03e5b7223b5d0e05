"""Corrections made by people, kept in OUT/corrections.csv and applied on every export on top of
what was extracted. A corrected value gets provenance 'corrected'; a correction whose document
changed (its file now has other content) or that cannot be applied is reported as a conflict in
OUT/correction_conflicts.csv and left out, never applied blindly."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import asdict, dataclass, fields
from functools import lru_cache
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from extract.errors import UsageError
from extract.model import Flag
from extract.rules import read_jsonl
from extract.settings import MODELS_DIR

CORRECTIONS_FILE = "corrections.csv"
CONFLICTS_FILE = "correction_conflicts.csv"

AGREEMENT_FIELDS = {
    "year", "district_ags", "district_name_raw", "ministry", "amount_eur", "ministry_signed_place",
    "ministry_signed_date", "district_signed_place", "district_signed_date",
}
PROJECT_FIELDS = {"measure_type", "measure_type_raw", "project_name"}
MEASURE_TYPES = {"ausbildungsvorbereitung", "ausbildung", "qualifizierung", "weiterbildung_personal", "sonstige"}


@dataclass(frozen=True)
class Correction:
    document: str  # sha256 of the file, or its agreement_id
    source_file: str  # the file it was made for, to tell a changed document from a vanished one
    field: str
    position: str  # project position for project fields, else empty
    value: str
    note: str = ""
    author: str = ""
    date: str = ""


def read_corrections(out: Path) -> list[Correction]:
    path = out / CORRECTIONS_FILE
    if not path.is_file():
        return []
    with open(path, newline="", encoding="utf-8") as handle:
        names = {f.name for f in fields(Correction)}
        return [Correction(**{k: (v or "") for k, v in row.items() if k in names}) for row in csv.DictReader(handle)]


def corrections_to_csv(corrections: list[Correction]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[f.name for f in fields(Correction)], lineterminator="\n")
    writer.writeheader()
    writer.writerows(asdict(c) for c in corrections)
    return buffer.getvalue()


def conflicts_to_csv(conflicts: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[f.name for f in fields(Correction)] + ["conflict"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(conflicts)
    return buffer.getvalue()


def parse_value(field: str, value: str, districts: dict[str, tuple[str, str]]) -> Any:
    """The typed value of a correction; UsageError when it cannot be one."""
    try:
        if field == "year":
            return int(value)
        if field == "amount_eur":
            return Decimal(value).quantize(Decimal("0.01"))
        if field.endswith("_date"):
            return dt.date.fromisoformat(value).isoformat() if value else None
    except (ValueError, InvalidOperation) as e:
        raise UsageError(f"{field}: {value!r} is not a valid value") from e
    if field == "district_ags" and value not in districts:
        raise UsageError(f"district_ags: {value!r} is not one of the 26 district keys")
    if field == "measure_type" and value not in MEASURE_TYPES:
        raise UsageError(f"measure_type: {value!r} is not one of {sorted(MEASURE_TYPES)}")
    if field not in AGREEMENT_FIELDS | PROJECT_FIELDS:
        raise UsageError(f"field {field!r} cannot be corrected (one of {sorted(AGREEMENT_FIELDS | PROJECT_FIELDS)})")
    return value


def _targets(correction: Correction, documents: list[dict[str, list[dict]]]) -> dict[str, list[dict]] | None:
    for rows in documents:
        for row in rows.get("agreements", []):
            if correction.document in (row["agreement_id"], row["source_sha256"]):
                return rows
    return None


def apply_corrections(documents: list[dict[str, list[dict]]], corrections: list[Correction],
                      districts: dict[str, tuple[str, str]]) -> list[dict[str, str]]:
    """Apply the corrections to the documents' rows in place; return the conflicts."""
    conflicts: list[dict[str, str]] = []
    current = {row["source_file"]: row["source_sha256"] for rows in documents for row in rows.get("agreements", [])}
    for correction in corrections:
        def conflict(reason: str) -> None:
            conflicts.append({**asdict(correction), "conflict": reason})

        rows = _targets(correction, documents)
        if rows is None:
            now = current.get(correction.source_file)
            conflict(f"document changed: {correction.source_file} now has content {now[:16]}" if now else "document not in the dataset")
            continue
        try:
            value = parse_value(correction.field, correction.value, districts)
        except UsageError as e:
            conflict(str(e))
            continue
        agreement = rows["agreements"][0]
        stamp = {"source": "corrected", "author": correction.author, "date": correction.date, "note": correction.note}
        if correction.field in PROJECT_FIELDS:
            match = [p for p in rows.get("projects", []) if str(p["position"]) == correction.position]
            if not match:
                conflict(f"no project at position {correction.position or '(none given)'}")
                continue
            match[0][correction.field] = value
            match[0]["source"], match[0]["confidence"] = "corrected", None
            _drop_settled(agreement, correction.field, correction.position)
            continue
        previous = agreement.get(correction.field)
        agreement[correction.field] = value
        if correction.field == "district_ags":
            agreement["district_name"], agreement["district_type"] = districts[value]
            for project in rows.get("projects", []):
                project["district_ags"] = value
        if correction.field == "year":
            for project in rows.get("projects", []):
                project["year"] = value
        provenance = json.loads(agreement["provenance"] or "{}")
        key = "district" if correction.field == "district_ags" else correction.field
        provenance[key] = {**stamp, "previous": None if previous is None else str(previous)}
        agreement["provenance"] = json.dumps(provenance, ensure_ascii=False, sort_keys=True)
        _drop_settled(agreement, key)
    return conflicts


def _drop_settled(agreement: dict[str, Any], key: str, position: str | None = None) -> None:
    left = [r for r in (agreement["review_reasons"] or "").split(";") if r and not settles(key, r, position)]
    agreement["review_reasons"] = ";".join(left)
    agreement["needs_review"] = bool(left)


@lru_cache(maxsize=1)
def _settled_fields() -> dict[str, tuple[tuple[str, ...], str]]:
    """Per review reason code (models/review_reasons.jsonl): the fields a correction of which settles
    it, and what the flag's detail names."""
    return {row["id"]: (tuple(row["fields"]), row["detail"]) for row in read_jsonl(MODELS_DIR / "review_reasons.jsonl", ("fields", "detail"))}


def settles(key: str, reason: str, position: str | None = None) -> bool:
    """Whether correcting field `key` (of the project at `position`) settles a review reason."""
    try:
        flag = Flag.parse(reason)
    except ValueError:
        return False
    fields_of, detail = _settled_fields().get(flag.code.value, ((), ""))
    if detail == "position" and flag.detail != (position or ""):
        return False
    return key in {f.format(field=flag.detail, party=flag.detail) for f in fields_of}


def resolve_document(document: str, agreements: list[dict[str, Any]]) -> dict[str, Any]:
    """The agreement row named by an agreement_id, a SHA-256 (or a prefix of 8+ hex digits) or a source file."""
    hits = [a for a in agreements if document in (a["agreement_id"], a["source_file"])
            or (len(document) >= 8 and a["source_sha256"].startswith(document))]
    if len(hits) != 1:
        raise UsageError(f"{document!r} names {'no' if not hits else len(hits)} agreements in the dataset")
    return hits[0]


def add_correction(out: Path, correction: Correction) -> None:
    from extract.dataset.export import write_atomic

    existing = read_corrections(out)
    text = corrections_to_csv([*existing, correction])
    write_atomic(out / CORRECTIONS_FILE, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))
