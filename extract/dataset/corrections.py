"""Corrections made by people, kept in OUT/corrections.csv and applied on every export on top of
what was extracted. A corrected value gets provenance 'corrected'; a correction whose document
changed (its file now has other content) or that cannot be applied is reported as a conflict in
OUT/correction_conflicts.csv and left out, never applied blindly."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
from dataclasses import asdict, fields, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

from extract.dataset.correction_file import Conflict, Correction, append, read_file, remove
from extract.dataset.export import clean_text
from extract.dataset.schema import AgreementRow, DistrictLookup, DocumentRows, ProjectRow, column_meta, column_names
from extract.errors import UsageError
from extract.model import Flag
from extract.rules import Rules, compile_regex, load_reason_codes, read_jsonl
from extract.settings import MODELS_DIR

CONFLICTS_FILE = "correction_conflicts.csv"

AGREEMENT_FIELDS = frozenset(column_names(AgreementRow, "correctable"))
PROJECT_FIELDS = frozenset(column_names(ProjectRow, "correctable"))


def load_corrections(out: Path) -> tuple[list[Correction], list[Conflict]]:
    """The corrections of OUT/corrections.csv, and each line that cannot be one, as a conflict naming
    its line number (see extract.dataset.correction_file). RunIncompleteError when the file cannot be
    read at all."""
    current = read_file(out)
    return ([], []) if current is None else (current.corrections, current.problems)


def conflicts_to_csv(conflicts: list[Conflict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[f.name for f in fields(Correction)] + ["conflict"], lineterminator="\n")
    writer.writeheader()
    writer.writerows({**asdict(c.correction), "conflict": c.reason} for c in conflicts)
    return buffer.getvalue()


def measure_type_codes(rules: Rules) -> frozenset[str]:
    """The measure types a project may have: the codes of models/measure_types.jsonl."""
    return frozenset(m.code for m in rules.measure_types)


# decimal(14,2), the amount's type in the dataset: 12 digits before the point.
MAX_AMOUNT = Decimal(10) ** 12

AMOUNT_FORMAT = "465650.00 or 465.650,00"
DATE_FORMAT = "ISO 2013-02-26 or German 26.02.2013"
# Fields a person may confirm as blank in the document (a date or place left empty on signing).
BLANKABLE = frozenset(f for f in AGREEMENT_FIELDS if f.endswith(("_date", "_place")))


@lru_cache(maxsize=1)
def _formats() -> dict[str, re.Pattern[str]]:
    """The forms a person may write an amount or a date in (models/regexes.jsonl correction.*)."""
    rows = read_jsonl(MODELS_DIR / "regexes.jsonl", ("pattern",))
    return {row["id"]: compile_regex(row["pattern"], row.get("flags", ""), f"regexes.jsonl:{row['id']}")
            for row in rows if row["id"] in ("correction.amount", "correction.date")}


def parse_amount(value: str) -> Decimal:
    """465650.00, 465650, 465.650,00, 465650,00 or 465.650,- (spaces and a trailing '€', 'EUR' or 'Euro' ignored) as a Decimal."""
    text = "".join(value.split()).removesuffix("€").removesuffix("EUR").removesuffix("Euro")
    match = _formats()["correction.amount"].fullmatch(text)
    if match is None:
        raise ValueError(f"write it as {AMOUNT_FORMAT}")
    if match["plain"]:
        number = f"{match['plain']}.{match['cents'] or '0'}"
    elif match["de"]:
        number = f"{match['de'].replace('.', '')}.{match['de_cents']}"
    else:
        number = match["grouped"].replace(".", "")
    amount = Decimal(number).quantize(Decimal("0.01"))
    if not 0 <= amount < MAX_AMOUNT:
        raise ValueError(f"out of range (0 to {MAX_AMOUNT - 1})")
    return amount


def parse_date(value: str) -> str:
    """An ISO or German date as an ISO date."""
    match = _formats()["correction.date"].fullmatch(value.strip())
    if match is None:
        raise ValueError(f"write it as {DATE_FORMAT}")
    if match["iso_y"]:
        year, month, day = match["iso_y"], match["iso_m"], match["iso_d"]
    else:
        year, month, day = match["de_y"], match["de_m"], match["de_d"]
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError as e:
        raise ValueError(f"no such day ({e}); write it as {DATE_FORMAT}") from e


def parse_value(field: str, value: str, districts: DistrictLookup, measure_types: frozenset[str],
                year: re.Pattern[str] | None = None) -> Any:
    """The typed value of a correction; UsageError, saying which form the value needs, when it cannot
    be one. `year` is the rule for a plausible budget year (models/regexes.jsonl `year.value`). An
    empty value is a date or place confirmed blank (None)."""
    if field not in AGREEMENT_FIELDS | PROJECT_FIELDS:
        raise UsageError(f"field {field!r} cannot be corrected (one of {', '.join(sorted(AGREEMENT_FIELDS | PROJECT_FIELDS))})")
    if any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in value):
        raise UsageError(f"{field}: the value contains control characters or line breaks")
    if not value.strip():
        if field in BLANKABLE:
            return None
        raise UsageError(f"{field}: an empty value; only {', '.join(sorted(BLANKABLE))} can be blank")
    try:
        if field == "year":
            if year is not None and not year.search(value.strip()):
                raise ValueError("not a plausible budget year; write it with four digits, e.g. 2024")
            number = int(value)
            if not -2**31 <= number < 2**31:
                raise ValueError("out of range")
            return number
        if field == "amount_eur":
            return parse_amount(value)
        if field.endswith("_date"):
            return parse_date(value)
    except (ValueError, InvalidOperation) as e:
        raise UsageError(f"{field}: {value!r} is not a valid value: {e}") from e
    if field == "district_ags" and value not in districts:
        raise UsageError(f"district_ags: {value!r} is not one of the 26 district keys (5 digits, e.g. 06434)")
    if field == "measure_type" and value not in measure_types:
        raise UsageError(f"measure_type: {value!r} is not one of {', '.join(sorted(measure_types))}")
    return value


def stored_value(typed: Any) -> str:
    """How a parsed value is written to corrections.csv: ISO dates, amounts with a decimal point, '' for blank."""
    if typed is None:
        return ""
    if isinstance(typed, Decimal):
        return f"{typed:.2f}"
    return str(typed)


def _target(correction: Correction, documents: list[DocumentRows]) -> int | None:
    for index, rows in enumerate(documents):
        if any(correction.document in (row.agreement_id, row.source_sha256) for row in rows.agreements):
            return index
    return None


def apply_corrections(documents: list[DocumentRows], corrections: list[Correction], districts: DistrictLookup,
                      measure_types: frozenset[str], year: re.Pattern[str] | None = None) -> tuple[list[DocumentRows], list[Conflict]]:
    """The documents' rows with the corrections applied, and the corrections that could not be
    (`year`: the rule for a plausible budget year, see parse_value)."""
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
            value = parse_value(correction.field, correction.value, districts, measure_types, year)
        except UsageError as e:
            conflicts.append(Conflict(correction, str(e)))
            continue
        rows = documents[index]
        if correction.field in PROJECT_FIELDS:
            hits = [i for i, p in enumerate(rows.projects) if str(p.position) == correction.position]
            if not hits:
                conflicts.append(Conflict(correction, f"no project at position {correction.position or '(none given)'}"))
                continue
            shown = stored_value(getattr(rows.projects[hits[0]], correction.field))
            if correction.was and clean_text(shown) != clean_text(correction.was):
                conflicts.append(Conflict(correction, f"project {correction.position} now reads {shown!r}, the correction was "
                                                      f"made where it read {correction.was!r} (the projects moved: correct it again)"))
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
    return {code.id: (code.fields, code.detail) for code in load_reason_codes(MODELS_DIR)}


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
    """Append a correction to OUT/corrections.csv, in the file's own encoding and separator."""
    append(out, correction)


def remove_corrections(out: Path, agreement: dict[str, Any], field: str, position: str) -> list[Correction]:
    """Remove the corrections of a field (of the project at `position`) of an agreement row; returns them."""
    def matches(c: Correction) -> bool:
        return (c.document in (agreement["source_sha256"], agreement["agreement_id"]) and c.field == field
                and (c.position or "") == position)
    return remove(out, matches)
