"""aqb report and aqb export: the dataset in OUT as a review report, a SQLite file, CSVs for spreadsheets."""

from __future__ import annotations

from pathlib import Path

import click

from extract.cli.common import echo_json, fail, json_option, say
from extract.errors import AqbError, MissingDependencyError, UsageError


@click.command()
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--html", "html", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the report [default: OUT/report].")
@json_option("the paths written")
def report(out: Path, html: Path | None, as_json: bool) -> None:
    """Write a static HTML review report of the dataset in OUT.

    The overview lists what needs review first; per document every field is shown beside a crop
    of where it was found, with its OCR confidence, and the 'aqb correct' command to fix it.

    \b
    Examples:
        aqb report dataset/ && xdg-open dataset/report/index.html
        aqb report dataset/ --json
    """
    try:
        try:
            from extract.review.report import write_report  # matplotlib and Jinja load only for reports
        except ModuleNotFoundError as e:
            raise MissingDependencyError(f"aqb report needs {e.name}, which is not installed; "
                                         "install it with: pip install 'aqb[report]'") from e
        index = write_report(out, html)
    except AqbError as e:
        fail(e)
    folder = index.parent
    if as_json:
        echo_json({"index": str(index), "folder": str(folder),
                   "files": sorted(str(p) for p in folder.rglob("*") if p.is_file())})
    else:
        say(f"report: {index}")


@click.command(name="export")
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--sqlite", "sqlite_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the dataset as one SQLite file (keys, indexes, column descriptions in _columns, code lists in _codes).")
@click.option("--excel", "excel_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write CSVs for spreadsheets into this folder: UTF-8 with BOM, ';', decimal comma.")
@json_option("the paths written")
def export_command(out: Path, sqlite_file: Path | None, excel_dir: Path | None, as_json: bool) -> None:
    """Write the dataset in OUT in other forms: a SQLite database, CSVs for spreadsheets.

    \b
    Examples:
        aqb export dataset/ --sqlite aqb.sqlite
        sqlite3 aqb.sqlite "SELECT a.year, p.measure_type, count(*) FROM projects p JOIN agreements a USING (agreement_id) GROUP BY 1, 2"
        aqb export dataset/ --excel dataset/excel/
    """
    from extract.dataset.sqlite import write_excel_csvs, write_sqlite  # pyarrow loads only for exports

    if sqlite_file is None and excel_dir is None:
        fail(UsageError("nothing to export: give --sqlite FILE and/or --excel DIR"))
    written: dict[str, object] = {}
    try:
        if sqlite_file is not None:
            written["sqlite"] = str(write_sqlite(out, sqlite_file))
            if not as_json:
                say(f"sqlite: {written['sqlite']}")
        if excel_dir is not None:
            written["excel"] = [str(p) for p in write_excel_csvs(out, excel_dir)]
            if not as_json:
                say(f"excel: {len(written['excel'])} tables in {excel_dir}")  # type: ignore[arg-type]
    except AqbError as e:
        fail(e)
    if as_json:
        echo_json(written)
