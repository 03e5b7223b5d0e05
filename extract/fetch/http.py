"""HTTP transport of `aqb fetch`: one session, retries with backoff, size, completeness and PDF checks."""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import requests

from extract import __version__

log = logging.getLogger(__name__)

MiB = 1024 * 1024
PDF_MAGIC = b"%PDF-"
CHUNK = 64 * 1024
MAX_DELAY_S = 60.0  # one backoff pause is never longer than this

T = TypeVar("T")

_sleep = time.sleep  # replaced by the tests to check the backoff without waiting


@dataclass(frozen=True)
class _Options:
    max_bytes: int
    timeout: float
    retries: int
    backoff: float
    deadline: float = 600.0  # seconds one download attempt may take in all (a server trickling bytes)


class _Retry(Exception):
    """A failure worth another attempt (connection error, timeout, HTTP 5xx, truncated body)."""


class _Failed(Exception):
    """A failure of this URL that another attempt would not fix."""


# --- reading SOURCE ---------------------------------------------------------------------------------


def _session() -> requests.Session:
    session = requests.Session()
    session.headers["User-Agent"] = f"aqb/{__version__} (AQB agreement fetcher) python-requests/{requests.__version__}"
    return session


@contextmanager
def _http_errors(options: _Options) -> Iterator[None]:
    """requests' exceptions as _Retry (worth another attempt) or _Failed."""
    try:
        yield
    except requests.Timeout as e:
        raise _Retry(f"timed out: no answer within {options.timeout:g} s") from e
    except requests.exceptions.SSLError as e:  # certificate problems do not go away by trying again
        raise _Failed(f"TLS error: {_short(e)}") from e
    except requests.exceptions.ChunkedEncodingError as e:
        raise _Retry(f"body truncated: {_incomplete(e)}") from e
    except requests.ConnectionError as e:
        if "timed out" in str(e).lower():  # a read timeout while streaming the body
            raise _Retry(f"timed out: the body stalled for {options.timeout:g} s") from e
        raise _Retry(f"connection error: {_os_cause(e) or _short(e)}") from e
    except requests.RequestException as e:
        raise _Failed(f"{type(e).__name__}: {_short(e)}") from e


def _incomplete(error: BaseException) -> str:
    """'connection closed after 1392 bytes, 500 more expected' from urllib3's IncompleteRead, else the error text."""
    pending: list[object] = [error]
    for _ in range(8):  # the IncompleteRead sits in args of a ProtocolError in args of the requests error
        if not pending:
            break
        item = pending.pop(0)
        partial, expected = getattr(item, "partial", None), getattr(item, "expected", None)
        if isinstance(partial, int) and isinstance(expected, int):
            return f"connection closed after {partial} bytes, {expected} more expected"
        if isinstance(item, BaseException):
            pending.extend(item.args)
    return f"connection closed early ({_short(error)})"


def _os_cause(error: BaseException) -> str | None:
    """The operating system's words under requests' and urllib3's wrappers, e.g. '[Errno 111] Connection refused'."""
    pending: list[object] = [error]
    for _ in range(16):
        if not pending:
            break
        item = pending.pop(0)
        if isinstance(item, OSError) and type(item).__module__ in ("builtins", "socket", "ssl"):
            return str(item)
        if isinstance(item, BaseException):
            pending.extend([*item.args, getattr(item, "reason", None), item.__cause__, item.__context__])
    return None


def _short(error: BaseException, limit: int = 200) -> str:
    text = str(error)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _check_status(response: requests.Response) -> None:
    status = response.status_code
    if status >= 500:
        raise _Retry(f"HTTP {status} {response.reason}".rstrip())
    if status != 200:
        raise _Failed(f"HTTP {status} {response.reason}".rstrip())


def _content_length(response: requests.Response) -> int | None:
    try:
        value = int(response.headers.get("Content-Length", ""))
    except ValueError:
        return None
    return value if value >= 0 else None


def _check_length(response: requests.Response, options: _Options) -> None:
    length = _content_length(response)
    if length is not None and length > options.max_bytes:
        raise _Failed(f"too large: Content-Length {length} bytes > limit {options.max_bytes} bytes")


def _check_complete(response: requests.Response, received: int) -> None:
    """Belt and braces to urllib3's own check: fewer bytes than Content-Length means a truncated body."""
    length = _content_length(response)
    encoded = response.headers.get("Content-Encoding", "identity").lower() not in ("", "identity")
    if length is not None and not encoded and received < length:
        raise _Retry(f"body truncated: received {received} of {length} bytes")


