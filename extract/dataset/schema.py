"""The dataset's data contract: one typed row record per table (column names, types, descriptions),
keys, and its Frictionless Data Package (datapackage.json) and Parquet schemas, all made from this one
description. Every module builds and reads rows through these records; no other module lists columns."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

import pyarrow as pa

from extract.errors import Stage
from extract.model import ReviewReason
from extract.rules import load_reason_codes
from extract.settings import MODELS_DIR

# The stages an error row can name (the others end a run, see extract/errors.py).
DOCUMENT_STAGES = (Stage.LOAD, Stage.OCR, Stage.CLASSIFY, Stage.DEDUPE, Stage.TIMEOUT, Stage.WORKER, Stage.INTERNAL, Stage.SKIPPED)

STR, INT, FLOAT, BOOL = pa.string(), pa.int32(), pa.float64(), pa.bool_()
AMOUNT = pa.decimal128(14, 2)
DATE = pa.date32()  # kept as an ISO string in the row records, a date in Parquet, SQLite and the datapackage


def column(kind: pa.DataType, description: str, *, field: str | None = None, label: str | None = None,
           correctable: bool = False, export: bool = True, default: Any = dataclasses.MISSING) -> Any:
    """A table column: its Arrow type and description; `field` names the Agreement field (and provenance
    key) an agreement column shows, `label` its caption in the review report, `correctable` whether
    `aqb correct` may set it, `export` whether it is a column of the dataset (else it is kept in the state
    store only, e.g. the provenance the `provenance` table is made of)."""
    metadata = {"arrow": kind, "description": description, "field": field, "label": label, "correctable": correctable,
                "export": export}
    return dataclasses.field(default=default, metadata=metadata)


@dataclass(frozen=True)
class AgreementRow:
    agreement_id: str = column(STR, "Key of the agreement: the first 16 hex digits of the file's SHA-256, stable across runs.")
    source_file: str = column(STR, "Path of the PDF relative to the input folder.")
    source_sha256: str = column(STR, "SHA-256 of the PDF.")
    page_count: int = column(INT, "Pages in the PDF.")
    text_source: str = column(STR, "How the text was read: text_layer, ocr or mixed.")
    year: int | None = column(INT, "Budget year of the agreement.", field="year", label="Year", correctable=True)
    district_ags: str | None = column(STR, "Official 5-digit key (Amtlicher Gemeindeschlüssel) of the district, e.g. 06434.",
                                      field="district", label="District key", correctable=True)
    district_name: str | None = column(STR, "Canonical district name, unique (Kassel is the city, Landkreis Kassel the district).",
                                       field="district", label="District")
    district_type: str | None = column(STR, "Landkreis or kreisfreie Stadt.")
    district_name_raw: str | None = column(STR, "The district as written in the title block.", correctable=True)
    ministry: str | None = column(STR, "The ministry, in the nominative, as named in the document.", field="ministry", label="Ministry",
                                  correctable=True)
    amount_eur: Decimal | None = column(AMOUNT, "Budget in euros, exact to the cent.", field="amount_eur", label="Amount (EUR)",
                                        correctable=True)
    ministry_signed_place: str | None = column(STR, "Where the ministry signed, as written.", field="ministry_signed_place",
                                               label="Ministry signed in", correctable=True)
    ministry_signed_date: str | None = column(DATE, "When the ministry signed (ISO date); empty if blank or illegible.",
                                              field="ministry_signed_date", label="Ministry signed on", correctable=True)
    district_signed_place: str | None = column(STR, "Where the district signed, as written.", field="district_signed_place",
                                               label="District signed in", correctable=True)
    district_signed_date: str | None = column(DATE, "When the district signed (ISO date); empty if blank or illegible.",
                                              field="district_signed_date", label="District signed on", correctable=True)
    project_count: int = column(INT, "Number of rows in projects for this agreement.")
    needs_review: bool = column(BOOL, "True when a person should check the record (see review_reasons).")
    review_reasons: str = column(STR, "Semicolon-separated reasons for review, each a code of reviewReasons (with ':detail', a field, "
                                      "project position or party), e.g. ministry_signed_date_illegible;low_confidence:amount_eur.")
    ocr_confidence: float | None = column(FLOAT, "Mean Tesseract word confidence (0-100) over the OCRed pages; empty for text layers.")
    provenance: str = column(STR, "JSON: for each field its page, source (text_layer, ocr or corrected), rule id, OCR confidence and box "
                                "(x0, y0, x1, y1 as page fractions); exported as the provenance table.", export=False)
    source_present: bool = column(BOOL, "False when the PDF has disappeared from the input since it was processed.")
    duplicate_of: str | None = column(STR, "Other files of the dataset that are agreements of the same district and year (;-separated); "
                                       "empty if none.", default=None)


@dataclass(frozen=True)
class ProjectRow:
    agreement_id: str = column(STR, "The agreement (agreements.agreement_id).")
    year: int | None = column(INT, "Budget year, copied from the agreement.")
    district_ags: str | None = column(STR, "District key, copied from the agreement.")
    position: int = column(INT, "1-based position of the project in the document.")
    measure_type: str = column(STR, "Measure type: ausbildungsvorbereitung, ausbildung, qualifizierung, weiterbildung_personal "
                                    "or sonstige.", correctable=True)
    measure_type_raw: str = column(STR, "The measure-type heading as written (wrapped lines joined).", correctable=True)
    project_name: str = column(STR, "The project as written, without its list marker.", correctable=True)
    page: int | None = column(INT, "Page the project was found on.")
    source: str = column(STR, "text_layer or ocr, or corrected when a person corrected the project.")
    confidence: float | None = column(FLOAT, "Lowest OCR word confidence of the project's words (0-100); empty for text layers.")
    provenance: str | None = column(STR, "JSON: the rule id and box (x0, y0, x1, y1 as page fractions) the project was read from; "
                                         "exported as the provenance table.", export=False, default=None)


@dataclass(frozen=True)
class SectionRow:
    agreement_id: str = column(STR, "The agreement (agreements.agreement_id).")
    section: str = column(STR, "kopf (title block), praeambel, or the § number.")
    title: str = column(STR, "Section title.")
    text: str = column(STR, "Normalized section text; table cells separated by tabs.")
    page_start: int = column(INT, "First page of the section.")
    page_end: int = column(INT, "Last page of the section.")


@dataclass(frozen=True)
class PageRow:
    agreement_id: str = column(STR, "The agreement (agreements.agreement_id).")
    page: int = column(INT, "Page number, 1-based.")
    source: str = column(STR, "text_layer or ocr.")
    reason: str = column(STR, "Why the text layer was used or the page was OCRed.")
    ocr_confidence: float | None = column(FLOAT, "Mean Tesseract word confidence of the page (0-100); empty for text layers.")
    rotation: int = column(INT, "Degrees the page image was turned before OCR.")
    deskew: float = column(FLOAT, "Degrees a slanted scan was turned level before OCR and before rotation "
                                  "(counter-clockwise positive); 0 when level.", default=0.0)


@dataclass(frozen=True)
class ErrorRow:
    source_file: str = column(STR, "Path of the file relative to the input folder.")
    source_sha256: str = column(STR, "SHA-256 of the file (empty if it could not be read).")
    stage: Stage = column(STR, f"Stage that failed: {', '.join(s.value for s in DOCUMENT_STAGES)}.")
    error: str = column(STR, "What went wrong.")


@dataclass(frozen=True)
class ProvenanceRow:
    agreement_id: str = column(STR, "The agreement (agreements.agreement_id).")
    field: str = column(STR, "The value: an agreements column (district for district_ags, district_name and district_name_raw) "
                             "or project for a row of projects.")
    position: int | None = column(INT, "For a project: its position (projects.position); empty for agreement fields.")
    page: int | None = column(INT, "Page the value was read from.")
    x0: float | None = column(FLOAT, "Left edge of the value's box on its page, as a fraction of the page width (0-1).")
    y0: float | None = column(FLOAT, "Top edge of the value's box, as a fraction of the page height (0-1).")
    x1: float | None = column(FLOAT, "Right edge of the value's box, as a fraction of the page width (0-1).")
    y1: float | None = column(FLOAT, "Bottom edge of the value's box, as a fraction of the page height (0-1).")
    source: str = column(STR, "How the value was read: text_layer, ocr, derived (from other values) or corrected (by a person).")
    confidence: float | None = column(FLOAT, "OCR confidence of the value's words (0-100); empty for text layers.")
    rule: str | None = column(STR, "Id of the rule in models/ that found the value.")
    previous_value: str | None = column(STR, "For a corrected field: the value before the correction.")
    corrected_by: str | None = column(STR, "For a corrected field: who corrected it.")
    corrected_on: str | None = column(DATE, "For a corrected field: when it was corrected.")
    note: str | None = column(STR, "For a corrected field: the note given with the correction.")
    reading: str | None = column(STR, "How the value's words were read: page (the page's text layer or OCR) or, for a value whose "
                                      "OCR failed its check or had low confidence, the re-reading of its region that won: "
                                      "reread_x2_psm7_digits, reread_x2_psm7, reread_x3_psm7_digits, reread_x1_psm11 (numbers); "
                                      "reread_x1_psm7, reread_x2_psm7, reread_x1_psm13, reread_x2_psm6 (names).")


DistrictLookup = dict[str, tuple[str, str]]  # district key -> (canonical name, type), from the gazetteer
Row = AgreementRow | ProjectRow | SectionRow | PageRow | ErrorRow
R = TypeVar("R", bound=Row)


@dataclass(frozen=True)
class DocumentRows:
    """One document's rows of every table (an input that failed has one error row and nothing else)."""

    agreements: tuple[AgreementRow, ...] = ()
    projects: tuple[ProjectRow, ...] = ()
    sections: tuple[SectionRow, ...] = ()
    pages: tuple[PageRow, ...] = ()
    errors: tuple[ErrorRow, ...] = ()


