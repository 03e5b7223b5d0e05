"""Benchmark of `aqb fetch` against a local listing of N tiny PDFs: the time per link for growing
listings (it should not grow with the listing: the state file is saved in batches) and the time of a
second fetch of the unchanged listing (conditional requests, nothing written but the state file).

Usage: python benchmarks/fetch_scale.py [--sizes 1000,10000]
Prints figures; nothing is asserted (speed is measured here, not in tests)."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "fetch"))  # the tests' local listing server

from extract.fetch.inbox import fetch  # noqa: E402
from fetch_server.listing import listing_server  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="listing sizes, comma-separated")
    sizes = [int(n) for n in parser.parse_args().sizes.split(",")]
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        os.environ.pop(name, None)
    print(f"{'links':>8} {'first ms/link':>14} {'again ms/link':>14}")
    with listing_server() as base, tempfile.TemporaryDirectory(prefix="aqb-fetch-bench-") as tmp:
        for n in sizes:
            inbox = Path(tmp) / str(n)
            started = time.perf_counter()
            first = fetch(f"{base}/{n}/list.html", inbox, timeout=5, retries=0)
            first_s = time.perf_counter() - started
            started = time.perf_counter()
            again = fetch(f"{base}/{n}/list.html", inbox, timeout=5, retries=0)
            again_s = time.perf_counter() - started
            if first.downloaded != n or again.unchanged != n:
                raise SystemExit(f"{n} links: downloaded {first.downloaded}, unchanged {again.unchanged}")
            print(f"{n:>8} {first_s / n * 1000:>14.2f} {again_s / n * 1000:>14.2f}")

if __name__ == "__main__":
    main()
