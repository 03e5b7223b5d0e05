"""Tesseract in this process, through the C API of libtesseract: the library the `tesseract`
command is itself built on, so a page read here gives the same words, boxes and confidences as the
command (tests/reading/test_engine.py compares both on real pages).

Why: every `tesseract` command loads its language model again (about 0.1 s of CPU, as much as a
third of a small re-read region's whole cost) and gets the page through an image file. Here the
model is loaded once per process and language (and set of -c variables), and the page's pixels
are handed over from memory.

Each call sets the page segmentation mode it asks for; -c variables (a character whitelist) are
kept apart by giving every distinct set its own handle, so no call inherits another's variables.
OpenMP: the library reads OMP_THREAD_LIMIT when it is loaded, so it is set to 1 first unless it
is set (one Tesseract thread per worker process, as the `tesseract` floor is measured).

Signals: no Python signal handler runs while the library works. A pool worker's SIGTERM handler
(ingest/workers.py) only ends the worker, so a worker (end_on_sigterm) lets SIGTERM end it at once
during a call, as it ended the `tesseract` command it waited for; a time limit or a shutdown stops
it at once, not when the page is read."""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import os
import shlex
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

import pytesseract
from PIL import Image

from extract.errors import OcrError

LIBRARY = "tesseract"  # libtesseract.so.5 on Debian (package libtesseract5, a dependency of tesseract-ocr)
# The header line of the `tesseract ... tsv` output file: the columns GetTsvText writes.
TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
# Tesseract's orientation id (quadrants the page is turned counter-clockwise) as the clockwise degrees
# to turn it upright, which `tesseract --psm 0` prints as "Rotate:" (OrientationIdToValue in its source).
ROTATE = {0: 0, 90: 270, 180: 180, 270: 90}
BYTES_PER_PIXEL = {"1": 0, "L": 1, "RGB": 3}  # SetImage's bytes_per_pixel (0: one bit, set = white, as PIL's mode 1)


_end_on_sigterm = False


def end_on_sigterm() -> None:
    """In this process (a pool worker) SIGTERM ends a Tesseract call and the process at once."""
    global _end_on_sigterm
    _end_on_sigterm = True


@contextmanager
def _sigterm_ends_call() -> Iterator[None]:
    if not _end_on_sigterm or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class LibraryMissing(OSError):
    """libtesseract cannot be loaded (or has no C API): the `tesseract` command is used instead."""


def _declare(lib: ctypes.CDLL) -> ctypes.CDLL:
    p, i, f, s = ctypes.c_void_p, ctypes.c_int, ctypes.c_float, ctypes.c_char_p
    signatures = {
        "TessVersion": (s, []),
        "TessBaseAPICreate": (p, []),
        "TessBaseAPIDelete": (None, [p]),
        "TessBaseAPIInit3": (i, [p, s, s]),
        "TessBaseAPISetVariable": (i, [p, s, s]),
        "TessBaseAPISetPageSegMode": (None, [p, i]),
        "TessBaseAPISetImage": (None, [p, s, i, i, i, i]),
        "TessBaseAPIRecognize": (i, [p, p]),
        "TessBaseAPIGetTsvText": (p, [p, i]),
        "TessBaseAPIDetectOrientationScript": (i, [p, ctypes.POINTER(i), ctypes.POINTER(f), ctypes.POINTER(s), ctypes.POINTER(f)]),
        "TessBaseAPIClear": (None, [p]),
        "TessDeleteText": (None, [p]),
        "TessMonitorCreate": (p, []),
        "TessMonitorDelete": (None, [p]),
        "TessMonitorSetDeadlineMSecs": (None, [p, i]),
    }
    for name, (restype, argtypes) in signatures.items():
        function = getattr(lib, name)
        function.restype, function.argtypes = restype, argtypes
    return lib


