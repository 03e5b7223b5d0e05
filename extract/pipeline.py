"""Batch runner: find the input PDFs, process them in parallel, write the dataset."""

from __future__ import annotations

import logging
import os
import sys
import time
import traceback
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from extract.agreement import process_file
from extract.errors import UsageError
from extract.export import results_to_tables, write_tables
from extract.model import DocumentResult, ErrorRecord
from extract.ocr import tesseract_version
from extract.rules import get_rules
from extract.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class InputFile:
    path: Path
    source_file: str  # relative to the input folder it was found in


@dataclass(frozen=True)
class RunSummary:
    inputs: int
    agreements: int
    failed: int
    needs_review: int
    projects: int
    seconds: float
    out: Path

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
                if path.is_file() and path.suffix.lower() == ".pdf":
                    found.setdefault(path.resolve(), InputFile(path, path.relative_to(item).as_posix()))
        elif item.is_file():
            found.setdefault(item.resolve(), InputFile(item, item.name))
        else:
            raise UsageError(f"input not found: {item}")
    return list(found.values())


def _init_worker(models_dir: Path) -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"  # one Tesseract thread per worker process
    get_rules(models_dir)


def process_safely(item: InputFile, settings: Settings) -> DocumentResult:
    """process_file, with any unexpected exception recorded as an error of stage 'internal'."""
    try:
        return process_file(item.path, item.source_file, settings)
    except Exception as e:  # a bug must not stop the batch: record it with its traceback in the log
        log.error("%s: internal error\n%s", item.source_file, traceback.format_exc())
        return DocumentResult(item.source_file, "", error=ErrorRecord(item.source_file, "", "internal", f"{type(e).__name__}: {e}"))


def iter_results(items: list[InputFile], settings: Settings, jobs: int) -> Iterator[DocumentResult]:
    if jobs <= 1 or len(items) <= 1:
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        for item in items:
            yield process_safely(item, settings)
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(settings.models_dir,)) as pool:
        futures: dict[Future[DocumentResult], InputFile] = {pool.submit(process_safely, item, settings): item for item in items}
        for future in as_completed(futures):
            item = futures[future]
            try:
                yield future.result()
            except Exception as e:  # the worker process died (killed, out of memory)
                yield DocumentResult(item.source_file, "", error=ErrorRecord(item.source_file, "", "worker", f"worker died: {type(e).__name__}: {e}"))


def deduplicate(results: list[DocumentResult]) -> list[DocumentResult]:
    """Identical files give one agreement; the copies are listed as errors."""
    seen: dict[str, str] = {}
    out: list[DocumentResult] = []
    for result in sorted(results, key=lambda r: r.source_file):
        if result.agreement is not None:
            first = seen.setdefault(result.source_sha256, result.source_file)
            if first != result.source_file:
                out.append(DocumentResult(result.source_file, result.source_sha256,
                                          error=ErrorRecord(result.source_file, result.source_sha256, "dedupe", f"same content as {first}")))
                continue
        out.append(result)
    return out


def run(inputs: Iterable[Path], out: Path, settings: Settings | None = None, jobs: int | None = None, progress: bool = False) -> RunSummary:
    settings = settings or Settings()
    started = time.perf_counter()
    rules = get_rules(settings.models_dir)
    tesseract_version(settings.lang)
    items = discover_inputs(inputs)
    jobs = jobs or os.cpu_count() or 1
    results: list[DocumentResult] = []
    bar = tqdm(total=len(items), unit="doc", disable=not progress, file=sys.stderr)
    for result in iter_results(items, settings, jobs):
        results.append(result)
        bar.update(1)
        bar.set_postfix_str(result.source_file[-30:])
    bar.close()
    results = deduplicate(results)
    lookup = {d.ags: (d.name, d.type) for d in rules.districts}
    write_tables(results_to_tables(results, lookup), Path(out))
    agreements = [r.agreement for r in results if r.agreement is not None]
    return RunSummary(
        inputs=len(items),
        agreements=len(agreements),
        failed=sum(1 for r in results if r.error is not None),
        needs_review=sum(1 for a in agreements if a.needs_review),
        projects=sum(len(a.projects) for a in agreements),
        seconds=time.perf_counter() - started,
        out=Path(out),
    )
