"""Start-up time of the CLI: `aqb --help`, `aqb status OUT` and an unchanged re-run, each timed
as a fresh process N times (like hyperfine), min and median printed. The goal for --help and
status is under 0.3 s; see also `python -X importtime -m extract --help`.

    python benchmarks/startup.py [--runs 15] [--out DATASET]

Without --out a dataset of one born-digital sample is made in a temporary folder first."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "seed_001_digital.pdf"
GOAL_S = 0.3


def timed(args: list[str], runs: int) -> list[float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "extract", *args], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--out", type=Path, default=None, help="an aqb dataset folder (default: one made from a sample)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = options.out or Path(tmp) / "out"
        if options.out is None:
            timed(["run", str(SAMPLE), "--out", str(out), "--quiet", "-j", "1"], 1)
        cases = {
            "python -c pass (interpreter alone)": None,
            "aqb --help": ["--help"],
            "aqb status OUT": ["status", str(out)],
            "aqb run (unchanged input)": ["run", str(SAMPLE), "--out", str(out), "--quiet", "-j", "1"],
        }
        print(f"{'command':<36} {'min s':>7} {'median s':>9}  (n={options.runs})")
        for name, args in cases.items():
            if args is None:
                times = []
                for _ in range(options.runs):
                    started = time.perf_counter()
                    subprocess.run([sys.executable, "-c", "pass"], check=True)
                    times.append(time.perf_counter() - started)
            else:
                times = timed(args, options.runs)
            median = statistics.median(times)
            flag = "" if args is None or args[0] == "run" or median < GOAL_S else f"  over the {GOAL_S} s goal"
            print(f"{name:<36} {min(times):>7.3f} {median:>9.3f}{flag}")


if __name__ == "__main__":
    main()
