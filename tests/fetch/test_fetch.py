"""aqb fetch against a local HTTP server on 127.0.0.1: listing pages, URL lists, conditional requests,
retries, limits, content checks, file naming, the state file and the command line."""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from extract.errors import LockedError, UsageError
from extract.fetch import http as fetch_http
from extract.fetch.inbox import fetch, fetch_command, safe_name
from extract.fetch.sources import FetchRecord, FetchSummary, parse_url_list, pdf_links, source_kind
from fetch_server import (
    Resource,
    Site,
    always,
    flaky,
    make_pdf,
    now_http_date,
    running_site,
    send,
    slow_body,
    slow_headers,
    truncated,
    unlimited,
)

FAST = {"timeout": 0.3, "retries": 2, "backoff": 0.0}  # every test: short timeouts, no real pauses
LIMIT = 50_000  # bytes; the oversized bodies are bigger, the real PDFs far smaller


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def leftovers(inbox: Path) -> list[str]:
    """Part and temporary files that must never remain."""
    return sorted(p.name for p in inbox.iterdir() if p.name.endswith((".part", ".tmp")))


def pdf_files(inbox: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(inbox.iterdir()) if p.suffix == ".pdf"}


def by_url(summary: FetchSummary) -> dict[str, FetchRecord]:
    return {record.url: record for record in summary.records}


@pytest.fixture(autouse=True)
def no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only 127.0.0.1, never through a proxy configured in the environment."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")


