"""Export stage: results -> pandas tables -> CSV and Parquet, written atomically.

The Parquet schemas are explicit: amounts are decimal(14,2), dates date32, years, counts and page
numbers integers, keys strings; the provenance of every value is a table of its own."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import astuple
from decimal import Decimal
from enum import Enum
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from extract.dataset.provenance import project_provenance, provenance_rows
from extract.dataset.schema import (
    EXPORT_TABLES,
    SCHEMAS,
    TABLES,
    AgreementRow,
    DistrictLookup,
    DocumentRows,
    ErrorRow,
    PageRow,
    ProjectRow,
    SectionRow,
    datapackage,
)
from extract.files import file_sha256, replaced_together
from extract.model import Agreement, DocumentResult, ErrorRecord

MANIFEST = "manifest.json"
DATAPACKAGE = "datapackage.json"


def agreement_to_row(agreement: Agreement, district_lookup: DistrictLookup, pages_conf: float | None) -> AgreementRow:
    ags = agreement.value("district")
    name, kind = district_lookup.get(str(ags), (None, None)) if ags else (None, None)
    provenance = {
        key: {"page": f.provenance.page, "source": f.provenance.source, "rule": f.provenance.rule, "confidence": f.provenance.confidence,
              "reading": f.provenance.reading,
              "bbox": None if f.provenance.bbox is None else [round(v, 4) for v in astuple(f.provenance.bbox)]}
        for key, f in agreement.fields.items()
        if f.provenance is not None
    }

    def text(name: str) -> str | None:
        value = agreement.value(name)
        return None if value is None else str(value)

    year = agreement.value("year")
    amount = agreement.value("amount_eur")
    return AgreementRow(
        agreement_id=agreement.agreement_id,
        source_file=agreement.source_file,
        source_sha256=agreement.source_sha256,
        page_count=agreement.page_count,
        text_source=agreement.text_source,
        year=None if year is None else int(year),
        district_ags=None if ags is None else str(ags),
        district_name=name,
        district_type=kind,
        district_name_raw=agreement.fields["district"].raw or None,
        ministry=text("ministry"),
        amount_eur=None if amount is None else Decimal(amount),
        ministry_signed_place=text("ministry_signed_place"),
        ministry_signed_date=text("ministry_signed_date"),
        district_signed_place=text("district_signed_place"),
        district_signed_date=text("district_signed_date"),
        project_count=len(agreement.projects),
        needs_review=agreement.needs_review,
        review_reasons=";".join(agreement.review_reasons),
        ocr_confidence=pages_conf,
        provenance=json.dumps(provenance, ensure_ascii=False, sort_keys=True),
        source_present=True,
    )


def error_to_row(error: ErrorRecord) -> ErrorRow:
    return ErrorRow(error.source_file, error.source_sha256, error.stage, error.error)


def result_to_rows(result: DocumentResult, district_lookup: DistrictLookup) -> DocumentRows:
    """One document's rows of every table (an error gives one `errors` row and nothing else)."""
    if result.error is not None:
        return DocumentRows(errors=(error_to_row(result.error),))
    agreement = result.agreement
    assert agreement is not None
    confs = [p.confidence for p in result.pages if p.confidence is not None]
    page_conf = round(sum(confs) / len(confs), 1) if confs else None
    row = agreement_to_row(agreement, district_lookup, page_conf)
    return DocumentRows(
        agreements=(row,),
        projects=tuple(
            ProjectRow(agreement.agreement_id, row.year, row.district_ags, project.position, project.measure_type,
                       project.measure_type_raw, project.project_name, project.provenance.page, project.provenance.source,
                       project.provenance.confidence, project_provenance(project))
            for project in agreement.projects
        ),
        sections=tuple(SectionRow(agreement.agreement_id, section.key, section.title, section.text, section.page_start, section.page_end)
                       for section in result.sections),
        pages=tuple(PageRow(agreement.agreement_id, page.number, page.source, page.reason, page.confidence, page.rotation, page.deskew)
                    for page in result.pages),
    )


