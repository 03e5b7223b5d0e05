"""Worker processes of the pool: one Tesseract thread each, rules loaded once, and nothing left
behind when a worker is stopped (time limit) or its parent dies.

Each worker leads its own process group; on SIGTERM (sent by the pool at a time limit, or by the
kernel when the parent dies) it kills the whole group, so the Tesseract it started goes too, and
ends itself by SIGTERM, so that a stopped worker is told apart from one the OS killed. Temp
files go to a per-run folder that the parent removes. The worker closes its inherited copy of the
run lock, so only the parent holds it."""

from __future__ import annotations

import ctypes
import logging
import os
import resource
import signal
import tempfile
from pathlib import Path
from types import FrameType

from extract.reading import capi
from extract.rules import get_rules

log = logging.getLogger(__name__)

_PR_SET_PDEATHSIG = 1


def _group_members() -> list[int]:
    """The other processes of this worker's process group (the Tesseract it started), from /proc."""
    group, me, members = os.getpgrp(), os.getpid(), []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != me:
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue  # gone meanwhile
            if int(fields[2]) == group:
                members.append(int(entry.name))
    return members


def _kill_group(signum: int, frame: FrameType | None) -> None:
    """Kill what the worker started, then end by SIGTERM: the pool then sees a worker that was
    stopped (exit code -15), not one the OS killed (-9: out of memory) or that crashed (-11). A second
    SIGTERM while the group is killed (the pool stops a worker on a time limit and again when it shuts
    down) is ignored: ended by it halfway, the worker would leave its Tesseract running."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        members = _group_members()
    except OSError:  # no /proc: the whole group, this worker too
        os.killpg(os.getpgrp(), signal.SIGKILL)
        return
    for pid in members:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGTERM)


def _die_with_parent() -> None:
    """Ask Linux to send SIGTERM when the parent dies (no-op elsewhere)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError) as e:
        log.debug("parent-death signal not available: %s", e)


def limit_memory(max_mb: int) -> None:
    """Cap the memory this process (and the Tesseract it starts) may allocate: a decompression bomb
    then fails this worker (recorded, not retried), not the machine."""
    if max_mb > 0:
        limit = max_mb * 1024 * 1024
        _, hard = resource.getrlimit(resource.RLIMIT_DATA)
        resource.setrlimit(resource.RLIMIT_DATA, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))


def init_worker(models_dir: Path, lock_fd: int | None, tmpdir: str, max_mb: int = 0) -> None:
    """A pool worker: its rules and reading libraries loaded first, then its memory capped (the cap
    bounds what reading a file may take, not the code that reads it)."""
    os.environ["OMP_THREAD_LIMIT"] = "1"  # one Tesseract thread per worker process
    capi.end_on_sigterm()  # ended by SIGTERM at once also while Tesseract reads in this process
    get_rules(models_dir)
    import extract.ingest.process  # noqa: F401  (the reading stack: pdfium, pdfplumber, pikepdf)
    limit_memory(max_mb)
    os.setpgrp()
    signal.signal(signal.SIGTERM, _kill_group)
    _die_with_parent()
    if lock_fd is not None:
        try:
            os.close(lock_fd)
        except OSError as e:
            log.debug("lock descriptor already closed: %s", e)
    tempfile.tempdir = tmpdir
    os.environ["TMPDIR"] = tmpdir