def _retrying(url: str, options: _Options, attempt: Callable[[], T]) -> T:
    """attempt() up to 1 + retries times; pauses backoff, 2·backoff, 4·backoff … between attempts."""
    for number in range(options.retries + 1):
        try:
            return attempt()
        except _Retry as e:
            if number == options.retries:
                attempts = number + 1
                raise _Failed(f"{e} (gave up after {attempts} attempt{'s' if attempts > 1 else ''})") from e
            delay = min(options.backoff * 2**number, MAX_DELAY_S)
            log.info("%s: %s; retry %d of %d in %.2f s", url, e, number + 1, options.retries, delay)
            _sleep(delay)
    raise AssertionError("unreachable")


# --- file names and the state file -------------------------------------------------------------------



@dataclass(frozen=True)
class _Body:
    sha256: str
    size: int
    etag: str | None
    last_modified: str | None


@dataclass(frozen=True)
class _NotModified:
    etag: str | None
    last_modified: str | None


def _cut(response: requests.Response, expired: threading.Event) -> None:
    """At the deadline: shut the connection's socket, so that a read blocked on a trickling server returns."""
    expired.set()
    sock = getattr(getattr(response.raw, "connection", None), "sock", None)
    if sock is None:  # urllib3 2 keeps the socket of a streamed body in http.client's file object
        sock = getattr(getattr(getattr(getattr(response.raw, "_fp", None), "fp", None), "raw", None), "_sock", None)
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError as e:
            log.debug("socket already closed at the deadline: %s", e)


def _download_attempt(session: requests.Session, url: str, headers: dict[str, str], part: Path, options: _Options) -> _Body | _NotModified:
    expired = threading.Event()
    try:
        return _download(session, url, headers, part, options, expired)
    except (_Retry, _Failed) as e:
        if expired.is_set():
            raise _Retry(f"too slow: not complete within the download deadline of {options.deadline:g} s") from e
        raise


def _download(session: requests.Session, url: str, headers: dict[str, str], part: Path, options: _Options,
              expired: threading.Event) -> _Body | _NotModified:
    with _http_errors(options), session.get(url, headers=headers, timeout=(options.timeout, options.timeout), stream=True) as response:
        if response.status_code == 304 and headers:
            return _NotModified(response.headers.get("ETag"), response.headers.get("Last-Modified"))
        _check_status(response)
        _check_length(response, options)
        digest = hashlib.sha256()
        size = 0
        start = b""  # the first bytes, for the content check
        watchdog = threading.Timer(options.deadline, _cut, (response, expired))
        watchdog.daemon = True
        watchdog.start()
        try:
            with open(part, "wb") as out:
                for chunk in response.iter_content(CHUNK):
                    if expired.is_set():
                        raise _Retry("deadline")
                    if not chunk:
                        continue
                    size += len(chunk)
                    if size > options.max_bytes:
                        raise _Failed(f"too large: more than {options.max_bytes} bytes")
                    if len(start) < 64:
                        start += chunk[: 64 - len(start)]
                        if len(start) >= len(PDF_MAGIC) and not start.startswith(PDF_MAGIC):
                            raise _Failed(_not_a_pdf(start, response))
                    digest.update(chunk)
                    out.write(chunk)
                if expired.is_set():
                    raise _Retry("deadline")
                out.flush()
                os.fsync(out.fileno())
        finally:
            watchdog.cancel()
        _check_complete(response, size)
        if not start.startswith(PDF_MAGIC):
            raise _Failed(_not_a_pdf(start, response))
        return _Body(digest.hexdigest(), size, response.headers.get("ETag"), response.headers.get("Last-Modified"))


def _not_a_pdf(start: bytes, response: requests.Response) -> str:
    content_type = response.headers.get("Content-Type", "none")
    if not start:
        return f"not a PDF: empty body (Content-Type {content_type})"
    lowered = start.lstrip().lower()
    what = "HTML, not a PDF" if lowered.startswith((b"<!doctype html", b"<html")) or "html" in content_type.lower() else "not a PDF"
    shown = start[:24].decode("latin-1").encode("unicode_escape").decode("ascii")
    return f"{what}: body starts with {shown!r} instead of %PDF- (Content-Type {content_type})"
