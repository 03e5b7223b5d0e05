"""The commands that only look (status, inspect) open the state store read-only: they write nothing,
and they work on a dataset folder on a read-only share; `aqb run` there fails with code 5 in one line."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SAMPLES
from extract.cli import main
from extract.errors import ExitCode, StateStoreError
from extract.ingest.store import STATE_FILE, Store

DIGITAL = SAMPLES / "seed_001_digital.pdf"


def aqb(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.output


def folder_state(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every entry of the folder with its size, modification time and bytes."""
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture()
def dataset(tmp_path: Path) -> tuple[Path, Path]:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    shutil.copy(DIGITAL, inbox / "a.pdf")
    code, output = aqb("run", inbox, "--out", out, "-j", "1")
    assert code == ExitCode.OK, output
    return inbox, out


def test_read_only_store_writes_nothing(dataset: tuple[Path, Path]) -> None:
    _, out = dataset
    before = folder_state(out)
    assert not Path(f"{out / STATE_FILE}-wal").exists()  # the run's last close checkpointed the WAL
    store = Store(out, read_only=True)
    try:
        assert {f.source_file for f in store.files().values()} == {"a.pdf"}
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            store.db.execute("DELETE FROM files")
    finally:
        store.close()
    assert folder_state(out) == before  # no WAL, no shared-memory file, no schema or journal-mode change
    assert aqb("status", out, "--json")[0] == ExitCode.OK
    assert folder_state(out) == before


def test_read_only_store_neither_creates_nor_migrates(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        Store(tmp_path / "none", read_only=True)
    assert not (tmp_path / "none").exists()
    with sqlite3.connect(tmp_path / STATE_FILE) as db:  # a store of an earlier version: files has no path column
        db.executescript(
            "CREATE TABLE files (source_file TEXT PRIMARY KEY, sha256 TEXT, size INTEGER, mtime_ns INTEGER, present INTEGER,"
            " first_seen TEXT, last_seen TEXT);"
            "CREATE TABLE documents (sha256, rules_version, status, rows, seconds, processed_at);"
            "CREATE TABLE pages (sha256, read_key, pages); CREATE TABLE runs (id, started, finished, status, summary);"
            "INSERT INTO files VALUES ('a.pdf', 'abc', 1, 2, 1, '', '');")
    store = Store(tmp_path, read_only=True)
    try:
        assert store.files()["a.pdf"].path == ""
    finally:
        store.close()
    with sqlite3.connect(tmp_path / STATE_FILE) as db:
        assert "path" not in {row[1] for row in db.execute("PRAGMA table_info(files)")}  # not migrated
        db.execute("CREATE TABLE extra (x)")
        db.execute("DROP TABLE runs")
    with pytest.raises(StateStoreError, match="not an aqb state store"):
        Store(tmp_path, read_only=True)


@pytest.fixture()
def read_only_share(dataset: tuple[Path, Path], tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """The dataset copied onto a real file system mounted read-only (tmpfs), where the machine lets us mount one."""
    inbox, out = dataset
    share = tmp_path / "share"
    share.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(share)],
                                           capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        shutil.copytree(out, share / "out")
        subprocess.run(["mount", "-o", "remount,ro", str(share)], check=True)
        yield inbox, share / "out"
    finally:
        subprocess.run(["umount", "-l", str(share)], check=False)


def test_status_and_inspect_work_on_a_read_only_share_and_run_exits_5(read_only_share: tuple[Path, Path]) -> None:
    inbox, out = read_only_share
    code, output = aqb("status", out, "--json")
    assert code == ExitCode.OK, output
    info = json.loads(output)
    assert info["files"] == {"present": 1} and info["last_run"]["status"] == "ok"
    code, output = aqb("status", out)
    assert code == ExitCode.OK and "files: 1 present" in output, output
    code, output = aqb("inspect", inbox / "a.pdf", "--out", out, "--json")
    assert code == ExitCode.OK, output
    assert json.loads(output)["from"] == "store"
    code, output = aqb("run", inbox, "--out", out, "-j", "1")
    assert code == ExitCode.INCOMPLETE and "Read-only file system" in output and "Traceback" not in output, output
    assert len(output.strip().splitlines()) == 1


def test_read_only_store_sees_what_a_run_at_work_committed(tmp_path: Path) -> None:
    from extract.ingest.store import FileState

    writer = Store(tmp_path)  # a run at work: its connection holds the WAL open
    try:
        writer.record_files([FileState("b.pdf", "def", 1, 2, True)], prune=False)
        assert Path(f"{tmp_path / STATE_FILE}-wal").exists()
        reader = Store(tmp_path, read_only=True)
        try:
            assert set(reader.files()) == {"b.pdf"}  # read through the WAL, not from the main file alone
        finally:
            reader.close()
    finally:
        writer.close()
