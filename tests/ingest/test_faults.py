"""The nightly contract under faults: exit codes that mean one thing, the previous dataset intact
when a run cannot complete, hostile inputs skipped with a reason, values never stored under a hash
they do not belong to, a spreadsheet's corrections.csv read line by line."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, SAMPLES, read_csv
from extract import files
from extract.cli import main
from extract.errors import ExitCode
from extract.ingest import pipeline
from extract.ingest.store import STATE_FILE

pytestmark = pytest.mark.slow  # whole aqb processes under faults: make test runs them, the fast tier does not

DIGITAL = SAMPLES / "seed_001_digital.pdf"
OTHER = SAMPLES / "2013_06413_digital.pdf"
NOT_AGREEMENT = SAMPLES / "nonagreement_pressemitteilung_2023_digital.pdf"


def aqb(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.output


def dataset(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.suffix in (".csv", ".parquet", ".json") and p.name != "corrections.csv"}


@pytest.fixture()
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(DIGITAL, folder / "a.pdf")
    shutil.copy(NOT_AGREEMENT, folder / "press.pdf")
    return folder


def test_not_an_agreement_is_a_result_and_an_unchanged_rerun_exits_0(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert aqb("run", inbox, "--out", out, "-j", "1")[0] == ExitCode.OK
    assert {e["source_file"]: e["stage"] for e in read_csv(out / "errors.csv")} == {"press.pdf": "classify"}
    (inbox / "broken.pdf").write_bytes(DIGITAL.read_bytes()[:2000])
    code, output = aqb("run", inbox, "--out", out, "-j", "1")
    assert code == ExitCode.FILES_FAILED and "1 failed" in output  # a file of this run failed
    code, output = aqb("run", inbox, "--out", out, "-j", "1")
    assert code == ExitCode.OK, output  # nothing new: the old failure stays in errors.csv and status
    assert {e["source_file"] for e in read_csv(out / "errors.csv")} == {"press.pdf", "broken.pdf"}
    assert "failed: broken.pdf" in aqb("status", out)[1]


def test_run_that_cannot_write_exits_5_in_one_line_and_keeps_the_dataset(inbox: Path, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    assert aqb("run", inbox, "--out", out, "-j", "1")[0] == ExitCode.OK
    before = dataset(out)
    shutil.copy(OTHER, inbox / "b.pdf")
    real = files.StagedFiles.stage
    calls = iter(range(1000))

    def full_disk(self: files.StagedFiles, path: Path, write: Callable[[str], object]) -> Path:
        if next(calls) == 5:  # the disk fills up in the middle of the export
            self.staged.append((path.parent / f".{path.name}.x.tmp", path))
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(self, path, write)

    monkeypatch.setattr(files.StagedFiles, "stage", full_disk)
    code, output = aqb("run", inbox, "--out", out, "-j", "1")
    assert code == ExitCode.INCOMPLETE
    assert output.strip().splitlines()[-1].startswith("Error: the run could not complete: No space left on device")
    assert "Traceback" not in output
    assert dataset(out) == before and not list(out.glob(".*.tmp"))
    monkeypatch.setattr(files.StagedFiles, "stage", real)
    code, output = aqb("-v", "run", inbox, "--out", out, "-j", "1")
    assert code == ExitCode.OK and len(read_csv(out / "agreements.csv")) == 2  # b.pdf was committed before


def _mount(path: Path, options: str) -> bool:
    path.mkdir(exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True).returncode == 0


@pytest.fixture()
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 3 MB file system (tmpfs), where the machine lets us mount one."""
    folder = tmp_path / "disk"
    if os.geteuid() != 0 or not _mount(folder, "size=3m"):
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_full_and_read_only_disk_exit_5_and_keep_the_dataset(inbox: Path, small_disk: Path) -> None:
    out = small_disk / "out"
    assert aqb("run", inbox, "--out", out, "-j", "1")[0] == ExitCode.OK
    before = dataset(out)
    with open(small_disk / "filler", "wb") as handle:  # fill the disk to the last block
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError as e:
            assert e.errno == errno.ENOSPC
    shutil.copy(OTHER, inbox / "b.pdf")
    code, output = aqb("run", inbox, "--out", out, "-j", "1")
    assert code == ExitCode.INCOMPLETE and "Traceback" not in output, output
    assert dataset(out) == before and not list(out.glob(".*.tmp"))
    (small_disk / "filler").unlink()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    code, output = aqb("run", inbox, "--out", out, "-j", "1")
    assert code == ExitCode.INCOMPLETE and "Read-only file system" in output, output
    assert dataset(out) == before


