"""The OCR engine seam: recordings are keyed by the image's pixels and the call, replayed without
Tesseract, and (e2e) the committed recordings still equal what Tesseract reads today."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw

from conftest import SAMPLES
from extract.errors import MissingDependencyError, OcrError
from extract.reading import capi
from extract.reading.engine import (
    RECORDED_WITH,
    OcrData,
    RecordingEngine,
    ReplayEngine,
    TesseractCli,
    TesseractEngine,
    call_key,
    engine_from_env,
    pixel_libraries,
)
from extract.reading.ocr import data_to_lines, page_to_image, tesseract_config
from extract.reading.prepare import prepare
from extract.reading.reread import DIGITS
from extract.settings import Settings

RECORDINGS = Path(__file__).resolve().parent.parent / "resources" / "ocr_replay"
# A scanned sample page the fast tier OCRs (through the small samples run), checked against Tesseract below.
CHECKED_PAGE = (SAMPLES / "seed_000_scan.pdf", 1)


class FakeTesseract:
    """Answers like Tesseract, counting its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def version(self, lang: str) -> str:
        self.calls += 1
        return "5.3.0"

    def read(self, image: Image.Image, lang: str, config: str, timeout: float) -> OcrData:
        self.calls += 1
        return {"block_num": [1, 1, 1], "par_num": [1, 1, 1], "line_num": [0, 1, 1], "text": ["", "Zielvereinbarung", "2025"],
                "conf": [-1, 96.5, 91.0], "left": [0, 10, 120], "top": [0, 10, 10], "width": [200, 100, 40], "height": [100, 12, 12]}

    def orientation(self, image: Image.Image, timeout: float) -> int:
        self.calls += 1
        return 90


def page(mark: int) -> Image.Image:
    image = Image.new("L", (200, 100), 255)
    ImageDraw.Draw(image).rectangle((mark, 10, mark + 20, 30), fill=0)
    return image


def test_a_recorded_answer_is_replayed_without_the_engine(tmp_path: Path) -> None:
    fake = FakeTesseract()
    recorder = RecordingEngine(tmp_path, fake)
    recorded = (recorder.version("deu"), recorder.read(page(10), "deu", "--psm 3", 10), recorder.orientation(page(10), 10))
    replay = ReplayEngine(tmp_path)
    replayed = (replay.version("deu"), replay.read(page(10), "deu", "--psm 3", 10), replay.orientation(page(10), 10))
    assert fake.calls == 3
    assert replayed == recorded
    assert replayed[1]["text"] == ["Zielvereinbarung", "2025"]  # the rows without a word are not kept
    assert data_to_lines(replayed[1], 200, 100) == data_to_lines(fake.read(page(10), "deu", "", 0), 200, 100)


def test_a_recorded_failure_is_replayed_as_the_same_error(tmp_path: Path) -> None:
    class Blind(FakeTesseract):
        def orientation(self, image: Image.Image, timeout: float) -> int:
            raise OcrError("orientation detection failed: Too few characters. Skipping this page")

    with pytest.raises(OcrError, match="Too few characters"):
        RecordingEngine(tmp_path, Blind()).orientation(page(10), 10)
    with pytest.raises(OcrError, match="Too few characters"):
        ReplayEngine(tmp_path).orientation(page(10), 10)


def test_another_image_or_other_options_are_not_replayed(tmp_path: Path) -> None:
    RecordingEngine(tmp_path, FakeTesseract()).read(page(10), "deu", "--psm 3", 10)
    replay = ReplayEngine(tmp_path)
    for image, config in ((page(11), "--psm 3"), (page(10), "--psm 6")):
        with pytest.raises(MissingDependencyError, match="no recorded OCR answer"):
            replay.read(image, "deu", config, 10)


