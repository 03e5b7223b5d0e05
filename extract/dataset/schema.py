"""The dataset's data contract: column types and descriptions, keys, and its Frictionless
Data Package (datapackage.json) and Parquet schemas, both made from this one description."""

from __future__ import annotations

import re
from typing import Any

import pyarrow as pa

from extract.model import ReviewReason
from extract.rules import read_jsonl
from extract.settings import MODELS_DIR

S, I, F, B = pa.string(), pa.int32(), pa.float64(), pa.bool_()
AMOUNT = pa.decimal128(14, 2)

# table -> [(column, arrow type, description)]
COLUMNS: dict[str, list[tuple[str, pa.DataType, str]]] = {
    "agreements": [
        ("agreement_id", S, "Key of the agreement: the first 16 hex digits of the file's SHA-256, stable across runs."),
        ("source_file", S, "Path of the PDF relative to the input folder."),
        ("source_sha256", S, "SHA-256 of the PDF."),
        ("page_count", I, "Pages in the PDF."),
        ("text_source", S, "How the text was read: text_layer, ocr or mixed."),
        ("year", I, "Budget year of the agreement."),
        ("district_ags", S, "Official 5-digit key (Amtlicher Gemeindeschlüssel) of the district, e.g. 06434."),
        ("district_name", S, "Canonical district name, unique (Kassel is the city, Landkreis Kassel the district)."),
        ("district_type", S, "Landkreis or kreisfreie Stadt."),
        ("district_name_raw", S, "The district as written in the title block."),
        ("ministry", S, "The ministry, in the nominative, as named in the document."),
        ("amount_eur", AMOUNT, "Budget in euros, exact to the cent."),
        ("ministry_signed_place", S, "Where the ministry signed, as written."),
        ("ministry_signed_date", S, "When the ministry signed (ISO date); empty if blank or illegible."),
        ("district_signed_place", S, "Where the district signed, as written."),
        ("district_signed_date", S, "When the district signed (ISO date); empty if blank or illegible."),
        ("project_count", I, "Number of rows in projects for this agreement."),
        ("needs_review", B, "True when a person should check the record (see review_reasons)."),
        ("review_reasons", S, "Semicolon-separated reasons for review, each a code of reviewReasons (with ':detail', a field, project position or party), e.g. ministry_signed_date_illegible;low_confidence:amount_eur."),
        ("ocr_confidence", F, "Mean Tesseract word confidence (0-100) over the OCRed pages; empty for text layers."),
        ("provenance", S, "JSON: for each field its page, source (text_layer, ocr or corrected), rule id, OCR confidence and box (x0, y0, x1, y1 as page fractions)."),
        ("source_present", B, "False when the PDF has disappeared from the input since it was processed."),
        ("duplicate_of", S, "Other files of the dataset that are agreements of the same district and year (;-separated); empty if none."),
    ],
    "projects": [
        ("agreement_id", S, "The agreement (agreements.agreement_id)."),
        ("year", I, "Budget year, copied from the agreement."),
        ("district_ags", S, "District key, copied from the agreement."),
        ("position", I, "1-based position of the project in the document."),
        ("measure_type", S, "Measure type: ausbildungsvorbereitung, ausbildung, qualifizierung, weiterbildung_personal or sonstige."),
        ("measure_type_raw", S, "The measure-type heading as written (wrapped lines joined)."),
        ("project_name", S, "The project as written, without its list marker."),
        ("page", I, "Page the project was found on."),
        ("source", S, "text_layer or ocr."),
        ("confidence", F, "Lowest OCR word confidence of the project's words (0-100); empty for text layers."),
    ],
    "sections": [
        ("agreement_id", S, "The agreement (agreements.agreement_id)."),
        ("section", S, "kopf (title block), praeambel, or the § number."),
        ("title", S, "Section title."),
        ("text", S, "Normalized section text; table cells separated by tabs."),
        ("page_start", I, "First page of the section."),
        ("page_end", I, "Last page of the section."),
    ],
    "pages": [
        ("agreement_id", S, "The agreement (agreements.agreement_id)."),
        ("page", I, "Page number, 1-based."),
        ("source", S, "text_layer or ocr."),
        ("reason", S, "Why the text layer was used or the page was OCRed."),
        ("ocr_confidence", F, "Mean Tesseract word confidence of the page (0-100); empty for text layers."),
        ("rotation", I, "Degrees the page image was turned before OCR."),
    ],
    "errors": [
        ("source_file", S, "Path of the file relative to the input folder."),
        ("source_sha256", S, "SHA-256 of the file (empty if it could not be read)."),
        ("stage", S, "Stage that failed: load, ocr, classify, extract, dedupe, timeout, worker or internal."),
        ("error", S, "What went wrong."),
    ],
}

PRIMARY_KEYS = {
    "agreements": ["agreement_id"],
    "projects": ["agreement_id", "position"],
    "sections": ["agreement_id", "section"],
    "pages": ["agreement_id", "page"],
    "errors": ["source_file"],
}
DATES = {"ministry_signed_date", "district_signed_date"}

SCHEMAS: dict[str, pa.Schema] = {
    table: pa.schema([pa.field(name, kind, metadata={"description": text}) for name, kind, text in columns])
    for table, columns in COLUMNS.items()
}


def review_reason_codes() -> list[dict[str, str]]:
    """The review reason codes (the ReviewReason enum) with their meaning from models/review_reasons.jsonl."""
    meanings = {row["id"]: row["meaning"] for row in read_jsonl(MODELS_DIR / "review_reasons.jsonl", ("meaning",))}
    return [{"code": reason.value, "meaning": meanings.get(reason.value, "")} for reason in ReviewReason]


def review_reasons_pattern() -> str:
    """The whole-cell pattern of review_reasons: ;-separated codes of the enum, each with an optional ':detail'."""
    one = "(?:" + "|".join(re.escape(r.value) for r in ReviewReason) + ")(?::[^;]+)?"
    return f"{one}(?:;{one})*"


def _frictionless_field(name: str, kind: pa.DataType, description: str) -> dict[str, Any]:
    field: dict[str, Any] = {"name": name, "description": description}
    if name == "review_reasons":
        field["constraints"] = {"pattern": review_reasons_pattern()}
        field["reviewReasons"] = review_reason_codes()
    if name in DATES:
        field["type"] = "date"
    elif pa.types.is_integer(kind):
        field["type"] = "integer"
    elif pa.types.is_decimal(kind) or pa.types.is_floating(kind):
        field["type"] = "number"
    elif pa.types.is_boolean(kind):
        field.update(type="boolean", trueValues=["True"], falseValues=["False"])
    else:
        field["type"] = "string"
    return field


def datapackage(aqb_version: str) -> dict[str, Any]:
    """The Frictionless Data Package descriptor of the CSV tables."""
    resources = []
    for table, columns in COLUMNS.items():
        schema: dict[str, Any] = {
            "fields": [_frictionless_field(*column) for column in columns],
            "primaryKey": PRIMARY_KEYS[table],
            "missingValues": [""],
        }
        if table in ("projects", "sections", "pages"):
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
