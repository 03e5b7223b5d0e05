"""State store: SQLite in the output folder, so runs are incremental and survive crashes.

files      source_file -> sha256 (+ size, mtime to skip re-hashing), present or gone
documents  (sha256, rules_version) -> the document's table rows; committed one by one
pages      (sha256, read_key) -> the pages as read (text layer or OCR), reused when only rules change
runs       one row per run with its summary
The lock is an flock on OUT/.aqb.lock: the kernel releases it when a run dies, so it never goes stale."""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extract.errors import LockedError, StateStoreError
from extract.files import utc_now

if TYPE_CHECKING:  # the row types (pyarrow) load where rows are read or written, not for `aqb status`
    from extract.dataset.schema import DocumentRows
    from extract.model import Page

STATE_FILE = "aqb-state.sqlite"
LOCK_FILE = ".aqb.lock"

SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    source_file TEXT PRIMARY KEY, sha256 TEXT NOT NULL, size INTEGER, mtime_ns INTEGER,
    present INTEGER NOT NULL DEFAULT 1, first_seen TEXT, last_seen TEXT, path TEXT);
CREATE TABLE IF NOT EXISTS documents (
    sha256 TEXT NOT NULL, rules_version TEXT NOT NULL, status TEXT NOT NULL, rows TEXT NOT NULL,
    seconds REAL, processed_at TEXT, PRIMARY KEY (sha256, rules_version));
CREATE TABLE IF NOT EXISTS pages (
    sha256 TEXT NOT NULL, read_key TEXT NOT NULL, pages TEXT NOT NULL, PRIMARY KEY (sha256, read_key));
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT, started TEXT, finished TEXT, status TEXT, summary TEXT);
"""


@dataclass(frozen=True)
class FileState:
    source_file: str
    sha256: str
    size: int
    mtime_ns: int
    present: bool
    path: str = ""  # absolute path where the file was last seen


@contextmanager
def run_lock(out: Path, name: str = LOCK_FILE, what: str = "aqb run") -> Iterator[int]:
    """Hold a folder's lock for one run (yields the lock's file descriptor, which forked workers
    must close); raise LockedError if another process holds it."""
    out.mkdir(parents=True, exist_ok=True)
    handle = open(out / name, "a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as e:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise LockedError(f"{out} is locked by a running {what} ({holder}); try again when it has finished") from e
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} since {utc_now()}")
        handle.flush()
        yield handle.fileno()
    finally:
        handle.close()  # closing releases the flock


def lock_holder(out: Path, name: str = LOCK_FILE) -> str | None:
    """Who holds a folder's lock ('pid N since T'), or None when no process does."""
    path = out / name
    if not path.exists():
        return None
    with open(path) as handle:  # read only: the folder may be on a read-only share
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            return handle.read().strip() or "another process"
        fcntl.flock(handle, fcntl.LOCK_UN)
    return None


def set_aside_state(out: Path) -> Path | None:
    """Move a (corrupt) state store aside as aqb-state.sqlite.broken-TIMESTAMP, with its WAL files;
    the next Store starts empty. Returns where it went, None when there was none. Hold the run lock."""
    path = out / STATE_FILE
    if not path.exists():
        return None
    target = out / f"{STATE_FILE}.broken-{dt.datetime.now(dt.timezone.utc).strftime('%Y%m%dT%H%M%S')}"
    for suffix in ("-wal", "-shm", ""):
        part = Path(f"{path}{suffix}")
        if part.exists():
            os.replace(part, f"{target}{suffix}")
    return target


