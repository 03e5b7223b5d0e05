"""The OCR engine: the one place Tesseract is called. Every OCR call of aqb goes through `engine()`.

TesseractEngine runs Tesseract in the worker process, through libtesseract's C API (capi.py: the
language model is loaded once per process, not once per call); where the library cannot be loaded it
runs the `tesseract` command (TesseractCli, via pytesseract), which `AQB_OCR_ENGINE=cli` also chooses.
Both give the same answers (tests/reading/test_engine.py). For tests and benchmarks the engine can be
replaced: `AQB_OCR_ENGINE=record:DIR` runs Tesseract and keeps each answer in DIR, `AQB_OCR_ENGINE=replay:DIR`
answers from DIR without Tesseract (a call that was not recorded fails). An answer is keyed by the
SHA-256 of the image (mode, size, pixels) and the call's language and options, so a change in how
pages are rendered or preprocessed misses the recording instead of replaying a stale answer."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import pytesseract
from PIL import Image

from extract.errors import MissingDependencyError, OcrError
from extract.reading import capi

log = logging.getLogger(__name__)

ENV = "AQB_OCR_ENGINE"
INSTALL_HINT = "install it with: apt-get install tesseract-ocr tesseract-ocr-deu"
# The columns of Tesseract's image_to_data that aqb reads (see ocr.data_to_lines).
DATA_KEYS = ("block_num", "par_num", "line_num", "text", "conf", "left", "top", "width", "height")

OcrData = dict[str, list[Any]]


class OcrEngine(Protocol):
    def version(self, lang: str) -> str:
        """The engine's version; raises MissingDependencyError when it or the language model is missing."""
        ...

    def read(self, image: Image.Image, lang: str, config: str, timeout: float) -> OcrData:
        """Words with boxes and confidences, as pytesseract's image_to_data DICT (the DATA_KEYS columns)."""
        ...

    def orientation(self, image: Image.Image, timeout: float) -> int:
        """Clockwise degrees the image is turned (Tesseract's orientation detection); 0 if unsure."""
        ...


def image_to_file(image: Image.Image, folder: str | None = None) -> str:
    """Write an image uncompressed (PGM/PBM) for Tesseract; encoding PNG would cost more than reading it."""
    handle, path = tempfile.mkstemp(prefix="aqb-page-", suffix={"1": ".pbm", "RGB": ".ppm"}.get(image.mode, ".pgm"), dir=folder)
    os.close(handle)
    image.save(path)
    return path


class TesseractCli:
    """The `tesseract` command, one process per call."""

    def version(self, lang: str) -> str:
        return _tesseract_version(lang)

    def read(self, image: Image.Image, lang: str, config: str, timeout: float) -> OcrData:
        path = image_to_file(image)
        try:
            data = pytesseract.image_to_data(path, lang=lang, config=config, output_type=pytesseract.Output.DICT, timeout=timeout)
        except RuntimeError as e:  # pytesseract signals its timeout this way
            raise OcrError(f"Tesseract timed out after {timeout:.0f} s") from e
        except pytesseract.TesseractError as e:
            raise OcrError(f"Tesseract failed: {e.message.strip()}") from e
        finally:
            os.unlink(path)
        return {key: list(data[key]) for key in DATA_KEYS}

    def orientation(self, image: Image.Image, timeout: float) -> int:
        path = image_to_file(image)
        try:
            osd = pytesseract.image_to_osd(path, config="--psm 0", timeout=timeout)
        except (pytesseract.TesseractError, RuntimeError) as e:
            raise OcrError(f"orientation detection failed: {e}") from e
        finally:
            os.unlink(path)
        for line in str(osd).splitlines():  # "Rotate: 90" among Tesseract's OSD report lines
            name, _, value = line.partition(":")
            if name.strip() == "Rotate" and value.strip().isdigit():
                return int(value)
        return 0


class TesseractEngine(TesseractCli):
    """Tesseract in this process (capi.py), the same library the command runs; the command when the
    library cannot be loaded or is of another version than the command (whose version keys the page
    cache). The version check stays the command's: it needs no library in the process that only
    schedules the work."""

    def read(self, image: Image.Image, lang: str, config: str, timeout: float) -> OcrData:
        if not _library_usable(lang):
            return super().read(image, lang, config, timeout)
        data = capi.read_tsv(image, lang, config, timeout)
        return {key: list(data[key]) for key in DATA_KEYS}

    def orientation(self, image: Image.Image, timeout: float) -> int:
        if not _library_usable(lang="osd"):
            return super().orientation(image, timeout)
        return capi.read_rotation(image)


@lru_cache(maxsize=4)
def _library_usable(lang: str) -> bool:
    """Whether libtesseract loads and is the version of the `tesseract` command (checked once per process)."""
    try:
        loaded = capi.library_version()
    except capi.LibraryMissing as e:
        log.info("Tesseract runs as a command per page: %s", e)
        return False
    command = _tesseract_version(lang)
    if loaded != command:
        log.warning("libtesseract %s is not the tesseract command's version %s: the command is used", loaded, command)
        return False
    return True


@lru_cache(maxsize=4)
def _tesseract_version(lang: str) -> str:
    """Check once per process that Tesseract and its language model are installed."""
    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        raise MissingDependencyError(f"Tesseract not found; {INSTALL_HINT}")
    try:
        version = str(pytesseract.get_tesseract_version())
        languages = pytesseract.get_languages(config="")
    except (pytesseract.TesseractError, OSError) as e:
        raise MissingDependencyError(f"Tesseract does not run ({e}); {INSTALL_HINT}") from e
    missing = [code for code in lang.split("+") if code not in languages]
    if missing:
        raise MissingDependencyError(f"Tesseract language model {'+'.join(missing)} missing; {INSTALL_HINT}")
    return version


