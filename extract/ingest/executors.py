"""Where the per-document work runs: a local process pool or a Dask distributed cluster.

Both offer the same small interface to the scheduler (extract/schedule.py): submit a call with a
time limit, wait for the first finished calls, cancel, and map a call's failure to a stage and
reason. The local pool splits scanned documents into page tasks; a Dask cluster gets whole
documents, with the PDF's bytes, so its workers need only aqb and Tesseract, no shared files."""

from __future__ import annotations

import concurrent.futures as cf
import logging
import os
import signal
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from pebble import ProcessExpired, ProcessPool

from extract.errors import MissingDependencyError, Stage, UsageError, WorkerRulesError
from extract.ingest.process import process_file
from extract.ingest.workers import init_worker
from extract.model import DocumentResult, Page
from extract.settings import Settings, default_models_dir

log = logging.getLogger(__name__)

DASK_HINT = "install it with: pip install 'aqb[dask]' (dask and distributed)"


class Executor(Protocol):
    capacity: int  # calls to keep in flight so that every worker is busy
    split_pages: bool  # whether scanned documents are split into page tasks
    enforces_timeouts: bool  # whether a call running past its limit is stopped by the executor

    def submit(self, fn: Callable[..., Any], args: tuple, timeout: float | None) -> Any: ...
    def wait(self, futures: Iterable[Any], timeout: float) -> set[Any]: ...
    def failure(self, error: BaseException) -> tuple[Stage, str, bool] | None: ...  # stage, reason, retry next run
    def close(self) -> None: ...


class LocalExecutor:
    """A pebble process pool: workers are replaced when a call passes its limit or a worker dies."""

    split_pages = True
    enforces_timeouts = True

    def __init__(self, jobs: int, settings: Settings, lock_fd: int | None, max_worker_mb: int = 0) -> None:
        self.capacity = jobs + 1  # one call waiting in the pool: a worker that finishes starts the next at once
        self._tmp = tempfile.TemporaryDirectory(prefix="aqb-")
        self._pool = ProcessPool(max_workers=jobs, max_tasks=20, initializer=init_worker,
                                 initargs=(settings.models_dir, lock_fd, self._tmp.name, max_worker_mb))

    def submit(self, fn: Callable[..., Any], args: tuple, timeout: float | None) -> cf.Future:
        return self._pool.schedule(fn, args=args, timeout=timeout)

    def wait(self, futures: Iterable[cf.Future], timeout: float) -> set[cf.Future]:
        done, _ = cf.wait(list(futures), timeout=timeout, return_when=cf.FIRST_COMPLETED)
        return done

    def failure(self, error: BaseException) -> tuple[Stage, str, bool] | None:
        """A worker the OS killed (out of memory: SIGKILL) or that crashed is remembered like a time limit;
        one stopped by SIGTERM (the run, or the machine, is shutting down) is tried again next run."""
        if isinstance(error, cf.TimeoutError):
            return (Stage.TIMEOUT, "", False)
        if isinstance(error, ProcessExpired):
            stopped = error.exitcode in (-signal.SIGTERM, -signal.SIGINT)
            return (Stage.WORKER, f"worker process died (exit code {error.exitcode}{worker_signal(error.exitcode)})", stopped)
        return None

    def close(self) -> None:
        self._pool.stop()
        self._pool.join()
        self._tmp.cleanup()


def worker_signal(exitcode: int | None) -> str:
    """', killed by SIGKILL' for a negative exit code, which names the signal that ended the process."""
    if exitcode is None or exitcode >= 0:
        return ""
    try:
        return f", killed by {signal.Signals(-exitcode).name}"
    except ValueError:
        return ""


@lru_cache(maxsize=8)
def worker_settings(settings: Settings) -> tuple[Settings, str]:
    """The driver's settings with this worker's own rules (its installed aqb's models, not the
    driver's path, which means nothing on another host), and their rules version."""
    local = replace(settings, models_dir=default_models_dir())
    return local, local.fingerprint()


