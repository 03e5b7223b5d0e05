"""Download agreement PDFs into an inbox folder: `aqb fetch SOURCE --inbox DIR`.

SOURCE is read as follows:

* a local file is a URL list (one URL per line; blank lines and `#` comments are ignored), unless its
  name ends in `.htm`/`.html`: then it is a saved listing page (only absolute links, or links below a
  `<base href>`, can be resolved);
* an http(s) URL is downloaded and judged, first by its Content-Type: `text/html` or
  `application/xhtml+xml` → listing page, `text/plain` → URL list, `application/pdf` → usage error (put the
  PDF's URL into a list); without a telling Content-Type by the extension of the (final, after redirects)
  URL path: `.htm .html .xhtml .php .asp .aspx .jsp` or a path ending in `/` → listing page,
  `.txt .lst .list .urls` → URL list; otherwise a body starting with `<` → listing page, else URL list.

A listing page contributes every `<a href>` whose resolved URL path ends in `.pdf` (any case); relative
links are resolved against the page's final URL (or its `<base href>`), fragments are dropped,
duplicates are fetched once. Lines of a URL list that are not absolute http(s) URLs are `skipped`.

Each URL is fetched with conditional requests (ETag / Last-Modified remembered in DIR/.aqb-fetch.json),
retried with exponential backoff on connection errors, timeouts and HTTP 5xx, limited in size, checked to
start with `%PDF-`, streamed into DIR/.NAME.part and moved to its final name only after all checks.
An existing DIR/NAME.pdf with other content is never overwritten: the new file becomes
NAME.<first 8 hex of its sha256>.pdf. A failed URL is recorded and the others go on.

State file DIR/.aqb-fetch.json (UTF-8 JSON, replaced atomically after every URL):

    {"format": "aqb-fetch", "version": 1,
     "urls": {"https://host/a.pdf": {"file": "a.pdf", "sha256": "…", "size": 1234,
                                     "etag": "\\"x\\"" | null, "last_modified": "Wed, … GMT" | null,
                                     "downloaded_at": "2025-…+00:00", "checked_at": "2025-…+00:00"}}}
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import logging
import os
import posixpath
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Literal, TypeVar
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import click
import requests

from extract import __version__
from extract.errors import AqbError, LockedError, UsageError

log = logging.getLogger(__name__)

MiB = 1024 * 1024
STATE_FILE = ".aqb-fetch.json"
LOCK_FILE = ".aqb-fetch.lock"
STATE_FORMAT = "aqb-fetch"
STATE_VERSION = 1
PDF_MAGIC = b"%PDF-"
CHUNK = 64 * 1024
MAX_DELAY_S = 60.0  # one backoff pause is never longer than this
MAX_NAME_BYTES = 150  # stem of a file name, UTF-8; leaves room for ".<sha>.pdf" and ".part" under 255
HTML_TYPES = {"text/html", "application/xhtml+xml"}
HTML_EXTENSIONS = {".htm", ".html", ".xhtml", ".php", ".asp", ".aspx", ".jsp"}
LIST_EXTENSIONS = {".txt", ".lst", ".list", ".urls"}

Status = Literal["downloaded", "unchanged", "failed", "skipped"]
T = TypeVar("T")

_sleep = time.sleep  # replaced by the tests to check the backoff without waiting


@dataclass(frozen=True)
class FetchRecord:
    url: str
    status: Status
    path: Path | None = None  # the file in the inbox (downloaded or unchanged)
    reason: str | None = None  # why it failed or was skipped; what happened otherwise


@dataclass(frozen=True)
class FetchSummary:
    downloaded: int
    unchanged: int
    failed: int
    skipped: int
    records: tuple[FetchRecord, ...] = ()

    @classmethod
    def from_records(cls, records: list[FetchRecord]) -> FetchSummary:
        count = {status: sum(1 for r in records if r.status == status) for status in ("downloaded", "unchanged", "failed", "skipped")}
        return cls(records=tuple(records), **count)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


@dataclass(frozen=True)
class _Options:
    max_bytes: int
    timeout: float
    retries: int
    backoff: float


class _Retry(Exception):
    """A failure worth another attempt (connection error, timeout, HTTP 5xx, truncated body)."""


class _Failed(Exception):
    """A failure of this URL that another attempt would not fix."""


# --- reading SOURCE ---------------------------------------------------------------------------------


def is_http_url(text: str) -> bool:
    parts = urlsplit(text)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = next((value for name, value in attrs if name == "href" and value), None)
        if href is None:
            return
        if tag == "a":
            self.hrefs.append(href.strip())
        elif tag == "base" and self.base is None:
            self.base = href.strip()


def pdf_links(html: str, page_url: str | None) -> list[str]:
    """The absolute http(s) URLs of the page's `<a href>` links whose path ends in .pdf, in page order, once each."""
    parser = _LinkParser()
    parser.feed(html)
    parser.close()
    base = page_url or ""
    if parser.base:
        base = urljoin(base, parser.base)
    links: list[str] = []
    unresolved = 0
    for href in parser.hrefs:
        url = urldefrag(urljoin(base, href)).url
        if not is_http_url(url):
            unresolved += not urlsplit(url).scheme  # relative link without a base
            continue
        if urlsplit(url).path.lower().endswith(".pdf") and url not in links:
            links.append(url)
    if unresolved:
        log.debug("%d relative links could not be resolved (no page URL, no <base href>)", unresolved)
    return links