def test_a_miss_names_the_page_image_libraries_that_changed_since_the_recording(tmp_path: Path) -> None:
    RecordingEngine(tmp_path, FakeTesseract()).read(page(10), "deu", "--psm 3", 10)
    with pytest.raises(MissingDependencyError) as same:
        ReplayEngine(tmp_path).read(page(11), "deu", "--psm 3", 10)
    assert "other page-image libraries" not in str(same.value)
    recorded = json.loads((tmp_path / RECORDED_WITH).read_text(encoding="utf-8"))
    assert recorded == pixel_libraries() and set(recorded) == {"pypdfium2", "pillow", "numpy"}
    (tmp_path / RECORDED_WITH).write_text(json.dumps({**recorded, "pypdfium2": "0.1"}), encoding="utf-8")
    with pytest.raises(MissingDependencyError, match=r"other page-image libraries \(pypdfium2 0\.1 there, [0-9.]+ here\)"):
        ReplayEngine(tmp_path).read(page(11), "deu", "--psm 3", 10)


def test_the_key_is_the_pixels_and_the_call() -> None:
    assert call_key(page(10), "read", "deu") == call_key(page(10), "read", "deu")
    assert len({call_key(page(10), "read", "deu"), call_key(page(12), "read", "deu"), call_key(page(10), "read", "eng"),
                call_key(page(10).convert("1"), "read", "deu")}) == 4


def test_the_engine_is_named_by_the_environment(tmp_path: Path) -> None:
    assert type(engine_from_env("")) is TesseractEngine and type(engine_from_env("tesseract")) is TesseractEngine
    assert type(engine_from_env("cli")) is TesseractCli
    assert isinstance(engine_from_env(f"replay:{tmp_path}"), ReplayEngine)
    assert isinstance(engine_from_env(f"record:{tmp_path}"), RecordingEngine)
    with pytest.raises(MissingDependencyError, match="expected tesseract, cli, replay:DIR or record:DIR"):
        engine_from_env("replay")


@pytest.mark.e2e
def test_the_recorded_answers_equal_what_tesseract_reads_now() -> None:
    """Stale recordings (another Tesseract, another rendering) would let the fast tier test the past.
    The page is read as the pipeline reads it (prepared, at its resolution): the call the fast tier replays."""
    settings = Settings()
    page_image = page_to_image(*CHECKED_PAGE, settings)
    image = prepare(page_image.image, settings).image
    config = tesseract_config(settings, page_image.dpi)
    replayed = ReplayEngine(RECORDINGS).read(image, settings.lang, config, settings.ocr_timeout_s)
    real = TesseractEngine().read(image, settings.lang, config, settings.ocr_timeout_s)
    assert data_to_lines(replayed, image.width, image.height) == data_to_lines(real, image.width, image.height)
    assert ReplayEngine(RECORDINGS).version(settings.lang) == TesseractEngine().version(settings.lang)


def test_a_command_line_becomes_the_in_process_settings() -> None:
    assert capi.parse_config("--psm 3") == (3, ())
    assert capi.parse_config(f"--psm 7 -c tessedit_char_whitelist={DIGITS.replace(' ', '')}") == (
        7, (("tessedit_char_whitelist", "0123456789.,-€/"),))
    with pytest.raises(OcrError, match="not supported in-process"):
        capi.parse_config("--psm 3 --dpi 300")


