"""aqb run: the batch (extract.ingest.pipeline) from the command line."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from extract.cli.common import fail, global_options, interruptible, reading_options
from extract.errors import InterruptedRun
from extract.ingest.pipeline import EXECUTORS, RunOptions, RunSummary
from extract.ingest.pipeline import run as run_pipeline
from extract.settings import Settings, default


def summary_line(summary: RunSummary) -> str:
    line = (
        f"{summary.inputs} files ({summary.new} new, {summary.changed} changed, {summary.unchanged} unchanged, "
        f"{summary.gone} gone; {summary.processed} processed): {summary.agreements} agreements "
        f"({summary.needs_review} need review, {summary.projects} projects), {summary.failed} failed"
        + (f" ({summary.failed_now} in this run)" if summary.failed != summary.failed_now else "")
        + (f", {summary.not_agreements} not agreements" if summary.not_agreements else "")
        + (f", {summary.skipped} skipped" if summary.skipped else "")
        + (f", {summary.conflicts} corrections not applied (see correction_conflicts.csv)" if summary.conflicts else "")
        + f" -> {summary.out}/ in {summary.seconds:.1f} s"
    )
    if summary.needs_review or summary.conflicts:
        line += f"\nto review: aqb report {summary.out}"
    return line


@click.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out", default=Path("output"), show_default=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the dataset (agreements, projects, sections, pages, errors as CSV and Parquet).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Processes working in parallel [default: all cores; with Dask: the cluster's threads].")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
@reading_options(default(RunOptions, "max_pages"))
@click.option("--prune", is_flag=True, help="Drop files that disappeared from the inputs (default: keep them, flagged).")
@click.option("--doc-timeout", type=click.FloatRange(min=1), default=default(RunOptions, "doc_timeout_s"), show_default=True,
              help="Seconds one document may take before it is stopped and recorded as failed.")
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
    options = global_options(ctx)
    quiet = quiet or options["quiet"]
    try:
        run_options = RunOptions(jobs=jobs or RunOptions().jobs, doc_timeout_s=doc_timeout, max_pages=max_pages, prune=prune,
                                 progress=not quiet and sys.stderr.isatty(), archive=archive, executor=executor,
                                 scheduler=scheduler, jobs_given=jobs is not None, retry_failed=retry_failed,
                                 max_worker_mb=max_memory_mb)
        with interruptible():
            summary = run_pipeline(inputs, out, Settings(dpi=dpi, psm=int(psm)), options=run_options, rebuild_state=rebuild_state)
    except KeyboardInterrupt:
        fail(InterruptedRun("interrupted; temporary files removed"))
    except Exception as e:  # noqa: BLE001 - an AqbError carries its code; anything else: the run could not complete
        fail(e)
    if options["log_json"]:
        fields = {k: v for k, v in summary.__dict__.items() if k != "out"}
        status = "partial" if summary.failed_now else "ok"
        logging.getLogger("extract.cli").info("run finished", extra={"file": None, "stage": "run", "status": status,
                                                                     "duration": round(summary.seconds, 3), "summary": fields})
    elif not quiet:
        click.echo(summary_line(summary), err=True)
    sys.exit(summary.exit_code)
