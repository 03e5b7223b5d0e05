"""Hostile inputs: every file that cannot be turned into an agreement ends as exactly one row of
errors.csv with a clear stage and reason, never a crash, and the rest of the batch still comes out.

Small hostile files are committed in tests/resources/ (see its README.md); big ones (a 400-page PDF,
a pixel bomb, a 30-page scan) are generated once per module into a temporary folder. Each case runs
the real pipeline (pebble pool, real Tesseract) over the hostile file plus two good samples."""

from __future__ import annotations

import faulthandler
import hashlib
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pytesseract
import pytest
from click.testing import CliRunner
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

import extract.ingest.pipeline
import extract.ingest.process
import extract.reading.load
from conftest import ROOT, SAMPLES, read_csv
from extract.cli import main
from extract.ingest.pipeline import RunOptions, RunSummary, run
from extract.ingest.process import process_file
from extract.reading.load import pdf_to_text_layer_pages
from extract.settings import Settings
from resources.make_resources import raw_pdf

RESOURCES = ROOT / "tests" / "resources"
GOOD = ("seed_001_digital.pdf", "2015_06437_digital.pdf")
ANY_TEXT = r"\S"

# committed resource -> (accepted stages, pattern the error message must match)
CASES: dict[str, tuple[set[str], str]] = {
    "empty.pdf": ({"load"}, r"empty file"),
    "truncated.pdf": ({"load"}, r"broken|cannot parse|damaged|truncated"),
    "html_page.pdf": ({"load"}, r"not a PDF.*HTML"),
    "png_image.pdf": ({"load"}, r"not a PDF.*PNG"),
    "password_protected.pdf": ({"load"}, r"password"),
    "owner_password_letter.pdf": ({"classify"}, r"not a Zielvereinbarung"),
    "letter.pdf": ({"classify"}, r"not a Zielvereinbarung"),
    "blank_pages.pdf": ({"classify"}, r"no text found"),
    "huge_page.pdf": ({"ocr"}, r"too large"),
    "no_pages.pdf": ({"load"}, r"no pages"),
    "page_tree_loop.pdf": ({"load", "classify"}, ANY_TEXT),
}
# ------------------------------------------------------------------------------------------------ helpers
@dataclass(frozen=True)
class Batch:
    summary: RunSummary
    errors: list[dict[str, str]]
    agreements: list[dict[str, str]]
    seconds: float

    def error_of(self, name: str) -> dict[str, str]:
        rows = [r for r in self.errors if r["source_file"] == name]
        assert len(rows) == 1, f"{name}: expected exactly one errors row, got {rows}"
        return rows[0]


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def inbox(tmp_path: Path, *extra: Path, name: str = "in") -> Path:
    """A folder with the two good samples and copies of the given files."""
    folder = tmp_path / name
    folder.mkdir()
    for good in GOOD:
        shutil.copy(SAMPLES / good, folder / good)
    for path in extra:
        shutil.copy(path, folder / path.name)
    return folder


def run_batch(folder: Path, out: Path, **options: object) -> Batch:
    started = time.perf_counter()
    summary = run([folder], out, options=RunOptions(**{"jobs": 2, **options}))  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    return Batch(summary, read_csv(out / "errors.csv"), read_csv(out / "agreements.csv"), seconds)


def assert_clean_failure(batch: Batch, bad: dict[str, tuple[set[str], str]], good: tuple[str, ...] = GOOD) -> None:
    """Exactly one errors row per bad file, with an expected stage and a clear reason; the good ones
    came out as agreements; the run says it failed, unless every bad file is merely no agreement
    (stage classify) or a copy of another (stage dedupe): results, not failures."""
    assert sorted(r["source_file"] for r in batch.errors) == sorted(bad), batch.errors
    for name, (stages, pattern) in bad.items():
        row = batch.error_of(name)
        assert row["stage"] in stages, f"{name}: stage {row['stage']!r} not in {stages}: {row['error']}"
        assert re.search(pattern, row["error"], re.IGNORECASE | re.DOTALL), f"{name}: reason {row['error']!r} !~ {pattern!r}"
        assert "Traceback" not in row["error"]
    assert sorted(r["source_file"] for r in batch.agreements) == sorted(good)
    stages = [batch.error_of(name)["stage"] for name in bad]
    failures = sum(stage not in ("classify", "dedupe") for stage in stages)  # no agreement, a copy: results
    assert (batch.summary.failed, batch.summary.not_agreements) == (failures, stages.count("classify"))
    assert batch.summary.exit_code == (1 if failures else 0)