@pytest.fixture(autouse=True)
def pauses(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The backoff pauses fetch asked for (not waited)."""
    asked: list[float] = []
    monkeypatch.setattr(fetch_http, "_sleep", asked.append)
    return asked


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    names = ("kassel", "fulda", "giessen", "marburg", "hanau", "v1", "v2", "other")
    return {name: make_pdf(f"Zielvereinbarung AQB {name}") for name in names}


LISTING = """<!DOCTYPE html>
<html><head><title>AQB Zielvereinbarungen</title></head><body>
<ul>
  <li><a href="2023_kassel.pdf">Kassel 2023</a> (<a href="2023_kassel.pdf#page=2">S. 2</a>)</li>
  <li><A HREF="../files/2024_Fulda.PDF">Fulda 2024</A></li>
  <li><a href="{base}/files/2025_giessen.pdf" class="x">Gießen 2025</a></li>
  <li><a href="/aqb/2022_marburg.pdf?download=1&amp;lang=de">Marburg 2022</a></li>
  <li><a href="notes.html">Hinweise</a> <a href="mailto:aqb@example.org">Mail</a> <a name="top">top</a></li>
</ul></body></html>
"""


@pytest.fixture()
def site(pdfs: dict[str, bytes]) -> Iterator[Site]:
    with running_site() as site:
        lm = now_http_date(-3600)
        site.resources.update({
            "/aqb/": Resource(LISTING.format(base=site.base).encode(), "text/html; charset=utf-8"),
            "/aqb/2023_kassel.pdf": Resource(pdfs["kassel"], last_modified=lm),  # ETag and Last-Modified
            "/files/2024_Fulda.PDF": Resource(pdfs["fulda"]),  # ETag only
            "/files/2025_giessen.pdf": Resource(pdfs["giessen"], etag=False, last_modified=lm),  # Last-Modified only
            "/aqb/2022_marburg.pdf": Resource(pdfs["marburg"], etag=False),  # no validators at all
            "/files/x.pdf": Resource(b"<!DOCTYPE html><html><body>Bitte anmelden</body></html>", "text/html"),
            "/files/empty.pdf": Resource(b""),
            "/changing/agreement.pdf": Resource(pdfs["v1"], last_modified=lm),
            "/files/plain.pdf": Resource(b"%PDF-1.4\n" + b"0" * (LIMIT - 100), "application/octet-stream"),
        })
        big = b"%PDF-1.4\n" + b"0" * (LIMIT * 2)
        site.behaviours.update({
            "/flaky/2019_hanau.pdf": flaky(pdfs["hanau"], failures=2),
            "/broken/always500.pdf": always(500),
            "/broken/forbidden.pdf": always(403),
            "/slow/headers.pdf": slow_headers(pdfs["kassel"], delay=1.0),
            "/slow/body.pdf": slow_body(pdfs["kassel"], delay=1.0),
            "/truncated/cut.pdf": truncated(pdfs["kassel"], missing=500),
            "/big/with-length.pdf": lambda handler, _site, _number: send(handler, 200, big),
            "/big/streamed.pdf": unlimited(big),
        })
        yield site
        assert not site.errors, site.errors


def write_list(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- pure helpers -----------------------------------------------------------------------------------


def test_pdf_links_resolves_relative_links_and_keeps_only_pdfs() -> None:
    links = pdf_links(LISTING.format(base="http://127.0.0.1:9"), "http://127.0.0.1:9/aqb/")
    assert links == [
        "http://127.0.0.1:9/aqb/2023_kassel.pdf",  # the #page=2 link is the same file
        "http://127.0.0.1:9/files/2024_Fulda.PDF",
        "http://127.0.0.1:9/files/2025_giessen.pdf",
        "http://127.0.0.1:9/aqb/2022_marburg.pdf?download=1&lang=de",  # &amp; unescaped, query kept
    ]


def test_pdf_links_honours_base_href_and_skips_unresolvable_links() -> None:
    html = '<base href="https://example.org/docs/"><a href="a.pdf">a</a><a href="javascript:x.pdf">j</a><a href="ftp://h/b.pdf">f</a>'
    assert pdf_links(html, "https://other.example/page.html") == ["https://example.org/docs/a.pdf"]
    assert pdf_links('<a href="a.pdf"></a><a href="https://h/b.pdf"></a>', None) == ["https://h/b.pdf"]  # saved page: no base


def test_parse_url_list() -> None:
    text = "# comment\n\n  https://h/a.pdf  \nhttps://h/b.pdf  # Fulda\nhttps://h/a.pdf\nftp://h/c.pdf\nnot a url\nhttps://h/d.pdf#x\n"
    urls, skipped = parse_url_list(text)
    assert urls == ["https://h/a.pdf", "https://h/b.pdf", "https://h/d.pdf"]
    assert [(r.url, r.status, r.reason) for r in skipped] == [
        ("ftp://h/c.pdf", "skipped", "line 6: not an http(s) URL"),
        ("not a url", "skipped", "line 7: not an http(s) URL"),
    ]


@pytest.mark.parametrize(("url", "name"), [
    ("https://h/a/2023_Kassel.pdf", "2023_Kassel.pdf"),
    ("https://h/a/B.PDF", "B.pdf"),
    ("https://h/Ziel%20vereinbarung%20Gro%C3%9F-Gerau.pdf?x=1", "Ziel_vereinbarung_Groß-Gerau.pdf"),
    ("https://h/download", "download.pdf"),
    ("https://h/", "download.pdf"),
    ("https://h/..%2F..%2Fetc%2Fpasswd", "passwd.pdf"),
    ("https://h/.hidden.pdf", "hidden.pdf"),
    ("https://h/a%3Cb%3E%7C.pdf", "a_b.pdf"),
    ("https://h/" + "x" * 300 + ".pdf", "x" * 150 + ".pdf"),
])
def test_safe_name(url: str, name: str) -> None:
    assert safe_name(url) == name


@pytest.mark.parametrize(("content_type", "url", "body", "kind"), [
    ("text/html; charset=utf-8", "https://h/list.txt", b"", "html"),  # Content-Type first
    ("application/xhtml+xml", "https://h/x", b"", "html"),
    ("text/plain", "https://h/index.html", b"<html>", "list"),
    ("application/pdf", "https://h/a", b"%PDF-1.4", "pdf"),
    ("application/octet-stream", "https://h/aqb/", b"", "html"),  # then the extension
    (None, "https://h/page.php", b"", "html"),
    (None, "https://h/urls.txt", b"<weird>", "list"),
    ("application/octet-stream", "https://h/x", b"  <!doctype html>", "html"),  # then the body
    ("application/octet-stream", "https://h/x", b"https://h/a.pdf\n", "list"),
])
def test_source_kind(content_type: str | None, url: str, body: bytes, kind: str) -> None:
    assert source_kind(content_type, url, body) == kind


# --- fetching ---------------------------------------------------------------------------------------


def test_listing_fetches_every_pdf_link(site: Site, pdfs: dict[str, bytes], tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"  # created by fetch
    summary = fetch(site.url("/aqb/"), inbox, max_bytes=LIMIT, **FAST)
    assert (summary.downloaded, summary.unchanged, summary.failed, summary.skipped) == (4, 0, 0, 0)
    assert summary.exit_code == 0
    assert pdf_files(inbox) == {
        "2023_kassel.pdf": pdfs["kassel"],
        "2024_Fulda.pdf": pdfs["fulda"],
        "2025_giessen.pdf": pdfs["giessen"],
        "2022_marburg.pdf": pdfs["marburg"],
    }
    assert all(r.status == "downloaded" and r.path == inbox / r.path.name for r in summary.records if r.path)
    assert [h.query for h in site.hits_for("/aqb/2022_marburg.pdf")] == ["download=1&lang=de"]
    assert len(site.hits_for("/aqb/2023_kassel.pdf")) == 1  # the duplicate link is fetched once
    assert not site.hits_for("/aqb/notes.html")
    assert leftovers(inbox) == []


def test_second_fetch_of_unchanged_listing_downloads_nothing(site: Site, pdfs: dict[str, bytes], tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    fetch(site.url("/aqb/"), inbox, max_bytes=LIMIT, **FAST)
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in inbox.glob("*.pdf")}
    site.hits.clear()

    summary = fetch(site.url("/aqb/"), inbox, max_bytes=LIMIT, **FAST)

    assert (summary.downloaded, summary.unchanged, summary.failed, summary.skipped) == (0, 4, 0, 0)
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in inbox.glob("*.pdf")} == before
    kassel, fulda, giessen, marburg = (site.hits_for(path)[0] for path in (
        "/aqb/2023_kassel.pdf", "/files/2024_Fulda.PDF", "/files/2025_giessen.pdf", "/aqb/2022_marburg.pdf"))
    etag = Resource(pdfs["kassel"]).etag_value
    assert kassel.headers["If-None-Match"] == etag and "If-Modified-Since" in kassel.headers and kassel.status == 304
    assert fulda.headers["If-None-Match"] == Resource(pdfs["fulda"]).etag_value and fulda.status == 304
    assert "If-None-Match" not in giessen.headers and "If-Modified-Since" in giessen.headers and giessen.status == 304
    # no validators from the server: downloaded again, recognised by its content, the file left alone
    assert not {"If-None-Match", "If-Modified-Since"} & set(marburg.headers) and marburg.status == 200
    reasons = {Path(r.url).name.split("?")[0]: r.reason for r in summary.records}
    assert reasons == {"2023_kassel.pdf": "304 Not Modified", "2024_Fulda.PDF": "304 Not Modified",
                       "2025_giessen.pdf": "304 Not Modified", "2022_marburg.pdf": "same content as 2022_marburg.pdf"}
    assert leftovers(inbox) == []


def test_url_list_records_every_failure_and_goes_on(site: Site, pdfs: dict[str, bytes], tmp_path: Path, pauses: list[float]) -> None:
    u = site.url
    lines = [
        "# AQB agreements, one URL a line",
        u("/aqb/2023_kassel.pdf"),
        "",
        u("/flaky/2019_hanau.pdf") + "   # 500 twice, then the PDF",
        u("/broken/always500.pdf"),
        u("/broken/forbidden.pdf"),
        u("/missing/gone.pdf"),
        u("/slow/headers.pdf"),
        u("/slow/body.pdf"),
        u("/truncated/cut.pdf"),
        u("/files/x.pdf"),
        u("/files/empty.pdf"),
        u("/big/with-length.pdf"),
        u("/big/streamed.pdf"),
        "ftp://127.0.0.1/agreement.pdf",
        "Kassel 2023.pdf",
        u("/aqb/2023_kassel.pdf"),
    ]
    site.resources["/lists/urls.txt"] = Resource("\n".join(lines).encode(), "text/plain; charset=utf-8", etag=False)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / ".2023_kassel.pdf.part").write_bytes(b"%PDF-1.4 left by a killed fetch")
    (inbox / ".aqb-fetch.json.4242.tmp").write_text("{", encoding="utf-8")

    summary = fetch(u("/lists/urls.txt"), inbox, max_bytes=LIMIT, **FAST)

    assert (summary.downloaded, summary.unchanged, summary.failed, summary.skipped) == (2, 0, 10, 2)
    assert summary.exit_code == 1
    assert pdf_files(inbox) == {"2023_kassel.pdf": pdfs["kassel"], "2019_hanau.pdf": pdfs["hanau"]}
    assert leftovers(inbox) == []
    records = by_url(summary)
    reason = {path: records[u(path)].reason or "" for path in (
        "/broken/always500.pdf", "/broken/forbidden.pdf", "/missing/gone.pdf", "/slow/headers.pdf", "/slow/body.pdf",
        "/truncated/cut.pdf", "/files/x.pdf", "/files/empty.pdf", "/big/with-length.pdf", "/big/streamed.pdf")}
    assert reason["/broken/always500.pdf"] == "HTTP 500 Internal Server Error (gave up after 3 attempts)"
    assert reason["/broken/forbidden.pdf"] == "HTTP 403 Forbidden"
    assert reason["/missing/gone.pdf"] == "HTTP 404 Not Found"
    assert reason["/slow/headers.pdf"] == "timed out: no answer within 0.3 s (gave up after 3 attempts)"
    assert reason["/slow/body.pdf"] == "timed out: the body stalled for 0.3 s (gave up after 3 attempts)"
    cut = len(pdfs["kassel"])
    assert reason["/truncated/cut.pdf"] == (f"body truncated: connection closed after {cut} bytes, 500 more expected"
                                            " (gave up after 3 attempts)")
    assert reason["/files/x.pdf"].startswith("HTML, not a PDF: body starts with '<!DOCTYPE html>")
    assert reason["/files/empty.pdf"].startswith("not a PDF: empty body")
    assert reason["/big/with-length.pdf"] == f"too large: Content-Length {LIMIT * 2 + 9} bytes > limit {LIMIT} bytes"
    assert reason["/big/streamed.pdf"] == f"too large: more than {LIMIT} bytes"
    assert [r.url for r in summary.records if r.status == "skipped"] == ["ftp://127.0.0.1/agreement.pdf", "Kassel 2023.pdf"]
    assert all(r.path is None for r in summary.records if r.status in ("failed", "skipped"))
    # retries: 5xx, timeouts and truncation are tried 1 + 2 times, 4xx and content problems once
    attempts = {path: len(site.hits_for(path)) for path in reason}
    assert attempts == {"/broken/always500.pdf": 3, "/broken/forbidden.pdf": 1, "/missing/gone.pdf": 1, "/slow/headers.pdf": 3,
                        "/slow/body.pdf": 3, "/truncated/cut.pdf": 3, "/files/x.pdf": 1, "/files/empty.pdf": 1,
                        "/big/with-length.pdf": 1, "/big/streamed.pdf": 1}
    assert [h.status for h in site.hits_for("/flaky/2019_hanau.pdf")] == [500, 500, 200]
    assert records[u("/flaky/2019_hanau.pdf")].status == "downloaded"
    assert len(pauses) == 2 + 2 * 4  # flaky, always500, both slow ones, truncated


def test_connection_refused_is_retried_and_recorded(tmp_path: Path) -> None:
    with running_site() as closed:
        url = closed.url("/a.pdf")  # the port is free again once the server is gone
    summary = fetch(str(write_list(tmp_path / "urls.txt", [url])), tmp_path / "inbox", **FAST)
    assert summary.failed == 1
    reason = summary.records[0].reason or ""
    assert reason.startswith("connection error: [Errno") and "Connection refused" in reason
    assert reason.endswith("(gave up after 3 attempts)")


def test_backoff_doubles_between_attempts(site: Site, tmp_path: Path, pauses: list[float]) -> None:
    summary = fetch(str(write_list(tmp_path / "urls.txt", [site.url("/broken/always500.pdf")])), tmp_path / "inbox",
                    timeout=1, retries=3, backoff=0.5)
    assert summary.failed == 1 and "gave up after 4 attempts" in (summary.records[0].reason or "")
    assert pauses == [0.5, 1.0, 2.0]
    assert len(site.hits_for("/broken/always500.pdf")) == 4


def test_changed_content_under_the_same_url_keeps_both(site: Site, pdfs: dict[str, bytes], tmp_path: Path,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    urls = write_list(tmp_path / "urls.txt", [site.url("/changing/agreement.pdf")])
    inbox = tmp_path / "inbox"
    first = fetch(str(urls), inbox, **FAST)
    assert first.downloaded == 1 and pdf_files(inbox) == {"agreement.pdf": pdfs["v1"]}

    site.resources["/changing/agreement.pdf"] = Resource(pdfs["v2"], last_modified=now_http_date())
    with caplog.at_level(logging.WARNING, logger="extract.fetch.inbox"):
        second = fetch(str(urls), inbox, **FAST)

    new_name = f"agreement.{sha(pdfs['v2'])[:8]}.pdf"
    assert (second.downloaded, second.unchanged, second.failed) == (1, 0, 0)
    assert second.records[0].path == inbox / new_name
    assert second.records[0].reason == "agreement.pdf holds other content; kept both"
    assert pdf_files(inbox) == {"agreement.pdf": pdfs["v1"], new_name: pdfs["v2"]}
    assert any("keeping both" in r.getMessage() and new_name in r.getMessage() for r in caplog.records)
    hit = site.hits_for("/changing/agreement.pdf")[-1]
    assert hit.headers["If-None-Match"] == Resource(pdfs["v1"]).etag_value and hit.status == 200

    third = fetch(str(urls), inbox, **FAST)  # the state now points at the new file: 304
    assert (third.unchanged, third.records[0].path, third.records[0].reason) == (1, inbox / new_name, "304 Not Modified")
    assert site.hits_for("/changing/agreement.pdf")[-1].status == 304
    assert leftovers(inbox) == []


def test_foreign_file_with_the_same_name_is_not_overwritten(site: Site, pdfs: dict[str, bytes], tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "2023_kassel.pdf").write_bytes(pdfs["other"])
    summary = fetch(str(write_list(tmp_path / "urls.txt", [site.url("/aqb/2023_kassel.pdf")])), inbox, **FAST)
    assert summary.downloaded == 1
    assert pdf_files(inbox) == {"2023_kassel.pdf": pdfs["other"], f"2023_kassel.{sha(pdfs['kassel'])[:8]}.pdf": pdfs["kassel"]}


def test_state_file_format_and_recovery(site: Site, pdfs: dict[str, bytes], tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    inbox = tmp_path / "inbox"
    url = site.url("/aqb/2023_kassel.pdf")
    urls = write_list(tmp_path / "urls.txt", [url])
    fetch(str(urls), inbox, **FAST)
    state = json.loads((inbox / ".aqb-fetch.json").read_text(encoding="utf-8"))
    assert state["format"] == "aqb-fetch" and state["version"] == 1
    entry = state["urls"][url]
    assert entry["file"] == "2023_kassel.pdf" and entry["sha256"] == sha(pdfs["kassel"]) and entry["size"] == len(pdfs["kassel"])
    assert entry["etag"] == Resource(pdfs["kassel"]).etag_value
    assert entry["last_modified"] == site.resources["/aqb/2023_kassel.pdf"].last_modified
    assert entry["downloaded_at"] and entry["checked_at"]

    # a broken state file: set aside, nothing downloaded twice (the content is recognised)
    (inbox / ".aqb-fetch.json").write_text("{not json", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="extract.fetch.inbox"):
        summary = fetch(str(urls), inbox, **FAST)
    assert (summary.unchanged, summary.records[0].reason) == (1, "same content as 2023_kassel.pdf")
    assert (inbox / ".aqb-fetch.json.broken").read_text(encoding="utf-8") == "{not json"
    assert any("unreadable" in r.getMessage() for r in caplog.records)
    assert json.loads((inbox / ".aqb-fetch.json").read_text(encoding="utf-8"))["urls"][url]["sha256"] == sha(pdfs["kassel"])

    # a file removed from the inbox is fetched again, without conditional headers
    (inbox / "2023_kassel.pdf").unlink()
    site.hits.clear()
    summary = fetch(str(urls), inbox, **FAST)
    assert summary.downloaded == 1 and (inbox / "2023_kassel.pdf").read_bytes() == pdfs["kassel"]
    assert "If-None-Match" not in site.hits_for("/aqb/2023_kassel.pdf")[0].headers
    assert leftovers(inbox) == []


def test_source_problems(site: Site, tmp_path: Path) -> None:
    summary = fetch(site.url("/lists/missing.txt"), tmp_path / "inbox", **FAST)  # unreachable source: a failed record
    assert summary.failed == 1
    assert (summary.records[0].url, summary.records[0].reason) == (site.url("/lists/missing.txt"), "source: HTTP 404 Not Found")
    with pytest.raises(UsageError, match="is a PDF"):
        fetch(site.url("/aqb/2023_kassel.pdf"), tmp_path / "inbox", **FAST)
    with pytest.raises(UsageError, match="neither an http"):
        fetch(str(tmp_path / "nope.txt"), tmp_path / "nope-inbox", **FAST)
    assert not (tmp_path / "nope-inbox").exists()  # a bad SOURCE creates no inbox
    with pytest.raises(UsageError, match="only http"):
        fetch("file:///etc/hosts", tmp_path / "inbox", **FAST)
    with pytest.raises(UsageError):
        fetch(site.url("/aqb/"), tmp_path / "inbox", max_bytes=0)


def test_saved_listing_page_as_local_source(site: Site, pdfs: dict[str, bytes], tmp_path: Path) -> None:
    page = tmp_path / "listing.html"
    page.write_text(LISTING.format(base=site.base), encoding="utf-8")  # only the absolute link can be resolved
    summary = fetch(str(page), tmp_path / "inbox", **FAST)
    assert summary.downloaded == 1 and pdf_files(tmp_path / "inbox") == {"2025_giessen.pdf": pdfs["giessen"]}


def test_a_second_fetch_into_the_same_inbox_is_refused(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    with open(inbox / ".aqb-fetch.lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(LockedError):
            fetch(str(write_list(tmp_path / "urls.txt", [])), inbox, **FAST)


# --- command line -----------------------------------------------------------------------------------


def cli(*args: str) -> click.testing.Result:
    group = click.Group("aqb")
    group.add_command(fetch_command)
    return CliRunner().invoke(group, ["fetch", *args])


def test_cli_exit_0_and_summary_line(site: Site, pdfs: dict[str, bytes], tmp_path: Path) -> None:
    urls = write_list(tmp_path / "urls.txt", [site.url("/aqb/2023_kassel.pdf"), site.url("/files/2024_Fulda.PDF")])
    result = cli(str(urls), "--inbox", str(tmp_path / "inbox"), "--timeout", "1", "--retries", "0")
    assert result.exit_code == 0, result.output
    assert "fetch: 2 downloaded, 0 unchanged, 0 failed, 0 skipped" in result.stderr
    assert pdf_files(tmp_path / "inbox") == {"2023_kassel.pdf": pdfs["kassel"], "2024_Fulda.pdf": pdfs["fulda"]}
    quiet = cli(str(urls), "--inbox", str(tmp_path / "inbox"), "--quiet")
    assert quiet.exit_code == 0 and quiet.stderr == ""


def test_cli_exit_1_when_a_url_failed(site: Site, tmp_path: Path) -> None:
    urls = write_list(tmp_path / "urls.txt", [site.url("/aqb/2023_kassel.pdf"), site.url("/missing/gone.pdf")])
    result = cli(str(urls), "--inbox", str(tmp_path / "inbox"), "--retries", "0")
    assert result.exit_code == 1, result.output
    assert "1 downloaded, 0 unchanged, 1 failed" in result.stderr


def test_cli_size_limit_option(site: Site, tmp_path: Path) -> None:
    urls = write_list(tmp_path / "urls.txt", [site.url("/files/plain.pdf")])  # about 49 KB
    assert cli(str(urls), "--inbox", str(tmp_path / "a"), "--max-mb", "0.04", "-q").exit_code == 1
    assert cli(str(urls), "--inbox", str(tmp_path / "b"), "--max-mb", "0.05", "-q").exit_code == 0


@pytest.mark.parametrize("args", [
    [],  # no SOURCE
    ["urls.txt"],  # no --inbox
    ["does-not-exist.txt", "--inbox", "inbox"],
    ["urls.txt", "--inbox", "inbox", "--retries", "-1"],
    ["urls.txt", "--inbox", "inbox", "--timeout", "0"],
    ["urls.txt", "--inbox", "inbox", "--max-mb", "x"],
])
def test_cli_usage_errors_exit_2(args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_list(tmp_path / "urls.txt", [])
    result = cli(*args)
    assert result.exit_code == 2, result.output


def test_cli_help_has_examples() -> None:
    result = cli("--help")
    assert result.exit_code == 0
    assert "Examples:" in result.output and "aqb fetch urls.txt --inbox inbox/" in result.output
