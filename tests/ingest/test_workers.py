"""A pool worker stopped by SIGTERM kills what it started (extract/ingest/workers.py)."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

from extract.ingest import workers


def _worker_stopped_twice(pid_file: str) -> None:
    """A worker that starts a long child in its group, then is sent SIGTERM, and a second one while
    its handler looks for the group's members (as the pool does when a time limit and its shutdown meet)."""
    os.setpgrp()
    signal.signal(signal.SIGTERM, workers._kill_group)
    child = subprocess.Popen(["sleep", "60"])
    Path(pid_file).write_text(str(child.pid))
    members = workers._group_members

    def second_sigterm_meanwhile() -> list[int]:
        os.kill(os.getpid(), signal.SIGTERM)
        return members()

    workers._group_members = second_sigterm_meanwhile
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(60)  # not reached


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_second_sigterm_while_the_group_is_killed_leaves_no_child(tmp_path: Path) -> None:
    pid_file = tmp_path / "child.pid"
    process: Any = multiprocessing.get_context("fork").Process(target=_worker_stopped_twice, args=(str(pid_file),))
    process.start()
    process.join(20)
    assert process.exitcode == -signal.SIGTERM  # told apart from a worker the OS killed
    child = int(pid_file.read_text())
    deadline = time.monotonic() + 5
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child), "the worker's child outlived it"