def parse_url_list(text: str) -> tuple[list[str], list[FetchRecord]]:
    """URLs of a list (one a line, `#` starts a comment), once each; the lines that are no http(s) URL as skipped."""
    urls: list[str] = []
    skipped: list[FetchRecord] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        tokens = line.split()
        if len(tokens) > 1 and tokens[1].startswith("#"):  # "URL  # comment"
            tokens = tokens[:1]
        if len(tokens) != 1 or not is_http_url(tokens[0]):
            skipped.append(FetchRecord(line, "skipped", None, f"line {number}: not an http(s) URL"))
            continue
        url = urldefrag(tokens[0]).url
        if url not in urls:
            urls.append(url)
    return urls, skipped


def source_kind(content_type: str | None, url: str, body: bytes) -> Literal["html", "list", "pdf"]:
    """How a downloaded SOURCE is read: by Content-Type, then by the URL path's extension, then by the body."""
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime in HTML_TYPES:
        return "html"
    if mime == "text/plain":
        return "list"
    if mime == "application/pdf" or body.startswith(PDF_MAGIC):
        return "pdf"
    path = urlsplit(url).path.lower()
    extension = posixpath.splitext(path)[1]
    if path.endswith("/") or not path or extension in HTML_EXTENSIONS:
        return "html"
    if extension in LIST_EXTENSIONS:
        return "list"
    return "html" if body.lstrip().startswith(b"<") else "list"


def _decode(body: bytes, content_type: str | None) -> str:
    charset = "utf-8"
    for param in (content_type or "").split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    try:
        return body.decode(charset, errors="replace").lstrip("\ufeff")
    except LookupError:  # unknown charset name
        return body.decode("utf-8", errors="replace").lstrip("\ufeff")


def _read_source(session: requests.Session, source: str, options: _Options) -> tuple[list[str], list[FetchRecord]]:
    if is_http_url(source):
        body, content_type, final_url = _retrying(source, options, lambda: _get_source_attempt(session, source, options))
        kind = source_kind(content_type, final_url, body)
        log.info("source %s: %s (Content-Type %s)", source, "listing page" if kind == "html" else "URL list" if kind == "list" else "PDF",
                 content_type or "none")
        if kind == "pdf":
            raise UsageError(f"SOURCE {source} is a PDF, not a URL list or listing page: put its URL into a list file")
        text = _decode(body, content_type)
        if kind == "html":
            return pdf_links(text, final_url), []
        return parse_url_list(text)
    return _read_local_source(source)


def _read_local_source(source: str) -> tuple[list[str], list[FetchRecord]]:
    scheme = urlsplit(source).scheme
    if len(scheme) > 1:  # one letter may be a Windows drive
        raise UsageError(f"SOURCE {source}: only http(s) URLs and local files are supported")
    path = Path(source)
    if not path.is_file():
        raise UsageError(f"SOURCE {source} is neither an http(s) URL nor an existing file")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise UsageError(f"SOURCE {source} cannot be read as UTF-8 text: {e}") from e
    if path.suffix.lower() in (".htm", ".html"):
        return pdf_links(text, None), []
    return parse_url_list(text)