def _calls(image: Image.Image) -> list[tuple[str, Image.Image]]:
    """Every kind of call aqb makes: the page, a block of it, a line (scaled up, with a whitelist), sparse text, a raw line."""
    line = image.crop((0, image.height // 3, image.width, image.height // 3 + image.height // 25))
    return [("--psm 3", image), ("--psm 6", image.crop((0, 0, image.width, image.height // 4))),
            ("--psm 7", line), (f"--psm 7 -c tessedit_char_whitelist={DIGITS.replace(' ', '')}", line.resize((line.width * 2, line.height * 2))),
            ("--psm 11", line), ("--psm 13", line), ("--psm 3", image.convert("1")), ("--psm 6", image.crop((0, 0, 900, 700)).convert("RGB"))]


@pytest.mark.e2e
@pytest.mark.parametrize("name", ["seed_000_scan.pdf", "2013_06440_scan.pdf", "2018_06412_scan.pdf"])
def test_in_process_tesseract_reads_exactly_what_the_command_reads(name: str) -> None:
    """The in-process binding (one model load per process) answers every call like the command, in any order."""
    if not capi_loads():
        pytest.skip("libtesseract not loadable")
    settings = Settings()
    image = prepare(page_to_image(SAMPLES / name, 1, settings).image, settings).image
    inside, command = TesseractEngine(), TesseractCli()
    for config, picture in _calls(image):
        assert inside.read(picture, settings.lang, config, 60) == command.read(picture, settings.lang, config, 60), config
    for angle in (0, 90, 180, 270):
        turned = image.rotate(angle, expand=True)
        assert inside.orientation(turned, 60) == command.orientation(turned, 60) == angle  # PIL turns counter-clockwise


@pytest.mark.e2e
def test_in_process_tesseract_fails_like_the_command_on_a_blank_page() -> None:
    if not capi_loads():
        pytest.skip("libtesseract not loadable")
    blank = Image.new("L", (600, 800), 255)
    assert TesseractEngine().read(blank, "deu", "--psm 3", 60)["text"] == TesseractCli().read(blank, "deu", "--psm 3", 60)["text"]
    for engine in (TesseractEngine(), TesseractCli()):
        with pytest.raises(OcrError, match="orientation detection failed"):
            engine.orientation(blank, 60)


def capi_loads() -> bool:
    try:
        capi.library()
    except capi.LibraryMissing:
        return False
    return True


@pytest.mark.e2e
def test_in_process_tesseract_stops_at_its_time_limit() -> None:
    """Tesseract's deadline ends the in-process call as the command's time limit ends the command."""
    if not capi_loads():
        pytest.skip("libtesseract not loadable")
    settings = Settings()
    image = page_to_image(*CHECKED_PAGE, settings).image
    for engine in (TesseractEngine(), TesseractCli()):
        with pytest.raises(OcrError, match="timed out"):
            engine.read(image, settings.lang, "--psm 3", 0.05)


def _read_until_stopped(started: Any) -> None:
    """A pool worker's life: SIGTERM handled in Python (ingest/workers.py), pages read in-process, again and again."""
    import os
    import signal
    import time

    from extract.ingest.workers import _kill_group

    os.setpgrp()  # as a worker leads its own process group, which its handler kills
    capi.end_on_sigterm()
    signal.signal(signal.SIGTERM, _kill_group)
    settings = Settings()
    page = page_to_image(*CHECKED_PAGE, settings).image
    image = Image.new("L", (page.width, 3 * page.height), 255)  # three pages in one: seconds to read
    for index in range(3):
        image.paste(page, (0, index * page.height))
    TesseractEngine().read(page.crop((0, 0, 200, 200)), settings.lang, "--psm 3", 60)  # the model loaded
    started.set()
    for _ in range(20):
        TesseractEngine().read(image, settings.lang, "--psm 3", 60)
    time.sleep(60)  # not reached when SIGTERM ends the reading


@pytest.mark.e2e
def test_sigterm_stops_a_worker_while_tesseract_reads_in_it() -> None:
    """No Python signal handler runs inside the C call: a worker is ended by SIGTERM at once, as when
    it waited for the tesseract command, not after the page (a time limit, a shutdown)."""
    import multiprocessing
    import signal
    import time

    if not capi_loads():
        pytest.skip("libtesseract not loadable")
    context = multiprocessing.get_context("fork")
    started = context.Event()
    worker = context.Process(target=_read_until_stopped, args=(started,))
    worker.start()
    assert started.wait(60)
    time.sleep(0.3)  # inside a reading (each takes seconds)
    sent = time.monotonic()
    worker.terminate()
    worker.join(30)
    assert worker.exitcode == -signal.SIGTERM
    assert time.monotonic() - sent < 0.5


def test_the_command_reads_when_the_library_is_missing_or_of_another_version(monkeypatch: pytest.MonkeyPatch) -> None:
    """The page cache is keyed by the command's version: a library of another version must not read."""
    from extract.reading import engine as engine_module

    monkeypatch.setattr(TesseractCli, "read", lambda self, image, lang, config, timeout: {"text": ["by the command"]})
    monkeypatch.setattr(engine_module, "_tesseract_version", lambda lang: "5.3.0")

    def missing() -> str:
        raise capi.LibraryMissing("libtesseract not found")

    for version in ("4.1.1", missing):
        monkeypatch.setattr(capi, "library_version", version if callable(version) else lambda v=version: v)
        engine_module._library_usable.cache_clear()
        try:
            assert TesseractEngine().read(page(10), "deu", "--psm 3", 10) == {"text": ["by the command"]}
        finally:
            engine_module._library_usable.cache_clear()