# table name (a field of DocumentRows) -> its row record
TABLES: dict[str, type[Row]] = {
    "agreements": AgreementRow, "projects": ProjectRow, "sections": SectionRow, "pages": PageRow, "errors": ErrorRow,
}

# dataset table -> its row record: the stored tables, and provenance, made from them on export
EXPORT_TABLES: dict[str, type[Row] | type[ProvenanceRow]] = {**TABLES, "provenance": ProvenanceRow}

# dataset table -> [(column, arrow type, description)], the columns of the files written
COLUMNS: dict[str, list[tuple[str, pa.DataType, str]]] = {
    table: [(f.name, f.metadata["arrow"], f.metadata["description"]) for f in dataclasses.fields(record) if f.metadata["export"]]
    for table, record in EXPORT_TABLES.items()
}


def column_names(record: type[Row], flag: str) -> tuple[str, ...]:
    """The columns of a row record whose metadata `flag` is set (e.g. "correctable", "label")."""
    return tuple(f.name for f in dataclasses.fields(record) if f.metadata[flag])


def column_meta(record: type[Row], name: str) -> Mapping[str, Any]:
    return next(f.metadata for f in dataclasses.fields(record) if f.name == name)


def row_from_dict(record: type[R], data: Mapping[str, Any]) -> R:
    """A row record from its column mapping (the state store's JSON form); a column it lacks is empty."""
    values: dict[str, Any] = {f.name: data.get(f.name) for f in dataclasses.fields(record)}
    if record is ErrorRow:
        values["stage"] = Stage(values["stage"])
    if record is AgreementRow and values["amount_eur"] is not None:
        values["amount_eur"] = Decimal(values["amount_eur"])
    return record(**values)


