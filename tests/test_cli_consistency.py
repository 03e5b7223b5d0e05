"""One CLI: global options before or after the command, --json alike on status, inspect, report and
export, JSON log events with the same keys, a help that loads no heavy library."""

from __future__ import annotations

import io
import json
import logging
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from conftest import ROOT, SAMPLES, SampleRun
from extract.cli import LAZY_COMMANDS, main
from extract.cli.cmd_run import summary_line
from extract.ingest.pipeline import RunSummary
from extract.logs import BarAwareHandler, JsonFormatter

DIGITAL = SAMPLES / "seed_001_digital.pdf"
EVENT_KEYS = {"file", "stage", "status", "duration"}


@pytest.fixture()
def out(small_run: SampleRun, tmp_path: Path) -> Path:
    copy = tmp_path / "out"
    shutil.copytree(small_run.out, copy)
    return copy


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("where", ["before", "after"])
def test_global_options_go_before_or_after_the_command(out: Path, where: str) -> None:
    options = ["-v", "--log-json", "--quiet"]
    args = [*options, "status", str(out), "--json"] if where == "before" else ["status", str(out), "--json", *options]
    code, stdout, _ = invoke(*args)
    assert code == 0, stdout
    assert json.loads(stdout)["documents"]


def test_global_quiet_silences_confirmations_and_run_summaries(out: Path, tmp_path: Path) -> None:
    code, _, stderr = invoke("correct", str(out), "seed_001_digital.pdf", "year", "2025", "--quiet")
    assert code == 0 and stderr == ""
    code, _, stderr = invoke("--quiet", "run", str(DIGITAL), "--out", str(tmp_path / "run"), "-j", "1")
    assert code == 0 and "agreements" not in stderr


def test_json_on_status_inspect_report_and_export(out: Path, tmp_path: Path) -> None:
    code, stdout, _ = invoke("status", str(out), "--json")
    assert code == 0 and json.loads(stdout)["files"]["present"] == 3
    code, stdout, _ = invoke("inspect", str(DIGITAL), "--out", str(out), "--json")
    assert code == 0 and json.loads(stdout)["from"] == "store"
    code, stdout, _ = invoke("report", str(out), "--json")
    assert code == 0, stdout
    written = json.loads(stdout)
    assert Path(written["index"]).is_file() and written["index"] in written["files"]
    assert any(f.endswith(".png") for f in written["files"]) and all(Path(f).is_file() for f in written["files"])
    code, stdout, _ = invoke("export", str(out), "--sqlite", str(tmp_path / "aqb.sqlite"), "--json")
    assert code == 0 and json.loads(stdout) == {"sqlite": str(tmp_path / "aqb.sqlite")}


def test_every_json_log_event_carries_file_stage_status_duration(tmp_path: Path) -> None:
    scan = SAMPLES / "seed_000_scan.pdf"
    done = subprocess.run([sys.executable, "-m", "extract", "run", str(DIGITAL), str(scan), "--out", str(tmp_path / "out"),
                           "-j", "1", "--log-json"], capture_output=True, text=True, cwd=ROOT, timeout=600, check=False)
    assert done.returncode == 0, done.stderr  # page events come from the worker processes: a real process, not CliRunner
    events = [json.loads(line) for line in done.stderr.splitlines()]
    assert events and all(EVENT_KEYS <= e.keys() for e in events)
    pages = [e for e in events if "page" in e]
    assert {(e["file"], e["page"]) for e in pages} >= {(DIGITAL.name, 1), (scan.name, 1)}, "page events name their file"
    ocr = [e for e in pages if e["stage"] == "ocr"]
    assert ocr and all(e["file"] == scan.name and e["duration"] >= 0 for e in ocr)
    finished = [e for e in events if e["message"] == "run finished"]
    assert finished[0]["status"] == "ok" and finished[0]["duration"] > 0 and finished[0]["file"] is None


