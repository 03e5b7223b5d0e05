"""A small HTTP server on 127.0.0.1 for the fetch tests: static resources with ETag / Last-Modified and
304 answers, plus misbehaving ones (5xx, slow, truncated, oversized, HTML instead of PDF). Every request is
logged with its headers and the status answered."""

from __future__ import annotations

import email.utils
import hashlib
import io
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

MAX_SLEEP_S = 3.0  # a slow answer never keeps a server thread longer than this


def make_pdf(text: str) -> bytes:
    """A small real one-page PDF showing text."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setTitle(text)
    page.drawString(72, 770, text)
    page.showPage()
    page.save()
    return buffer.getvalue()


def http_date(seconds: float) -> str:
    return email.utils.formatdate(seconds, usegmt=True)


@dataclass
class Resource:
    body: bytes
    content_type: str = "application/pdf"
    etag: bool = True  # answer with an ETag derived from the body
    last_modified: str | None = None  # an HTTP date, or None for no Last-Modified

    @property
    def etag_value(self) -> str | None:
        return f'"{hashlib.sha256(self.body).hexdigest()[:16]}"' if self.etag else None


@dataclass
class Hit:
    path: str
    query: str
    headers: dict[str, str]
    status: int | str | None = None  # the status answered, "aborted" when the client went away


@dataclass
class Site:
    base: str = ""
    resources: dict[str, Resource] = field(default_factory=dict)
    behaviours: dict[str, Callable[[BaseHTTPRequestHandler, Site, int], int]] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    errors: list[BaseException] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return self.base + path

    def hits_for(self, path: str) -> list[Hit]:
        with self.lock:
            return [hit for hit in self.hits if hit.path == path]

    def sleep(self, seconds: float) -> None:
        self.stop.wait(min(seconds, MAX_SLEEP_S))


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes = b"", content_type: str = "application/pdf",
         headers: dict[str, str] | None = None, length: int | None = -1) -> int:
    """Answer; length -1 means the body's length, None means no Content-Length (the body ends when the connection closes)."""
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    if length is not None:
        handler.send_header("Content-Length", str(len(body) if length == -1 else length))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    if body:
        handler.wfile.write(body)
        handler.wfile.flush()
    return status


def serve_resource(handler: BaseHTTPRequestHandler, resource: Resource) -> int:
    etag = resource.etag_value
    validators = {key: value for key, value in (("ETag", etag), ("Last-Modified", resource.last_modified)) if value}
    if_none_match = handler.headers.get("If-None-Match")
    if_modified_since = handler.headers.get("If-Modified-Since")
    if if_none_match is not None and etag is not None:  # If-None-Match wins over If-Modified-Since (RFC 9110)
        not_modified = etag in [tag.strip() for tag in if_none_match.split(",")]
    elif if_modified_since is not None and resource.last_modified is not None:
        not_modified = email.utils.parsedate_to_datetime(if_modified_since) >= email.utils.parsedate_to_datetime(resource.last_modified)
    else:
        not_modified = False
    if not_modified:
        return send(handler, 304, headers=validators, length=None)
    return send(handler, 200, resource.body, resource.content_type, validators)


class Handler(BaseHTTPRequestHandler):
    server_version = "aqb-fetch-test/1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - keep the test output clean
        pass

    def do_GET(self) -> None:  # noqa: N802
        site = self.server.site
        parts = urlsplit(self.path)
        hit = Hit(parts.path, parts.query, dict(self.headers.items()))
        with site.lock:
            site.hits.append(hit)
            number = sum(1 for h in site.hits if h.path == parts.path)  # 1 for the first request of this path
        try:
            if parts.path in site.behaviours:
                hit.status = site.behaviours[parts.path](self, site, number)
            elif parts.path in site.resources:
                hit.status = serve_resource(self, site.resources[parts.path])
            else:
                hit.status = send(self, 404, b"<html><body>Not found</body></html>", "text/html")
        except ConnectionError:  # the client gave up (timeout, size limit): expected in these tests
            hit.status = "aborted"
        except Exception as e:  # a bug in the test server: reported by the fixture
            site.errors.append(e)
            raise


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    site: Site

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that hang up early are expected; handler bugs are collected in site.errors


@contextmanager
def running_site() -> Iterator[Site]:
    """A Site served on 127.0.0.1 at a free port, shut down afterwards."""
    server = _Server(("127.0.0.1", 0), Handler)
    site = Site(base=f"http://127.0.0.1:{server.server_address[1]}")
    server.site = site
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.stop.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --- misbehaving resources --------------------------------------------------------------------------


def flaky(body: bytes, failures: int) -> Callable[[BaseHTTPRequestHandler, Site, int], int]:
    """500 for the first `failures` requests, then the PDF."""
    def answer(handler: BaseHTTPRequestHandler, site: Site, number: int) -> int:
        if number <= failures:
            return send(handler, 500, b"oops", "text/plain")
        return send(handler, 200, body)
    return answer


def always(status: int) -> Callable[[BaseHTTPRequestHandler, Site, int], int]:
    def answer(handler: BaseHTTPRequestHandler, site: Site, number: int) -> int:
        return send(handler, status, b"error", "text/plain")
    return answer


def slow_headers(body: bytes, delay: float) -> Callable[[BaseHTTPRequestHandler, Site, int], int]:
    """Waits before answering at all."""
    def answer(handler: BaseHTTPRequestHandler, site: Site, number: int) -> int:
        site.sleep(delay)
        return send(handler, 200, body)
    return answer


def slow_body(body: bytes, delay: float) -> Callable[[BaseHTTPRequestHandler, Site, int], int]:
    """Sends the headers and the first 100 bytes at once, the rest after a pause."""
    def answer(handler: BaseHTTPRequestHandler, site: Site, number: int) -> int:
        send(handler, 200, body[:100], length=len(body))
        site.sleep(delay)
        handler.wfile.write(body[100:])
        return 200
    return answer


def truncated(body: bytes, missing: int) -> Callable[[BaseHTTPRequestHandler, Site, int], int]:
    """Promises `missing` more bytes in Content-Length than it sends, then closes the connection."""
    def answer(handler: BaseHTTPRequestHandler, site: Site, number: int) -> int:
        return send(handler, 200, body, length=len(body) + missing)
    return answer


def unlimited(body: bytes) -> Callable[[BaseHTTPRequestHandler, Site, int], int]:
    """No Content-Length: the body ends when the connection closes."""
    def answer(handler: BaseHTTPRequestHandler, site: Site, number: int) -> int:
        send(handler, 200, length=None)
        for start in range(0, len(body), 8192):
            handler.wfile.write(body[start:start + 8192])
        return 200
    return answer


def now_http_date(offset_s: float = 0) -> str:
    return http_date(time.time() + offset_s)
