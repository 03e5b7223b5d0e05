"""Soak test of the nightly contract: many `aqb run` cycles over a growing inbox with injected faults.

Each cycle adds a few files to the inbox (new samples, copies under another name, variants with
other bytes but the same text), then runs the night with one fault (or none):
  kill-9 / kill-term   SIGKILL or SIGTERM of `aqb run` (the parent alone or its process group) mid-run
  disk-full            the output is a small tmpfs, filled up to a few KB before the run
  bad-corrections      lines a spreadsheet or a person breaks appended to OUT/corrections.csv
  replaced-mid-run     a file being read is overwritten (or swapped in) with another file's bytes
  corrupt-store        aqb-state.sqlite truncated, overwritten or replaced by a foreign database
and then the next night (a plain run; after a corrupt store: --rebuild-state). Kills and replacements are
tied to the run's progress, read from its JSON log (--log-json on a pipe): a kill lands after the run's k-th
event (k random within the pages and documents it will read), a replacement overwrites exactly the file
being read, after one of its pages and before its last. A fault landed mid-work when the run had not
logged its end (a kill: it exited by the signal) or when the run's own event for the replaced file says
it changed while being read; disk-full, bad corrections and a corrupt store count when they took effect. The dataset
(agreements, projects, sections, and the errors' file and stage; rows in any order) must then equal a
clean run over the same files and corrections.csv, computed once per distinct inbox. A run that
could not complete must leave the previous dataset byte-identical. Scans are OCRed once (recorded)
and replayed afterwards (AQB_OCR_ENGINE=replay:), so a cycle costs seconds.

    PYTHONPATH=. .venv/bin/python benchmarks/soak.py --cycles 50

Prints the cycles, the faults injected and landed by kind, mismatches (must be 0), unexpected exit
codes and the time; exits 1 when anything did not match."""
from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from soak_nights import (
    CORRECTIONS_HEADER,
    FAULTS,
    FILES_FAILED,
    INCOMPLETE,
    OTHERS,
    ROOT,
    SAMPLES,
    SCANS,
    TIMED,
    TMPFS_MB,
    Nights,
    dataset,
    log,
    page_count,
    read_table,
    snapshot,
    stamp,
)


