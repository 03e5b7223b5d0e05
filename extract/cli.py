"""Command line: a thin layer over extract.ingest.pipeline. Only this module turns errors into exit
codes (the codes are extract.errors.ExitCode; each exception carries its own)."""

from __future__ import annotations

import csv
import datetime as dt
import getpass
import inspect as pyinspect
import json
import logging
import os
import signal
import sqlite3
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, is_dataclass
from decimal import Decimal
from pathlib import Path

import click

from extract import __version__
from extract.dataset.corrections import PROJECT_FIELDS, Correction, add_correction, measure_type_codes, parse_value, resolve_document
from extract.errors import AqbError, ExitCode, InterruptedRun, MissingDependencyError, UsageError
from extract.fetch.inbox import fetch_command
from extract.ingest.inputs import entry_kind
from extract.ingest.pipeline import EXECUTORS, RunOptions, state_store_error
from extract.ingest.pipeline import run as run_pipeline
from extract.ingest.process import process_file
from extract.ingest.store import STATE_FILE, Store, lock_holder, run_lock
from extract.ingest.workers import limit_memory
from extract.logs import configure as configure_logging
from extract.rules import get_rules
from extract.settings import DPI_RANGE, PSM_CHOICES, Settings, default

EXIT_CODES = """\b
Exit codes:
  0    done: every file of this run was processed (files that are no agreement are results)
  1    files of this run failed (listed in errors.csv); the dataset is written
  2    usage error: bad option, input not found, invalid settings or rule files
  3    missing dependency: Tesseract, its German model, or an optional extra
  4    locked: another aqb run or fetch is using the same folder
  5    the run could not complete (output not writable, disk full, corrupt state store,
       unreadable corrections.csv); the previous dataset is left as it was
  130  interrupted (Ctrl-C; 143 for SIGTERM), after removing the run's temporary files"""


def _fail(error: BaseException) -> None:
    """One line on stderr (the traceback too with -v) and the error's exit code."""
    verbose = (click.get_current_context(silent=True) or click.Context(main)).find_root().params.get("verbose", 0)
    if verbose:
        traceback.print_exception(type(error), error, error.__traceback__, file=sys.stderr)
    if isinstance(error, AqbError):
        click.echo(f"Error: {error}", err=True)
        sys.exit(error.exit_code)
    click.echo(f"Error: the run could not complete: {type(error).__name__}: {error} (-v shows where)", err=True)
    sys.exit(ExitCode.INCOMPLETE)


def _raise_interrupted(signum: int, frame: object) -> None:
    raise InterruptedRun(f"stopped by {signal.Signals(signum).name}; temporary files removed", signum)


@contextmanager
def _interruptible() -> Iterator[None]:
    """Ctrl-C and SIGTERM stop the command like an error, so every cleanup (worker pool, temp files,
    the lock) runs before aqb exits with 130 (SIGINT) or 143 (SIGTERM)."""
    previous = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    for s in previous:
        signal.signal(s, _raise_interrupted)
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="aqb")
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-v info, -vv debug).")
@click.option("--log-json", is_flag=True, help="Log one JSON object per event to stderr (file, stage, status, duration).")
@click.pass_context
def main(ctx: click.Context, verbose: int, log_json: bool) -> None:
    """aqb: turn AQB Zielvereinbarung PDFs into a research dataset.

    \b
    Examples:
        aqb run samples/ --out output/
        aqb inspect samples/seed_001_digital.pdf
    """
    configure_logging(verbose, log_json)
    ctx.obj = {"log_json": log_json}


main.help = f"{pyinspect.cleandoc(main.help or '')}\n\n{EXIT_CODES}"


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out", default=Path("output"), show_default=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the dataset (agreements, projects, sections, pages, errors as CSV and Parquet).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Processes working in parallel [default: all cores; with Dask: the cluster's threads].")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
@click.option("--dpi", type=click.IntRange(*DPI_RANGE), default=default(Settings, "dpi"), show_default=True,
              help="Resolution pages are rendered at for OCR.")
@click.option("--psm", type=click.Choice([str(p) for p in PSM_CHOICES]), default=str(default(Settings, "psm")), show_default=True,
              help="Tesseract page segmentation mode.")
@click.option("--prune", is_flag=True, help="Drop files that disappeared from the inputs (default: keep them, flagged).")
@click.option("--doc-timeout", type=click.FloatRange(min=1), default=default(RunOptions, "doc_timeout_s"), show_default=True,
              help="Seconds one document may take before it is stopped and recorded as failed.")
