"""The driver's scheduling loop: documents in, DocumentResults out, as they finish.

On the local pool a document starts with reading its text layers; pages that need OCR come back
as page tasks, and the document is finished (extracted) once all of them are read. So the cores
stay busy until the last page, not just the last document. Work for documents already started
goes first, which keeps few documents open at a time (memory stays flat). Only as many calls as
the executor has workers, plus one waiting, are in flight, so a call starts about when it is
submitted, and a document's time limit counts from its first call to its last."""

from __future__ import annotations

import heapq
import itertools
import logging
import time
from collections.abc import Callable, Iterator
from concurrent.futures import CancelledError
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from extract.errors import AqbError, DocumentError, Stage
from extract.ingest.executors import Executor, process_file_bytes
from extract.ingest.process import PendingDocument, ocr_to_page, process_file, start_document
from extract.model import DocumentResult, ErrorRecord, Page
from extract.settings import Settings

log = logging.getLogger(__name__)

_FINISH, _OCR, _START = 0, 1, 2  # priorities: finishing open documents first


@dataclass(frozen=True)
class DocumentTask:
    path: Path
    source_file: str
    sha256: str
    pages: tuple[Page, ...] | None  # pages read before (state store): extraction only


@dataclass
class _Open:
    task: DocumentTask
    started: float | None = None
    pending: PendingDocument | None = None
    read: dict[int, Page] = field(default_factory=dict)
    calls: set[Any] = field(default_factory=set)
    closed: bool = False


def _failed(task: DocumentTask, stage: Stage, message: str, retry: bool = True) -> DocumentResult:
    """`retry` False for costly failures (time limit, the worker's memory limit, a worker that died):
    they are remembered and not tried again unless the file changes or --retry-failed is given."""
    error = ErrorRecord(task.source_file, task.sha256, stage, message, retry=retry)
    return DocumentResult(task.source_file, task.sha256, error=error)


# Progress hook: called with (pages read, pages found) as they change, e.g. for a progress bar.
PageProgress = Callable[[int, int], None]