REQUIRED_COLUMNS = {
    "files": {"source_file", "sha256", "size", "mtime_ns", "present", "first_seen", "last_seen"},
    "documents": {"sha256", "rules_version", "status", "rows", "seconds", "processed_at"},
    "pages": {"sha256", "read_key", "pages"},
    "runs": {"id", "started", "finished", "status", "summary"},
}


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """Open a store without writing anything: no schema, no migration, no journal mode, no WAL or
    shared-memory file created. Without a WAL file no connection has the store open (SQLite removes
    it when the last one closes), so the file is read as immutable: also on a read-only share, where
    SQLite could not create the WAL index a WAL store needs for reading. With a WAL file (a run is
    at work, or was killed) it is read through the WAL, read-only (mode=ro)."""
    if not path.is_file():
        raise FileNotFoundError(errno.ENOENT, "no aqb state store", str(path))
    in_use = Path(f"{path}-wal").exists()
    uri = f"{path.resolve().as_uri()}?{'mode=ro' if in_use else 'immutable=1'}"
    return sqlite3.connect(uri, uri=True, timeout=30, isolation_level=None)


class Store:
    """Raises StateStoreError for a file that is not an aqb state store (another SQLite database),
    sqlite3.DatabaseError for a corrupt one (the pipeline turns both into a clear message).
    `read_only`: for the commands that only look (status, inspect, report): the store must exist,
    nothing is written, and a read-only folder works."""

    def __init__(self, out: Path, read_only: bool = False) -> None:
        self.path = out / STATE_FILE
        self.read_only = read_only
        if read_only:
            self.db = _connect_read_only(self.path)
        else:
            out.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            if not read_only:
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=NORMAL")
                self.db.executescript(SCHEMA)
            for table, required in REQUIRED_COLUMNS.items():
                missing = required - {row[1] for row in self.db.execute(f"PRAGMA table_info({table})")}
                if missing:
                    raise StateStoreError(f"{self.path} is not an aqb state store (table {table} lacks {', '.join(sorted(missing))}); "
                                          "run again with --rebuild-state to move it aside and process every file again")
            columns = {row[1] for row in self.db.execute("PRAGMA table_info(files)")}
            self.path_column = "path" if "path" in columns or not read_only else "NULL"
            if "path" not in columns and not read_only:  # a store made by an earlier version
                self.db.execute("ALTER TABLE files ADD COLUMN path TEXT")
        except BaseException:
            self.db.close()
            raise

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # files ---------------------------------------------------------------------------------
    def files(self) -> dict[str, FileState]:
        rows = self.db.execute(f"SELECT source_file, sha256, size, mtime_ns, present, {self.path_column} FROM files").fetchall()
        return {r[0]: FileState(r[0], r[1], r[2], r[3], bool(r[4]), r[5] or "") for r in rows}

    def known_sha256(self, source_file: str, size: int, mtime_ns: int) -> str | None:
        """The stored hash of a file whose size and modification time are unchanged."""
        row = self.db.execute("SELECT sha256 FROM files WHERE source_file=? AND size=? AND mtime_ns=?",
                              (source_file, size, mtime_ns)).fetchone()
        return row[0] if row else None

    def record_files(self, seen: list[FileState], prune: bool) -> list[str]:
        """Mark the files of this run present, the others gone (or delete them with prune). Returns the gone ones."""
        stamp = utc_now()
        names = {f.source_file for f in seen}
        with self.transaction() as db:
            for f in seen:
                db.execute(
                    "INSERT INTO files VALUES (?,?,?,?,1,?,?,?) ON CONFLICT(source_file) DO UPDATE SET sha256=excluded.sha256, "
                    "size=excluded.size, mtime_ns=excluded.mtime_ns, present=1, last_seen=excluded.last_seen, path=excluded.path",
                    (f.source_file, f.sha256, f.size, f.mtime_ns, stamp, stamp, f.path),
                )
            gone = [name for (name,) in db.execute("SELECT source_file FROM files").fetchall() if name not in names]
            for name in gone:
                if prune:
                    db.execute("DELETE FROM files WHERE source_file=?", (name,))
                else:
                    db.execute("UPDATE files SET present=0 WHERE source_file=?", (name,))
        return gone

    # documents and pages ---------------------------------------------------------------------
    def done(self, rules_version: str) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT sha256 FROM documents WHERE rules_version=?", (rules_version,))}

    def failed(self, rules_version: str) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT sha256 FROM documents WHERE rules_version=? AND status='error'", (rules_version,))}

    def put_document(self, sha256: str, rules_version: str, status: str, rows: DocumentRows,
                     seconds: float, read_key: str, pages: tuple[Page, ...]) -> None:
        from extract.ingest.serialize import page_to_json, rows_to_json

        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO documents VALUES (?,?,?,?,?,?)",
                       (sha256, rules_version, status, rows_to_json(rows), seconds, utc_now()))
            if pages:
                db.execute("INSERT OR REPLACE INTO pages VALUES (?,?,?)",
                           (sha256, read_key, json.dumps([page_to_json(p) for p in pages], ensure_ascii=False)))

    def rows(self, sha256: str, rules_version: str) -> tuple[DocumentRows, bool] | None:
        """The document's rows under this rules version, else its newest rows (second value False)."""
        from extract.ingest.serialize import json_to_rows

        row = self.db.execute("SELECT rows FROM documents WHERE sha256=? AND rules_version=?", (sha256, rules_version)).fetchone()
        if row:
            return json_to_rows(row[0]), True
        row = self.db.execute("SELECT rows FROM documents WHERE sha256=? ORDER BY processed_at DESC LIMIT 1", (sha256,)).fetchone()
        return (json_to_rows(row[0]), False) if row else None

    def pages(self, sha256: str, read_key: str) -> tuple[Page, ...] | None:
        from extract.ingest.serialize import json_to_page

        row = self.db.execute("SELECT pages FROM pages WHERE sha256=? AND read_key=?", (sha256, read_key)).fetchone()
        return tuple(json_to_page(p) for p in json.loads(row[0])) if row else None

    def newest_pages(self, sha256: str) -> tuple[Page, ...] | None:
        """The pages of a document as last read, whatever the reading settings (for aqb inspect)."""
        from extract.ingest.serialize import json_to_page

        row = self.db.execute("SELECT pages FROM pages WHERE sha256=? ORDER BY rowid DESC LIMIT 1", (sha256,)).fetchone()
        return tuple(json_to_page(p) for p in json.loads(row[0])) if row else None

    # runs ----------------------------------------------------------------------------------
    def start_run(self) -> int:
        """Record a new run; runs still marked running were killed (the caller holds the lock)."""
        with self.transaction() as db:
            db.execute("UPDATE runs SET status='killed' WHERE status='running'")
            cursor = db.execute("INSERT INTO runs (started, status) VALUES (?, 'running')", (utc_now(),))
        return int(cursor.lastrowid or 0)

    def finish_run(self, run_id: int, status: str, summary: dict[str, Any]) -> None:
        with self.transaction() as db:
            db.execute("UPDATE runs SET finished=?, status=?, summary=? WHERE id=?", (utc_now(), status, json.dumps(summary), run_id))

    def status(self, running: bool) -> dict[str, Any]:
        """What the store holds: files by state, documents by status, the last run, current failures.
        `running`: whether a run holds the lock now; if not, a run still marked running was killed."""
        files = self.db.execute("SELECT present, COUNT(*) FROM files GROUP BY present").fetchall()
        docs = self.db.execute("SELECT status, COUNT(*) FROM documents GROUP BY status").fetchall()
        last = self.db.execute("SELECT id, started, finished, status, summary FROM runs ORDER BY id DESC LIMIT 1").fetchone()
        failures = self.db.execute(
            "SELECT f.source_file, d.rows FROM files f JOIN documents d ON d.sha256 = f.sha256 "
            "WHERE d.status = 'error' AND f.present = 1 ORDER BY f.source_file"
        ).fetchall()
        return {
            "files": {("present" if p else "gone"): n for p, n in files},
            "documents": dict(docs),
            "last_run": None if last is None else {
                "id": last[0], "started": last[1], "finished": last[2],
                "status": "killed" if last[3] == "running" and not running else last[3],
                "summary": json.loads(last[4]) if last[4] else None},
            "failures": [{**json.loads(rows)["errors"][0], "source_file": name} for name, rows in failures],
        }
