"""Batch runner: find the input PDFs, process what the state store does not hold yet, write the dataset.

Incremental by content: a document is processed once per (sha256, rules version); when only the
rules changed, it is re-extracted from the pages kept in the store, without reading or OCRing the
PDF again. Every finished document is committed at once, so a killed run loses only the documents
in flight, and the dataset is always rebuilt from the store and written atomically."""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import pypdfium2 as pdfium
from tqdm import tqdm

from extract import __version__
from extract.dataset.corrections import CONFLICTS_FILE, apply_corrections, conflicts_to_csv, measure_type_codes, read_corrections
from extract.dataset.duplicates import flag_duplicates
from extract.dataset.export import remove_stale_temp_files, result_to_rows, rows_to_tables, write_tables
from extract.dataset.schema import DistrictLookup, DocumentRows, ErrorRow
from extract.errors import Stage, UsageError
from extract.files import file_sha256, write_text_atomic
from extract.ingest.executors import DaskExecutor, Executor, LocalExecutor
from extract.ingest.schedule import DocumentTask, execute
from extract.ingest.store import FileState, Store, run_lock
from extract.reading.ocr import tesseract_version
from extract.review.archive import write_archive
from extract.rules import get_rules
from extract.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class InputFile:
    path: Path
    source_file: str  # relative to the input folder it was found in


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

    def __post_init__(self) -> None:
        if self.jobs < 1 or self.doc_timeout_s <= 0 or self.max_pages < 1:
            raise UsageError("jobs, doc_timeout_s and max_pages must be positive")
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
    failed: int  # current inputs that are in error
    needs_review: int
    projects: int
    seconds: float
    out: Path
    conflicts: int = 0  # corrections that could not be applied

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


def discover_inputs(inputs: Iterable[Path]) -> list[InputFile]:
    """Files as given, folders searched recursively for *.pdf (any case)."""
    found: dict[Path, InputFile] = {}
    for item in inputs:
        item = Path(item)
        if item.is_dir():
            for path in sorted(item.rglob("*")):
                if path.is_file() and path.suffix.lower() == ".pdf" and not path.name.startswith("."):
                    found.setdefault(path.resolve(), InputFile(path, path.relative_to(item).as_posix()))
        elif item.is_file():
            found.setdefault(item.resolve(), InputFile(item, item.name))
        else:
            raise UsageError(f"input not found: {item}")
    return list(found.values())


def make_executor(options: RunOptions, settings: Settings, lock_fd: int | None) -> Executor:
    if options.executor == "dask":
        return DaskExecutor(options.scheduler or "", options.jobs if options.jobs_given else None)
    return LocalExecutor(options.jobs, settings, lock_fd)


def _hash_inputs(items: list[InputFile], store: Store) -> tuple[list[tuple[InputFile, FileState]], list[ErrorRow]]:
    hashed: list[tuple[InputFile, FileState]] = []
    errors: list[ErrorRow] = []
    for item in items:
        try:
            stat = item.path.stat()
            sha = store.known_sha256(item.source_file, stat.st_size, stat.st_mtime_ns) or file_sha256(item.path)
        except OSError as e:
            errors.append(ErrorRow(item.source_file, "", Stage.LOAD, f"cannot read file: {e.strerror or e}"))
            continue
        hashed.append((item, FileState(item.source_file, sha, stat.st_size, stat.st_mtime_ns, True, str(item.path.resolve()))))
    return hashed, errors


def _write_archives(out: Path, hashed: list[tuple[InputFile, FileState]], store: Store, read_key: str,
                    settings: Settings, engine: str) -> None:
    for item, state in hashed:
        pages = store.pages(state.sha256, read_key)
        if not pages:
            continue
        try:
            write_archive(out, item.path, item.source_file, state.sha256, pages, settings.dpi, f"aqb {__version__} / Tesseract {engine}")
        except (OSError, pdfium.PdfiumError) as e:
            log.warning("%s: no archive written: %s", item.source_file, e)


