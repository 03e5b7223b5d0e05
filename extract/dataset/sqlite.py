"""Other forms of a written dataset (`aqb export`): one SQLite file with keys, indexes and the column
descriptions, and CSVs for spreadsheets (UTF-8 with BOM, `;`, decimal comma) that Excel and
LibreOffice open without mojibake. Both are made from the dataset's Parquet files, so they hold
exactly what the CSV/Parquet dataset holds."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from extract.dataset.schema import COLUMNS, FOREIGN_KEY_TABLES, PRIMARY_KEYS, SCHEMAS
from extract.errors import UsageError
from extract.files import write_atomic

COLUMNS_TABLE = "_columns"  # table_name, column_name, type, description: the data dictionary
CODES_TABLE = "_codes"  # table_name, column_name, value, label: the code lists of datapackage.json
INDEXED = {"projects": ["measure_type", "year", "district_ags"], "agreements": ["year", "district_ags"],
           "provenance": ["agreement_id"], "errors": ["stage"]}


def sqlite_type(kind: pa.DataType) -> str:
    if pa.types.is_integer(kind) or pa.types.is_boolean(kind):
        return "INTEGER"
    if pa.types.is_floating(kind):
        return "REAL"
    if pa.types.is_decimal(kind):
        return "NUMERIC"
    return "TEXT"  # strings, and dates as ISO text (SQLite's date functions read them)


def _comment(text: str) -> str:
    return text.replace("\n", " ")


def create_statements() -> list[str]:
    """CREATE TABLE and CREATE INDEX statements of every dataset table; each column carries its
    description as an SQL comment, kept by SQLite in sqlite_master (`.schema` shows it)."""
    statements = []
    for table, columns in COLUMNS.items():
        constraints = []
        if table in PRIMARY_KEYS:
            constraints.append(f"PRIMARY KEY ({', '.join(PRIMARY_KEYS[table])})")
        if table in FOREIGN_KEY_TABLES:
            constraints.append("FOREIGN KEY (agreement_id) REFERENCES agreements (agreement_id)")
        items = [(f'"{name}" {sqlite_type(kind)}', _comment(text)) for name, kind, text in columns] + [(c, "") for c in constraints]
        body = "\n".join(f"  {item}{',' if i < len(items) - 1 else ''}{f' -- {note}' if note else ''}"
                         for i, (item, note) in enumerate(items))
        statements.append(f'CREATE TABLE "{table}" (\n{body}\n)')
        for name in INDEXED.get(table, []):  # the other tables' primary keys begin with agreement_id
            statements.append(f'CREATE INDEX "{table}_{name}" ON "{table}" ("{name}")')
    statements.append(f"CREATE TABLE {COLUMNS_TABLE} (table_name TEXT, column_name TEXT, type TEXT, description TEXT, "
                      "PRIMARY KEY (table_name, column_name))")
    statements.append(f"CREATE TABLE {CODES_TABLE} (table_name TEXT, column_name TEXT, value TEXT, label TEXT, "
                      "PRIMARY KEY (table_name, column_name, value))")
    return statements


def _sql_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def _tables(out: Path) -> dict[str, pa.Table]:
    missing = [name for name in COLUMNS if not (out / f"{name}.parquet").is_file()]
    if missing:
        raise UsageError(f"no complete aqb dataset in {out} (missing {', '.join(f'{m}.parquet' for m in missing)}; run 'aqb run' first)")
    return {name: pq.read_table(out / f"{name}.parquet", schema=SCHEMAS[name]) for name in COLUMNS}


def _codes(out: Path) -> list[tuple[str, str, str, str]]:
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8")) if (out / "datapackage.json").is_file() else {}
    return [(resource["name"], field["name"], category["value"], category["label"])
            for resource in package.get("resources", []) for field in resource["schema"]["fields"]
            for category in field.get("categories", [])]


def write_sqlite(out: Path, target: Path) -> Path:
    """The dataset in `out` as one SQLite file `target` (replaced atomically)."""
    tables = _tables(out)
    codes = _codes(out)

    def build(path: str) -> None:
        db = sqlite3.connect(path)
        try:
            db.execute("PRAGMA foreign_keys = ON")
            for statement in create_statements():
                db.execute(statement)
            for name, table in tables.items():
                marks = ", ".join("?" for _ in table.column_names)
                db.executemany(f'INSERT INTO "{name}" VALUES ({marks})',
                               ([_sql_value(v) for v in row.values()] for row in table.to_pylist()))
            db.executemany(f"INSERT INTO {COLUMNS_TABLE} VALUES (?, ?, ?, ?)",
                           [(t, n, sqlite_type(k), d) for t, columns in COLUMNS.items() for n, k, d in columns])
            db.executemany(f"INSERT INTO {CODES_TABLE} VALUES (?, ?, ?, ?)", codes)
            db.commit()
        finally:
            db.close()

    write_atomic(target, build)
    return target


def _excel_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "WAHR" if value else "FALSCH"
    if isinstance(value, (float, Decimal)):
        return str(value).replace(".", ",")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def write_excel_csvs(out: Path, folder: Path) -> list[Path]:
    """Every table as NAME.csv for spreadsheets with German settings: UTF-8 with BOM, `;` between
    cells, decimal comma, WAHR/FALSCH; keys stay text (a leading zero of 06434 is kept when opened
    through the import dialog, see README)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in _tables(out).items():
        def build(path: str, table: pa.Table = table) -> None:
            with open(path, "w", newline="", encoding="utf-8-sig") as handle:
                writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
                writer.writerow(table.column_names)
                writer.writerows([_excel_value(v) for v in row.values()] for row in table.to_pylist())

        write_atomic(folder / f"{name}.csv", build)
        written.append(folder / f"{name}.csv")
    return written