@click.option("--max-pages", type=click.IntRange(min=1), default=default(RunOptions, "max_pages"), show_default=True,
              help="Longer PDFs are recorded as failed without being read.")
@click.option("--archive", is_flag=True, help="Also write a searchable PDF and ALTO XML per OCRed document into OUT/archive.")
@click.option("--executor", type=click.Choice(list(EXECUTORS)), default=default(RunOptions, "executor"), show_default=True,
              help="Where documents are processed: a local process pool, or a Dask distributed cluster (needs --scheduler).")
@click.option("--scheduler", metavar="ADDRESS", default=None, help="Address of the Dask scheduler, e.g. tcp://10.0.0.5:8786.")
@click.option("--retry-failed", is_flag=True,
              help="Process again files that failed before (time or memory limit, damaged); otherwise only a changed file is retried.")
@click.option("--max-memory-mb", type=click.IntRange(min=0), default=default(RunOptions, "max_worker_mb"), show_default=True,
              help="Memory one local worker process may allocate (0: no limit); a document past it fails, e.g. a decompression bomb.")
@click.option("--rebuild-state", is_flag=True,
              help="Move a corrupt OUT/aqb-state.sqlite aside (kept as aqb-state.sqlite.broken-TIME) and process every file again.")
@click.pass_context
def run(ctx: click.Context, inputs: tuple[Path, ...], out: Path, jobs: int | None, quiet: bool, dpi: int, psm: str,
        prune: bool, doc_timeout: float, max_pages: int, archive: bool, executor: str, scheduler: str | None,
        retry_failed: bool, max_memory_mb: int, rebuild_state: bool) -> None:
    """Extract every PDF in INPUTS (files or folders, searched recursively) into the dataset in --out.

    \b
    Examples:
        aqb run samples/
        aqb run inbox/ archive/2019.pdf --out dataset/ --jobs 4 --quiet
        aqb run archive/ --out dataset/ --executor dask --scheduler tcp://10.0.0.5:8786
    Runs are incremental: files already processed under the same rules are not read again, and
    after a rules change documents are re-extracted without new OCR (state in OUT/aqb-state.sqlite).

    \b
    Exit codes: 0 done, 1 files of this run failed (see errors.csv), 2 usage, 3 missing Tesseract
    or extra, 4 another run holds OUT, 5 the run could not complete (previous dataset kept),
    130/143 interrupted (see aqb --help).
    """
    try:
        options = RunOptions(jobs=jobs or RunOptions().jobs, doc_timeout_s=doc_timeout, max_pages=max_pages, prune=prune,
                             progress=not quiet and sys.stderr.isatty(), archive=archive, executor=executor,
                             scheduler=scheduler, jobs_given=jobs is not None, retry_failed=retry_failed,
                             max_worker_mb=max_memory_mb)
        with _interruptible():
            summary = run_pipeline(inputs, out, Settings(dpi=dpi, psm=int(psm)), options=options, rebuild_state=rebuild_state)
    except KeyboardInterrupt:
        _fail(InterruptedRun("interrupted; temporary files removed"))
        return
    except Exception as e:  # noqa: BLE001 - an AqbError carries its code; anything else: the run could not complete
        _fail(e)
        return
    if (ctx.obj or {}).get("log_json"):
        fields = {k: v for k, v in summary.__dict__.items() if k != "out"}
        status = "partial" if summary.failed_now else "ok"
        logging.getLogger("extract.cli").info("run finished", extra={"status": status, "summary": fields})
    elif not quiet:
        click.echo(
            f"{summary.inputs} files ({summary.new} new, {summary.changed} changed, {summary.unchanged} unchanged, "
            f"{summary.gone} gone; {summary.processed} processed): {summary.agreements} agreements "
            f"({summary.needs_review} need review, {summary.projects} projects), {summary.failed} failed"
            + (f" ({summary.failed_now} in this run)" if summary.failed != summary.failed_now else "")
            + (f", {summary.not_agreements} not agreements" if summary.not_agreements else "")
            + (f", {summary.skipped} skipped" if summary.skipped else "")
            + (f", {summary.conflicts} corrections not applied (see correction_conflicts.csv)" if summary.conflicts else "")
            + f" -> {summary.out}/ in {summary.seconds:.1f} s",
            err=True,
        )
    sys.exit(summary.exit_code)