def call_key(image: Image.Image | None, *parts: object) -> str:
    """The recording key of an OCR call: the image's pixels (if any) and the call's options."""
    digest = hashlib.sha256(json.dumps([*map(str, parts)]).encode())
    if image is not None:
        digest.update(json.dumps([image.mode, list(image.size)]).encode())
        digest.update(image.tobytes())
    return digest.hexdigest()[:32]


# The libraries that turn a PDF page into pixels: another version of any of them may give other pixels
# and so other recording keys. The recording names the versions it was made with.
RECORDED_WITH = "recorded_with.json"
PIXEL_LIBRARIES = ("pypdfium2", "pillow", "numpy")


def pixel_libraries() -> dict[str, str]:
    """The installed versions of the libraries that render and prepare page images."""
    from importlib.metadata import PackageNotFoundError, version
    found = {}
    for name in PIXEL_LIBRARIES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "missing"
    return found


def version_drift(folder: Path) -> str:
    """Where the recording in `folder` was made with other pixel libraries than these: which ones."""
    path = folder / RECORDED_WITH
    if not path.is_file():
        return ""
    recorded = json.loads(path.read_text(encoding="utf-8"))
    now = pixel_libraries()
    drift = [f"{name} {recorded[name]} there, {now[name]} here" for name in PIXEL_LIBRARIES
             if name in recorded and recorded[name] != now[name]]
    return f"; the recording was made with other page-image libraries ({', '.join(drift)})" if drift else ""


class ReplayEngine:
    """Answers every call from the recordings in a folder; nothing runs Tesseract. A recorded failure
    (Tesseract could not read the page, found no orientation) is raised again as the OcrError it was."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def _answer(self, key: str, what: str) -> Any:
        path = self.folder / f"{key}.json"
        if not path.is_file():
            drift = version_drift(self.folder)
            raise MissingDependencyError(f"no recorded OCR answer for this {what} ({path.name} in {self.folder}){drift}; "
                                         f"record again with {ENV}=record:{self.folder} (make record-ocr)")
        recording = json.loads(path.read_text(encoding="utf-8"))
        if "error" in recording:
            raise OcrError(recording["error"])
        return recording["answer"]

    def version(self, lang: str) -> str:
        return str(self._answer(call_key(None, "version", lang), "version check"))

    def read(self, image: Image.Image, lang: str, config: str, timeout: float) -> OcrData:
        answer: OcrData = self._answer(call_key(image, "read", lang, config), "page image")
        return answer

    def orientation(self, image: Image.Image, timeout: float) -> int:
        return int(self._answer(call_key(image, "orientation"), "orientation check"))


class RecordingEngine:
    """Tesseract, keeping every answer (and every OcrError) in a folder for ReplayEngine."""

    def __init__(self, folder: Path, engine: OcrEngine | None = None) -> None:
        self.folder, self.engine = Path(folder), engine or TesseractEngine()
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / RECORDED_WITH).write_text(json.dumps(pixel_libraries(), indent=1) + "\n", encoding="utf-8")

    def _write(self, key: str, recording: dict[str, Any]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f".{key}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(recording, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
        os.replace(tmp, self.folder / f"{key}.json")

    def _keep(self, key: str, what: str, call: Callable[[], Any]) -> Any:
        try:
            answer = call()
        except OcrError as e:
            self._write(key, {"call": what, "error": str(e)})
            raise
        if what == "read":  # only the words: the rows Tesseract reports without text are never looked at
            keep = [i for i, text in enumerate(answer["text"]) if text and text.strip()]
            answer = {column: [values[i] for i in keep] for column, values in answer.items()}
        self._write(key, {"call": what, "answer": answer})
        return answer

    def version(self, lang: str) -> str:
        return str(self._keep(call_key(None, "version", lang), "version", lambda: self.engine.version(lang)))

    def read(self, image: Image.Image, lang: str, config: str, timeout: float) -> OcrData:
        data: OcrData = self._keep(call_key(image, "read", lang, config), "read", lambda: self.engine.read(image, lang, config, timeout))
        return data

    def orientation(self, image: Image.Image, timeout: float) -> int:
        return int(self._keep(call_key(image, "orientation"), "orientation", lambda: self.engine.orientation(image, timeout)))


_chosen: OcrEngine | None = None


def engine() -> OcrEngine:
    """The OCR engine of this process: set_engine's, else the one AQB_OCR_ENGINE names, else Tesseract."""
    if _chosen is not None:
        return _chosen
    return engine_from_env(os.environ.get(ENV, ""))


@lru_cache(maxsize=4)
def engine_from_env(value: str) -> OcrEngine:
    kind, _, folder = value.partition(":")
    if kind in ("", "tesseract"):
        return TesseractEngine()
    if kind == "cli":
        return TesseractCli()
    if kind in ("replay", "record") and folder:
        return ReplayEngine(Path(folder)) if kind == "replay" else RecordingEngine(Path(folder))
    raise MissingDependencyError(f"{ENV}={value!r}: expected tesseract, cli, replay:DIR or record:DIR")


def set_engine(chosen: OcrEngine | None) -> None:
    """Use this engine in this process (None: back to AQB_OCR_ENGINE or Tesseract)."""
    global _chosen
    _chosen = chosen
