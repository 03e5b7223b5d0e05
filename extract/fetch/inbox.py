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

State file DIR/.aqb-fetch.json (UTF-8 JSON, replaced atomically every SAVE_EVERY changed URLs or
SAVE_SECONDS, and at the end; a killed fetch loses at most that much, and the next one recognises the
files already in the inbox by their content):

    {"format": "aqb-fetch", "version": 1,
     "urls": {"https://host/a.pdf": {"file": "a.pdf", "sha256": "…", "size": 1234,
                                     "etag": "\\"x\\"" | null, "last_modified": "Wed, … GMT" | null,
                                     "downloaded_at": "2025-…+00:00", "checked_at": "2025-…+00:00"}}}
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import click
import requests

from extract.errors import AqbError, Stage, UsageError
from extract.fetch.http import MiB, _download_attempt, _Failed, _NotModified, _Options, _retrying, _session
from extract.fetch.sources import FetchRecord, FetchSummary, Status, _read_local_source, _read_source, is_http_url
from extract.files import file_sha256, utc_now, write_text_atomic
from extract.ingest.store import run_lock

log = logging.getLogger(__name__)

STATE_FILE = ".aqb-fetch.json"
LOCK_FILE = ".aqb-fetch.lock"
STATE_FORMAT = "aqb-fetch"
STATE_VERSION = 1
# Defaults of fetch() and of `aqb fetch`: size limit per download, seconds per connect and read, further
# attempts, seconds one download attempt may take in all.
MAX_MB, TIMEOUT_S, RETRIES, BACKOFF_S, DEADLINE_S = 50, 30.0, 3, 0.5, 600.0
SAVE_EVERY = 500  # changed URLs between two saves of the state file (a save rewrites and fsyncs all of it)
SAVE_SECONDS = 30.0  # ... or seconds since the last save, whichever comes first
MAX_NAME_BYTES = 150  # stem of a file name, UTF-8; leaves room for ".<sha>.pdf" and ".part" under 255


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



class _State:
    """Per URL what was fetched last: file, sha256, size, ETag, Last-Modified. One JSON file, replaced atomically."""

    def __init__(self, inbox: Path) -> None:
        self.path = inbox / STATE_FILE
        self.urls: dict[str, dict[str, Any]] = {}
        self.changed = 0  # URLs whose entry changed since the last save
        self.checked = False  # whether a checked_at changed since the last save
        self.saved_at = time.monotonic()
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
        changed = any(entry.get(key) != value for key, value in values.items())
        entry.update(values)
        entry["checked_at"] = utc_now()
        self.checked = True  # only checked_at: written with the next save or at the end
        if changed:
            self.changed += 1
            if self.changed >= SAVE_EVERY or time.monotonic() - self.saved_at >= SAVE_SECONDS:
                self.save()

    def flush(self) -> None:
        """Save what changed since the last save (at the end of a fetch, also when it was interrupted)."""
        if self.changed or self.checked:
            self.save()

    def save(self) -> None:
        self.changed, self.checked, self.saved_at = 0, False, time.monotonic()
        payload = json.dumps({"format": STATE_FORMAT, "version": STATE_VERSION, "urls": self.urls},
                             ensure_ascii=False, indent=2, sort_keys=True)
        write_text_atomic(self.path, payload + "\n")



# --- one URL ----------------------------------------------------------------------------------------



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
                        extra={"file": target.name, "stage": Stage.FETCH, "status": "kept_both"})
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
            values["downloaded_at"] = utc_now()
        state.remember(url, **values)
        return FetchRecord(url, status, path, reason)
    finally:
        part.unlink(missing_ok=True)


# --- the whole fetch --------------------------------------------------------------------------------