def png_page_bomb(path: Path, pixels: int) -> Path:
    """An A4 page showing one all-white 1-bit image of pixels x pixels (Flate: ~200 KB for 40000)."""
    row = b"\xff" * ((pixels + 7) // 8)
    packer = zlib.compressobj(9)
    stream = b"".join(packer.compress(row) for _ in range(pixels)) + packer.flush()
    content = b"q 595 0 0 842 0 0 cm /Im0 Do Q"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 1 "
        b"/Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream" % (pixels, pixels, len(stream), stream),
    ]
    path.write_bytes(raw_pdf(objects))
    return path


def text_pages_pdf(path: Path, pages: int) -> Path:
    """A born-digital PDF of `pages` pages, each with 40 lines of German text."""
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for page in range(1, pages + 1):
        y = 800.0
        for line in range(1, 41):
            pdf.drawString(60, y, f"Seite {page}, Zeile {line}: Ausbildungs- und Qualifizierungsbudget des Landkreises")
            y -= 18
        pdf.showPage()
    pdf.save()
    return path


def scanned_pdf(source: Path, path: Path, pages: int, dpi: int = 100) -> Path:
    """A scan without text layer: the source's pages rasterized, repeated to `pages` pages."""
    pdf = pdfium.PdfDocument(str(source))
    try:
        images = [pdf[i].render(scale=dpi / 72, grayscale=True).to_pil() for i in range(len(pdf))]
    finally:
        pdf.close()
    sequence = [images[i % len(images)] for i in range(pages)]
    sequence[0].save(path, save_all=True, append_images=sequence[1:], resolution=dpi)
    return path


