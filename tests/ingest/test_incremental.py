"""Nightly ingestion: incremental runs, rules changes, crashes (SIGKILL), the run lock, logs and status.

Most tests use born-digital samples (about 0.1 s each); a scan is used only where OCR or a long
run matters. Documents are made distinct by appending a PDF comment after %%EOF, which changes the
file's SHA-256 but not what a PDF reader sees. Every subprocess is bounded by a timeout and its
whole process group is killed when a test ends early."""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

import extract.ingest.process
import extract.reading.load
import extract.reading.ocr
from conftest import ROOT, SAMPLES, read_csv
from extract.dataset.export import SCHEMAS
from extract.files import file_sha256
from extract.ingest.pipeline import RunOptions, RunSummary, run
from extract.ingest.serialize import json_to_page, page_to_json
from extract.ingest.store import LOCK_FILE, STATE_FILE
from extract.model import BBox, Line, Page, Word
from extract.reading.load import pdf_to_text_layer_pages
from extract.settings import MODELS_DIR, Settings

pytestmark = pytest.mark.e2e

TABLES = tuple(SCHEMAS)
DIGITAL = sorted(p for p in SAMPLES.glob("*_digital.pdf") if not p.name.startswith("nonagreement"))
NONAGREEMENT = SAMPLES / "nonagreement_pressemitteilung_2023_digital.pdf"
SCAN = SAMPLES / "2018_06412_scan.pdf"  # 3 pages, about 7 s of OCR on one core
LONG_SCAN = SAMPLES / "seed_000_scan.pdf"  # 5 pages, the slowest scan: keeps a worker busy for a while
CLI = [sys.executable, "-m", "extract"]


# helpers ----------------------------------------------------------------------------------------


def distinct_copy(src: Path, dst: Path, counter: int) -> Path:
    """A copy of `src` with a PDF comment line after %%EOF: another SHA-256, the same content."""
    data = src.read_bytes()
    if not data.endswith(b"\n"):
        data += b"\n"
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(data + f"% aqb test copy {counter}\n".encode())
    return dst


def snapshot(out: Path) -> dict[str, bytes]:
    """Every dataset file (CSV and Parquet) of OUT by name."""
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.suffix in (".csv", ".parquet")}


def csv_snapshot(out: Path) -> dict[str, bytes]:
    return {name: (out / f"{name}.csv").read_bytes() for name in TABLES}


def db_rows(out: Path, sql: str, args: tuple = ()) -> list[tuple]:
    db = sqlite3.connect(out / STATE_FILE, timeout=30)
    try:
        return db.execute(sql, args).fetchall()
    finally:
        db.close()


def documents_state(out: Path) -> dict[tuple[str, str], tuple]:
    """(sha256, rules_version) -> (rowid, processed_at, seconds): a document redone gets a new rowid."""
    if not (out / STATE_FILE).exists():
        return {}
    rows = db_rows(out, "SELECT sha256, rules_version, rowid, processed_at, seconds FROM documents")
    return {(r[0], r[1]): (r[2], r[3], r[4]) for r in rows}


def leftover_temp_files(out: Path) -> list[str]:
    return sorted(p.name for p in out.glob(".*.tmp")) if out.exists() else []


def _forbidden(name: str):
    def fail(*args, **kwargs):
        raise AssertionError(f"{name} must not be called in this run")

    return fail


def forbid(monkeypatch: pytest.MonkeyPatch, *targets: tuple[object, str]) -> None:
    """Make functions raise. The pool forks its workers after this, so they inherit the patches;
    a call in a worker becomes an error result, which the test sees in the summary and the dataset."""
    for module, attribute in targets:
        monkeypatch.setattr(module, attribute, _forbidden(f"{getattr(module, '__name__', module)}.{attribute}"))


NO_READING = ((extract.ingest.process, "pdf_to_text_layer_pages"), (extract.reading.load, "pdf_to_text_layer_pages"),
              (extract.ingest.process, "ocr_page"), (extract.reading.ocr, "ocr_page"))
NO_WORK = NO_READING + ((extract.ingest.process, "pdf_to_document"), (extract.ingest.process, "document_to_agreement"))


