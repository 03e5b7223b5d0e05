"""Corrections made by people, kept in OUT/corrections.csv and applied on every export on top of
what was extracted. A corrected value gets provenance 'corrected'; a correction whose document
changed (its file now has other content) or that cannot be applied is reported as a conflict in
OUT/correction_conflicts.csv and left out, never applied blindly."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import asdict, dataclass, fields, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

from extract.dataset.schema import AgreementRow, DistrictLookup, DocumentRows, ProjectRow, column_meta, column_names
from extract.errors import UsageError
from extract.files import write_text_atomic
from extract.model import Flag
from extract.rules import Rules, read_jsonl
from extract.settings import MODELS_DIR

CORRECTIONS_FILE = "corrections.csv"
CONFLICTS_FILE = "correction_conflicts.csv"

AGREEMENT_FIELDS = frozenset(column_names(AgreementRow, "correctable"))
PROJECT_FIELDS = frozenset(column_names(ProjectRow, "correctable"))


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


@dataclass(frozen=True)
class Conflict:
    """A correction that was not applied, and why."""

    correction: Correction
    reason: str


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


def conflicts_to_csv(conflicts: list[Conflict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[f.name for f in fields(Correction)] + ["conflict"], lineterminator="\n")
    writer.writeheader()
    writer.writerows({**asdict(c.correction), "conflict": c.reason} for c in conflicts)
    return buffer.getvalue()


def measure_type_codes(rules: Rules) -> frozenset[str]:
    """The measure types a project may have: the codes of models/measure_types.jsonl."""
    return frozenset(m.code for m in rules.measure_types)


def parse_value(field: str, value: str, districts: DistrictLookup, measure_types: frozenset[str]) -> Any:
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
    if field == "measure_type" and value not in measure_types:
        raise UsageError(f"measure_type: {value!r} is not one of {sorted(measure_types)}")
    if field not in AGREEMENT_FIELDS | PROJECT_FIELDS:
        raise UsageError(f"field {field!r} cannot be corrected (one of {sorted(AGREEMENT_FIELDS | PROJECT_FIELDS)})")
    return value


def _target(correction: Correction, documents: list[DocumentRows]) -> int | None:
    for index, rows in enumerate(documents):
        if any(correction.document in (row.agreement_id, row.source_sha256) for row in rows.agreements):
            return index
    return None


def apply_corrections(documents: list[DocumentRows], corrections: list[Correction], districts: DistrictLookup,
                      measure_types: frozenset[str]) -> tuple[list[DocumentRows], list[Conflict]]:
    """The documents' rows with the corrections applied, and the corrections that could not be."""
    documents = list(documents)
    conflicts: list[Conflict] = []
    current = {row.source_file: row.source_sha256 for rows in documents for row in rows.agreements}
    for correction in corrections:
        index = _target(correction, documents)
        if index is None:
            now = current.get(correction.source_file)
            reason = f"document changed: {correction.source_file} now has content {now[:16]}" if now else "document not in the dataset"
            conflicts.append(Conflict(correction, reason))
            continue
        try:
            value = parse_value(correction.field, correction.value, districts, measure_types)
        except UsageError as e:
            conflicts.append(Conflict(correction, str(e)))
            continue
        rows = documents[index]
        if correction.field in PROJECT_FIELDS:
            hits = [i for i, p in enumerate(rows.projects) if str(p.position) == correction.position]
            if not hits:
                conflicts.append(Conflict(correction, f"no project at position {correction.position or '(none given)'}"))
                continue
            projects = list(rows.projects)
            projects[hits[0]] = replace(projects[hits[0]], **{correction.field: value, "source": "corrected", "confidence": None})
            agreement = _without_settled(rows.agreements[0], correction.field, correction.position)
            documents[index] = replace(rows, agreements=(agreement, *rows.agreements[1:]), projects=tuple(projects))
            continue
        documents[index] = _correct_agreement(rows, correction, value, districts)
    return documents, conflicts


def _correct_agreement(rows: DocumentRows, correction: Correction, value: Any, districts: DistrictLookup) -> DocumentRows:
    agreement = rows.agreements[0]
    previous = getattr(agreement, correction.field)
    changes: dict[str, Any] = {correction.field: value}
    projects = rows.projects
    if correction.field == "district_ags":
        changes["district_name"], changes["district_type"] = districts[value]
        projects = tuple(replace(p, district_ags=value) for p in projects)
    if correction.field == "year":
        projects = tuple(replace(p, year=value) for p in projects)
    provenance = json.loads(agreement.provenance or "{}")
    key = column_meta(AgreementRow, correction.field)["field"] or correction.field
    stamp = {"source": "corrected", "author": correction.author, "date": correction.date, "note": correction.note}
    where = {k: v for k, v in (provenance.get(key) or {}).items() if k in ("page", "bbox", "rule")}  # the crop stays
    provenance[key] = {**where, **stamp, "previous": None if previous is None else str(previous)}
    changes.update(provenance=json.dumps(provenance, ensure_ascii=False, sort_keys=True))
    agreement = _without_settled(replace(agreement, **changes), key)
    return replace(rows, agreements=(agreement, *rows.agreements[1:]), projects=projects)


def _without_settled(agreement: AgreementRow, key: str, position: str | None = None) -> AgreementRow:
    left = [r for r in agreement.review_reasons.split(";") if r and not settles(key, r, position)]
    return replace(agreement, review_reasons=";".join(left), needs_review=bool(left))


@lru_cache(maxsize=1)
def _settled_fields() -> dict[str, tuple[tuple[str, ...], str]]:
    """Per review reason code (models/review_reasons.jsonl): the fields a correction of which settles
    it, and what the flag's detail names."""
    rows = read_jsonl(MODELS_DIR / "review_reasons.jsonl", ("fields", "detail"))
    return {row["id"]: (tuple(row["fields"]), row["detail"]) for row in rows}


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
    existing = read_corrections(out)
    write_text_atomic(out / CORRECTIONS_FILE, corrections_to_csv([*existing, correction]))
