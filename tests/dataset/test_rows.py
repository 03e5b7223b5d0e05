"""The typed row contract: every table is a row record of the schema; rows survive the state store's
JSON form; corrections work on typed rows (no pipeline run needed)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import replace
from decimal import Decimal

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from extract.dataset.corrections import PROJECT_FIELDS, Correction, apply_corrections, measure_type_codes, parse_value
from extract.dataset.export import rows_to_tables, write_tables
from extract.dataset.schema import (
    COLUMNS,
    EXPORT_TABLES,
    SCHEMAS,
    TABLES,
    AgreementRow,
    DocumentRows,
    ErrorRow,
    PageRow,
    ProjectRow,
    SectionRow,
)
from extract.errors import Stage, UsageError
from extract.ingest.serialize import json_to_rows, rows_to_json
from helpers import rules

DISTRICTS = {d.ags: (d.name, d.type) for d in rules().districts}
MEASURE_TYPES = measure_type_codes(rules())


def agreement(**changes: object) -> AgreementRow:
    row = AgreementRow(
        agreement_id="a" * 16, source_file="a.pdf", source_sha256="a" * 64, page_count=3, text_source="text_layer", year=2025,
        district_ags="06434", district_name="Hochtaunuskreis", district_type="Landkreis", district_name_raw="Hochtaunuskreis",
        ministry="Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales", amount_eur=Decimal("965950.00"),
        ministry_signed_place="Wiesbaden", ministry_signed_date=None, district_signed_place="Bad Homburg",
        district_signed_date="2025-10-13", project_count=1, needs_review=True,
        review_reasons="ministry_signed_date_illegible;low_confidence:amount_eur", ocr_confidence=None,
        provenance=json.dumps({"amount_eur": {"page": 1, "source": "ocr"}}), source_present=True,
    )
    return dataclasses.replace(row, **changes)


def document() -> DocumentRows:
    return DocumentRows(
        agreements=(agreement(),),
        projects=(ProjectRow("a" * 16, 2025, "06434", 1, "ausbildung", "2. Ausbildung", "A.N.K.E.R.", 2, "ocr", 81.5),),
        sections=(SectionRow("a" * 16, "1", "Budget", "Text", 1, 2),),
        pages=(PageRow("a" * 16, 1, "ocr", "OCR: no text layer", 88.1, 0),),
        errors=(),
    )


def test_the_tables_are_the_fields_of_document_rows_and_provenance() -> None:
    assert list(TABLES) == [f.name for f in dataclasses.fields(DocumentRows)]
    assert list(COLUMNS) == list(EXPORT_TABLES) == [*TABLES, "provenance"]
    for table, record in EXPORT_TABLES.items():
        exported = [f.name for f in dataclasses.fields(record) if f.metadata["export"]]
        assert [name for name, _, _ in COLUMNS[table]] == exported
    assert "provenance" not in SCHEMAS["agreements"].names and "provenance" not in SCHEMAS["projects"].names


def test_every_value_with_provenance_is_a_row_of_the_provenance_table() -> None:
    stored = '{"rule": "projects.list", "bbox": [0.1, 0.2, 0.5, 0.25]}'
    rows = replace(document(), projects=(replace(document().projects[0], provenance=stored),))
    frame = rows_to_tables([rows])["provenance"]
    assert frame[["field", "position", "page", "source"]].astype(object).where(frame.notna(), None).values.tolist() == [
        ["amount_eur", None, 1, "ocr"], ["project", 1, 2, "ocr"]]
    project = frame.iloc[1]
    assert (project["x0"], project["y1"], project["rule"], project["confidence"]) == (0.1, 0.25, "projects.list", 81.5)


def test_parquet_types_match_the_datapackage(tmp_path) -> None:
    """Dates are date32 in Parquet and 'date' in datapackage.json, amounts decimal and 'number', and so on
    for every column of every table."""
    write_tables(rows_to_tables([document()]), tmp_path, {"aqb_version": "test"}, {"ausbildung": "Ausbildung"})
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    expected = {"string": pa.types.is_string, "integer": pa.types.is_integer, "boolean": pa.types.is_boolean,
                "date": lambda t: t == pa.date32(), "number": lambda t: pa.types.is_floating(t) or pa.types.is_decimal(t)}
    for resource in package["resources"]:
        schema = pq.read_schema(tmp_path / f"{resource['name']}.parquet")
        assert schema.names == [f["name"] for f in resource["schema"]["fields"]]
        for field in resource["schema"]["fields"]:
            assert expected[field["type"]](schema.field(field["name"]).type), (resource["name"], field)
    agreements = pq.read_table(tmp_path / "agreements.parquet").to_pylist()
    assert agreements[0]["district_signed_date"] == dt.date(2025, 10, 13) and agreements[0]["ministry_signed_date"] is None


def test_rows_survive_the_store_json() -> None:
    rows = document()
    assert json_to_rows(rows_to_json(rows)) == rows
    failed = DocumentRows(errors=(ErrorRow("b.pdf", "b" * 64, Stage.TIMEOUT, "stopped"),))
    back = json_to_rows(rows_to_json(failed))
    assert back == failed and back.errors[0].stage is Stage.TIMEOUT


def test_a_stored_row_without_a_newer_column_reads_it_as_empty() -> None:
    data = json.loads(rows_to_json(document()))
    del data["agreements"][0]["ocr_confidence"]
    assert json_to_rows(json.dumps(data)).agreements[0].ocr_confidence is None


def test_frames_have_the_schema_columns_and_stage_values() -> None:
    failed = DocumentRows(errors=(ErrorRow("b.pdf", "", Stage.LOAD, "empty file"),))
    tables = rows_to_tables([document(), failed])
    assert {name: list(frame.columns) for name, frame in tables.items()} == {t: [c for c, _, _ in cols] for t, cols in COLUMNS.items()}
    assert tables["errors"]["stage"].tolist() == ["load"]
    assert tables["agreements"]["amount_eur"].tolist() == [Decimal("965950.00")]


def test_a_correction_settles_its_review_reason_and_keeps_the_rest() -> None:
    fix = Correction("a" * 16, "a.pdf", "ministry_signed_date", "", "2025-08-02", author="archivist")
    (rows,), conflicts = apply_corrections([document()], [fix], DISTRICTS, MEASURE_TYPES)
    assert conflicts == []
    row = rows.agreements[0]
    assert row.ministry_signed_date == "2025-08-02"
    assert row.review_reasons == "low_confidence:amount_eur" and row.needs_review
    assert json.loads(row.provenance)["ministry_signed_date"]["source"] == "corrected"
    located = rows_to_tables([rows])["provenance"].set_index("field")
    assert located.loc["ministry_signed_date", "corrected_by"] == "archivist"
    assert located.loc["amount_eur", "page"] == 1
    assert document().agreements[0].ministry_signed_date is None  # the input rows are not changed


def test_a_district_or_year_correction_reaches_the_projects() -> None:
    fixes = [Correction("a" * 16, "a.pdf", "district_ags", "", "06438"), Correction("a" * 16, "a.pdf", "year", "", "2024")]
    (rows,), _ = apply_corrections([document()], fixes, DISTRICTS, MEASURE_TYPES)
    assert (rows.agreements[0].district_name, rows.agreements[0].year) == ("Landkreis Offenbach", 2024)
    assert (rows.projects[0].district_ags, rows.projects[0].year) == ("06438", 2024)
    assert "district" in json.loads(rows.agreements[0].provenance)


def test_project_corrections_need_an_existing_position_and_a_known_measure_type() -> None:
    fixes = [Correction("a" * 16, "a.pdf", "measure_type", "1", "qualifizierung"),
             Correction("a" * 16, "a.pdf", "project_name", "7", "X"),
             Correction("a" * 16, "a.pdf", "measure_type", "1", "kochkurs")]
    (rows,), conflicts = apply_corrections([document()], fixes, DISTRICTS, MEASURE_TYPES)
    assert (rows.projects[0].measure_type, rows.projects[0].source, rows.projects[0].confidence) == ("qualifizierung", "corrected", None)
    assert [c.reason.split(":")[0] for c in conflicts] == ["no project at position 7", "measure_type"]


def test_the_measure_types_come_from_the_rules() -> None:
    assert MEASURE_TYPES == {"ausbildungsvorbereitung", "ausbildung", "qualifizierung", "weiterbildung_personal", "sonstige"}
    assert PROJECT_FIELDS == {"measure_type", "measure_type_raw", "project_name"}
    with pytest.raises(UsageError, match="is not one of"):
        parse_value("measure_type", "sonstiges", DISTRICTS, MEASURE_TYPES)
