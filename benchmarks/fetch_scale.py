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
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.fetch.inbox import fetch  # noqa: E402


class _Listing(BaseHTTPRequestHandler):
    """/N/list.html links N tiny PDFs /N/f/I.pdf, each with an ETag."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        parts = self.path.strip("/").split("/")
        if parts[-1] == "list.html":
            body = "".join(f'<a href="f/{i}.pdf">{i}</a>\n' for i in range(int(parts[0]))).encode()
            self._reply(200, "text/html", body)
            return
        etag = f'"{parts[-1]}"'
        if self.headers.get("If-None-Match") == etag:
            self._reply(304, "application/pdf", None, etag)
            return
        self._reply(200, "application/pdf", b"%PDF-1.4\n%" + parts[-1].encode() + b"\n%%EOF\n", etag)

    def _reply(self, status: int, kind: str, body: bytes | None, etag: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        if body is not None:
            self.send_header("Content-Length", str(len(body)))
        if etag:
            self.send_header("ETag", etag)
        self.end_headers()
        if body:
            self.wfile.write(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="listing sizes, comma-separated")
    sizes = [int(n) for n in parser.parse_args().sizes.split(",")]
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        os.environ.pop(name, None)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Listing)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    print(f"{'links':>8} {'first ms/link':>14} {'again ms/link':>14}")
    try:
        with tempfile.TemporaryDirectory(prefix="aqb-fetch-bench-") as tmp:
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
    finally:
        httpd.shutdown()
        httpd.server_close()


if __name__ == "__main__":
    main()
