"""Sources of `aqb fetch`: a URL list (local file or URL) or a listing page whose PDF links are fetched."""

from __future__ import annotations

import logging
import posixpath
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal
from urllib.parse import urldefrag, urljoin, urlsplit

import requests

from extract.errors import UsageError
from extract.fetch.http import CHUNK, PDF_MAGIC, _check_complete, _check_length, _check_status, _Failed, _http_errors, _Options, _retrying

log = logging.getLogger(__name__)

HTML_TYPES = {"text/html", "application/xhtml+xml"}
HTML_EXTENSIONS = {".htm", ".html", ".xhtml", ".php", ".asp", ".aspx", ".jsp"}
LIST_EXTENSIONS = {".txt", ".lst", ".list", ".urls"}

Status = Literal["downloaded", "unchanged", "failed", "skipped"]


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