class Soak(Nights):
    # ------------------------------------------------------------------------------------ faults
    def kill(self, signum: int, sources: list[Path]) -> None:
        """The signal lands after the k-th event of the run (k random within the pages and documents it
        will read), so it hits a run that is reading, extracting, committing or exporting."""
        if not self.fresh():
            self.variant(sources)
        group = self.rng.random() < 0.5  # systemd stops the whole control group; kill(1) the parent alone
        kind = "kill-9" if signum == signal.SIGKILL else "kill-term"
        temp_before = set(self.tmp.iterdir())
        export_before = stamp(self.out / "agreements.csv")
        k = self.rng.randint(1, self.expected_events())
        proc = self.aqb(self.out)

        def fire(_event: dict, count: int) -> bool:
            if count < k:
                return False
            (os.killpg if group else os.kill)(proc.pid, signum)
            return True

        seen = self.follow(proc, fire)
        expect = (0, -signum, 128 + signum, 130) if signum == signal.SIGTERM else (0, -signum)
        what = f"kill {signal.Signals(signum).name}{' group' if group else ''} after event {k}"
        self.check_code(what, proc.returncode, expect, seen.text)
        if seen.fired_at is not None and proc.returncode != 0 and not seen.finished_before_fault:
            self.landed[kind] += 1
            self.before_export[kind] += stamp(self.out / "agreements.csv") == export_before
        else:
            self.missed.append(f"{what}: did not land mid-work (run had {len(seen.events)} events, exit {proc.returncode})")
        left = set(self.tmp.iterdir()) - temp_before
        if signum == signal.SIGTERM and proc.returncode == 128 + signum and left:
            self.unexpected.append(f"{what}: temporary files left: {sorted(p.name for p in left)}")
        self.night("night after a kill")

    def disk_full(self) -> None:
        before = snapshot(self.out)
        stat = os.statvfs(self.out)
        filler = self.out / "filler.bin"
        leave = self.rng.randint(0, 256) * 1024
        with open(filler, "wb") as handle:
            try:
                handle.write(b"\0" * max(stat.f_bavail * stat.f_frsize - leave, 0))
            except OSError:
                pass  # full already
        try:
            proc = self.aqb(self.out)
            seen = self.follow(proc)
            code = self.check_code("disk full", proc.returncode, (0, INCOMPLETE), seen.text)
            self.landed["disk-full"] += code == INCOMPLETE  # the run hit the full disk (else it fitted in what was left)
        finally:
            filler.unlink()
        if code == INCOMPLETE and snapshot(self.out) != before:
            self.mismatches.append("disk full: a run that could not complete changed the dataset")
        self.night("night after a full disk")

    def bad_corrections(self) -> None:
        """Lines as people and spreadsheets break them, and one valid correction."""
        path = self.out / "corrections.csv"
        agreements = read_table(self.out / "agreements.csv")
        lines = [
            "this line has no separators at all",
            "deadbeef,x.pdf,year,,not a year,,,",
            f"{'f' * 16},gone.pdf,amount_eur,,12.000,00 EUR,,,",
            "a,b,c,d,e,f,g,h,i,j,k,l",
            f"{'0' * 16},x.pdf,ministry,,{'x' * 20_000},,,",
            "0123;x.pdf;year;;2020;;;",
            "0123,x.pdf,no_such_field,,1,,,",
        ]
        if agreements:
            row = self.rng.choice(agreements)
            lines.append(f"{row['agreement_id']},{row['source_file']},district_signed_place,,Soakstadt {self.serial},soak,,")
        chosen = self.rng.sample(lines, k=min(len(lines), self.rng.randint(2, 5)))
        text = (path.read_text(encoding="utf-8") if path.exists() else CORRECTIONS_HEADER) + "\n".join(chosen) + "\n"
        path.write_text(text, encoding="utf-8")
        self.night("night with bad corrections", expect=(0, FILES_FAILED))
        conflicts = self.out / "correction_conflicts.csv"
        self.landed["bad-corrections"] += conflicts.exists() and len(read_table(conflicts)) > 0  # the run reported bad lines

    def replaced_mid_run(self, sources: list[Path]) -> None:
        """Exactly the file being read is replaced: after its page p (of n > p) was read, before it is done.
        It landed when the run's own event for that file says it failed (the change was seen)."""
        readable = [path for path in self.fresh().values() if page_count(path) > 1]
        target = self.rng.choice(readable or [self.variant(sources)])
        page = self.rng.randint(1, page_count(target) - 1)
        original = target.read_bytes()
        other = self.rng.choice([s for s in sources if s.name not in target.name])
        in_place = self.rng.random() < 0.5
        proc = self.aqb(self.out)

        def fire(event: dict, _count: int) -> bool:
            if event.get("file") != target.name or event.get("stage") != "load" or event.get("page") != page:
                return False
            if in_place:
                target.write_bytes(other.read_bytes())  # overwritten in place
            else:
                swap = target.with_name(f".{target.name}.new")
                swap.write_bytes(other.read_bytes())
                os.replace(swap, target)  # swapped in by rename
            return True

        seen = self.follow(proc, fire)
        what = f"replaced {'in place' if in_place else 'by rename'} after page {page}"
        self.check_code(what, proc.returncode, (0, FILES_FAILED), seen.text)
        after = seen.events[seen.fired_at:] if seen.fired_at is not None else []
        done = [e for e in after if e.get("file") == target.name and e.get("message") == "processed"]
        if done and done[0].get("status") == "error" and done[0].get("stage") == "load":
            self.landed["replaced-mid-run"] += 1
            self.before_export["replaced-mid-run"] += 1  # the file was in flight, so the export was still to come
        else:
            self.missed.append(f"{what}: {target.name} was not seen changed (fired: {seen.fired_at is not None}, "
                               f"its end: {done[0] if done else 'before the fault'})")
        self.add(target, original)  # the original content comes back under another name: it must get its own values
        self.night("night after a replaced file")

    def corrupt_store(self) -> None:
        store = self.out / "aqb-state.sqlite"
        before = snapshot(self.out)
        for suffix in ("-wal", "-shm"):
            Path(f"{store}{suffix}").unlink(missing_ok=True)
        how = self.rng.choice(("header", "truncate", "foreign"))
        if how == "header":
            with open(store, "r+b") as handle:
                handle.write(os.urandom(100))
        elif how == "truncate":
            with open(store, "r+b") as handle:
                handle.truncate(max(store.stat().st_size // 3, 1))
        else:
            store.unlink()
            with sqlite3.connect(store) as db:
                db.execute("CREATE TABLE files (name TEXT)")
        proc = self.aqb(self.out)
        seen = self.follow(proc)
        code = self.check_code(f"corrupt store ({how})", proc.returncode, (INCOMPLETE,), seen.text)
        self.landed["corrupt-store"] += code == INCOMPLETE
        if code == INCOMPLETE and snapshot(self.out) != before:
            self.mismatches.append(f"corrupt store ({how}): the failed run changed the dataset")
        self.night("night with --rebuild-state", "--rebuild-state")
        for broken in self.out.glob("aqb-state.sqlite.broken-*"):
            broken.unlink()  # what an operator keeps for a post-mortem; the soak's tmpfs is small

    # ------------------------------------------------------------------------------------ a cycle
    def cycle(self, number: int, fault: str, sources: list[Path]) -> None:
        self.grow(sources, self.rng.randint(1, 2))
        self.faults[fault] += 1
        if fault == "kill-9":
            self.kill(signal.SIGKILL, sources)
        elif fault == "kill-term":
            self.kill(signal.SIGTERM, sources)
        elif fault == "disk-full":
            self.disk_full()
        elif fault == "bad-corrections":
            self.bad_corrections()
        elif fault == "replaced-mid-run":
            self.replaced_mid_run(sources)
        elif fault == "corrupt-store":
            self.corrupt_store()
        else:
            self.night("plain night")
        got, want = dataset(self.out), self.clean_dataset()
        for table in want:
            if got[table] != want[table]:
                extra, missing = set(got[table]) - set(want[table]), set(want[table]) - set(got[table])
                self.mismatches.append(f"cycle {number} ({fault}): {table}: {len(extra)} rows not in the clean run "
                                       f"{sorted(extra)[:2]}, {len(missing)} missing {sorted(missing)[:2]}")
        stale = sorted(p.name for p in self.out.glob(".*.tmp"))
        if stale:
            self.mismatches.append(f"cycle {number} ({fault}): temporary files left in the output: {stale}")
        log(f"cycle {number}: {fault}, {len(list(self.inbox.iterdir()))} files, mismatches so far {len(self.mismatches)}")



def record_scans(work: Path, env: dict[str, str], jobs: int) -> Path:
    """OCR the scans once with the real Tesseract, recording every answer for the replay engine."""
    recordings, inbox = work / "ocr", work / "scans"
    inbox.mkdir(parents=True)
    for name in SCANS:
        shutil.copy(SAMPLES / name, inbox / name)
    command = [sys.executable, "-m", "extract", "run", str(inbox), "--out", str(work / "scans-out"), "-j", str(jobs), "-q"]
    subprocess.run(command, env={**env, "AQB_OCR_ENGINE": f"record:{recordings}"}, cwd=ROOT, check=True)
    shutil.rmtree(work / "scans-out")
    return recordings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cycles", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--initial", type=int, default=4, help="files in the inbox before the first cycle")
    parser.add_argument("--work", type=Path, default=None, help="working folder (default: a new temp folder, removed after)")
    args = parser.parse_args()
    started = time.monotonic()
    work = args.work or Path(tempfile.mkdtemp(prefix="aqb-soak-"))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    log(f"recording the OCR of {len(SCANS)} scans once in {work}")
    env["AQB_OCR_ENGINE"] = f"replay:{record_scans(work, env, args.jobs)}"
    rng = random.Random(args.seed)
    digital = sorted(p for p in SAMPLES.glob("*_digital.pdf") if not p.name.startswith("nonagreement"))
    sources = digital + [SAMPLES / n for n in SCANS + OTHERS]
    soak = Soak(work, args.jobs, rng, env)
    try:
        for source in rng.sample(sources, args.initial):
            soak.add(source)
        soak.night("first night")
        plan = [FAULTS[i % len(FAULTS)] for i in range(args.cycles)]
        rng.shuffle(plan)
        for number, fault in enumerate(plan, 1):
            if fault == "disk-full" and not soak.tmpfs:
                fault = "none"
            soak.cycle(number, fault, sources)
    finally:
        left = sorted(p.name for p in soak.tmp.iterdir())
        soak.close()
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"cycles:        {args.cycles} (inbox grew to {soak.serial} files; {soak.clean_runs} clean runs to compare with)")
    print(f"faults:        {', '.join(f'{kind} {soak.faults[kind]}' for kind in FAULTS)}")
    print(f"landed:        {', '.join(f'{kind} {soak.landed[kind]}/{soak.faults[kind]}' for kind in FAULTS[1:])}"
          " (kills, replacements: mid-work; others: took effect)")
    print(f"before export: {', '.join(f'{kind} {soak.before_export[kind]}' for kind in TIMED)}")
    for line in soak.missed:
        print(f"  missed: {line}")
    print(f"exit codes:    {', '.join(f'{code}: {n}' for code, n in sorted(soak.codes.items()))}")
    print(f"output tmpfs:  {'yes, ' + str(TMPFS_MB) + ' MB' if soak.tmpfs else 'no (disk-full faults skipped)'}")
    print(f"mismatches:    {len(soak.mismatches)}")
    for line in soak.mismatches:
        print(f"  {line}")
    print(f"unexpected:    {len(soak.unexpected)}")
    for line in soak.unexpected:
        print(f"  {line}")
    print(f"temp entries left by SIGKILLed runs: {len(left)}")
    print(f"time:          {time.monotonic() - started:.0f} s")
    return 1 if soak.mismatches or soak.unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
