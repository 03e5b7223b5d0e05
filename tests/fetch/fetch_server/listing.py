"""A local listing for fetch at scale (tests/fetch/test_fetch_scale.py and benchmarks/fetch_scale.py):
/N/list.html links N tiny PDFs /N/f/I.pdf, each with an ETag (a 304 to If-None-Match); /trickle.pdf
sends a byte every 0.2 s."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Listing(BaseHTTPRequestHandler):
    """/N/list.html links N tiny PDFs /N/f/I.pdf (each with an ETag); /trickle.pdf sends a byte every 0.2 s."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        parts = self.path.strip("/").split("/")
        if parts[-1] == "trickle.pdf":
            self._head(200, "application/pdf", 10_000)
            for _ in range(10_000):
                self.wfile.write(b"%" if _ else b"%PDF-")
                self.wfile.flush()
                time.sleep(0.2)
            return
        if parts[-1] == "list.html":
            body = "".join(f'<a href="f/{i}.pdf">{i}</a>\n' for i in range(int(parts[0]))).encode()
            self._head(200, "text/html", len(body))
            self.wfile.write(body)
            return
        etag = f'"{parts[-1]}"'
        if self.headers.get("If-None-Match") == etag:
            self._head(304, "application/pdf", None, etag)
            return
        body = b"%PDF-1.4\n%" + parts[-1].encode() + b"\n%%EOF\n"
        self._head(200, "application/pdf", len(body), etag)
        self.wfile.write(body)

    def _head(self, status: int, kind: str, length: int | None, etag: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        if length is not None:
            self.send_header("Content-Length", str(length))
        if etag:
            self.send_header("ETag", etag)
        self.end_headers()


@contextmanager
def listing_server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Listing)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
