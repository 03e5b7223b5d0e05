"""aqb export: the SQLite file has the tables, keys, indexes and column descriptions and answers a join
of agreements and projects in sqlite3 and DuckDB; the spreadsheet CSVs open in Excel's German settings."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from test_rows import document

from extract.cli import main
from extract.dataset.export import rows_to_tables, write_tables
from extract.dataset.schema import COLUMNS

JOIN = ("SELECT a.year, a.district_name, p.measure_type, count(*) AS n FROM projects p "
        "JOIN agreements a ON a.agreement_id = p.agreement_id GROUP BY 1, 2, 3")


@pytest.fixture()
def dataset(tmp_path: Path) -> Path:
    out = tmp_path / "dataset"
    labels = {"ausbildung": "Ausbildung", "qualifizierung": "Qualifizierung"}
    write_tables(rows_to_tables([document()]), out, {"aqb_version": "test"}, labels)
    return out


def export(*args: str) -> None:
    result = CliRunner().invoke(main, ["export", *args])
    assert result.exit_code == 0, result.output


def test_sqlite_has_tables_keys_indexes_and_descriptions(dataset: Path) -> None:
    export(str(dataset), "--sqlite", str(dataset / "aqb.sqlite"))
    db = sqlite3.connect(dataset / "aqb.sqlite")
    assert db.execute(JOIN).fetchall() == [(2025, "Hochtaunuskreis", "ausbildung", 1)]
    assert {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")} == {*COLUMNS, "_columns", "_codes"}
    assert [r[1] for r in db.execute("PRAGMA table_info(projects)") if r[5]] == ["agreement_id", "position"]  # primary key
    assert db.execute("PRAGMA foreign_key_list(provenance)").fetchone()[2] == "agreements"
    assert "projects_measure_type" in {r[1] for r in db.execute("PRAGMA index_list(projects)")}
    described = dict(db.execute("SELECT column_name, description FROM _columns WHERE table_name='agreements'").fetchall())
    assert described["amount_eur"] == COLUMNS["agreements"][[c[0] for c in COLUMNS["agreements"]].index("amount_eur")][2]
    assert ("ausbildung", "Ausbildung") in db.execute("SELECT value, label FROM _codes WHERE column_name='measure_type'").fetchall()
    row = db.execute("SELECT amount_eur, district_signed_date, needs_review FROM agreements").fetchone()
    assert row == (965950, "2025-10-13", 1)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_duckdb_joins_the_parquet_files_and_reads_dates_as_dates(dataset: Path) -> None:
    con = duckdb.connect()
    for table in ("agreements", "projects"):
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{dataset / table}.parquet')")
    assert con.execute(JOIN).fetchall() == [(2025, "Hochtaunuskreis", "ausbildung", 1)]
    types = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_name='agreements'").fetchall())
    assert (types["district_signed_date"], types["amount_eur"]) == ("DATE", "DECIMAL(14,2)")


def test_duckdb_opens_the_sqlite_file(dataset: Path) -> None:
    """DuckDB attaches the SQLite file with its sqlite extension, the one from PyPI that matches its
    version (the test extra pins both): nothing is downloaded."""
    import duckdb_extension_sqlite_scanner as scanner

    export(str(dataset), "--sqlite", str(dataset / "aqb.sqlite"))
    extension = next(Path(scanner.__file__).parent.rglob("sqlite_scanner.duckdb_extension"))
    con = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    con.execute(f"LOAD '{extension}'")
    con.execute(f"ATTACH '{dataset / 'aqb.sqlite'}' AS aqb (TYPE sqlite)")
    con.execute("USE aqb")
    assert con.execute(JOIN).fetchall() == [(2025, "Hochtaunuskreis", "ausbildung", 1)]


def test_excel_csvs_have_bom_semicolons_and_decimal_commas(dataset: Path) -> None:
    export(str(dataset), "--excel", str(dataset / "excel"))
    raw = (dataset / "excel" / "agreements.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(dataset / "excel" / "agreements.csv", newline="", encoding="utf-8-sig") as handle:
        (row,) = list(csv.DictReader(handle, delimiter=";"))
    assert (row["amount_eur"], row["district_ags"], row["needs_review"]) == ("965950,00", "06434", "WAHR")
    assert {p.stem for p in (dataset / "excel").glob("*.csv")} == set(COLUMNS)


def test_export_without_a_dataset_or_a_target_is_a_usage_error(tmp_path: Path) -> None:
    assert CliRunner().invoke(main, ["export", str(tmp_path), "--sqlite", str(tmp_path / "x.sqlite")]).exit_code == 2
    assert CliRunner().invoke(main, ["export", str(tmp_path)]).exit_code == 2