def _get_source_attempt(session: requests.Session, url: str, options: _Options) -> tuple[bytes, str | None, str]:
    with _http_errors(options), session.get(url, timeout=(options.timeout, options.timeout), stream=True) as response:
        _check_status(response)
        _check_length(response, options)
        body = bytearray()
        for chunk in response.iter_content(CHUNK):
            body += chunk
            if len(body) > options.max_bytes:
                raise _Failed(f"too large: more than {options.max_bytes} bytes")
        _check_complete(response, len(body))
        return bytes(body), response.headers.get("Content-Type"), response.url


# --- HTTP helpers -----------------------------------------------------------------------------------


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


def safe_name(url: str) -> str:
    """The file name for a URL: last path segment, %-decoded, NFC, only letters, digits and `._-`, ending in `.pdf`."""
    segment = unicodedata.normalize("NFC", unquote(urlsplit(url).path).rsplit("/", 1)[-1])
    stem = segment[:-4] if segment.lower().endswith(".pdf") else segment
    stem = "".join(c if c.isalnum() or c in "._-" else "_" for c in stem)
    while "__" in stem:
        stem = stem.replace("__", "_")
    stem = stem.strip("._- ")
    while len(stem.encode("utf-8")) > MAX_NAME_BYTES:
        stem = stem[:-1]
    stem = stem.rstrip("._- ")
    return f"{stem or 'download'}.pdf"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class _State:
    """Per URL what was fetched last: file, sha256, size, ETag, Last-Modified. One JSON file, replaced atomically."""

    def __init__(self, inbox: Path) -> None:
        self.path = inbox / STATE_FILE
        self.urls: dict[str, dict[str, Any]] = {}
        if not self.path.exists():
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("format") != STATE_FORMAT or not isinstance(data.get("urls"), dict):
                raise ValueError("not an aqb-fetch state file")
        except (OSError, ValueError) as e:
            broken = self.path.with_name(STATE_FILE + ".broken")
            log.warning("state file %s unreadable (%s); moved to %s, starting afresh (unchanged files are recognised by content)",
                        self.path, e, broken.name)
            try:
                os.replace(self.path, broken)
            except OSError:
                pass  # overwritten at the first save
            return
        for url, entry in data["urls"].items():
            if (isinstance(entry, dict) and isinstance(entry.get("file"), str) and isinstance(entry.get("sha256"), str)
                    and entry["file"] == Path(entry["file"]).name and not entry["file"].startswith(".")):
                self.urls[url] = entry

    def validators(self, url: str, inbox: Path) -> dict[str, str]:
        """If-None-Match / If-Modified-Since, sent only while the remembered file is still in the inbox with its size."""
        entry = self.urls.get(url)
        if entry is None:
            return {}
        path = inbox / entry["file"]
        try:
            if not path.is_file() or path.stat().st_size != entry.get("size"):
                return {}
        except OSError:
            return {}
        headers = {}
        if entry.get("etag"):
            headers["If-None-Match"] = entry["etag"]
        if entry.get("last_modified"):
            headers["If-Modified-Since"] = entry["last_modified"]
        return headers

    def remember(self, url: str, **values: Any) -> None:
        entry = self.urls.setdefault(url, {})
        entry.update(values)
        entry["checked_at"] = _now()
        self.save()

    def save(self) -> None:
        payload = json.dumps({"format": STATE_FORMAT, "version": STATE_VERSION, "urls": self.urls},
                             ensure_ascii=False, indent=2, sort_keys=True)
        temporary = self.path.with_name(f"{STATE_FILE}.{os.getpid()}.tmp")
        try:
            with open(temporary, "w", encoding="utf-8") as handle:
                handle.write(payload + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self.path)
        finally:
            temporary.unlink(missing_ok=True)