PRIMARY_KEYS = {
    "agreements": ["agreement_id"],
    "projects": ["agreement_id", "position"],
    "sections": ["agreement_id", "section"],
    "pages": ["agreement_id", "page"],
    "errors": ["source_file"],
}
FOREIGN_KEY_TABLES = ("projects", "sections", "pages", "provenance")  # agreement_id -> agreements


@dataclass(frozen=True)
class Code:
    """One value of a code list and what it means."""

    value: str
    label: str


# (table, column) -> the values the column may hold; measure types are read from models/measure_types.jsonl
# and passed to datapackage() (see code_lists()).
READ_SOURCES = (Code("text_layer", "read from the PDF's text layer"), Code("ocr", "read by OCR (Tesseract) from the page image"))
CORRECTED = Code("corrected", "set by a person with aqb correct (see corrections.csv)")
STATIC_CODES: dict[tuple[str, str], tuple[Code, ...]] = {
    ("agreements", "text_source"): (*READ_SOURCES, Code("mixed", "some pages from the text layer, some by OCR")),
    ("agreements", "district_type"): (Code("Landkreis", "district (Landkreis)"), Code("kreisfreie Stadt", "city (kreisfreie Stadt)")),
    ("projects", "source"): (*READ_SOURCES, CORRECTED),
    ("pages", "source"): READ_SOURCES,
    ("provenance", "source"): (*READ_SOURCES, Code("derived", "derived from other values"), CORRECTED),
    ("errors", "stage"): (
        Code(Stage.LOAD.value, "the file cannot be read or is no usable PDF (empty, truncated, password-protected)"),
        Code(Stage.OCR.value, "OCR of a page failed"), Code(Stage.CLASSIFY.value, "read, but not an AQB agreement"),
        Code(Stage.DEDUPE.value, "same content as another input file"), Code(Stage.TIMEOUT.value, "the per-document time limit passed"),
        Code(Stage.WORKER.value, "the worker process died"), Code(Stage.INTERNAL.value, "an unexpected failure (a bug)"),
        Code(Stage.SKIPPED.value, "an input entry that is no regular file (FIFO, socket, dangling link, link loop)"),
    ),
}


