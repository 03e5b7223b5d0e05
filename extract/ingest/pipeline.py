"""Batch runner: find the input PDFs, process what the state store does not hold yet, write the dataset.

Incremental by content: a document is processed once per (sha256, rules version); when only the
rules changed, it is re-extracted from the pages kept in the store, without reading or OCRing the
PDF again. Every finished document is committed at once, so a killed run loses only the documents
in flight, and the dataset is always rebuilt from the store and written atomically."""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import pypdfium2 as pdfium
from tqdm import tqdm

from extract import __version__
from extract.dataset.cell_pieces import resolve_cell_pieces
from extract.dataset.corrections import CONFLICTS_FILE, apply_corrections, conflicts_to_csv, load_corrections, measure_type_codes
from extract.dataset.duplicates import flag_duplicates
from extract.dataset.export import remove_stale_temp_files, result_to_rows, rows_to_tables, write_tables
from extract.dataset.name_variants import flag_name_variants
from extract.dataset.schema import DistrictLookup, DocumentRows, ErrorRow
from extract.errors import ExitCode, MissingDependencyError, RunIncompleteError, Stage, StateStoreError, UsageError
from extract.files import file_sha256, write_text_atomic
from extract.ingest.executors import DaskExecutor, Executor, LocalExecutor
from extract.ingest.inputs import InputFile, discover_inputs, printable
from extract.ingest.process import unless_changed
from extract.ingest.schedule import DocumentTask, execute
from extract.ingest.store import STATE_FILE, FileState, Store, run_lock, set_aside_state
from extract.reading.ocr import tesseract_version
from extract.rules import Rules, get_rules, load_reason_codes
from extract.settings import Settings

log = logging.getLogger(__name__)

# Error rows that are results, not failures: a PDF recognised as no agreement, an input entry that is
# no regular file (FIFO, socket, dangling link, ...), a file with the same content as another input.
# None of them makes the exit code 1.
NOT_FAILURES = (Stage.CLASSIFY, Stage.SKIPPED, Stage.DEDUPE)


EXECUTORS = ("local", "dask")  # a local process pool, or a Dask distributed cluster


@dataclass(frozen=True)
class RunOptions:
    jobs: int = os.cpu_count() or 1
    doc_timeout_s: float = 900.0  # a document taking longer is stopped and recorded as failed
    max_pages: int = 300  # longer PDFs are recorded as failed without being read
    prune: bool = False  # forget files that disappeared from the input
    progress: bool = False
    archive: bool = False  # searchable PDF and ALTO for each OCRed document, in OUT/archive
    executor: str = "local"  # "local" (process pool) or "dask" (a Dask distributed cluster)
    scheduler: str | None = None  # the Dask scheduler's address, e.g. tcp://10.0.0.5:8786
    jobs_given: bool = False  # with Dask: calls in flight = jobs, else the cluster's thread count
    retry_failed: bool = False  # process again documents that failed before (time or memory limit, damaged, ...)
    max_worker_mb: int = 4096  # memory a local worker process may allocate (decompression bombs); 0: no limit

    def __post_init__(self) -> None:
        if self.jobs < 1 or self.doc_timeout_s <= 0 or self.max_pages < 1 or self.max_worker_mb < 0:
            raise UsageError("jobs, doc_timeout_s and max_pages must be positive, max_worker_mb not negative")
        if self.executor not in EXECUTORS:
            raise UsageError(f"unknown executor {self.executor!r} (one of {', '.join(EXECUTORS)})")
        if (self.executor == "dask") != bool(self.scheduler):
            raise UsageError("--executor dask needs --scheduler ADDRESS, and --scheduler only goes with --executor dask")


@dataclass(frozen=True)
class RunSummary:
    inputs: int
    new: int
    changed: int
    unchanged: int
    gone: int
    processed: int  # documents extracted in this run
    reread: int  # of those, documents re-extracted from stored pages (no PDF reading, no OCR)
    agreements: int
    failed: int  # current inputs that are in error (also from earlier runs; not-agreements excluded)
    needs_review: int
    projects: int
    seconds: float
    out: Path
    conflicts: int = 0  # corrections that could not be applied
    failed_now: int = 0  # files of this run that failed (a file recognised as no agreement is a result, not a failure)
    not_agreements: int = 0  # current inputs recognised as not being an agreement (errors stage classify)
    skipped: int = 0  # input entries that are no regular file (errors stage skipped)

    @property
    def exit_code(self) -> int:
        return ExitCode.FILES_FAILED if self.failed_now else ExitCode.OK