def start(args: list[str], **kwargs) -> subprocess.Popen:
    return subprocess.Popen(CLI + args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, **kwargs)


def kill_group(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=30)


def wait_group_gone(pgid: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.02)


@contextlib.contextmanager
def started(args: list[str]) -> Iterator[subprocess.Popen]:
    proc = start(args)
    try:
        yield proc
    finally:
        kill_group(proc)


def aqb(args: list[str], timeout: float = 240) -> subprocess.CompletedProcess:
    return subprocess.run(CLI + args, cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def wait_for_lock(out: Path, pid: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    """Until the run with `pid` holds OUT's lock (it writes its pid into the lock file when it has it)."""
    deadline = time.monotonic() + timeout
    lock = out / LOCK_FILE
    while time.monotonic() < deadline:
        if lock.exists() and lock.read_text().startswith(f"pid {pid} "):
            return
        assert proc.poll() is None, f"run ended before taking the lock: {proc.returncode} {proc.stderr.read() if proc.stderr else ''}"
        time.sleep(0.01)
    pytest.fail(f"run {pid} did not take the lock on {out} within {timeout} s")


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in path.read_text().split()] if path.exists() else []


def descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        for child in children(todo.pop()):
            found.append(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    """Running (a zombie waiting to be reaped counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def run_quiet(inbox: Path, out: Path, settings: Settings | None = None, **options) -> RunSummary:
    return run([inbox], out, settings, options=RunOptions(**{"jobs": 2, **options}))


def agreements_by_file(out: Path) -> dict[str, dict[str, str]]:
    return {row["source_file"]: row for row in read_csv(out / "agreements.csv")}


def ids_in(out: Path, table: str) -> set[str]:
    return {row["agreement_id"] for row in read_csv(out / f"{table}.csv")}


# 1. unchanged re-run -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fifty(tmp_path_factory: pytest.TempPathFactory) -> Path:
    inbox = tmp_path_factory.mktemp("fifty")
    for i in range(50):
        src = DIGITAL[i % len(DIGITAL)]
        distinct_copy(src, inbox / f"{i:02d}_{src.name}", i)
    return inbox


def test_distinct_copy_reads_like_the_original(tmp_path: Path) -> None:
    src = DIGITAL[0]
    copy = distinct_copy(src, tmp_path / "copy.pdf", 7)
    assert file_sha256(copy) != file_sha256(src)
    original, copied = pdf_to_text_layer_pages(src, Settings()), pdf_to_text_layer_pages(copy, Settings())
    assert [p.lines for p in copied] == [p.lines for p in original]


def test_unchanged_rerun_does_no_work(fifty: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    first = run_quiet(fifty, out)
    assert (first.inputs, first.new, first.processed, first.agreements, first.failed) == (50, 50, 50, 50, 0)
    assert len({row["agreement_id"] for row in read_csv(out / "agreements.csv")}) == 50
    before = snapshot(out)
    documents = documents_state(out)
    assert len(before) == 2 * len(TABLES)

    forbid(monkeypatch, *NO_WORK)
    # unchanged size and mtime: the stored hash is reused, the file is not even read
    monkeypatch.setattr("extract.ingest.pipeline.file_sha256", _forbidden("file_sha256"))
    second = run_quiet(fifty, out)
    assert second.processed == 0 and second.reread == 0
    assert (second.inputs, second.new, second.changed, second.unchanged, second.gone) == (50, 0, 0, 50, 0)
    assert (second.agreements, second.failed) == (50, 0)
    assert snapshot(out) == before  # byte-identical CSV and Parquet
    assert documents_state(out) == documents
    assert leftover_temp_files(out) == []


def test_touched_files_are_rehashed_but_not_processed(fifty: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inbox = tmp_path / "inbox"
    shutil.copytree(fifty, inbox)
    out = tmp_path / "out"
    run_quiet(inbox, out)
    before = snapshot(out)
    for path in inbox.iterdir():  # e.g. a re-download of the same bytes
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 5_000_000_000))
    forbid(monkeypatch, *NO_WORK)
    summary = run_quiet(inbox, out)
    assert (summary.unchanged, summary.processed, summary.failed) == (50, 0, 0)
    assert snapshot(out) == before


# 2. changed, new, gone ------------------------------------------------------------------------------


def test_changed_new_and_gone_files(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    a, b, c, d = DIGITAL[0], DIGITAL[1], DIGITAL[2], DIGITAL[3]
    inbox.mkdir()
    shutil.copy(a, inbox / "a.pdf")
    shutil.copy(b, inbox / "b.pdf")
    shutil.copy(c, inbox / "c.pdf")
    first = run_quiet(inbox, out)
    assert (first.new, first.processed, first.agreements) == (3, 3, 3)
    old = agreements_by_file(out)
    old_a_id, c_id = old["a.pdf"]["agreement_id"], old["c.pdf"]["agreement_id"]
    c_projects = [r for r in read_csv(out / "projects.csv") if r["agreement_id"] == c_id]
    assert c_projects

    e = DIGITAL[4]
    shutil.copy(e, inbox / "a.pdf")  # changed: another agreement under the same name
    shutil.copy(d, inbox / "d.pdf")  # new
    (inbox / "c.pdf").unlink()  # gone
    second = run_quiet(inbox, out)
    assert (second.inputs, second.new, second.changed, second.unchanged, second.gone) == (3, 1, 1, 1, 1)
    assert (second.processed, second.failed, second.agreements) == (2, 0, 4)

    rows = agreements_by_file(out)
    assert sorted(rows) == ["a.pdf", "b.pdf", "c.pdf", "d.pdf"]
    assert rows["a.pdf"]["agreement_id"] == file_sha256(e)[:16]
    assert rows["a.pdf"]["source_sha256"] == file_sha256(e)
    assert rows["d.pdf"]["agreement_id"] == file_sha256(d)[:16]
    assert rows["b.pdf"] == old["b.pdf"]
    for table in ("agreements", "projects", "sections", "pages"):  # the replaced content left no rows behind
        assert old_a_id not in ids_in(out, table), table
    assert {f: r["source_present"] for f, r in rows.items()} == {"a.pdf": "True", "b.pdf": "True", "c.pdf": "False", "d.pdf": "True"}
    assert [r for r in read_csv(out / "projects.csv") if r["agreement_id"] == c_id] == c_projects  # kept
    parquet = pq.read_table(out / "agreements.parquet").to_pydict()
    assert dict(zip(parquet["source_file"], parquet["source_present"])) == {"a.pdf": True, "b.pdf": True, "c.pdf": False, "d.pdf": True}
    assert read_csv(out / "errors.csv") == []

    third = run_quiet(inbox, out, prune=True)
    assert (third.gone, third.processed, third.agreements) == (1, 0, 3)
    assert sorted(agreements_by_file(out)) == ["a.pdf", "b.pdf", "d.pdf"]
    for table in ("agreements", "projects", "sections", "pages"):
        assert c_id not in ids_in(out, table), table
    assert db_rows(out, "SELECT COUNT(*) FROM files WHERE source_file='c.pdf'") == [(0,)]

    shutil.copy(c, inbox / "c.pdf")  # back again: known content, nothing to extract
    fourth = run_quiet(inbox, out)
    assert (fourth.new, fourth.processed, fourth.gone) == (1, 0, 0)
    assert agreements_by_file(out)["c.pdf"]["source_present"] == "True"
    assert agreements_by_file(out)["c.pdf"]["agreement_id"] == c_id


def test_renamed_file_keeps_its_agreement_under_the_new_name(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    shutil.copy(DIGITAL[0], inbox / "a_old.pdf")
    run_quiet(inbox, out)
    (inbox / "a_old.pdf").rename(inbox / "b_new.pdf")
    summary = run_quiet(inbox, out)
    assert (summary.new, summary.gone, summary.processed) == (1, 1, 0)
    rows = read_csv(out / "agreements.csv")
    assert [(r["source_file"], r["source_present"]) for r in rows] == [("b_new.pdf", "True")]
    assert [r for r in read_csv(out / "errors.csv") if r["source_file"] == "b_new.pdf"] == []
    assert summary.failed == 0 and summary.exit_code == 0


def test_document_whose_worker_died_is_remembered_and_retried_on_request(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    shutil.copy(DIGITAL[0], inbox / "a.pdf")
    shutil.copy(DIGITAL[1], inbox / "b.pdf")
    real = extract.ingest.process.pdf_to_text_layer_pages

    def dies_on_b(path, *args, **kwargs):
        if Path(path).name == "b.pdf":
            os._exit(137)  # as if the OOM killer took the worker
        return real(path, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(extract.ingest.process, "pdf_to_text_layer_pages", dies_on_b)
        first = run_quiet(inbox, out)
    assert first.failed == 1
    assert [(r["source_file"], r["stage"]) for r in read_csv(out / "errors.csv")] == [("b.pdf", "worker")]
    second = run_quiet(inbox, out)  # a costly failure: not tried again every night while the file is unchanged
    assert (second.processed, second.failed, second.exit_code) == (0, 1, 0)
    second = run_quiet(inbox, out, retry_failed=True)  # the worker is healthy now
    assert second.processed == 1
    assert (second.failed, second.agreements) == (0, 2)
    assert read_csv(out / "errors.csv") == []


# 3. rules change ------------------------------------------------------------------------------------


def _append_word(models: Path, list_id: str, word: str) -> None:
    path = models / "wordlists.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        row = json.loads(line)
        if row["id"] == list_id:
            row["words"].append(word)
            lines[i] = json.dumps(row, ensure_ascii=False)
            break
    else:
        raise AssertionError(f"word list {list_id} not found")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def rules_change(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A scan and a born-digital document run, a harmless rule edit, and the run after it with reading
    and OCR made impossible."""
    tmp = tmp_path_factory.mktemp("rules")
    models = tmp / "models"
    shutil.copytree(MODELS_DIR, models)
    inbox, out = tmp / "inbox", tmp / "out"
    inbox.mkdir()
    shutil.copy(SCAN, inbox / SCAN.name)
    shutil.copy(DIGITAL[0], inbox / DIGITAL[0].name)
    first = run_quiet(inbox, out, Settings(models_dir=models))
    before = snapshot(out)
    version = Settings(models_dir=models).fingerprint()
    _append_word(models, "projects.table_header", "zzyzxspalte")  # harmless: the word occurs nowhere
    with pytest.MonkeyPatch.context() as patch:
        forbid(patch, *NO_READING, (extract.ingest.process, "pdf_to_document"))
        second = run_quiet(inbox, out, Settings(models_dir=models))
        after = snapshot(out)
        third = run_quiet(inbox, out, Settings(models_dir=models))
    return {"first": first, "second": second, "third": third, "before": before, "after": after, "out": out,
            "versions": (version, Settings(models_dir=models).fingerprint())}


def test_rules_change_reextracts_without_reading_or_ocr(rules_change: dict) -> None:
    first, second, third, out = rules_change["first"], rules_change["second"], rules_change["third"], rules_change["out"]
    assert (first.processed, first.reread, first.agreements, first.failed) == (2, 0, 2, 0)
    old, new = rules_change["versions"]
    assert old != new
    # the patched readers raise in the workers: a call would show up as a failed document
    assert second.processed == 2 and second.reread == 2
    assert (second.unchanged, second.failed, second.agreements) == (2, 0, 2)
    sources = {r["source_file"]: r["text_source"] for r in read_csv(out / "agreements.csv")}
    assert sources == {SCAN.name: "ocr", DIGITAL[0].name: "text_layer"}
    # one page cache entry per document, one document row per rules version
    assert db_rows(out, "SELECT COUNT(*), COUNT(DISTINCT sha256) FROM pages") == [(2, 2)]
    assert db_rows(out, "SELECT COUNT(*), COUNT(DISTINCT rules_version) FROM documents") == [(4, 2)]
    assert (third.processed, third.failed) == (0, 0)  # the new rules version is complete


def test_rules_change_reextraction_gives_the_same_dataset(rules_change: dict) -> None:
    before, after = rules_change["before"], rules_change["after"]
    assert sorted(after) == sorted(before)
    for name in sorted(before):
        assert after[name] == before[name], f"{name} differs after a harmless rule change"


def test_page_cache_round_trip_keeps_the_layout() -> None:
    words = (Word("Ausbildung", BBox(0.1, 0.2, 0.3, 0.22), 91.0), Word("TAfA", BBox(0.6, 0.2, 0.7, 0.22), 88.5))
    page = Page(2, "ocr", "OCR: no text layer", (Line(words, gap_before=True, columns=(0, 1)), Line(words[:1])), 89.7, 90)
    assert json_to_page(json.loads(json.dumps(page_to_json(page)))) == page


def test_rules_change_takes_effect_within_one_process(tmp_path: Path) -> None:
    models = tmp_path / "models"
    shutil.copytree(MODELS_DIR, models)
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    doc = SAMPLES / "2013_06413_digital.pdf"  # Offenbach am Main
    shutil.copy(doc, inbox / doc.name)
    run_quiet(inbox, out, Settings(models_dir=models), jobs=1)
    assert read_csv(out / "agreements.csv")[0]["district_name"] == "Offenbach am Main"
    path = models / "districts.jsonl"
    text = path.read_text(encoding="utf-8")
    assert text.count('"name": "Offenbach am Main"') == 1
    path.write_text(text.replace('"name": "Offenbach am Main"', '"name": "Stadt Offenbach am Main"'), encoding="utf-8")
    summary = run_quiet(inbox, out, Settings(models_dir=models), jobs=1)
    assert summary.processed == 1 and summary.reread == 1
    assert read_csv(out / "agreements.csv")[0]["district_name"] == "Stadt Offenbach am Main"


# 4. SIGKILL at random moments ------------------------------------------------------------------------


def check_dataset_files(out: Path, clean: dict[str, pd.DataFrame]) -> None:
    """Every CSV/Parquet present parses completely, has its table's columns, and holds only whole
    agreements whose rows are rows of a clean run (a truncated file would lose or cut rows)."""
    for path in sorted(out.iterdir()):
        if path.suffix not in (".csv", ".parquet"):
            continue
        name = path.stem
        assert name in SCHEMAS, f"unexpected dataset file {path.name}"
        if path.suffix == ".csv":
            raw = path.read_bytes()
            assert raw.endswith(b"\n"), f"{path.name} does not end with a newline"
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
            assert list(frame.columns) == SCHEMAS[name].names, path.name
            rows = set(map(tuple, frame.itertuples(index=False)))
            assert rows <= set(map(tuple, clean[name].itertuples(index=False))), f"{path.name} has rows no clean run has"
            ids = Counter(frame["agreement_id"]) if "agreement_id" in frame else Counter()
        else:
            table = pq.read_table(path)
            assert table.schema.remove_metadata().equals(SCHEMAS[name]), path.name
            ids = Counter(table.column("agreement_id").to_pylist()) if "agreement_id" in table.column_names else Counter()
        expected = Counter(clean[name]["agreement_id"]) if "agreement_id" in clean[name] else Counter()
        for agreement_id, count in ids.items():
            assert count == expected[agreement_id], f"{path.name}: {count} rows of {agreement_id}, a clean run has {expected[agreement_id]}"


def dataset_mtimes(out: Path) -> dict[str, int]:
    if not out.exists():
        return {}
    return {e.name: e.stat().st_mtime_ns for e in os.scandir(out) if e.name.endswith((".csv", ".parquet", ".tmp"))}


def tables_agree(out: Path) -> bool:
    """Whether agreements.csv, agreements.parquet and sections.csv hold the same agreements (one export)."""
    paths = [out / "agreements.csv", out / "agreements.parquet", out / "sections.csv"]
    if not any(p.exists() for p in paths):
        return True  # nothing exported yet
    if not all(p.exists() for p in paths):
        return False
    ids = {row["agreement_id"] for row in read_csv(paths[0])}
    return ids == set(pq.read_table(paths[1]).column("agreement_id").to_pylist()) == ids_in(out, "sections")


def wait_for_export(proc: subprocess.Popen, out: Path, files_before: dict[str, int], timeout: float) -> bool:
    """Poll until the run starts writing the dataset (a temp file appears or a file is replaced);
    True when the run ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return True
        with contextlib.suppress(FileNotFoundError):
            if dataset_mtimes(out) != files_before:
                return False
        time.sleep(0.001)
    pytest.fail("the run neither exported nor ended in time")


def test_sigkill_at_random_moments_then_resume(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    digital = DIGITAL[:12]
    for path in digital:
        shutil.copy(path, inbox / path.name)
    shutil.copy(SCAN, inbox / SCAN.name)
    scan_sha = file_sha256(SCAN)
    shas = {file_sha256(p) for p in inbox.iterdir()}
    args = lambda out: ["run", str(inbox), "--out", str(out), "--quiet", "--jobs", "2"]  # noqa: E731

    clean_out = tmp_path / "clean"
    t0 = time.monotonic()
    clean_run = aqb(args(clean_out))
    t_clean = time.monotonic() - t0
    assert clean_run.returncode == 0, clean_run.stderr
    t0 = time.monotonic()
    assert aqb(args(clean_out)).returncode == 0  # a run with nothing to do: startup, hashing, export
    t_noop = time.monotonic() - t0
    clean = {name: pd.read_csv(clean_out / f"{name}.csv", dtype=str, keep_default_na=False) for name in TABLES}
    clean_bytes = csv_snapshot(clean_out)

    out = tmp_path / "out"
    rng = random.Random(20240611)
    kills = completed = 0
    stats: Counter[str] = Counter()
    for attempt in range(80):
        if kills >= 24:
            break
        before = documents_state(out)
        done = {sha for sha, _ in before}
        files_before = dataset_mtimes(out)
        temp_before = set(leftover_temp_files(out))
        # every third attempt is killed while the export writes the dataset; the others after a random
        # delay spread over the attempt's expected duration (startup, documents, export)
        during_export = attempt % 3 == 2
        expected = t_clean if scan_sha not in done else t_noop + 0.25 * len(shas - done)
        proc = start(args(out))
        try:
            if during_export:
                finished = wait_for_export(proc, out, files_before, timeout=3 * t_clean + 30)
                if not finished:
                    time.sleep(rng.uniform(0, 0.02))
                    finished = proc.poll() is not None
            else:
                try:
                    proc.wait(timeout=rng.uniform(0.05, expected * 1.1))
                    finished = True
                except subprocess.TimeoutExpired:
                    finished = False
            if not finished:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=30)
                wait_group_gone(proc.pid)
                finished = proc.returncode == 0  # the run ended on its own just before the kill landed
        finally:
            kill_group(proc)
        if finished:
            completed += 1
            assert proc.returncode == 0, f"attempt {attempt}: exit {proc.returncode}: {proc.stderr.read() if proc.stderr else ''}"
        else:
            kills += 1
            assert proc.returncode == -signal.SIGKILL
            stats["killed while exporting" if during_export else "killed at a random moment"] += 1
            stats["temp files left by kills"] += len(set(leftover_temp_files(out)) - temp_before)
            stats["kills leaving tables of different runs"] += not tables_agree(out)
            stats["kills after a dataset file was replaced"] += dataset_mtimes(out) != files_before
        after = documents_state(out)
        redone = {key: (before[key], after.get(key)) for key in before if after.get(key) != before[key]}
        assert not redone, f"attempt {attempt}: documents completed before were processed again: {redone}"
        stats["documents committed"] += len(after) - len(before)
        if out.exists():
            check_dataset_files(out, clean)
            if (out / STATE_FILE).exists():
                assert db_rows(out, "PRAGMA integrity_check") == [("ok",)]
    assert kills >= 20, f"only {kills} kills in {attempt + 1} attempts"
    assert stats["kills after a dataset file was replaced"] >= 3, stats  # the export was hit, not only startup

    final = aqb(args(out))
    assert final.returncode == 0, final.stderr
    check_dataset_files(out, clean)
    assert csv_snapshot(out) == clean_bytes
    for name in TABLES:
        assert pq.read_table(out / f"{name}.parquet").equals(pq.read_table(clean_out / f"{name}.parquet")), name
    rows = db_rows(out, "SELECT sha256, COUNT(*) FROM documents GROUP BY sha256")
    assert {sha for sha, _ in rows} == shas and all(n == 1 for _, n in rows)
    assert db_rows(out, "SELECT COUNT(*), SUM(present) FROM files") == [(13, 13)]
    assert db_rows(out, "SELECT COUNT(*) FROM documents WHERE status != 'ok'") == [(0,)]
    status = json.loads(aqb(["status", "--json", str(out)]).stdout)
    assert status["documents"] == {"ok": 13} and status["last_run"]["status"] == "ok"
    stats["temp files in OUT after the final run"] = len(leftover_temp_files(out))
    print(f"\nkill test: {kills} kills, {completed} completed runs, t_clean {t_clean:.1f} s, t_noop {t_noop:.1f} s, {dict(stats)}")


def test_next_run_removes_temp_files_left_by_a_killed_export(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    shutil.copy(DIGITAL[0], inbox / DIGITAL[0].name)
    run_quiet(inbox, out, jobs=1)
    # what a SIGKILL between mkstemp and os.replace in export._atomic_write leaves behind
    (out / ".agreements.csv.k1ll3d.tmp").write_bytes((out / "agreements.csv").read_bytes()[:100])
    (out / ".projects.parquet.k1ll3d.tmp").write_bytes(b"")
    run_quiet(inbox, out, jobs=1)
    assert leftover_temp_files(out) == []


# 5. one run at a time ---------------------------------------------------------------------------------


def test_second_run_on_same_out_exits_4_while_first_completes(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    shutil.copy(SCAN, inbox / SCAN.name)
    with started(["run", str(inbox), "--out", str(out), "--quiet", "--jobs", "1"]) as first:
        wait_for_lock(out, first.pid, first)
        t0 = time.monotonic()
        second = aqb(["run", str(inbox), "--out", str(out), "--quiet", "--jobs", "1"], timeout=60)
        assert second.returncode == 4, second.stderr
        assert time.monotonic() - t0 < 30  # at once: it does not wait for the lock
        assert first.poll() is None, "the first run should still be running"
        assert "locked" in second.stderr and str(out) in second.stderr and f"pid {first.pid}" in second.stderr
        _, stderr = first.communicate(timeout=240)
        assert first.returncode == 0, stderr
    assert len(read_csv(out / "agreements.csv")) == 1
    assert db_rows(out, "SELECT COUNT(*), MIN(status) FROM runs") == [(1, "ok")]  # the refused run left no trace


def test_killed_run_leaves_no_stale_lock(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    shutil.copy(SCAN, inbox / SCAN.name)
    with started(["run", str(inbox), "--out", str(out), "--quiet", "--jobs", "2"]) as proc:
        wait_for_lock(out, proc.pid, proc)
        time.sleep(1.0)  # the scan is being read
        assert proc.poll() is None
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        wait_group_gone(proc.pid)
    assert (out / LOCK_FILE).read_text().startswith(f"pid {proc.pid} ")  # the dead run's note is still there
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(DIGITAL[0], other / DIGITAL[0].name)
    result = aqb(["run", str(other), "--out", str(out), "--quiet", "--jobs", "1"], timeout=120)
    assert result.returncode == 0, result.stderr
    assert [r["source_file"] for r in read_csv(out / "agreements.csv")] == [DIGITAL[0].name]


def test_kill_9_of_the_main_process_leaves_no_stale_lock(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    shutil.copy(LONG_SCAN, inbox / LONG_SCAN.name)
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(DIGITAL[0], other / DIGITAL[0].name)
    workers: list[int] = []
    try:
        with started(["run", str(inbox), "--out", str(out), "--quiet", "--jobs", "1"]) as proc:
            wait_for_lock(out, proc.pid, proc)
            deadline = time.monotonic() + 30
            while not children(proc.pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(1.0)  # the worker is OCRing the scan
            workers = descendants(proc.pid)
            assert workers, "no worker process started"
            os.kill(proc.pid, signal.SIGKILL)  # `kill -9 PID` of the run, as an operator or a cron timeout does
            proc.wait(timeout=30)
            result = aqb(["run", str(other), "--out", str(out), "--quiet", "--jobs", "1"], timeout=120)
            assert result.returncode == 0, result.stderr
        assert [r["source_file"] for r in read_csv(out / "agreements.csv")] == [DIGITAL[0].name]
        deadline = time.monotonic() + 10
        while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [pid for pid in workers if alive(pid)], "workers of the killed run are still running"
    finally:
        for pid in workers:  # only the processes this test started
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)


def test_status_does_not_report_a_killed_run_as_running(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    shutil.copy(SCAN, inbox / SCAN.name)
    with started(["run", str(inbox), "--out", str(out), "--quiet", "--jobs", "1"]) as proc:
        wait_for_lock(out, proc.pid, proc)
        time.sleep(1.0)
        assert proc.poll() is None
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        wait_group_gone(proc.pid)
    assert db_rows(out, "SELECT COUNT(*) FROM runs") == [(1,)]
    status = aqb(["status", "--json", str(out)], timeout=60)
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["last_run"]["status"] != "running"
    text = aqb(["status", str(out)], timeout=60).stdout
    assert ": running" not in text


# 6. logs and summary ------------------------------------------------------------------------------------


@pytest.fixture()
def log_inbox(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for path in DIGITAL[:3] + [NONAGREEMENT]:
        shutil.copy(path, inbox / path.name)
    return inbox


def json_lines(stderr: str) -> list[dict]:
    events = []
    for line in stderr.splitlines():
        event = json.loads(line)  # every line is one JSON object
        assert isinstance(event, dict), line
        events.append(event)
    return events


def test_log_json_and_status(log_inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = aqb(["--log-json", "run", str(log_inbox), "--out", str(out), "--quiet", "--jobs", "2"])
    assert result.returncode == 0, result.stderr  # a non-agreement is a result (errors.csv, stage classify), not a failure
    events = json_lines(result.stderr)
    assert all({"ts", "level", "logger", "message", "file", "stage", "status", "duration"} <= e.keys() for e in events)
    processed = [e for e in events if e["message"] == "processed"]
    by_file = {e["file"]: e for e in processed}
    assert len(processed) == len(by_file) == 4
    for path in DIGITAL[:3]:
        assert (by_file[path.name]["stage"], by_file[path.name]["status"]) == ("done", "ok")
    assert (by_file[NONAGREEMENT.name]["stage"], by_file[NONAGREEMENT.name]["status"]) == ("classify", "error")
    assert all(isinstance(e["duration"], (int, float)) and e["duration"] >= 0 for e in processed)

    status = aqb(["status", str(out)], timeout=60)
    assert status.returncode == 0, status.stderr
    lines = status.stdout.splitlines()
    assert lines[0] == "files: 4 present, 0 gone"
    assert lines[1].startswith("documents: 3 ok, 1 failed")
    assert lines[2].startswith("last run #1: ok, started ") and lines[2].endswith("4 processed, 0 failed")
    assert lines[3].startswith(f"failed: {NONAGREEMENT.name} [classify] not a Zielvereinbarung")

    again = aqb(["--log-json", "run", str(log_inbox), "--out", str(out), "--quiet", "--jobs", "2"])
    assert again.returncode == 0
    assert [e for e in json_lines(again.stderr) if e["file"]] == []  # nothing processed, nothing logged per file
    info = json.loads(aqb(["status", "--json", str(out)], timeout=60).stdout)
    assert info["files"] == {"present": 4} and info["documents"] == {"ok": 3, "error": 1}
    last = info["last_run"]
    assert last["id"] == 2 and last["status"] == "ok" and last["finished"]
    summary = last["summary"]
    keys = ("inputs", "new", "changed", "unchanged", "gone", "processed", "reread", "agreements", "failed", "not_agreements")
    assert {k: summary[k] for k in keys} == {
        "inputs": 4, "new": 0, "changed": 0, "unchanged": 4, "gone": 0, "processed": 0, "reread": 0, "agreements": 3, "failed": 0,
        "not_agreements": 1}
    assert [f["source_file"] for f in info["failures"]] == [NONAGREEMENT.name]


def test_log_json_without_quiet_is_all_json(log_inbox: Path, tmp_path: Path) -> None:
    result = aqb(["--log-json", "run", str(log_inbox), "--out", str(tmp_path / "out"), "--jobs", "2"])
    assert result.returncode == 0, result.stderr
    json_lines(result.stderr)
