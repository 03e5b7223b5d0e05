"""The nights of benchmarks/soak.py: the inbox, `aqb run` followed through its JSON log (one event per
page read and per document processed, see extract/logs.py), and the clean runs each night is compared with."""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
TABLES = ("agreements", "projects", "sections")
SCANS = ("seed_001_scan.pdf", "2013_06440_scan.pdf")  # OCRed once, then replayed
OTHERS = ("nonagreement_pressemitteilung_2023_digital.pdf",)  # no agreement: a result, not a failure
TIMED = ("kill-9", "kill-term", "replaced-mid-run")  # faults tied to the run's progress (its JSON log)
FAULTS = ("none", "kill-9", "kill-term", "disk-full", "bad-corrections", "replaced-mid-run", "corrupt-store")
DATASET_FILES = tuple(f"{t}.csv" for t in (*TABLES, "errors"))
INCOMPLETE, FILES_FAILED = 5, 1  # extract.errors.ExitCode
TMPFS_MB = 64
CORRECTIONS_HEADER = "document,source_file,field,position,value,note,author,date\n"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_table(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def dataset(out: Path) -> dict[str, list[tuple[str, ...]]]:
    """The dataset as sorted rows (order-insensitive); errors by file and stage (their message may name a run's detail)."""
    tables: dict[str, list[tuple[str, ...]]] = {}
    for name in TABLES:
        tables[name] = sorted(tuple(row.values()) for row in read_table(out / f"{name}.csv"))
    tables["errors"] = sorted((row["source_file"], row["stage"]) for row in read_table(out / "errors.csv"))
    return tables


def snapshot(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in DATASET_FILES if (out / name).exists()}


def stamp(path: Path) -> tuple[int, int] | None:
    """A file's inode and modification time: an export replaces the file (a new inode) even with equal content."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return info.st_ino, info.st_mtime_ns


@functools.cache
def _pages(digest: str, path: Path) -> int:
    with pdfium.PdfDocument(str(path)) as pdf:
        return len(pdf)


def page_count(path: Path) -> int:
    try:
        return _pages(sha256(path), path)
    except pdfium.PdfiumError:
        return 1

@dataclass
class Followed:
    """What the soak saw of one run's JSON log (see extract/logs.py)."""

    events: list[dict] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    finished: bool = False  # the run logged its end ("run finished": dataset written)
    fired_at: int | None = None  # events seen when the fault fired
    finished_before_fault: bool = False

    @property
    def text(self) -> str:
        return "".join(self.lines)


@dataclass
class Nights:
    """The nights of a soak: an inbox that grows, `aqb run` followed through its JSON log, clean runs to compare with."""

    work: Path
    jobs: int
    rng: random.Random
    env: dict[str, str]
    inbox: Path = field(init=False)
    out: Path = field(init=False)
    tmp: Path = field(init=False)
    tmpfs: bool = False
    faults: Counter = field(default_factory=Counter)
    codes: Counter = field(default_factory=Counter)
    unexpected: list[str] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)
    clean: dict[str, dict[str, list[tuple[str, ...]]]] = field(default_factory=dict)
    clean_runs: int = 0
    known: set[str] = field(default_factory=set)  # contents of the inbox when a run last completed
    landed: Counter = field(default_factory=Counter)  # faults that hit a run at work (or took effect: kinds without timing)
    before_export: Counter = field(default_factory=Counter)  # of the timed faults: landed before the dataset was exported
    missed: list[str] = field(default_factory=list)  # timed faults that did not land mid-work, and why
    serial: int = 0

    def __post_init__(self) -> None:
        self.inbox, self.out, self.tmp = self.work / "inbox", self.work / "out", self.work / "tmp"
        for folder in (self.inbox, self.out, self.tmp):
            folder.mkdir(parents=True, exist_ok=True)
        self.env = {**self.env, "TMPDIR": str(self.tmp)}
        if os.geteuid() == 0:
            done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={TMPFS_MB}m", "tmpfs", str(self.out)],
                                  capture_output=True, text=True)
            self.tmpfs = done.returncode == 0
            if not self.tmpfs:
                print(f"note: cannot mount a tmpfs ({done.stderr.strip()}); disk-full faults are skipped", file=sys.stderr)
        else:
            print("note: not root, cannot mount a tmpfs; disk-full faults are skipped", file=sys.stderr)

    def close(self) -> None:
        if self.tmpfs:
            subprocess.run(["umount", "-l", str(self.out)], check=False)

    # ------------------------------------------------------------------------------------ runs
    def aqb(self, out: Path, *extra: str) -> subprocess.Popen:
        """`aqb run` with its JSON log on a pipe: one event per page read and per document processed."""
        command = [sys.executable, "-m", "extract", "--log-json", "run", str(self.inbox), "--out", str(out),
                   "-j", str(self.jobs), "-q", *extra]
        return subprocess.Popen(command, env=self.env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                text=True, errors="replace", start_new_session=True)

    def follow(self, proc: subprocess.Popen, fault: Callable[[dict, int], bool] | None = None) -> Followed:
        """Read the run's events until its end; `fault` is called with each event and their count so far
        until it returns True (it fired), so a fault lands at a chosen point of the run's progress."""
        seen = Followed()
        assert proc.stderr is not None
        for line in proc.stderr:
            seen.lines.append(line)
            try:
                event = json.loads(line)
            except ValueError:
                continue  # a line that is no event (e.g. from a library) is kept for the report only
            if not isinstance(event, dict):
                continue
            seen.events.append(event)
            if event.get("stage") == "run":
                seen.finished = True
            if fault is not None and seen.fired_at is None and fault(event, len(seen.events)):
                seen.fired_at = len(seen.events)
                seen.finished_before_fault = seen.finished
        proc.wait()
        return seen

    def night(self, what: str, *extra: str, expect: tuple[int, ...] = (0,)) -> int:
        proc = self.aqb(self.out, *extra)
        seen = self.follow(proc)
        code = self.check_code(what, proc.returncode, expect, seen.text)
        if code in (0, FILES_FAILED):
            self.known = {sha256(p) for p in self.inbox.iterdir()}  # what a completed run has processed
        return code

    def check_code(self, what: str, code: int, expect: tuple[int, ...], stderr: str) -> int:
        self.codes[code] += 1
        if code not in expect:
            self.unexpected.append(f"{what}: exit {code} (expected {expect}): {stderr.strip()[-300:]}")
        if "Traceback" in stderr:
            self.unexpected.append(f"{what}: traceback on stderr: {stderr.strip()[-300:]}")
        return code

    def fresh(self) -> dict[str, Path]:
        """The inbox files a run will read (content no completed run has seen), one per content."""
        found: dict[str, Path] = {}
        for path in sorted(self.inbox.iterdir()):
            digest = sha256(path)
            if digest not in self.known:
                found.setdefault(digest, path)
        return found

    def expected_events(self) -> int:
        """Events the next run will at least log: one per page read and one per document processed."""
        return sum(page_count(path) + 1 for path in self.fresh().values())

    def clean_dataset(self) -> dict[str, list[tuple[str, ...]]]:
        """A fresh run over the same inbox and corrections.csv (cached by their content)."""
        corrections = self.out / "corrections.csv"
        key = hashlib.sha256(repr(sorted((p.name, sha256(p)) for p in self.inbox.iterdir())).encode()
                             + (corrections.read_bytes() if corrections.exists() else b"")).hexdigest()
        if key not in self.clean:
            out = Path(tempfile.mkdtemp(prefix="clean-", dir=self.work))
            if corrections.exists():
                shutil.copy(corrections, out / "corrections.csv")
            proc = self.aqb(out)
            seen = self.follow(proc)
            self.check_code("clean run", proc.returncode, (0,), seen.text)
            self.clean[key] = dataset(out)
            self.clean_runs += 1
            shutil.rmtree(out)
        return self.clean[key]

    # ------------------------------------------------------------------------------------ the inbox
    def add(self, source: Path, data: bytes | None = None) -> Path:
        self.serial += 1
        target = self.inbox / f"n{self.serial:03d}_{source.name}"
        target.write_bytes(source.read_bytes() if data is None else data)
        return target

    def grow(self, sources: list[Path], count: int) -> list[Path]:
        """New files: a sample, a copy of an inbox file under another name, or a variant (same text, other bytes)."""
        added = []
        for _ in range(count):
            kind = self.rng.random()
            present = sorted(self.inbox.iterdir())
            if kind < 0.15 and present:
                added.append(self.add(self.rng.choice(present)))
            elif kind < 0.35:
                source = self.rng.choice(sources)
                added.append(self.add(source, source.read_bytes() + f"\n%soak variant {self.serial}\n".encode()))
            else:
                added.append(self.add(self.rng.choice(sources)))
        return added

    def variant(self, sources: list[Path]) -> Path:
        """A new file with a sample's text and bytes of its own (a run must read it)."""
        source = self.rng.choice([s for s in sources if page_count(s) > 1])
        return self.add(source, source.read_bytes() + f"\n%soak variant {self.serial}\n".encode())
