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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

from extract.dataset.schema import AgreementRow, DistrictLookup, DocumentRows, ProjectRow, column_meta, column_names
from extract.errors import RunIncompleteError, UsageError
from extract.files import write_text_atomic
from extract.model import Flag
from extract.rules import Rules, load_reason_codes
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


def load_corrections(out: Path) -> tuple[list[Correction], list[Conflict]]:
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
    bad: list[Conflict] = []

    def problem(line: int, reason: str, values: dict[str, str]) -> None:
        bad.append(Conflict(Correction(**{name: values.get(name, "") for name in names}), f"{CORRECTIONS_FILE} line {line}: {reason}"))

    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    next(reader, None)
    while True:
        try:
            with _field_limit(MAX_VALUE_CHARS):
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


@contextmanager
def _field_limit(chars: int) -> Iterator[None]:
    """csv's field size limit (process-wide; other libraries change it) set to `chars` while a line is
    read, so that a huge field is refused the same way whatever was imported before."""
    previous = csv.field_size_limit(chars)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def read_corrections(out: Path) -> list[Correction]:
    return load_corrections(out)[0]


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


# decimal(14,2), the amount's type in the dataset: 12 digits before the point.
MAX_AMOUNT = Decimal(10) ** 12


def parse_value(field: str, value: str, districts: DistrictLookup, measure_types: frozenset[str],
                year: re.Pattern[str] | None = None) -> Any:
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
    if field == "measure_type" and value not in measure_types:
        raise UsageError(f"measure_type: {value!r} is not one of {sorted(measure_types)}")
    return value


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
    existing = read_corrections(out)
    write_text_atomic(out / CORRECTIONS_FILE, corrections_to_csv([*existing, correction]))