def test_corrupt_or_foreign_state_store_exit_5_and_rebuild_state_recovers(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert aqb("run", inbox, "--out", out, "-j", "1")[0] == ExitCode.OK
    before = dataset(out)
    store = out / STATE_FILE
    data = bytearray(store.read_bytes())
    data[100:4096] = os.urandom(3996)  # the header and the schema page
    for suffix in ("-wal", "-shm"):
        Path(f"{store}{suffix}").unlink(missing_ok=True)
    store.write_bytes(bytes(data))
    code, output = aqb("run", inbox, "--out", out, "-j", "1")
    assert code == ExitCode.INCOMPLETE and "--rebuild-state" in output and "Traceback" not in output, output
    assert aqb("status", out)[0] == ExitCode.INCOMPLETE
    assert dataset(out) == before
    code, output = aqb("run", inbox, "--out", out, "-j", "1", "--rebuild-state")
    assert code == ExitCode.OK, output
    assert list(out.glob(f"{STATE_FILE}.broken-*")) and dataset(out).keys() == before.keys()
    assert read_csv(out / "agreements.csv")[0]["source_sha256"] in before["agreements.csv"].decode()
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    with sqlite3.connect(foreign / STATE_FILE) as db:
        db.execute("CREATE TABLE files (name TEXT, owner TEXT)")
    code, output = aqb("run", inbox, "--out", foreign, "-j", "1")
    assert code == ExitCode.INCOMPLETE and "not an aqb state store" in output


def test_file_replaced_while_read_is_not_stored_under_its_old_hash(inbox: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    original = pipeline._hash_inputs

    def replace_after_hashing(items, store):
        hashed = original(items, store)
        shutil.copy(OTHER, inbox / "a.pdf")  # replaced between hashing and reading
        return hashed

    monkeypatch.setattr(pipeline, "_hash_inputs", replace_after_hashing)
    code, _ = aqb("run", inbox, "--out", out, "-j", "1")
    assert code == ExitCode.FILES_FAILED
    (error,) = [e for e in read_csv(out / "errors.csv") if e["source_file"] == "a.pdf"]
    assert "changed while it was being read" in error["error"]
    monkeypatch.setattr(pipeline, "_hash_inputs", original)
    shutil.copy(DIGITAL, inbox / "copy-of-original.pdf")  # the original content comes back under another name
    assert aqb("run", inbox, "--out", out, "-j", "1")[0] == ExitCode.OK
    rows = {a["source_file"]: a for a in read_csv(out / "agreements.csv")}
    assert rows["a.pdf"]["district_ags"] == "06413"  # the replacement's own values
    assert rows["copy-of-original.pdf"]["district_ags"] == "06434"  # the original's, not the replacement's


def test_hostile_entries_are_skipped_with_a_reason(inbox: Path, tmp_path: Path) -> None:
    os.mkfifo(inbox / "pipe.pdf")
    (inbox / "dangling.pdf").symlink_to(tmp_path / "nowhere.pdf")
    (inbox / "loop.pdf").symlink_to(inbox / "loop.pdf")
    (inbox / "sub").mkdir()
    (inbox / "sub" / "up").symlink_to(inbox)  # a folder link loop
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(inbox / "sock.pdf"))
    weird = os.fsdecode(b"caf\xe9.pdf")
    shutil.copy(OTHER, inbox / weird)
    out = inbox / "dataset"  # the output inside the input folder
    try:
        code, output = aqb("run", inbox, "--out", out, "-j", "1", "--archive")
    finally:
        sock.close()
    assert code == ExitCode.OK, output
    skipped = {e["source_file"]: e["error"] for e in read_csv(out / "errors.csv") if e["stage"] == "skipped"}
    assert skipped == {"pipe.pdf": "a FIFO (named pipe)", "dangling.pdf": "a dangling symbolic link",
                       "loop.pdf": "a symbolic link loop", "sock.pdf": "a socket"}
    assert {a["source_file"] for a in read_csv(out / "agreements.csv")} == {"a.pdf", "caf\\xe9.pdf"}
    (out / "archive").mkdir(exist_ok=True)
    shutil.copy(DIGITAL, out / "archive" / "document.pdf")  # what --archive writes for scans
    code, output = aqb("run", inbox, "--out", out, "-j", "1")
    assert code == ExitCode.OK and "0 new" in output  # the output folder is never read as input
    started = time.monotonic()
    code, output = aqb("inspect", inbox / "pipe.pdf")
    assert code == ExitCode.USAGE and "FIFO" in output and time.monotonic() - started < 30


SPREADSHEET = (
    "\ufeffdocument;field;position;value;note;comment\r\n"
    "{sha};ministry_signed_place;;Wiesbaden-Biebrich;Stra\u00dfe;extra column\r\n"
    "{sha};year;;3000000000;;\r\n"
    ";field;;x;;\r\n"
    "{sha};district_signed_place;;Bad Hersfeld;;;;surplus\r\n"
    "{sha};project_name;1;\"" + "x" * 200_000 + "\";;\r\n"
    "\r\n"
    "{sha};district_signed_date;;2025-08-05;;\r\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_corrections_from_a_spreadsheet_apply_what_can_be_read(inbox: Path, tmp_path: Path, encoding: str) -> None:
    out = tmp_path / "out"
    assert aqb("run", inbox, "--out", out, "-j", "1")[0] == ExitCode.OK
    (agreement,) = read_csv(out / "agreements.csv")
    text = SPREADSHEET.replace("{sha}", agreement["source_sha256"])
    (out / "corrections.csv").write_bytes(text.encode(encoding, errors="ignore") if encoding == "cp1252" else text.encode())
    code, output = aqb("run", inbox, "--out", out, "-j", "1")
    assert code == ExitCode.OK, output
    (corrected,) = read_csv(out / "agreements.csv")
    assert corrected["ministry_signed_place"] == "Wiesbaden-Biebrich"
    assert corrected["district_signed_date"] == "2025-08-05"
    conflicts = {c["conflict"].split(":")[0]: c["conflict"] for c in read_csv(out / "correction_conflicts.csv")}
    assert set(conflicts) == {"corrections.csv line 4", "corrections.csv line 5", "corrections.csv line 6", "year"}
    huge = conflicts["corrections.csv line 6"]  # the csv module's field limit, or ours when another caller raised it
    assert "3000000000" in conflicts["year"] and ("field limit" in huge or "longer than" in huge)


def test_unreadable_corrections_exit_5_and_correct_refuses_bad_values(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert aqb("run", inbox, "--out", out, "-j", "1")[0] == ExitCode.OK
    before = dataset(out)
    code, output = aqb("correct", out, "a.pdf", "year", "3000000000")
    assert code == ExitCode.USAGE and "not a valid value" in output
    assert not (out / "corrections.csv").exists()
    (out / "corrections.csv").write_text("just some notes\nnothing here\n", encoding="utf-8")
    code, output = aqb("run", inbox, "--out", out, "-j", "1")
    assert code == ExitCode.INCOMPLETE and "corrections.csv cannot be read" in output
    assert dataset(out) == before


def _tmp_entries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.e2e
@pytest.mark.parametrize("signum, code", [(signal.SIGTERM, 143), (signal.SIGINT, ExitCode.INTERRUPTED)])
def test_signal_stops_the_run_and_removes_its_temp_files(tmp_path: Path, signum: int, code: int) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SAMPLES / "seed_000_scan.pdf", inbox / "scan.pdf")
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "extract", "run", str(inbox), "--out", str(tmp_path / "out"), "-j", "1", "--quiet"],
                            env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not any(temp.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.2)  # until the workers' temp folder is made (Tesseract reads in the worker, no page file)
    assert any(temp.iterdir()), "the pool never started"
    time.sleep(1.0)  # OCR under way: the scan's three pages take seconds
    assert proc.poll() is None, "the run ended before it was signalled"
    proc.send_signal(signum)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == code, stderr
    assert _tmp_entries(temp) == [], list(temp.rglob("*"))
    assert "Traceback" not in stderr


@pytest.mark.e2e
def test_a_document_past_its_time_limit_is_remembered_not_retried(tmp_path: Path) -> None:
    from extract.ingest.pipeline import RunOptions, run

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SAMPLES / "seed_000_scan.pdf", inbox / "scan.pdf")
    out = tmp_path / "out"
    first = run([inbox], out, options=RunOptions(jobs=1, doc_timeout_s=0.5))
    assert (first.processed, first.failed_now, first.exit_code) == (1, 1, ExitCode.FILES_FAILED)
    started = time.monotonic()
    second = run([inbox], out, options=RunOptions(jobs=1, doc_timeout_s=0.5))
    assert (second.processed, second.failed, second.exit_code) == (0, 1, ExitCode.OK)  # not tried again
    assert time.monotonic() - started < 10
    assert [e["stage"] for e in read_csv(out / "errors.csv")] == ["timeout"]
    third = run([inbox], out, options=RunOptions(jobs=1, retry_failed=True))
    assert (third.processed, third.failed, third.agreements) == (1, 0, 1)