def make_executor(options: RunOptions, settings: Settings, lock_fd: int | None, rules_version: str) -> Executor:
    if options.executor == "dask":
        return DaskExecutor(options.scheduler or "", options.jobs if options.jobs_given else None, settings, rules_version)
    return LocalExecutor(options.jobs, settings, lock_fd, options.max_worker_mb)


def _hash_inputs(items: list[InputFile], store: Store) -> tuple[list[tuple[InputFile, FileState]], list[ErrorRow]]:
    hashed: list[tuple[InputFile, FileState]] = []
    errors: list[ErrorRow] = []
    for item in items:
        try:
            info = item.path.stat()
            sha = store.known_sha256(item.source_file, info.st_size, info.st_mtime_ns) or file_sha256(item.path)
        except OSError as e:
            errors.append(ErrorRow(item.source_file, "", Stage.LOAD, f"cannot read file: {e.strerror or e}"))
            continue
        hashed.append((item, FileState(item.source_file, sha, info.st_size, info.st_mtime_ns, True, printable(str(item.path.resolve())))))
    return hashed, errors


def archive_writer() -> Callable[..., object]:
    """The archive writer; fontTools, which it needs, is the optional `archive` extra."""
    try:
        from extract.review.archive import write_archive
    except ModuleNotFoundError as e:
        raise MissingDependencyError(f"--archive needs {e.name}, which is not installed; "
                                     "install it with: pip install 'aqb[archive]'") from e
    return write_archive


def _write_archives(out: Path, hashed: list[tuple[InputFile, FileState]], store: Store, read_key: str,
                    settings: Settings, engine: str, rules_version: str) -> None:
    write_archive = archive_writer()
    for item, state in hashed:
        pages = store.pages(state.sha256, read_key)
        if not pages:
            continue
        stored = store.rows(state.sha256, rules_version)
        agreement = stored[0].agreements[0] if stored and stored[0].agreements else None  # describes the PDF
        try:
            write_archive(out, item.path, item.source_file, state.sha256, pages, settings.dpi, f"aqb {__version__} / Tesseract {engine}",
                          agreement)
        except (OSError, pdfium.PdfiumError) as e:
            log.warning("%s: no archive written: %s", item.source_file, e)


@dataclass(frozen=True)
class DatasetChecks:
    """The settings of the dataset-level checks and readings (models/thresholds.jsonl, wordlists.jsonl)."""

    variant_min_support: int  # dataset.variant_min_support (name_variants.py)
    variant_min_letters: int  # dataset.variant_min_letters
    letter_pairs: tuple[tuple[str, str], ...]  # dataset.ocr_letter_pairs: (read, meant)
    split_min_support: int  # dataset.cell_split_min_support (cell_pieces.py)
    position_codes: frozenset[str]  # review reasons whose detail is a project position


def dataset_checks(rules: Rules) -> DatasetChecks:
    pairs = tuple((read, meant) for read, _, meant in (pair.partition("=") for pair in rules.words("dataset.ocr_letter_pairs")))
    return DatasetChecks(int(rules.threshold("dataset.variant_min_support")), int(rules.threshold("dataset.variant_min_letters")),
                         pairs, int(rules.threshold("dataset.cell_split_min_support")),
                         frozenset(code.id for code in load_reason_codes(rules.models_dir) if code.detail == "position"))