def worker_rules_version(settings: Settings) -> str:
    """Run on every worker before a run: the rules version this worker would extract with."""
    return worker_settings(settings)[1]


def process_file_bytes(data: bytes, source_file: str, settings: Settings, max_pages: int | None, sha256: str,
                       pages: tuple[Page, ...] | None, rules_version: str) -> DocumentResult:
    """process_file on a PDF sent as bytes (on a cluster worker): written to a temp file first.
    Refused (WorkerRulesError) when this worker's rules are not the driver's `rules_version`."""
    os.environ["OMP_THREAD_LIMIT"] = "1"  # one Tesseract thread per task; the cluster's threads are the parallelism
    settings, own = worker_settings(settings)
    if own != rules_version:
        raise WorkerRulesError(f"this worker's rules version {own} is not the driver's {rules_version}: "
                               "install the same aqb release (and models) on the driver and every worker")
    with tempfile.TemporaryDirectory(prefix="aqb-") as tmp:
        path = Path(tmp) / Path(source_file).name
        path.write_bytes(data)
        return process_file(path, source_file, settings, max_pages=max_pages, sha256=sha256, pages=pages)


class DaskExecutor:
    """A Dask distributed client. Dask cannot stop a running call: a document past its limit is
    recorded as timed out and its call cancelled, but the worker finishes it in the background
    (Tesseract's own time limit, settings.ocr_timeout_s, bounds that)."""

    split_pages = False
    enforces_timeouts = False

    def __init__(self, scheduler: str, jobs: int | None, settings: Settings, rules_version: str) -> None:
        try:
            from distributed import Client
        except ImportError as e:
            raise MissingDependencyError(f"the Dask executor needs the distributed package; {DASK_HINT}") from e
        try:
            self._client = Client(scheduler, timeout="30s")
        except OSError as e:
            raise UsageError(f"cannot reach the Dask scheduler at {scheduler}: {e}") from e
        threads = sum(self._client.nthreads().values())
        if not threads:
            self._client.close()
            raise UsageError(f"the Dask scheduler at {scheduler} has no workers")
        self._check_workers(settings, rules_version)
        self.capacity = jobs or threads + 1  # one spare call hides the round trip

    def _check_workers(self, settings: Settings, rules_version: str) -> None:
        """Refuse the cluster when a worker would extract with other rules than the driver."""
        try:
            versions = self._client.run(worker_rules_version, settings)
        except Exception as e:  # noqa: BLE001 - e.g. aqb missing on a worker: the run cannot use this cluster
            self._client.close()
            raise WorkerRulesError(f"cannot check the Dask workers' rules ({type(e).__name__}: {e}); "
                                   "is aqb installed on every worker?") from e
        wrong = {worker: version for worker, version in versions.items() if version != rules_version}
        if wrong:
            self._client.close()
            listed = ", ".join(f"{worker} has {version}" for worker, version in sorted(wrong.items()))
            raise WorkerRulesError(f"Dask workers with other rules than the driver's ({rules_version}) are refused: {listed}; "
                                   "install the same aqb release (and models) on the driver and every worker")

    def submit(self, fn: Callable[..., Any], args: tuple, timeout: float | None) -> Any:
        return self._client.submit(fn, *args, pure=False)

    def wait(self, futures: Iterable[Any], timeout: float) -> set[Any]:
        from distributed import wait
        from distributed.client import TimeoutError as DaskTimeout

        try:
            done, _ = wait(list(futures), timeout=timeout, return_when="FIRST_COMPLETED")
        except (DaskTimeout, TimeoutError):
            return set()
        return set(done)

    def failure(self, error: BaseException) -> tuple[Stage, str, bool] | None:
        from distributed.scheduler import KilledWorker

        if isinstance(error, KilledWorker):  # Dask has already tried it on other workers: remembered
            return (Stage.WORKER, f"Dask worker died while processing ({error})", False)
        return None

    def close(self) -> None:
        self._client.close()

