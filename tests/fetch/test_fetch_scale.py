"""aqb fetch at scale and against a trickling server: the state file is saved in batches, not rewritten
after every URL (so the time per link does not grow with the size of the listing; the time itself is
measured by benchmarks/fetch_scale.py), a second fetch of an unchanged listing writes almost nothing, and
one download has an overall deadline."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from extract.fetch import inbox as fetch_inbox
from extract.fetch.inbox import fetch
from fetch_server.listing import listing_server as server


@pytest.fixture(autouse=True)
def no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")


@pytest.mark.slow
def test_state_is_saved_in_batches_and_a_second_fetch_writes_almost_nothing(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    saves: list[int] = []
    real_save = fetch_inbox._State.save

    def counted(state: fetch_inbox._State) -> None:
        saves.append(len(state.urls))
        real_save(state)

    monkeypatch.setattr(fetch_inbox._State, "save", counted)
    monkeypatch.setattr(fetch_inbox, "SAVE_SECONDS", 3600.0)  # only the batch size decides, whatever the machine's speed
    monkeypatch.setattr(fetch_inbox, "SAVE_EVERY", 100)  # a smaller batch than the default, to see several in 600 links
    with server() as base:
        summary = fetch(f"{base}/600/list.html", tmp_path / "600", timeout=5, retries=0)
        assert summary.downloaded == 600 and summary.failed == 0
        # a save rewrites the whole state: one per SAVE_EVERY changed URLs (+ the last), never one per URL
        assert 600 // 100 <= len(saves) <= 600 // 100 + 1, saves
        assert saves[-1] == 600
        saves.clear()
        inbox = tmp_path / "600"
        before = {p.name: p.stat().st_mtime_ns for p in inbox.iterdir()}
        again = fetch(f"{base}/600/list.html", inbox, timeout=5, retries=0)
    assert again.unchanged == 600 and again.downloaded == 0
    assert len(saves) == 1  # one state file write at the end (checked_at), no file rewritten per URL
    after = {p.name: p.stat().st_mtime_ns for p in inbox.iterdir()}
    assert {k for k in after if after[k] != before.get(k)} <= {fetch_inbox.STATE_FILE, fetch_inbox.LOCK_FILE}  # no PDF rewritten


@pytest.mark.slow
def test_a_trickling_download_is_given_up_at_its_deadline(tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    with server() as base:
        urls.write_text(f"{base}/trickle.pdf\n", encoding="utf-8")
        started = time.monotonic()
        summary = fetch(str(urls), tmp_path / "inbox", timeout=1, retries=0, deadline=2)
    assert time.monotonic() - started < 10
    (record,) = summary.records
    assert record.status == "failed" and "deadline" in (record.reason or "")
    assert not list((tmp_path / "inbox").glob(".*.part"))