def test_json_formatter_fills_the_event_keys() -> None:
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "a %s", ("message",), None)
    event = json.loads(JsonFormatter().format(record))
    assert event["message"] == "a message" and {k: event[k] for k in EVENT_KEYS} == dict.fromkeys(EVENT_KEYS)


def test_log_lines_go_above_a_progress_bar(capsys: pytest.CaptureFixture[str]) -> None:
    from tqdm import tqdm

    handler = BarAwareHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    with tqdm(total=2, file=sys.stderr, disable=False) as bar:
        calls: list[str] = []
        original = tqdm.write
        tqdm.write = classmethod(lambda cls, s, file=None, end="\n", nolock=False: calls.append(s))  # type: ignore[method-assign,assignment]
        try:
            handler.emit(logging.LogRecord("x", logging.WARNING, __file__, 1, "a warning", (), None))
        finally:
            tqdm.write = original  # type: ignore[method-assign]
        bar.update(1)
        worker = io.StringIO()
        forked = BarAwareHandler(worker)
        forked.setFormatter(logging.Formatter("%(message)s"))
        forked.owner = -1  # as in a worker process forked while the bar is shown
        forked.emit(logging.LogRecord("x", logging.WARNING, __file__, 1, "from a worker", (), None))
    assert calls == ["a warning"]
    assert worker.getvalue() == "\r\x1b[2Kfrom a worker\n", "a worker clears the bar's line instead of writing into it"


def test_the_summary_suggests_the_report_when_something_needs_review(tmp_path: Path) -> None:
    summary = RunSummary(inputs=2, new=2, changed=0, unchanged=0, gone=0, processed=2, reread=0, agreements=2, failed=0,
                         needs_review=1, projects=9, seconds=1.0, out=tmp_path)
    assert summary_line(summary).splitlines()[-1] == f"to review: aqb report {tmp_path}"
    clean = RunSummary(**{**summary.__dict__, "needs_review": 0})
    assert "aqb report" not in summary_line(clean)


def test_the_command_list_shows_each_commands_own_help() -> None:
    for name, (_, short) in LAZY_COMMANDS.items():
        command = main.get_command(click.Context(main), name)
        assert command is not None and command.get_short_help_str(limit=200) == short, name


HEAVY = ["spacy", "pandas", "pyarrow", "numpy", "pytesseract", "pdfplumber", "pypdfium2", "requests", "tqdm"]


def test_help_and_status_load_no_heavy_library(tmp_path: Path) -> None:
    code = f"import sys, extract.cli; print([m for m in {HEAVY!r} if m in sys.modules])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip() == "[]"
    code = ("import sys; from pathlib import Path; from click.testing import CliRunner; from extract.cli import main; "
            "from extract.ingest.store import Store; Store(Path(sys.argv[1])).close(); "
            "r = CliRunner().invoke(main, ['status', sys.argv[1], '--json']); assert r.exit_code == 0, r.output; "
            f"print([m for m in {HEAVY!r} if m in sys.modules])")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_progress_hook_counts_pages_while_a_scan_is_read() -> None:
    from extract.files import file_sha256
    from extract.ingest.executors import LocalExecutor
    from extract.ingest.schedule import DocumentTask, execute
    from extract.settings import Settings

    settings = Settings()
    scan = SAMPLES / "seed_000_scan.pdf"
    tasks = [DocumentTask(path, path.name, file_sha256(path), None) for path in (DIGITAL, scan)]
    counts: list[tuple[int, int]] = []
    finished: dict[str, int] = {}
    executor = LocalExecutor(1, settings, None)
    try:
        for result in execute(tasks, executor, settings, 300, 900, settings.fingerprint(), lambda read, found: counts.append((read, found))):
            finished[result.source_file] = len(counts)
    finally:
        executor.close()
    assert counts[-1][0] == counts[-1][1] and counts[-1][0] >= 5, counts
    assert finished[scan.name] > 1 and [read for read, _ in counts] == sorted(read for read, _ in counts)
    before_done = counts[: finished[scan.name]]
    assert any(read < found for read, found in before_done), "pages are counted while the scan is still being read"