def export_dataset(store: Store, rules_version: str, transient_errors: list[ErrorRow], out: Path,
                   districts: DistrictLookup, measure_types: frozenset[str],
                   measure_labels: dict[str, str] | None = None) -> dict[str, int]:
    """Rebuild every table from the store (identical content => identical files), apply the
    corrections of OUT/corrections.csv, and write it atomically."""
    documents: list[DocumentRows] = []
    files = store.files()
    # Identical files: the first present one (by name) owns the agreement, else the first gone one.
    owner: dict[str, str] = {}
    for name, state in sorted(files.items(), key=lambda item: (not item[1].present, item[0])):
        owner.setdefault(state.sha256, name)
    counts = {"agreements": 0, "failed": 0, "needs_review": 0, "projects": 0}
    for name, state in sorted(files.items()):
        stored = store.rows(state.sha256, rules_version)
        if stored is None:
            continue
        rows, _current = stored
        if owner[state.sha256] != name:
            if not state.present:
                continue  # a gone copy (e.g. the old name of a renamed file)
            rows = DocumentRows(errors=(ErrorRow(name, state.sha256, Stage.DEDUPE, f"same content as {owner[state.sha256]}"),))
        counts["failed"] += len(rows.errors) * state.present
        rows = replace(rows, errors=tuple(replace(row, source_file=name) for row in rows.errors),
                       agreements=tuple(replace(row, source_file=name, source_present=state.present) for row in rows.agreements))
        documents.append(rows)
    corrections = read_corrections(out)
    documents, conflicts = apply_corrections(documents, corrections, districts, measure_types)
    documents, _ = flag_duplicates(documents)  # after the corrections: a corrected year or district counts
    if corrections:  # the conflicts file exists once people correct, empty when all apply
        write_text_atomic(out / CONFLICTS_FILE, conflicts_to_csv(conflicts))
    for conflict in conflicts:
        log.warning("correction not applied: %s %s: %s", conflict.correction.document, conflict.correction.field, conflict.reason)
    for rows in documents:
        counts["agreements"] += len(rows.agreements)
        counts["needs_review"] += sum(row.needs_review for row in rows.agreements)
        counts["projects"] += len(rows.projects)
    counts["conflicts"] = len(conflicts)
    documents.append(DocumentRows(errors=tuple(transient_errors)))
    counts["failed"] += len(transient_errors)
    write_tables(rows_to_tables(documents), out, {"aqb_version": __version__, "rules_version": rules_version}, measure_labels)
    return counts


def run(inputs: Iterable[Path], out: Path, settings: Settings | None = None, jobs: int | None = None,
        progress: bool = False, options: RunOptions | None = None) -> RunSummary:
    settings = settings or Settings()
    options = options or RunOptions(jobs=jobs or os.cpu_count() or 1, progress=progress)
    started = time.perf_counter()
    rules = get_rules(settings.models_dir)
    engine = tesseract_version(settings.lang)
    rules_version, read_key = settings.fingerprint(), settings.read_key(engine)
    items = discover_inputs(inputs)
    out = Path(out)
    with run_lock(out) as lock_fd:
        store = Store(out)
        try:
            for path in remove_stale_temp_files(out):
                log.info("removed %s left by an interrupted run", path.name)
            run_id = store.start_run()
            previous = store.files()
            hashed, transient = _hash_inputs(items, store)
            done = store.done(rules_version)
            tasks: list[DocumentTask] = []
            queued: set[str] = set()
            for item, state in hashed:
                if state.sha256 in done or state.sha256 in queued:
                    continue
                queued.add(state.sha256)
                tasks.append(DocumentTask(item.path, item.source_file, state.sha256, store.pages(state.sha256, read_key)))
            lookup = {d.ags: (d.name, d.type) for d in rules.districts}
            bar = tqdm(total=len(tasks), unit="doc", disable=not options.progress, file=sys.stderr)
            executor = make_executor(options, settings, lock_fd) if tasks else None
            try:
                results = execute(tasks, executor, settings, options.max_pages, options.doc_timeout_s) if executor else iter(())
                for result in results:
                    status = "error" if result.error else "ok"
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
                _write_archives(out, hashed, store, read_key, settings, engine)
            gone = store.record_files([state for _, state in hashed], prune=options.prune)
            counts = export_dataset(store, rules_version, transient, out, lookup, measure_type_codes(rules),
                                    {m.code: m.label for m in rules.measure_types})
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
                **counts,
            )
            store.finish_run(run_id, "partial" if summary.failed else "ok",
                             {k: v for k, v in summary.__dict__.items() if k != "out"})
            return summary
        finally:
            store.close()
