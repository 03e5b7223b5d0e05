"""Benchmark of nightly (incremental) runs: a first run over 100 distinct born-digital documents, then
the no-op re-run over the same unchanged folder, then a re-run after every file was touched (same
bytes, new modification time: every file is hashed again, nothing is extracted).

Usage: python benchmarks/bench_incremental.py [--jobs N] [--count 100]
Prints timings and peak memory; nothing is asserted (speed is measured here, not in tests)."""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.ingest.pipeline import RunOptions, run  # noqa: E402

SAMPLES = ROOT / "samples"


def build_inbox(folder: Path, count: int) -> None:
    """`count` distinct documents: born-digital samples, each copy with its own PDF comment after %%EOF
    (another SHA-256, the same content)."""
    digital = sorted(p for p in SAMPLES.glob("*_digital.pdf") if not p.name.startswith("nonagreement"))
    for i in range(count):
        src = digital[i % len(digital)]
        data = src.read_bytes()
        if not data.endswith(b"\n"):
            data += b"\n"
        (folder / f"{i:03d}_{src.name}").write_bytes(data + f"% aqb bench copy {i}\n".encode())


def timed(inbox: Path, out: Path, jobs: int):
    started = time.perf_counter()
    summary = run([inbox], out, options=RunOptions(jobs=jobs))
    return time.perf_counter() - started, summary


def peak_rss_mib(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--count", type=int, default=100)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="aqb-bench-incremental-"))
    try:
        inbox, out = tmp / "inbox", tmp / "out"
        inbox.mkdir()
        build_inbox(inbox, args.count)
        print(f"{args.count} distinct born-digital documents, {args.jobs} jobs, {os.cpu_count()} cores")

        seconds, summary = timed(inbox, out, args.jobs)
        print(f"first run:          {seconds:7.2f} s  ({summary.processed} processed, {summary.agreements} agreements, "
              f"{summary.failed} failed; {seconds / max(summary.processed, 1):.3f} s per document)")

        seconds, summary = timed(inbox, out, args.jobs)
        print(f"unchanged re-run:   {seconds:7.2f} s  ({summary.processed} processed) = "
              f"{seconds * 100 / args.count:.2f} s per 100 documents")

        for path in inbox.iterdir():
            stat = path.stat()
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        seconds, summary = timed(inbox, out, args.jobs)
        print(f"touched re-run:     {seconds:7.2f} s  ({summary.processed} processed, all files hashed again) = "
              f"{seconds * 100 / args.count:.2f} s per 100 documents")

        started = time.perf_counter()
        cli = subprocess.run([sys.executable, "-m", "extract", "run", str(inbox), "--out", str(out), "--quiet",
                              "--jobs", str(args.jobs)], cwd=ROOT, capture_output=True, text=True, timeout=600)
        seconds = time.perf_counter() - started
        print(f"unchanged, via CLI: {seconds:7.2f} s  (exit {cli.returncode}; a whole `aqb run` process: imports, "
              f"rules, Tesseract check, export)")

        state = out / "aqb-state.sqlite"
        print(f"state store:        {state.stat().st_size / 1024:7.0f} KiB")
        print(f"peak RSS:           {peak_rss_mib(resource.RUSAGE_SELF):7.0f} MiB this process, "
              f"{peak_rss_mib(resource.RUSAGE_CHILDREN):.0f} MiB largest child process (a pool worker or the CLI run)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