def test_worker_memory_is_capped(tmp_path: Path) -> None:
    probe = "from extract.ingest.workers import limit_memory; limit_memory(200); bytearray(400 * 1024 * 1024)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode != 0 and "MemoryError" in done.stderr


def test_control_characters_never_reach_the_dataset(tmp_path: Path) -> None:
    from extract.dataset.export import rows_to_tables, write_tables
    from extract.dataset.schema import DocumentRows, ProjectRow, SectionRow

    name = "Jugend\x85Flex\x0bPlus\x00 =HYPERLINK(\"x\")"
    tables = rows_to_tables([DocumentRows(projects=(ProjectRow("a", 2025, "06434", 1, "ausbildung", "Ausbildung", name, 1, "text_layer", None),),
                                          sections=(SectionRow("a", "1", "Budget", "line one\nline\u2028two", 1, 1),))])
    write_tables(tables, tmp_path)
    (project,) = read_csv(tmp_path / "projects.csv")
    assert project["project_name"] == "Jugend Flex Plus =HYPERLINK(\"x\")"  # formula-like text stays verbatim: it is data
    (section,) = read_csv(tmp_path / "sections.csv")
    assert section["text"] == "line one\nline two"
    raw = (tmp_path / "projects.csv").read_bytes() + (tmp_path / "projects.parquet").read_bytes()
    assert b"\x00Plus" not in raw and "\x85".encode() not in raw