def code_lists(measure_types: Mapping[str, str] | None = None) -> dict[tuple[str, str], tuple[Code, ...]]:
    """Every code list of the dataset; `measure_types` maps each measure type code to its German label."""
    codes = dict(STATIC_CODES)
    if measure_types:
        codes[("projects", "measure_type")] = tuple(Code(code, label) for code, label in measure_types.items())
    return codes


SCHEMAS: dict[str, pa.Schema] = {
    table: pa.schema([pa.field(name, kind, metadata={"description": text}) for name, kind, text in columns])
    for table, columns in COLUMNS.items()
}


def review_reason_codes() -> list[dict[str, str]]:
    """The review reason codes (the ReviewReason enum) with their meaning from models/review_reasons.jsonl."""
    meanings = {code.id: code.meaning for code in load_reason_codes(MODELS_DIR)}
    return [{"code": reason.value, "meaning": meanings.get(reason.value, "")} for reason in ReviewReason]


def review_reasons_pattern() -> str:
    """The whole-cell pattern of review_reasons: ;-separated codes of the enum, each with an optional ':detail'."""
    one = "(?:" + "|".join(re.escape(r.value) for r in ReviewReason) + ")(?::[^;]+)?"
    return f"{one}(?:;{one})*"


def _frictionless_field(name: str, kind: pa.DataType, description: str, codes: tuple[Code, ...] = ()) -> dict[str, Any]:
    field: dict[str, Any] = {"name": name, "description": description}
    if name == "review_reasons":
        field["constraints"] = {"pattern": review_reasons_pattern()}
        field["reviewReasons"] = review_reason_codes()
    if pa.types.is_date(kind):
        field["type"] = "date"
    elif pa.types.is_integer(kind):
        field["type"] = "integer"
    elif pa.types.is_decimal(kind) or pa.types.is_floating(kind):
        field["type"] = "number"
    elif pa.types.is_boolean(kind):
        field.update(type="boolean", trueValues=["True"], falseValues=["False"])
    else:
        field["type"] = "string"
    if codes:  # the values as an enum constraint, their meanings as categories (Data Package v2)
        field["constraints"] = {"enum": [c.value for c in codes]}
        field["categories"] = [{"value": c.value, "label": c.label} for c in codes]
    return field


def datapackage(aqb_version: str, measure_types: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The Frictionless Data Package descriptor of the CSV tables; `measure_types` (code -> German label,
    from models/measure_types.jsonl) becomes the code list of projects.measure_type."""
    codes = code_lists(measure_types)
    resources = []
    for table, columns in COLUMNS.items():
        schema: dict[str, Any] = {
            "fields": [_frictionless_field(*column, codes.get((table, column[0]), ())) for column in columns],
            "missingValues": [""],
        }
        if table in PRIMARY_KEYS:
            schema["primaryKey"] = PRIMARY_KEYS[table]
        if table in FOREIGN_KEY_TABLES:
            schema["foreignKeys"] = [{"fields": ["agreement_id"], "reference": {"resource": "agreements", "fields": ["agreement_id"]}}]
        resources.append({
            "name": table, "path": f"{table}.csv", "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "schema": schema,
        })
    return {
        "profile": "tabular-data-package",
        "name": "aqb-zielvereinbarungen",
        "title": "Hessian AQB agreements (Zielvereinbarungen zum Ausbildungs- und Qualifizierungsbudget)",
        "description": "Districts, years, budgets, signatures and funded projects extracted by aqb from the agreement PDFs.",
        "version": aqb_version,
        "resources": resources,
    }