@contextmanager
def _inbox_lock(inbox: Path) -> Iterator[None]:
    """One fetch per inbox at a time (an flock: the kernel releases it when the process dies)."""
    handle = open(inbox / LOCK_FILE, "a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as e:
            raise LockedError(f"{inbox} is used by another running aqb fetch; try again when it has finished") from e
        yield
    finally:
        handle.close()


# --- one URL ----------------------------------------------------------------------------------------


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


def _download_attempt(session: requests.Session, url: str, headers: dict[str, str], part: Path, options: _Options) -> _Body | _NotModified:
    with _http_errors(options), session.get(url, headers=headers, timeout=(options.timeout, options.timeout), stream=True) as response:
        if response.status_code == 304 and headers:
            return _NotModified(response.headers.get("ETag"), response.headers.get("Last-Modified"))
        _check_status(response)
        _check_length(response, options)
        digest = hashlib.sha256()
        size = 0
        start = b""  # the first bytes, for the content check
        with open(part, "wb") as out:
            for chunk in response.iter_content(CHUNK):
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
            out.flush()
            os.fsync(out.fileno())
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


def _place(part: Path, name: str, sha256: str, inbox: Path) -> tuple[Status, Path, str | None]:
    """Move the checked part file to NAME.pdf, or keep both when NAME.pdf holds other content; same content → unchanged."""
    stem = name[: -len(".pdf")]
    candidates = [inbox / name, inbox / f"{stem}.{sha256[:8]}.pdf", inbox / f"{stem}.{sha256}.pdf"]
    for index, target in enumerate(candidates):
        if not target.exists():
            os.replace(part, target)
            if index == 0:
                return "downloaded", target, None
            log.warning("%s exists with other content: keeping both, the new file is %s", name, target.name,
                        extra={"file": target.name, "stage": "fetch", "status": "kept_both"})
            return "downloaded", target, f"{name} holds other content; kept both"
        if target.is_file() and file_sha256(target) == sha256:
            part.unlink()
            return "unchanged", target, f"same content as {target.name}"
    raise _Failed(f"no free file name: {', '.join(c.name for c in candidates)} all hold other content")


def _fetch_one(session: requests.Session, url: str, inbox: Path, state: _State, options: _Options) -> FetchRecord:
    name = safe_name(url)
    part = inbox / f".{name}.part"
    headers = state.validators(url, inbox)
    try:
        result = _retrying(url, options, lambda: _download_attempt(session, url, headers, part, options))
        if isinstance(result, _NotModified):
            entry = state.urls[url]
            state.remember(url, etag=result.etag or entry.get("etag"), last_modified=result.last_modified or entry.get("last_modified"))
            return FetchRecord(url, "unchanged", inbox / entry["file"], "304 Not Modified")
        status, path, reason = _place(part, name, result.sha256, inbox)
        values: dict[str, Any] = {"file": path.name, "sha256": result.sha256, "size": result.size,
                                  "etag": result.etag, "last_modified": result.last_modified}
        if status == "downloaded" or "downloaded_at" not in state.urls.get(url, {}):
            values["downloaded_at"] = _now()
        state.remember(url, **values)
        return FetchRecord(url, status, path, reason)
    finally:
        part.unlink(missing_ok=True)


# --- the whole fetch --------------------------------------------------------------------------------


def fetch(source: str, inbox: Path, *, max_bytes: int = 50 * MiB, timeout: float = 30, retries: int = 3,
          backoff: float = 0.5) -> FetchSummary:
    """Fetch the PDFs named by SOURCE (URL list file or URL, or listing page URL) into inbox; see the module doc.

    timeout is the connect timeout and the limit for each read (not for the whole download); retries is the
    number of further attempts after the first. Raises UsageError for a bad SOURCE or bad arguments,
    LockedError when another fetch holds the inbox; every network or content problem is a failed record."""
    if max_bytes <= 0 or timeout <= 0 or retries < 0 or backoff < 0:
        raise UsageError("max_bytes and timeout must be positive, retries and backoff not negative")
    if not is_http_url(source) and not Path(source).is_file():
        _read_local_source(source)  # raises the UsageError that says why
    inbox = Path(inbox)
    try:
        inbox.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UsageError(f"cannot create the inbox {inbox}: {e}") from e
    options = _Options(max_bytes=max_bytes, timeout=timeout, retries=retries, backoff=backoff)
    with _inbox_lock(inbox), _session() as session:
        for stale in [*inbox.glob(".*.part"), *inbox.glob(f"{STATE_FILE}.*.tmp")]:  # left by a killed fetch; the lock
            log.info("removing %s, left by an interrupted fetch", stale.name)  # says no other fetch is writing
            stale.unlink(missing_ok=True)
        try:
            urls, records = _read_source(session, source, options)
        except _Failed as e:
            log.warning("cannot read SOURCE %s: %s", source, e, extra={"file": source, "stage": "fetch", "status": "failed"})
            return FetchSummary.from_records([FetchRecord(source, "failed", None, f"source: {e}")])
        if not urls:
            log.warning("SOURCE %s names no PDF URLs", source)
        for record in records:
            log.warning("skipped %s (%s)", record.url, record.reason, extra={"file": record.url, "stage": "fetch", "status": "skipped"})
        state = _State(inbox)
        for url in urls:
            started = time.monotonic()
            try:
                record = _fetch_one(session, url, inbox, state, options)
            except _Failed as e:
                record = FetchRecord(url, "failed", None, str(e))
            except OSError as e:  # the inbox: disk full, permissions
                record = FetchRecord(url, "failed", None, f"writing to the inbox: {e}")
            except Exception as e:  # a bug must not stop the other URLs either
                log.exception("unexpected error for %s", url)
                record = FetchRecord(url, "failed", None, f"unexpected {type(e).__name__}: {e}")
            extra = {"file": url, "stage": "fetch", "status": record.status, "duration": round(time.monotonic() - started, 3)}
            if record.status == "failed":
                log.warning("failed %s: %s", url, record.reason, extra=extra)
            else:
                log.info("%s %s -> %s%s", record.status, url, record.path.name if record.path else "-",
                         f" ({record.reason})" if record.reason else "", extra=extra)
            records.append(record)
    return FetchSummary.from_records(records)


# --- command line -----------------------------------------------------------------------------------


@click.command("fetch")
@click.argument("source")
@click.option("--inbox", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder the PDFs are written to (created if missing); also holds the state file .aqb-fetch.json.")
@click.option("--max-mb", type=click.FloatRange(min=0, min_open=True), default=50, show_default=True,
              help="Size limit per download in MiB; a bigger file is aborted and recorded as failed.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=30, show_default=True,
              help="Seconds to wait for a connection and for each read.")
@click.option("--retries", type=click.IntRange(0, 10), default=3, show_default=True,
              help="Further attempts after a connection error, timeout or HTTP 5xx (pauses 0.5, 1, 2 … s); none after 4xx.")
@click.option("--quiet", "-q", is_flag=True, help="No summary line.")
def fetch_command(source: str, inbox: Path, max_mb: float, timeout: float, retries: int, quiet: bool) -> None:
    """Download new and changed agreement PDFs named by SOURCE into --inbox.

    SOURCE is a local file with one URL per line (# comments), or an http(s) URL of such a
    text file or of an HTML page whose links to *.pdf are fetched (decided by Content-Type,
    then by the URL's extension). Unchanged files are not downloaded again (ETag and
    Last-Modified are remembered); a file with new content never replaces an existing one,
    it is saved beside it as NAME.<sha256 prefix>.pdf. Every failure is logged and the
    other URLs go on.

    \b
    Examples:
        aqb fetch urls.txt --inbox inbox/
        aqb fetch https://example.org/aqb/zielvereinbarungen.html --inbox inbox/ --quiet
        aqb fetch https://example.org/aqb/urls.txt --inbox inbox/ --max-mb 20 --timeout 10
        aqb fetch urls.txt --inbox inbox/ ; aqb run inbox/ --out dataset/

    \b
    Exit codes: 0 nothing failed, 1 some URL failed (see the warnings), 2 usage error,
    4 another fetch is using the inbox.
    """
    started = time.monotonic()
    try:
        summary = fetch(source, inbox, max_bytes=int(max_mb * MiB), timeout=timeout, retries=retries)
    except UsageError as e:
        raise click.UsageError(str(e)) from e
    except AqbError as e:
        click.echo(f"Error: {e}", err=True)
        sys.exit(e.exit_code)
    if not quiet:
        click.echo(f"fetch: {summary.downloaded} downloaded, {summary.unchanged} unchanged, {summary.failed} failed, "
                   f"{summary.skipped} skipped -> {inbox}/ in {time.monotonic() - started:.1f} s", err=True)
    sys.exit(summary.exit_code)
