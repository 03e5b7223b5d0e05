"""Benchmark: seconds per page for the born-digital and the scanned samples, end to end.

Usage: python benchmarks/bench.py [--jobs N] [--samples DIR]
Prints one line per kind; nothing is asserted (speed is measured here, not in tests)."""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

from _common import ROOT, page_count, truths
from extract.ingest.pipeline import run


def files_of_kind(samples: Path, kind: str) -> list[Path]:
    return [samples / name for name, truth in truths(samples).items() if truth["kind"] == kind]


def bench(files: list[Path], jobs: int) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        inbox = Path(tmp) / "in"
        inbox.mkdir()
        for path in files:
            shutil.copy(path, inbox / path.name)
        started = time.perf_counter()
        run([inbox], Path(tmp) / "out", jobs=jobs)
        return time.perf_counter() - started, sum(page_count(p) for p in files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--samples", type=Path, default=ROOT / "samples")
    args = parser.parse_args()
    print(f"jobs={args.jobs} cpus={os.cpu_count()}")
    for kind in ("digital", "scan"):
        files = files_of_kind(args.samples, kind)
        if not files:
            print(f"{kind:8s} no samples")
            continue
        seconds, pages = bench(files, args.jobs)
        print(f"{kind:8s} {len(files):3d} docs {pages:4d} pages {seconds:7.2f} s  {seconds / pages:6.3f} s/page")


if __name__ == "__main__":
    main()