@lru_cache(maxsize=1)
def library() -> ctypes.CDLL:
    """libtesseract, loaded once per process; LibraryMissing when it is not installed."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    name = ctypes.util.find_library(LIBRARY)
    if name is None:
        raise LibraryMissing("libtesseract not found")
    try:
        return _declare(ctypes.CDLL(name))
    except (OSError, AttributeError) as e:
        raise LibraryMissing(f"libtesseract has no usable C API: {e}") from e


def library_version() -> str:
    return str(library().TessVersion().decode())


def parse_config(config: str) -> tuple[int | None, tuple[tuple[str, str], ...]]:
    """A command line's options as the page segmentation mode and the -c variables, e.g.
    '--psm 7 -c tessedit_char_whitelist=0123' -> (7, (('tessedit_char_whitelist', '0123'),))."""
    psm, variables = None, []
    words = shlex.split(config)
    for index, word in enumerate(words):
        value = words[index + 1] if index + 1 < len(words) else ""
        if word == "--psm" and value.isdigit():
            psm = int(value)
        elif word == "-c" and "=" in value:
            name, _, setting = value.partition("=")
            variables.append((name, setting))
        elif word.startswith("-") and word not in ("--psm", "-c"):
            raise OcrError(f"Tesseract option {word!r} is not supported in-process")
    return psm, tuple(variables)


class Api:
    """One TessBaseAPI handle: a language model loaded with a set of -c variables."""

    def __init__(self, lang: str, variables: tuple[tuple[str, str], ...]) -> None:
        lib = library()
        self.handle = lib.TessBaseAPICreate()
        if lib.TessBaseAPIInit3(self.handle, None, lang.encode()) != 0:
            lib.TessBaseAPIDelete(self.handle)
            raise OcrError(f"Tesseract could not load the language model {lang!r}")
        # the variables `tesseract ... tsv` runs with; Tesseract's messages ("Estimating resolution as 300") silenced
        for name, value in (("tessedit_create_tsv", "1"), ("debug_file", os.devnull), *variables):
            if not lib.TessBaseAPISetVariable(self.handle, name.encode(), value.encode()):
                raise OcrError(f"Tesseract has no variable {name!r}")

    def set_image(self, image: Image.Image) -> None:
        if not image.width or not image.height:  # the library would be handed no image at all
            raise OcrError("cannot read an empty image")
        if image.mode not in BYTES_PER_PIXEL:
            image = image.convert("L")
        depth = BYTES_PER_PIXEL[image.mode]
        per_line = (image.width + 7) // 8 if depth == 0 else image.width * depth
        library().TessBaseAPISetImage(self.handle, image.tobytes(), image.width, image.height, depth, per_line)

    def tsv(self, image: Image.Image, psm: int | None, timeout: float) -> str:
        """The words of the image as `tesseract IMAGE - tsv` writes them (with its header line)."""
        lib = library()
        if psm is not None:
            lib.TessBaseAPISetPageSegMode(self.handle, psm)
        self.set_image(image)
        monitor = lib.TessMonitorCreate()
        started = time.monotonic()
        try:
            lib.TessMonitorSetDeadlineMSecs(monitor, int(timeout * 1000))
            with _sigterm_ends_call():
                failed = lib.TessBaseAPIRecognize(self.handle, monitor) < 0
            if time.monotonic() - started >= timeout:
                raise OcrError(f"Tesseract timed out after {timeout:.0f} s")
            if failed:
                raise OcrError("Tesseract failed to read the image")
            text = lib.TessBaseAPIGetTsvText(self.handle, 0)
            if not text:
                raise OcrError("Tesseract returned no result")
            try:
                return TSV_HEADER + "\n" + ctypes.string_at(text).decode("utf-8", errors="replace")
            finally:
                lib.TessDeleteText(text)
        finally:
            lib.TessMonitorDelete(monitor)
            lib.TessBaseAPIClear(self.handle)

    def rotation(self, image: Image.Image) -> int:
        """Clockwise degrees to turn the image upright, as `tesseract --psm 0 -l osd` prints "Rotate:"."""
        lib = library()
        lib.TessBaseAPISetPageSegMode(self.handle, 0)
        self.set_image(image)
        degrees, confidence, script, script_confidence = ctypes.c_int(), ctypes.c_float(), ctypes.c_char_p(), ctypes.c_float()
        try:
            with _sigterm_ends_call():
                found = lib.TessBaseAPIDetectOrientationScript(self.handle, ctypes.byref(degrees), ctypes.byref(confidence),
                                                               ctypes.byref(script), ctypes.byref(script_confidence))
        finally:
            lib.TessBaseAPIClear(self.handle)
        if not found:
            raise OcrError("orientation detection failed: too few characters")
        return ROTATE.get(degrees.value, 0)


_apis: dict[tuple[int, int, str, tuple[tuple[str, str], ...]], Api] = {}


def api(lang: str, variables: tuple[tuple[str, str], ...] = ()) -> Api:
    """This process's (and thread's) handle for a language and variables; a forked child makes its own."""
    key = (os.getpid(), threading.get_ident(), lang, variables)
    if key not in _apis:
        _apis[key] = Api(lang, variables)
    return _apis[key]


@atexit.register
def _end() -> None:
    """Free this process's handles (else Tesseract reports its language model's caches as leaked at exit)."""
    for key in [key for key in _apis if key[0] == os.getpid()]:
        library().TessBaseAPIDelete(_apis.pop(key).handle)


def read_tsv(image: Image.Image, lang: str, config: str, timeout: float) -> dict[str, list]:
    """pytesseract.image_to_data's DICT for the image, read in this process."""
    psm, variables = parse_config(config)
    tsv = api(lang, variables).tsv(image, psm, timeout)
    data: dict[str, list] = pytesseract.pytesseract.file_to_dict(tsv, "\t", -1)
    return data


def read_rotation(image: Image.Image) -> int:
    return api("osd").rotation(image)