def export_dataset(store: Store, rules_version: str, transient_errors: list[ErrorRow], out: Path,
                   districts: DistrictLookup, measure_types: frozenset[str],
                   measure_labels: dict[str, str] | None = None, year: re.Pattern[str] | None = None,
                   checks: DatasetChecks | None = None) -> dict[str, int]:
    """Rebuild every table from the store (identical content => identical files), settle the table
    cells joined in doubt that the dataset's names settle (with `checks`), apply the corrections of
    OUT/corrections.csv, flag the dataset-level checks (the same agreement twice; with `checks`, OCRed
    names one letter away from commoner ones) and write it atomically."""
    documents: list[DocumentRows] = []
    files = store.files()
    # Identical files: the first present one (by name) owns the agreement, else the first gone one.
    owner: dict[str, str] = {}
    for name, state in sorted(files.items(), key=lambda item: (not item[1].present, item[0])):
        owner.setdefault(state.sha256, name)
    counts = {"agreements": 0, "failed": 0, "needs_review": 0, "projects": 0, "not_agreements": 0}
    for name, state in sorted(files.items()):
        stored = store.rows(state.sha256, rules_version)
        if stored is None:
            continue
        rows, _current = stored
        if owner[state.sha256] != name:
            if not state.present:
                continue  # a gone copy (e.g. the old name of a renamed file)
            rows = DocumentRows(errors=(ErrorRow(name, state.sha256, Stage.DEDUPE, f"same content as {owner[state.sha256]}"),))
        for row in rows.errors:
            if row.stage is Stage.CLASSIFY:
                counts["not_agreements"] += state.present
            elif row.stage not in NOT_FAILURES:
                counts["failed"] += state.present
        rows = replace(rows, errors=tuple(replace(row, source_file=name) for row in rows.errors),
                       agreements=tuple(replace(row, source_file=name, source_present=state.present) for row in rows.agreements))
        documents.append(rows)
    if checks is not None:  # before the corrections: they name projects by the positions the dataset shows
        documents, _ = resolve_cell_pieces(documents, checks.split_min_support, checks.position_codes)
    corrections, unreadable = load_corrections(out)
    documents, conflicts = apply_corrections(documents, corrections, districts, measure_types, year)
    conflicts = unreadable + conflicts
    documents, _ = flag_duplicates(documents)  # after the corrections: a corrected year or district counts
    if checks is not None:
        documents, _ = flag_name_variants(documents, checks.variant_min_support, checks.variant_min_letters,
                                          checks.letter_pairs)  # a corrected name is no OCR reading
    if corrections or unreadable:  # the conflicts file exists once people correct, empty when all apply
        write_text_atomic(out / CONFLICTS_FILE, conflicts_to_csv(conflicts))
    for conflict in conflicts:
        log.warning("correction not applied: %s %s: %s", conflict.correction.document, conflict.correction.field, conflict.reason)
    for rows in documents:
        counts["agreements"] += len(rows.agreements)
        counts["needs_review"] += sum(row.needs_review for row in rows.agreements)
        counts["projects"] += len(rows.projects)
    counts["conflicts"] = len(conflicts)
    documents.append(DocumentRows(errors=tuple(transient_errors)))
    counts["failed"] += sum(row.stage not in NOT_FAILURES for row in transient_errors)
    counts["skipped"] = sum(row.stage is Stage.SKIPPED for row in transient_errors)
    write_tables(rows_to_tables(documents), out, {"aqb_version": __version__, "rules_version": rules_version}, measure_labels)
    return counts


def run(inputs: Iterable[Path], out: Path, settings: Settings | None = None, jobs: int | None = None,
        progress: bool = False, options: RunOptions | None = None, rebuild_state: bool = False) -> RunSummary:
    """One batch. Raises RunIncompleteError (or StateStoreError) when the run cannot complete: the
    output folder is not writable, the disk is full, the state store is corrupt; documents committed
    before stay in the store and the dataset files stay as the last complete run wrote them.
    `rebuild_state` moves a corrupt state store aside (every file is then processed again)."""
    settings = settings or Settings()
    options = options or RunOptions(jobs=jobs or os.cpu_count() or 1, progress=progress)
    out = Path(out)
    try:
        return _run(inputs, out, settings, options, rebuild_state)
    except sqlite3.DatabaseError as e:
        raise state_store_error(e, out) from e
    except OSError as e:
        where = f" ({e.filename})" if e.filename else ""
        raise RunIncompleteError(f"the run could not complete: {e.strerror or e}{where}; the previous dataset in {out} is unchanged") from e