class _Scheduler:
    def __init__(self, executor: Executor, settings: Settings, max_pages: int, doc_timeout_s: float, rules_version: str,
                 on_pages: PageProgress | None = None) -> None:
        self.executor, self.settings, self.max_pages, self.limit = executor, settings, max_pages, doc_timeout_s
        self.rules_version = rules_version
        self.on_pages = on_pages
        self.pages_read = self.pages_found = 0
        self.queue: list[tuple[int, int, _Open, tuple | None]] = []
        self.order = itertools.count()
        self.in_flight: dict[Any, _Open] = {}

    def push(self, priority: int, doc: _Open, call: tuple | None) -> None:
        """Queue a call; None is a document's first call, built when it is submitted."""
        heapq.heappush(self.queue, (priority, next(self.order), doc, call))

    def start_call(self, task: DocumentTask) -> tuple:
        if not self.executor.split_pages:  # a cluster gets the file's bytes, unless its pages are known
            data = task.path.read_bytes() if task.pages is None else b""
            return (process_file_bytes,
                    (data, task.source_file, self.settings, self.max_pages, task.sha256, task.pages, self.rules_version))
        if task.pages is not None:
            return (process_file, (task.path, task.source_file, self.settings, self.max_pages, task.sha256, task.pages))
        return (start_document, (task.path, task.source_file, self.settings, self.max_pages, task.sha256))

    def fill(self) -> Iterator[DocumentResult]:
        """Submit queued calls while workers are free; documents past their limit fail here."""
        while self.queue and len(self.in_flight) < self.executor.capacity:
            _, _, doc, call = heapq.heappop(self.queue)
            if doc.closed:
                continue
            now = time.monotonic()
            doc.started = doc.started if doc.started is not None else now
            remaining = doc.started + self.limit - now
            if remaining <= 0:
                yield self.close(doc, self.timeout(doc))
                continue
            try:
                fn, args = call if call is not None else self.start_call(doc.task)
                future = self.executor.submit(fn, args, timeout=remaining)
            except OSError as e:  # the input vanished before its bytes were sent to the cluster
                yield self.close(doc, _failed(doc.task, Stage.LOAD, f"cannot read file: {e.strerror or e}"))
                continue
            doc.calls.add(future)
            self.in_flight[future] = doc

    def timeout(self, doc: _Open) -> DocumentResult:
        return _failed(doc.task, Stage.TIMEOUT, f"stopped after the per-document limit of {self.limit:g} s", retry=False)

    def close(self, doc: _Open, result: DocumentResult) -> DocumentResult:
        doc.closed = True
        for future in doc.calls:
            self.in_flight.pop(future, None)
            future.cancel()
        doc.calls.clear()
        return result

    def count_pages(self, read: int, found: int) -> None:
        self.pages_read, self.pages_found = self.pages_read + read, self.pages_found + found
        if self.on_pages is not None and (read or found):
            self.on_pages(self.pages_read, self.pages_found)

    def collect(self, future: Any, doc: _Open) -> DocumentResult | None:
        """Take a finished call's outcome; a DocumentResult when its document is done."""
        del self.in_flight[future]
        doc.calls.discard(future)
        try:
            outcome = future.result()
        except CancelledError:
            return None
        except Exception as e:  # noqa: BLE001 - every failure becomes an error row, the batch goes on
            known = self.executor.failure(e)
            if known is not None:
                stage, message, retry = known  # a time limit, a worker the OS killed (out of memory, crash): remembered
                return self.close(doc, self.timeout(doc) if stage is Stage.TIMEOUT else _failed(doc.task, stage, message, retry))
            if isinstance(e, MemoryError):  # past the worker's memory limit (e.g. a decompression bomb): remembered
                message = "needs more memory than a worker may use (--max-memory-mb)"
                return self.close(doc, _failed(doc.task, Stage.LOAD, message, retry=False))
            if isinstance(e, AqbError) and not isinstance(e, DocumentError):
                raise  # not about this document (e.g. a worker with other rules): the run cannot go on
            if isinstance(e, DocumentError):  # a page task's OCR failed
                error = ErrorRecord(doc.task.source_file, doc.task.sha256, e.stage, str(e), retry=e.retry)
                log.warning("%s: %s failed: %s", doc.task.source_file, e.stage, e)
                return self.close(doc, DocumentResult(doc.task.source_file, doc.task.sha256, error=error))
            log.error("%s: internal error", doc.task.source_file, exc_info=e)
            return self.close(doc, _failed(doc.task, Stage.INTERNAL, f"{type(e).__name__}: {e}"))
        if isinstance(outcome, DocumentResult):
            if doc.pending is None:  # the pages of a document with OCR were counted as they were read
                self.count_pages(len(outcome.pages), len(outcome.pages))
            return self.close(doc, replace(outcome, seconds=time.monotonic() - (doc.started or time.monotonic())))
        if isinstance(outcome, PendingDocument):
            doc.pending = outcome
            doc.read = {page.number: page for page in outcome.pages}
            self.count_pages(len(outcome.pages), len(outcome.pages) + len(outcome.to_ocr))
            for number, why in outcome.to_ocr:
                self.push(_OCR, doc, (ocr_to_page, (doc.task.path, number, why, self.settings)))
            return None
        doc.read[outcome.number] = outcome  # an OCRed page
        self.count_pages(1, 0)
        assert doc.pending is not None
        if len(doc.read) == len(doc.pending.pages) + len(doc.pending.to_ocr):
            pages = tuple(doc.read[n] for n in sorted(doc.read))
            self.push(_FINISH, doc, (process_file, (doc.task.path, doc.task.source_file, self.settings, self.max_pages,
                                                    doc.task.sha256, pages)))
        return None

    def overdue(self) -> Iterator[DocumentResult]:
        """For executors that cannot stop a call: documents past their limit fail on the driver's clock."""
        now = time.monotonic()
        for doc in {id(d): d for d in self.in_flight.values()}.values():
            if doc.started is not None and now - doc.started > self.limit:
                yield self.close(doc, self.timeout(doc))


def execute(tasks: list[DocumentTask], executor: Executor, settings: Settings, max_pages: int,
            doc_timeout_s: float, rules_version: str, on_pages: PageProgress | None = None) -> Iterator[DocumentResult]:
    """Run every task on the executor; yield each document's result as soon as it is done.
    `rules_version` is the driver's: cluster workers with other rules refuse the work.
    `on_pages` is told the pages read and found so far (a document's pages are found when its
    text layers are read, and read one by one as they are OCRed)."""
    scheduler = _Scheduler(executor, settings, max_pages, doc_timeout_s, rules_version, on_pages)
    for task in tasks:
        scheduler.push(_START, _Open(task), None)
    while scheduler.queue or scheduler.in_flight:
        yield from scheduler.fill()
        if not scheduler.in_flight:
            continue
        for future in scheduler.executor.wait(list(scheduler.in_flight), timeout=1.0):
            doc = scheduler.in_flight.get(future)
            if doc is None:
                continue
            result = scheduler.collect(future, doc)
            if result is not None:
                yield result
        if not executor.enforces_timeouts:
            yield from scheduler.overdue()