@dataclass(frozen=True)
class Generated:
    many_pages: Path  # 400 pages
    ten_pages: Path  # the same content, 10 pages: the baseline for the reading time
    pixel_bomb: Path
    slow_scan: Path  # 30 scanned pages: minutes of OCR


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    folder = tmp_path_factory.mktemp("generated")
    return Generated(
        many_pages=text_pages_pdf(folder / "too_many_pages.pdf", 400),
        ten_pages=text_pages_pdf(folder / "ten_pages.pdf", 10),
        pixel_bomb=png_page_bomb(folder / "pixel_bomb.pdf", 40_000),
        slow_scan=scanned_pdf(SAMPLES / "seed_001_digital.pdf", folder / "slow_scan.pdf", 30),
    )


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Temp files of this test (pytesseract's images, also in the forked workers) go to their own folder."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def processes_mentioning(text: str) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if text in cmdline:
                pids.append(int(entry.name))
    return pids


class PageRendered(Exception):
    pass


# ------------------------------------------------------------------------------------------------ resources
def test_every_resource_is_listed_in_the_readme() -> None:
    readme = (RESOURCES / "README.md").read_text(encoding="utf-8")
    listed = re.findall(r"^- `([^`]+)` — .+ — .+$", readme, re.MULTILINE)
    files = sorted(p.name for p in RESOURCES.iterdir() if p.is_file() and p.name != "README.md")
    assert sorted(listed) == files
    assert len(listed) == len(set(listed))
    assert sum(p.stat().st_size for p in RESOURCES.iterdir() if p.is_file()) < 1_000_000


def test_every_hostile_resource_has_a_case() -> None:
    assert sorted(CASES) == sorted(p.name for p in RESOURCES.glob("*.pdf"))


# ------------------------------------------------------------------------------------------------ one hostile file per batch
@pytest.mark.slow  # one batch per hostile file; test_all_hostile_files_in_one_cli_run has them all in the fast tier
@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_file_is_one_error_row_and_the_batch_completes(name: str, tmp_path: Path) -> None:
    folder = inbox(tmp_path, RESOURCES / name)
    batch = run_batch(folder, tmp_path / "out")
    assert_clean_failure(batch, {name: CASES[name]})
    assert batch.error_of(name)["source_sha256"] == sha256_of(RESOURCES / name)


@pytest.mark.parametrize("bomb", ["huge_page", "pixel_bomb"])
def test_image_bomb_is_refused_without_rendering(bomb: str, generated: Generated, monkeypatch: pytest.MonkeyPatch) -> None:
    path = RESOURCES / "huge_page.pdf" if bomb == "huge_page" else generated.pixel_bomb
    rendered: list[tuple[float, float]] = []

    def spy(page: pdfium.PdfPage, *args: object, **kwargs: object) -> None:
        rendered.append(page.get_size())
        raise PageRendered(f"page of {page.get_size()} pt rendered")

    monkeypatch.setattr(pdfium.PdfPage, "render", spy)
    try:
        result = process_file(path, path.name, Settings(), max_pages=300)
    except PageRendered as e:
        pytest.fail(f"{path.name}: {e} (it must be refused before rendering)")
    assert rendered == []
    assert result.error is not None and result.agreement is None
    assert result.error.stage in {"load", "ocr"}
    assert re.search(r"too large", result.error.error), result.error.error


# ------------------------------------------------------------------------------------------------ page limit
def test_too_many_pages_fails_fast_without_reading_the_pages(generated: Generated, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings()
    read_pages: list[int] = []
    original = extract.reading.load.pdfium_page_to_layer_page  # every page is read there first (pdfplumber only after it)

    def counting(pdf: pdfium.PdfDocument, index: int, *args: object, **kwargs: object) -> object:
        read_pages.append(index + 1)
        return original(pdf, index, *args, **kwargs)

    monkeypatch.setattr(extract.reading.load, "pdfium_page_to_layer_page", counting)
    assert len(pdf_to_text_layer_pages(generated.ten_pages, settings)) == 10
    assert read_pages == list(range(1, 11))  # the spy sees every page read

    read_pages.clear()
    result = process_file(generated.many_pages, "too_many_pages.pdf", settings, max_pages=300)

    assert result.error is not None and result.error.stage == "load"
    assert re.search(r"too many pages.*400.*300", result.error.error), result.error.error
    assert read_pages == []  # refused from the page count alone, before any page is read


def test_too_many_pages_in_a_batch(generated: Generated, tmp_path: Path) -> None:
    batch = run_batch(inbox(tmp_path, generated.many_pages), tmp_path / "out")
    assert_clean_failure(batch, {"too_many_pages.pdf": ({"load"}, r"too many pages \(400 > limit 300\)")})


# ------------------------------------------------------------------------------------------------ time limit
LIMIT_S = 5.0


@pytest.mark.e2e  # the real Tesseract's minutes of OCR are what the limit stops
def test_document_over_the_time_limit_is_stopped_and_the_batch_completes(generated: Generated, tmp_path: Path,
                                                                          private_tmp: Path) -> None:
    """30 scanned pages need ~1 minute of OCR; the document is stopped at the limit, the others come out."""
    batch = run_batch(inbox(tmp_path, generated.slow_scan), tmp_path / "out", doc_timeout_s=LIMIT_S)
    assert_clean_failure(batch, {"slow_scan.pdf": ({"timeout"}, r"per-document limit of 5 s")})
    assert batch.seconds < LIMIT_S + 20, f"the run took {batch.seconds:.1f} s: the slow document was not stopped"


@pytest.fixture
def slow_tesseract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Tesseract that answers --version/--list-langs but takes 60 s for a page (in the forked workers too).
    Its processes are killed by id at the end of the test."""
    wrapper = tmp_path / "slow-tesseract"
    wrapper.write_text(
        f"#!{sys.executable}\n"
        "import os, shutil, sys, time\n"
        "if len(sys.argv) > 1 and sys.argv[1].startswith('--'):\n"
        "    os.execv(shutil.which('tesseract'), ['tesseract'] + sys.argv[1:])\n"
        "time.sleep(60)\n"
    )
    wrapper.chmod(0o755)
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(wrapper))
    monkeypatch.setenv("AQB_OCR_ENGINE", "cli")  # the command, not Tesseract in the worker (test_engine.py stops that one)
    yield wrapper
    for pid in processes_mentioning(str(wrapper)):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@pytest.mark.e2e  # a Tesseract process (a slow wrapper around the real one) must be killed
def test_time_limit_leaves_no_tesseract_process_and_no_temp_files(tmp_path: Path, private_tmp: Path, slow_tesseract: Path) -> None:
    batch = run_batch(inbox(tmp_path, RESOURCES / "blank_pages.pdf"), tmp_path / "out", doc_timeout_s=2)
    assert_clean_failure(batch, {"blank_pages.pdf": ({"timeout"}, r"per-document limit")})
    # A stopped Tesseract is gone once the kill is through, which a busy machine may take a few seconds
    # for; one left behind would run its whole 60 s.
    deadline = time.monotonic() + 10
    while processes_mentioning(str(slow_tesseract)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert processes_mentioning(str(slow_tesseract)) == [], "Tesseract still running after its document was stopped"
    assert sorted(p.name for p in private_tmp.iterdir() if p.name.startswith("tess_")) == []


def test_document_stopped_by_the_time_limit_is_tried_again_with_retry_failed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = inbox(tmp_path)
    out = tmp_path / "out"
    read = extract.ingest.process.pdf_to_text_layer_pages

    def slow_read(*args: object, **kwargs: object) -> object:
        """A born-digital document is read in ~50 ms, quicker than the pool notices a passed limit."""
        time.sleep(2)
        return read(*args, **kwargs)

    monkeypatch.setattr(extract.ingest.process, "pdf_to_text_layer_pages", slow_read)  # the workers fork after this
    first = run_batch(folder, out, doc_timeout_s=0.01)
    monkeypatch.undo()
    assert first.error_of("seed_001_digital.pdf")["stage"] == "timeout"
    second = run_batch(folder, out)  # a costly failure is remembered: not tried again while the file is unchanged
    assert second.summary.processed == 0 and second.error_of("seed_001_digital.pdf")["stage"] == "timeout"
    assert second.summary.exit_code == 0  # no file of this run failed
    third = run_batch(folder, out, retry_failed=True)
    assert third.errors == []
    assert sorted(r["source_file"] for r in third.agreements) == sorted(GOOD)
    assert third.summary.exit_code == 0


def test_password_protected_and_damaged_files_are_recorded_once_not_read_every_run(tmp_path: Path) -> None:
    bad = ("password_protected.pdf", "truncated.pdf", "no_pages.pdf")
    folder = inbox(tmp_path, *(RESOURCES / name for name in bad))
    first = run_batch(folder, tmp_path / "out")
    assert {r["source_file"]: r["stage"] for r in first.errors} == dict.fromkeys(bad, "load")
    second = run_batch(folder, tmp_path / "out")
    assert (second.summary.processed, second.summary.failed, second.summary.exit_code) == (0, 3, 0)
    assert second.errors == first.errors


@pytest.mark.parametrize("signum, remembered", [(signal.SIGKILL, True), (signal.SIGSEGV, True), (signal.SIGTERM, False)],
                         ids=["out-of-memory-kill", "crash", "stopped"])
def test_a_worker_the_os_kills_is_remembered_not_retried(signum: int, remembered: bool, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker killed by the OS on a file (the OOM killer's SIGKILL, a segfault) is recorded once and not
    tried again every night; a worker stopped by SIGTERM (shutdown) is tried again on the next run."""
    folder = inbox(tmp_path)
    out = tmp_path / "out"
    read = extract.ingest.process.pdf_to_text_layer_pages

    def dying_read(path: Path, *args: object, **kwargs: object) -> object:
        if Path(path).name == "seed_001_digital.pdf":
            faulthandler.disable()  # no crash report from the worker's SIGSEGV on the test output
            os.kill(os.getpid(), signum)  # in the forked worker
            time.sleep(5)
        return read(path, *args, **kwargs)

    monkeypatch.setattr(extract.ingest.process, "pdf_to_text_layer_pages", dying_read)  # the workers fork after this
    first = run_batch(folder, out)
    monkeypatch.undo()
    row = first.error_of("seed_001_digital.pdf")
    assert row["stage"] == "worker" and f"exit code -{int(signum)}" in row["error"], row
    assert first.summary.exit_code == 1 and [r["source_file"] for r in first.agreements] == ["2015_06437_digital.pdf"]
    second = run_batch(folder, out)
    if remembered:
        assert second.summary.processed == 0 and second.error_of("seed_001_digital.pdf")["stage"] == "worker"
        assert second.summary.exit_code == 0  # an old failure: no file of this run failed
        second = run_batch(folder, out, retry_failed=True)
    assert second.summary.processed == 1 and second.errors == [] and second.summary.exit_code == 0
    assert sorted(r["source_file"] for r in second.agreements) == sorted(GOOD)


# ------------------------------------------------------------------------------------------------ files disappearing mid-run
def _vanish(monkeypatch: pytest.MonkeyPatch, name: str, after_hashing: bool) -> list[bytes]:
    """Delete `name` when the pipeline hashes it: before it is read, or right after (before a worker opens it)."""
    real = extract.ingest.pipeline.file_sha256
    saved: list[bytes] = []

    def hash_then_vanish(path: Path) -> str:
        if Path(path).name != name:
            return real(path)
        saved.append(Path(path).read_bytes())
        if after_hashing:
            digest = real(path)
            Path(path).unlink()
            return digest
        Path(path).unlink()
        return real(path)

    monkeypatch.setattr(extract.ingest.pipeline, "file_sha256", hash_then_vanish)
    return saved


@pytest.mark.parametrize("after_hashing", [False, True], ids=["before-hashing", "after-hashing"])
def test_file_disappearing_mid_run(after_hashing: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(SAMPLES / "2014_06434_digital.pdf", tmp_path / "vanishing.pdf")
    folder = inbox(tmp_path, tmp_path / "vanishing.pdf")
    saved = _vanish(monkeypatch, "vanishing.pdf", after_hashing)
    batch = run_batch(folder, tmp_path / "out")
    assert saved, "the file was never hashed"
    assert not (folder / "vanishing.pdf").exists()
    assert_clean_failure(batch, {"vanishing.pdf": ({"load"}, r"cannot read file: No such file")})


def test_file_that_was_gone_is_read_when_it_is_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(SAMPLES / "2014_06434_digital.pdf", tmp_path / "vanishing.pdf")
    folder = inbox(tmp_path, tmp_path / "vanishing.pdf")
    out = tmp_path / "out"
    saved = _vanish(monkeypatch, "vanishing.pdf", after_hashing=True)
    first = run_batch(folder, out)
    assert first.error_of("vanishing.pdf")["stage"] == "load"
    monkeypatch.undo()
    (folder / "vanishing.pdf").write_bytes(saved[0])
    second = run_batch(folder, out)
    assert second.errors == [], second.errors
    assert sorted(r["source_file"] for r in second.agreements) == sorted((*GOOD, "vanishing.pdf"))


def test_file_deleted_by_another_thread_while_the_batch_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Deleted from another thread between discovery and hashing (made deterministic with events)."""
    folder = inbox(tmp_path)
    shutil.copy(SAMPLES / "2014_06434_digital.pdf", folder / "vanishing.pdf")
    reached, deleted = threading.Event(), threading.Event()
    real = extract.ingest.pipeline.file_sha256

    def wait_for_deleter(path: Path) -> str:
        if Path(path).name == "vanishing.pdf":
            reached.set()
            assert deleted.wait(10)
        return real(path)

    def deleter() -> None:
        assert reached.wait(30)
        (folder / "vanishing.pdf").unlink()
        deleted.set()

    monkeypatch.setattr(extract.ingest.pipeline, "file_sha256", wait_for_deleter)
    thread = threading.Thread(target=deleter)
    thread.start()
    batch = run_batch(folder, tmp_path / "out")
    thread.join(5)
    assert deleted.is_set()
    assert_clean_failure(batch, {"vanishing.pdf": ({"load"}, r"cannot read file")})


# ------------------------------------------------------------------------------------------------ duplicates
def test_duplicate_content_under_two_names_is_one_agreement_and_one_dedupe_row(tmp_path: Path) -> None:
    folder = inbox(tmp_path)
    (folder / "copies").mkdir()
    shutil.copy(SAMPLES / "seed_001_digital.pdf", folder / "copies" / "zielvereinbarung_kopie.pdf")
    batch = run_batch(folder, tmp_path / "out")
    twins = {"seed_001_digital.pdf", "copies/zielvereinbarung_kopie.pdf"}
    kept = [r["source_file"] for r in batch.agreements if r["source_file"] in twins]
    assert len(kept) == 1
    [dropped] = twins - set(kept)
    assert_clean_failure(batch, {dropped: ({"dedupe"}, re.escape(f"same content as {kept[0]}"))},
                         good=("2015_06437_digital.pdf", kept[0]))
    assert batch.error_of(dropped)["source_sha256"] == sha256_of(SAMPLES / "seed_001_digital.pdf")
    assert len(batch.agreements) == 2


# ------------------------------------------------------------------------------------------------ everything at once, via the CLI
def test_all_hostile_files_in_one_cli_run(generated: Generated, tmp_path: Path) -> None:
    folder = inbox(tmp_path, *(RESOURCES / name for name in CASES), generated.many_pages, generated.pixel_bomb)
    shutil.copy(SAMPLES / "seed_001_digital.pdf", folder / "zz_duplicate.pdf")
    odd_name = 'bad, "quoted";\nname ä.pdf'  # CSV separators, quotes and a newline in a file name
    (folder / odd_name).write_bytes(b"this is no PDF, just text\n")
    out = tmp_path / "out"

    result = CliRunner().invoke(main, ["run", str(folder), "--out", str(out), "--jobs", "2", "--quiet"])

    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    errors, agreements = read_csv(out / "errors.csv"), read_csv(out / "agreements.csv")
    bad = [*CASES, "too_many_pages.pdf", "pixel_bomb.pdf", "zz_duplicate.pdf", odd_name]
    assert sorted(r["source_file"] for r in errors) == sorted(bad)
    assert sorted(r["source_file"] for r in agreements) == sorted(GOOD)
    by_name = {r["source_file"]: r for r in errors}
    for row in errors:
        assert row["stage"] in {"load", "ocr", "classify", "dedupe"}, row
        assert row["error"].strip() and "Traceback" not in row["error"], row
    assert by_name["too_many_pages.pdf"]["stage"] == "load"
    assert by_name["zz_duplicate.pdf"]["stage"] == "dedupe"
    assert re.search(r"not a PDF", by_name[odd_name]["error"])
    for name in CASES:
        stages, pattern = CASES[name]
        assert by_name[name]["stage"] in stages and re.search(pattern, by_name[name]["error"], re.IGNORECASE), by_name[name]
