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
from dataclasses import asdict, dataclass, fields
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from extract.errors import RunIncompleteError, UsageError

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


# A correction value longer than this is no correction but a broken line (e.g. a whole text pasted in one cell).
MAX_VALUE_CHARS = 10_000
REQUIRED_COLUMNS = ("document", "field", "value")
DELIMITERS = (",", ";", "\t")  # a spreadsheet saves with ';' in German locales


def _decode(data: bytes) -> str:
    """UTF-8 (with or without a byte order mark), else Windows-1252 as spreadsheets save it, else Latin-1."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    for encoding in ("utf-8", "cp1252", "latin-1"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte")


def _header(text: str) -> tuple[str, list[str]]:
    """The delimiter and the column names: the delimiter that yields the most known column names."""
    first = text.split("\n", 1)[0]
    known = {f.name for f in fields(Correction)}
    best = max(DELIMITERS, key=lambda d: len(known & {c.strip().lower() for c in next(csv.reader([first], delimiter=d), [])}))
    return best, [c.strip().lower() for c in next(csv.reader([first], delimiter=best), [])]


def load_corrections(out: Path) -> tuple[list[Correction], list[dict[str, str]]]:
    """The corrections of OUT/corrections.csv, and each line that cannot be one, as a conflict naming
    its line number. Spreadsheet files are read too: a byte order mark, Windows-1252, ';' or tab as
    separator, columns in any order, extra columns. RunIncompleteError when the file cannot be read at
    all (unreadable, or no header with the columns document, field and value)."""
    path = out / CORRECTIONS_FILE
    if not path.is_file():
        return [], []
    try:
        text = _decode(path.read_bytes()).replace("\r\n", "\n")
    except OSError as e:
        raise RunIncompleteError(f"cannot read {path}: {e.strerror or e}") from e
    delimiter, header = _header(text)
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise RunIncompleteError(f"{path} cannot be read: its first line names no column {', '.join(missing)} "
                                 f"(expected a header with {', '.join(f.name for f in fields(Correction))})")
    names = {f.name for f in fields(Correction)}
    corrections: list[Correction] = []
    bad: list[dict[str, str]] = []

    def problem(line: int, reason: str, values: dict[str, str]) -> None:
        bad.append({**{name: values.get(name, "") for name in names}, "conflict": f"{CORRECTIONS_FILE} line {line}: {reason}"})

    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    next(reader, None)
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            problem(reader.line_num, f"cannot be read ({e})", {})
            continue
        if not any(c.strip() for c in cells):
            continue  # blank lines, or a spreadsheet's empty rows
        values = {column: cell.strip() for column, cell in zip(header, cells) if column in names}
        extra = [c for c in cells[len(header):] if c.strip()]
        long = [column for column, cell in values.items() if len(cell) > MAX_VALUE_CHARS]
        empty = [column for column in ("document", "field") if not values.get(column)]
        if extra:
            problem(reader.line_num, f"{len(cells)} fields, the header has {len(header)}", values)
        elif long:
            problem(reader.line_num, f"{', '.join(long)} longer than {MAX_VALUE_CHARS} characters", {k: v[:80] for k, v in values.items()})
        elif empty or len(cells) < len(header) and "value" not in values:
            problem(reader.line_num, f"missing {', '.join(empty or ['value'])}", values)
        else:
            corrections.append(Correction(**{name: values.get(name, "") for name in names}))
    return corrections, bad


def read_corrections(out: Path) -> list[Correction]:
    return load_corrections(out)[0]


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


# decimal(14,2), the amount's type in the dataset: 12 digits before the point.
MAX_AMOUNT = Decimal(10) ** 12


def parse_value(field: str, value: str, districts: dict[str, tuple[str, str]], year: re.Pattern[str] | None = None) -> Any:
    """The typed value of a correction; UsageError when it cannot be one. `year` is the rule for a
    plausible budget year (models/regexes.jsonl `year.value`)."""
    if field not in AGREEMENT_FIELDS | PROJECT_FIELDS:
        raise UsageError(f"field {field!r} cannot be corrected (one of {sorted(AGREEMENT_FIELDS | PROJECT_FIELDS)})")
    if any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in value):
        raise UsageError(f"{field}: the value contains control characters or line breaks")
    try:
        if field == "year":
            if year is not None and not year.search(value.strip()):
                raise ValueError("not a plausible budget year")
            number = int(value)
            if not -2**31 <= number < 2**31:
                raise ValueError("out of range")
            return number
        if field == "amount_eur":
            amount = Decimal(value).quantize(Decimal("0.01"))
            if not amount.is_finite() or not 0 <= amount < MAX_AMOUNT:
                raise ValueError("out of range")
            return amount
        if field.endswith("_date"):
            return dt.date.fromisoformat(value).isoformat() if value else None
    except (ValueError, InvalidOperation) as e:
        raise UsageError(f"{field}: {value!r} is not a valid value") from e
    if field == "district_ags" and value not in districts:
        raise UsageError(f"district_ags: {value!r} is not one of the 26 district keys")
    if field == "measure_type" and value not in MEASURE_TYPES:
        raise UsageError(f"measure_type: {value!r} is not one of {sorted(MEASURE_TYPES)}")
    return value


def _targets(correction: Correction, documents: list[dict[str, list[dict]]]) -> dict[str, list[dict]] | None:
    for rows in documents:
        for row in rows.get("agreements", []):
            if correction.document in (row["agreement_id"], row["source_sha256"]):
                return rows
    return None


def apply_corrections(documents: list[dict[str, list[dict]]], corrections: list[Correction],
                      districts: dict[str, tuple[str, str]], year: re.Pattern[str] | None = None) -> list[dict[str, str]]:
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
            value = parse_value(correction.field, correction.value, districts, year)
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
        left = [r for r in agreement["review_reasons"].split(";") if r and not settles(key, r)]
        agreement["review_reasons"] = ";".join(left)
        agreement["needs_review"] = bool(left)
    return conflicts


def settles(key: str, reason: str) -> bool:
    """Whether correcting field `key` settles a review reason."""
    if reason in {f"{key}_missing", f"low_confidence:{key}", f"{key}_blank", f"{key}_illegible"}:
        return True
    return key == "district" and reason in {"district_not_in_title", "district_conflict"}


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