@main.command()
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
def status(out: Path, as_json: bool) -> None:
    """Show what the state store in OUT holds: files, documents by status, the last run, failures.

    \b
    Example:
        aqb status dataset/
    """
    if not (out / STATE_FILE).is_file():
        _fail(UsageError(f"no aqb state in {out} (run 'aqb run ... --out {out}' first)"))
        return
    try:
        store = Store(out)
        try:
            info = store.status(running=lock_holder(out) is not None)
        finally:
            store.close()
    except sqlite3.DatabaseError as e:
        _fail(state_store_error(e, out))
        return
    except AqbError as e:
        _fail(e)
        return
    if as_json:
        click.echo(json.dumps(info, ensure_ascii=False, indent=2))
        return
    files, docs, last = info["files"], info["documents"], info["last_run"]
    click.echo(f"files: {files.get('present', 0)} present, {files.get('gone', 0)} gone")
    click.echo(f"documents: {docs.get('ok', 0)} ok, {docs.get('error', 0)} failed (all rules versions)")
    if last:
        summary = last["summary"] or {}
        click.echo(f"last run #{last['id']}: {last['status']}, started {last['started']}, finished {last['finished'] or '-'}"
                   + (f", {summary.get('processed', 0)} processed, {summary.get('failed', 0)} failed" if summary else ""))
    for failure in info["failures"]:
        click.echo(f"failed: {failure['source_file']} [{failure['stage']}] {failure['error']}")


def _user() -> str:
    """Who corrects when --author is not given: $USER, else the account's login name, else 'unknown'."""
    try:
        return os.environ.get("USER") or getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment nor in the password database
        return "unknown"


def _jsonable(value: object) -> object:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if is_dataclass(value) and not isinstance(value, type):
        return {k: _jsonable(v) for k, v in asdict(value).items()}
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dpi", type=click.IntRange(*DPI_RANGE), default=default(Settings, "dpi"), show_default=True,
              help="Resolution pages are rendered at for OCR.")
@click.option("--text/--no-text", default=False, help="Include each page's text.")
@click.option("--max-memory-mb", type=click.IntRange(min=0), default=default(RunOptions, "max_worker_mb"), show_default=True,
              help="Memory this command (and the Tesseract it starts) may allocate (0: no limit), as a worker of `aqb run`.")
def inspect(file: Path, dpi: int, text: bool, max_memory_mb: int) -> None:
    """Print one document's record, sections, pages and provenance as JSON.

    \b
    Example:
        aqb inspect samples/seed_000_scan.pdf | less
    """
    try:
        why = entry_kind(file)
        if why is not None:  # a FIFO would block the read forever
            raise UsageError(f"{file} is {why}, not a PDF file")
        with _interruptible():
            limit_memory(max_memory_mb)  # a decompression bomb past the stream limit fails here, not the machine
            result = process_file(file, file.name, Settings(dpi=dpi))
    except MemoryError:
        click.echo(f"Error: {file} needs more memory than --max-memory-mb {max_memory_mb} allows", err=True)
        sys.exit(ExitCode.FILES_FAILED)
    except KeyboardInterrupt:
        _fail(InterruptedRun("interrupted"))
        return
    except Exception as e:  # noqa: BLE001 - an AqbError carries its code; anything else: could not complete
        _fail(e)
        return
    pages = [
        {"page": p.number, "source": p.source, "reason": p.reason, "ocr_confidence": p.confidence, "rotation": p.rotation,
         **({"text": p.text} if text else {})}
        for p in result.pages
    ]
    agreement = result.agreement
    payload = {
        "source_file": result.source_file,
        "source_sha256": result.source_sha256,
        "error": _jsonable(result.error),
        "pages": pages,
        "agreement": None if agreement is None else {
            "agreement_id": agreement.agreement_id,
            "text_source": agreement.text_source,
            "needs_review": agreement.needs_review,
            "review_reasons": list(agreement.review_reasons),
            "fields": {name: {"value": _jsonable(f.value), "raw": f.raw, "provenance": _jsonable(f.provenance)}
                       for name, f in agreement.fields.items()},
            "projects": _jsonable(list(agreement.projects)),
        },
        "sections": [{"section": s.key, "title": s.title, "page_start": s.page_start, "page_end": s.page_end, "text": s.text}
                     for s in result.sections],
    }
    click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    sys.exit(1 if result.error else 0)


