"""Export stage: results -> pandas tables -> CSV and Parquet, written atomically.

This is the only module that uses pandas. The Parquet schemas are explicit: amounts are
decimal(14,2), years, counts and page numbers integers, keys strings."""

from __future__ import annotations

import json
from dataclasses import astuple
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from extract.reading.load import file_sha256
from extract.model import Agreement, DocumentResult
from extract.dataset.schema import SCHEMAS, datapackage

MANIFEST = "manifest.json"
DATAPACKAGE = "datapackage.json"

def agreement_to_row(agreement: Agreement, district_lookup: dict[str, tuple[str, str]], pages_conf: float | None) -> dict:
    ags = agreement.value("district")
    name, kind = district_lookup.get(str(ags), (None, None)) if ags else (None, None)
    provenance = {
        key: {"page": f.provenance.page, "source": f.provenance.source, "rule": f.provenance.rule, "confidence": f.provenance.confidence,
              "bbox": None if f.provenance.bbox is None else [round(v, 4) for v in astuple(f.provenance.bbox)]}
        for key, f in agreement.fields.items()
        if f.provenance is not None
    }
    return {
        "agreement_id": agreement.agreement_id,
        "source_file": agreement.source_file,
        "source_sha256": agreement.source_sha256,
        "page_count": agreement.page_count,
        "text_source": agreement.text_source,
        "year": agreement.value("year"),
        "district_ags": ags,
        "district_name": name,
        "district_type": kind,
        "district_name_raw": agreement.fields["district"].raw or None,
        "ministry": agreement.value("ministry"),
        "amount_eur": agreement.value("amount_eur"),
        "ministry_signed_place": agreement.value("ministry_signed_place"),
        "ministry_signed_date": agreement.value("ministry_signed_date"),
        "district_signed_place": agreement.value("district_signed_place"),
        "district_signed_date": agreement.value("district_signed_date"),
        "project_count": len(agreement.projects),
        "needs_review": agreement.needs_review,
        "review_reasons": ";".join(agreement.review_reasons),
        "ocr_confidence": pages_conf,
        "provenance": json.dumps(provenance, ensure_ascii=False, sort_keys=True),
        "source_present": True,
    }


def result_to_rows(result: DocumentResult, district_lookup: dict[str, tuple[str, str]]) -> dict[str, list[dict]]:
    """One document's rows of every table (an error gives one `errors` row and nothing else)."""
    rows: dict[str, list[dict]] = {name: [] for name in SCHEMAS}
    if result.error is not None:
        rows["errors"].append({"source_file": result.error.source_file, "source_sha256": result.error.source_sha256,
                               "stage": result.error.stage, "error": result.error.error})
        return rows
    agreement = result.agreement
    assert agreement is not None
    confs = [p.confidence for p in result.pages if p.confidence is not None]
    page_conf = round(sum(confs) / len(confs), 1) if confs else None
    rows["agreements"].append(agreement_to_row(agreement, district_lookup, page_conf))
    for project in agreement.projects:
        rows["projects"].append({
            "agreement_id": agreement.agreement_id, "year": agreement.value("year"), "district_ags": agreement.value("district"),
            "position": project.position, "measure_type": project.measure_type, "measure_type_raw": project.measure_type_raw,
            "project_name": project.project_name, "page": project.provenance.page, "source": project.provenance.source,
            "confidence": project.provenance.confidence,
        })
    for section in result.sections:
        rows["sections"].append({"agreement_id": agreement.agreement_id, "section": section.key, "title": section.title,
                                 "text": section.text, "page_start": section.page_start, "page_end": section.page_end})
    for page in result.pages:
        rows["pages"].append({"agreement_id": agreement.agreement_id, "page": page.number, "source": page.source,
                              "reason": page.reason, "ocr_confidence": page.confidence, "rotation": page.rotation})
    return rows


def rows_to_tables(documents: Iterable[dict[str, list[dict]]]) -> dict[str, pd.DataFrame]:
    """Concatenate the documents' rows, in the given order, into one frame per table."""
    merged: dict[str, list[dict]] = {name: [] for name in SCHEMAS}
    for rows in documents:
        for name in SCHEMAS:
            merged[name] += rows.get(name, [])
    return {name: _frame(merged[name], SCHEMAS[name]) for name in SCHEMAS}


# Control characters from text layers never reach CSV, Parquet or the report: line-break-like ones
# (vertical tab, form feed, CR, NEL U+0085, U+2028/U+2029) become a space, the other C0/C1 controls
# go; newline and tab stay (section texts keep their lines).
_SPACES = {ord(c): " " for c in "\r\x0b\x0c\x85\u2028\u2029"}
_CONTROLS = {**{c: None for c in (*range(0x00, 0x20), *range(0x7f, 0xa0)) if chr(c) not in "\n\t"}, **_SPACES}


def clean_text(value: object) -> object:
    return value.translate(_CONTROLS) if isinstance(value, str) else value


def _frame(rows: list[dict], schema: pa.Schema) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=schema.names)
    for f in schema:
        if pa.types.is_integer(f.type):
            frame[f.name] = frame[f.name].astype("Int64")
        elif pa.types.is_floating(f.type):
            frame[f.name] = frame[f.name].astype("Float64")
        elif pa.types.is_boolean(f.type):
            frame[f.name] = frame[f.name].astype("boolean")
        elif pa.types.is_string(f.type):
            frame[f.name] = frame[f.name].astype("object").map(clean_text)
    return frame


def write_atomic(path: Path, write) -> None:
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        write(tmp)
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def remove_stale_temp_files(out: Path) -> list[Path]:
    """Temp files a killed export left behind (call while holding the run lock)."""
    stale = [p for name in (*SCHEMAS, "manifest", "datapackage") for p in out.glob(f".{name}.*.tmp")]
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


def _staged(path: Path, write, staged: list[tuple[str, Path]]) -> None:
    """Write `path`'s new content to a temp file beside it (fsynced), to be renamed by write_tables."""
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    staged.append((tmp, path))
    write(tmp)
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.chmod(tmp, 0o644)


def write_tables(tables: dict[str, pd.DataFrame], out: Path, manifest: dict | None = None) -> list[Path]:
    """Write every table as CSV and Parquet into `out`, and last `manifest.json` with the SHA-256 of
    each file written together. All files are first written to temp files; only when every one is
    complete are they renamed (a full disk or a kill while writing leaves the previous dataset whole;
    a kill among the renames leaves some new tables beside older ones, and the manifest tells which)."""
    out.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for name, frame in tables.items():
            _staged(out / f"{name}.csv", lambda tmp, frame=frame: frame.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n"), staged)
            table = pa.Table.from_pandas(frame, schema=SCHEMAS[name], preserve_index=False)
            _staged(out / f"{name}.parquet", lambda tmp, table=table: pq.write_table(table, tmp), staged)
        payload = json.dumps(datapackage(str((manifest or {}).get("aqb_version", ""))), ensure_ascii=False, indent=2)
        _staged(out / DATAPACKAGE, lambda tmp: Path(tmp).write_text(payload + "\n", encoding="utf-8"), staged)
        files = {path.name: file_sha256(Path(tmp)) for tmp, path in staged}
        payload = json.dumps({**(manifest or {}), "files": files}, indent=2, sort_keys=True)
        _staged(out / MANIFEST, lambda tmp: Path(tmp).write_text(payload + "\n", encoding="utf-8"), staged)
    except BaseException:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise
    for tmp, path in staged:
        os.replace(tmp, path)
    return [path for _, path in staged]