def state_store_error(error: sqlite3.DatabaseError, out: Path) -> RunIncompleteError:
    """A corrupt store (recover with --rebuild-state) or one that could not be written (disk full, read-only)."""
    name = getattr(error, "sqlite_errorname", "")
    if name in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or "malformed" in str(error) or "not a database" in str(error):
        return StateStoreError(f"the state store {out / STATE_FILE} is corrupt ({error}); run again with --rebuild-state "
                               "to move it aside and process every file again")
    return RunIncompleteError(f"the state store {out / STATE_FILE} could not be written ({error}); "
                              f"the previous dataset in {out} is unchanged")


def _run(inputs: Iterable[Path], out: Path, settings: Settings, options: RunOptions, rebuild_state: bool) -> RunSummary:
    started = time.perf_counter()
    rules = get_rules(settings.models_dir)
    if options.archive:
        archive_writer()  # a missing extra is said before anything is done
    engine = tesseract_version(settings.lang)
    rules_version, read_key = settings.fingerprint(), settings.read_key(engine)
    items, skipped = discover_inputs(inputs, exclude=out)
    with run_lock(out) as lock_fd:
        if rebuild_state:
            moved = set_aside_state(out)
            if moved:
                log.warning("state store moved aside to %s; every file is processed again", moved.name)
        store = Store(out)
        try:
            for path in remove_stale_temp_files(out):
                log.info("removed %s left by an interrupted run", path.name)
            run_id = store.start_run()
            previous = store.files()
            hashed, transient = _hash_inputs(items, store)
            failed_now = len(transient)
            transient += skipped
            done = store.done(rules_version) - (store.failed(rules_version) if options.retry_failed else set())
            tasks: list[DocumentTask] = []
            queued: set[str] = set()
            for item, state in hashed:
                if state.sha256 in done or state.sha256 in queued:
                    continue
                queued.add(state.sha256)
                tasks.append(DocumentTask(item.path, item.source_file, state.sha256, store.pages(state.sha256, read_key)))
            paths = {task.sha256: task.path for task in tasks if task.pages is None}  # read from the PDF in this run
            lookup = {d.ags: (d.name, d.type) for d in rules.districts}
            bar = tqdm(total=len(tasks), unit="doc", disable=not options.progress, file=sys.stderr)

            def pages_progress(read: int, found: int) -> None:
                bar.set_postfix_str(f"pages {read}/{found}")

            executor = make_executor(options, settings, lock_fd, rules_version) if tasks else None
            try:
                results = (execute(tasks, executor, settings, options.max_pages, options.doc_timeout_s, rules_version, pages_progress)
                           if executor else iter(()))
                for result in results:
                    result = unless_changed(result, paths.get(result.source_sha256))
                    status = "error" if result.error else "ok"
                    failed_now += result.error is not None and result.error.stage is not Stage.CLASSIFY
                    if result.error is not None and result.error.retry:
                        transient += result_to_rows(result, lookup).errors
                    else:
                        store.put_document(result.source_sha256, rules_version, status, result_to_rows(result, lookup),
                                           result.seconds, read_key, result.pages)
                    log.info("processed", extra={"file": result.source_file, "stage": result.error.stage if result.error else "done",
                                                 "status": status, "duration": round(result.seconds, 3)})
                    bar.update(1)
            finally:
                if executor is not None:
                    executor.close()
            bar.close()
            if options.archive:
                _write_archives(out, hashed, store, read_key, settings, engine, rules_version)
            gone = store.record_files([state for _, state in hashed], prune=options.prune)
            counts = export_dataset(store, rules_version, transient, out, lookup, measure_type_codes(rules),
                                    {m.code: m.label for m in rules.measure_types}, rules.regex("year.value"), dataset_checks(rules))
            summary = RunSummary(
                inputs=len(items),
                new=sum(1 for _, s in hashed if s.source_file not in previous),
                changed=sum(1 for _, s in hashed if s.source_file in previous and previous[s.source_file].sha256 != s.sha256),
                unchanged=sum(1 for _, s in hashed if s.source_file in previous and previous[s.source_file].sha256 == s.sha256),
                gone=len(gone),
                processed=len(tasks),
                reread=sum(1 for t in tasks if t.pages is not None),
                seconds=time.perf_counter() - started,
                out=out,
                failed_now=failed_now,
                **counts,
            )
            store.finish_run(run_id, "partial" if summary.failed_now else "ok",
                             {k: v for k, v in summary.__dict__.items() if k != "out"})
            return summary
        finally:
            store.close()