@main.command()
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("document")
@click.argument("field")
@click.argument("value")
@click.option("--position", type=click.IntRange(min=1), default=None, help="Project position, for project fields.")
@click.option("--note", default="", help="Why the value is corrected (e.g. what the document shows).")
@click.option("--author", default=lambda: _user(), show_default="$USER, else the login name", help="Who corrects.")
def correct(out: Path, document: str, field: str, value: str, position: int | None, note: str, author: str) -> None:
    """Record a correction in OUT/corrections.csv; every later run applies it, marked 'corrected'.

    DOCUMENT is an agreement_id, a SHA-256 (or 8+ leading hex digits) or a source file;
    FIELD an agreement column (amount_eur, year, district_ags, ministry_signed_date, ...) or,
    with --position, a project column (project_name, measure_type, measure_type_raw).
    An empty VALUE clears a date.

    \b
    Examples:
        aqb correct dataset/ seed_000_scan.pdf ministry_signed_date 2024-09-30 --note "handwritten date"
        aqb correct dataset/ 2d96831e project_name "Jugend Flex" --position 1
    """
    try:
        rules = get_rules(Settings().models_dir)
        districts = {d.ags: (d.name, d.type) for d in rules.districts}
        with run_lock(out, what="aqb run or correct"):
            with open(out / "agreements.csv", newline="", encoding="utf-8") as handle:
                agreement = resolve_document(document, list(csv.DictReader(handle)))
            parse_value(field, value, districts, measure_type_codes(rules), rules.regex("year.value"))
            if (field in PROJECT_FIELDS) != (position is not None):
                raise UsageError("--position is needed for project fields, and only for them")
            add_correction(out, Correction(agreement["source_sha256"], agreement["source_file"], field,
                                           str(position or ""), value, note, author, dt.date.today().isoformat()))
    except AqbError as e:
        _fail(e)
        return
    except OSError as e:
        _fail(UsageError(f"no dataset in {out} ({e.strerror})"))
        return
    click.echo(f"recorded: {agreement['source_file']} {field} = {value!r}; the next 'aqb run ... --out {out}' applies it", err=True)


@main.command()
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--html", "html", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the report [default: OUT/report].")
def report(out: Path, html: Path | None) -> None:
    """Write a static HTML review report of the dataset in OUT: overview, charts, and per document
    every field beside a crop of where it was found, with its OCR confidence.

    \b
    Example:
        aqb report dataset/ && xdg-open dataset/report/index.html
    """
    try:
        try:
            from extract.review.report import write_report  # matplotlib and Jinja load only for reports
        except ModuleNotFoundError as e:
            raise MissingDependencyError(f"aqb report needs {e.name}, which is not installed; "
                                         "install it with: pip install 'aqb[report]'") from e
        index = write_report(out, html)
    except AqbError as e:
        _fail(e)
        return
    click.echo(f"report: {index}", err=True)


@main.command(name="export")
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--sqlite", "sqlite_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the dataset as one SQLite file (keys, indexes, column descriptions in _columns, code lists in _codes).")
@click.option("--excel", "excel_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write CSVs for spreadsheets into this folder: UTF-8 with BOM, ';', decimal comma.")
def export_command(out: Path, sqlite_file: Path | None, excel_dir: Path | None) -> None:
    """Write the dataset in OUT in other forms: a SQLite database, CSVs for Excel/LibreOffice.

    \b
    Examples:
        aqb export dataset/ --sqlite aqb.sqlite
        sqlite3 aqb.sqlite "SELECT a.year, p.measure_type, count(*) FROM projects p JOIN agreements a USING (agreement_id) GROUP BY 1, 2"
        aqb export dataset/ --excel dataset/excel/
    """
    from extract.dataset.sqlite import write_excel_csvs, write_sqlite  # pyarrow loads only for exports

    if sqlite_file is None and excel_dir is None:
        _fail(UsageError("nothing to export: give --sqlite FILE and/or --excel DIR"))
        return
    try:
        if sqlite_file is not None:
            click.echo(f"sqlite: {write_sqlite(out, sqlite_file)}", err=True)
        if excel_dir is not None:
            click.echo(f"excel: {len(write_excel_csvs(out, excel_dir))} tables in {excel_dir}", err=True)
    except AqbError as e:
        _fail(e)


main.add_command(fetch_command)