def rows_to_tables(documents: Iterable[DocumentRows]) -> dict[str, pd.DataFrame]:
    """Concatenate the documents' rows, in the given order, into one frame per dataset table."""
    documents = list(documents)
    merged: dict[str, list[Any]] = {name: [] for name in TABLES}
    for rows in documents:
        for name in TABLES:
            merged[name] += getattr(rows, name)
    merged["provenance"] = provenance_rows(documents)
    return {name: _frame(merged[name], SCHEMAS[name]) for name in EXPORT_TABLES}


def _cell(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


# Control characters from text layers never reach CSV, Parquet or the report: line-break-like ones
# (vertical tab, form feed, CR, NEL U+0085, U+2028/U+2029) become a space, the other C0/C1 controls
# go; newline and tab stay (section texts keep their lines).
_SPACES = {ord(c): " " for c in "\r\x0b\x0c\x85\u2028\u2029"}
_CONTROLS: dict[int, str | None] = {
    **{c: None for c in (*range(0x00, 0x20), *range(0x7f, 0xa0)) if chr(c) not in "\n\t"}, **_SPACES}


def clean_text(value: object) -> object:
    return value.translate(_CONTROLS) if isinstance(value, str) else value


def _frame(rows: list[Any], schema: pa.Schema) -> pd.DataFrame:
    frame = pd.DataFrame([[_cell(getattr(row, name)) for name in schema.names] for row in rows], columns=schema.names)
    for f in schema:
        if pa.types.is_date(f.type):
            frame[f.name] = frame[f.name].map(_date).astype("object")
        elif pa.types.is_integer(f.type):
            frame[f.name] = frame[f.name].astype("Int64")
        elif pa.types.is_floating(f.type):
            frame[f.name] = frame[f.name].astype("Float64")
        elif pa.types.is_boolean(f.type):
            frame[f.name] = frame[f.name].astype("boolean")
        elif pa.types.is_string(f.type):
            frame[f.name] = frame[f.name].astype("object").map(clean_text)
    return frame


def _write_csv(frame: pd.DataFrame, path: str) -> None:
    frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")


def remove_stale_temp_files(out: Path) -> list[Path]:
    """Temp files a killed export left behind (call while holding the run lock)."""
    stale = [p for name in (*SCHEMAS, "manifest", "datapackage") for p in out.glob(f".{name}.*.tmp")]
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


def write_tables(tables: dict[str, pd.DataFrame], out: Path, manifest: dict[str, Any] | None = None,
                 measure_types: Mapping[str, str] | None = None) -> list[Path]:
    """Write every table as CSV and Parquet into `out`, and last `manifest.json` with the SHA-256 of
    each file written together. All files are first written to temporary files; only when every one is
    complete are they renamed (a full disk or a kill while writing leaves the previous dataset whole;
    a kill among the renames leaves some new tables beside older ones, and the manifest tells which)."""
    out.mkdir(parents=True, exist_ok=True)
    with replaced_together() as staged:
        for name, frame in tables.items():
            staged.stage(out / f"{name}.csv", partial(_write_csv, frame))
            table = pa.Table.from_pandas(frame, schema=SCHEMAS[name], preserve_index=False)
            staged.stage(out / f"{name}.parquet", partial(pq.write_table, table))
        payload = json.dumps(datapackage(str((manifest or {}).get("aqb_version", "")), measure_types), ensure_ascii=False, indent=2)
        staged.stage_text(out / DATAPACKAGE, payload + "\n")
        files = {path.name: file_sha256(tmp) for tmp, path in staged.staged}
        payload = json.dumps({**(manifest or {}), "files": files}, indent=2, sort_keys=True)
        staged.stage_text(out / MANIFEST, payload + "\n")
        targets = [path for _, path in staged.staged]
    return targets