def fetch(source: str, inbox: Path, *, max_bytes: int = MAX_MB * MiB, timeout: float = TIMEOUT_S, retries: int = RETRIES,
          backoff: float = BACKOFF_S, deadline: float = DEADLINE_S) -> FetchSummary:
    """Fetch the PDFs named by SOURCE (URL list file or URL, or listing page URL) into inbox; see the module doc.

    timeout is the connect timeout and the limit for each read, deadline the limit for a whole download attempt; retries is the
    number of further attempts after the first. Raises UsageError for a bad SOURCE or bad arguments,
    LockedError when another fetch holds the inbox; every network or content problem is a failed record."""
    if max_bytes <= 0 or timeout <= 0 or deadline <= 0 or retries < 0 or backoff < 0:
        raise UsageError("max_bytes, timeout and deadline must be positive, retries and backoff not negative")
    if not is_http_url(source) and not Path(source).is_file():
        _read_local_source(source)  # raises the UsageError that says why
    inbox = Path(inbox)
    try:
        inbox.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UsageError(f"cannot create the inbox {inbox}: {e}") from e
    options = _Options(max_bytes=max_bytes, timeout=timeout, retries=retries, backoff=backoff, deadline=deadline)
    with run_lock(inbox, LOCK_FILE, "aqb fetch"), _session() as session:
        for stale in [*inbox.glob(".*.part"), *inbox.glob(f"{STATE_FILE}.*.tmp")]:  # left by a killed fetch; the lock
            log.info("removing %s, left by an interrupted fetch", stale.name)  # says no other fetch is writing
            stale.unlink(missing_ok=True)
        try:
            urls, records = _read_source(session, source, options)
        except _Failed as e:
            log.warning("cannot read SOURCE %s: %s", source, e, extra={"file": source, "stage": Stage.FETCH, "status": "failed"})
            return FetchSummary.from_records([FetchRecord(source, "failed", None, f"source: {e}")])
        if not urls:
            log.warning("SOURCE %s names no PDF URLs", source)
        for record in records:
            log.warning("skipped %s (%s)", record.url, record.reason, extra={"file": record.url, "stage": Stage.FETCH, "status": "skipped"})
        state = _State(inbox)
        try:
            _fetch_all(session, urls, inbox, state, options, records)
        finally:
            state.flush()
    return FetchSummary.from_records(records)


def _fetch_all(session: requests.Session, urls: list[str], inbox: Path, state: _State, options: _Options,
               records: list[FetchRecord]) -> None:
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
        extra = {"file": url, "stage": Stage.FETCH, "status": record.status, "duration": round(time.monotonic() - started, 3)}
        if record.status == "failed":
            log.warning("failed %s: %s", url, record.reason, extra=extra)
        else:
            log.info("%s %s -> %s%s", record.status, url, record.path.name if record.path else "-",
                     f" ({record.reason})" if record.reason else "", extra=extra)
        records.append(record)


# --- command line -----------------------------------------------------------------------------------


@click.command("fetch")
@click.argument("source")
@click.option("--inbox", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder the PDFs are written to (created if missing); also holds the state file .aqb-fetch.json.")
@click.option("--max-mb", type=click.FloatRange(min=0, min_open=True), default=MAX_MB, show_default=True,
              help="Size limit per download in MiB; a bigger file is aborted and recorded as failed.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=TIMEOUT_S, show_default=True,
              help="Seconds to wait for a connection and for each read.")
@click.option("--deadline", type=click.FloatRange(min=0, min_open=True), default=DEADLINE_S, show_default=True,
              help="Seconds one download may take in all (a server sending a byte now and then is given up).")
@click.option("--retries", type=click.IntRange(0, 10), default=RETRIES, show_default=True,
              help="Further attempts after a connection error, timeout or HTTP 5xx (pauses 0.5, 1, 2 … s); none after 4xx.")
@click.option("--quiet", "-q", is_flag=True, help="No summary line.")
def fetch_command(source: str, inbox: Path, max_mb: float, timeout: float, deadline: float, retries: int, quiet: bool) -> None:
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
        summary = fetch(source, inbox, max_bytes=int(max_mb * MiB), timeout=timeout, retries=retries, deadline=deadline)
    except UsageError as e:
        raise click.UsageError(str(e)) from e
    except AqbError as e:
        click.echo(f"Error: {e}", err=True)
        sys.exit(e.exit_code)
    if not quiet:
        click.echo(f"fetch: {summary.downloaded} downloaded, {summary.unchanged} unchanged, {summary.failed} failed, "
                   f"{summary.skipped} skipped -> {inbox}/ in {time.monotonic() - started:.1f} s", err=True)
    sys.exit(summary.exit_code)
