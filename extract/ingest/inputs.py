"""The inputs of a run: files as given and the PDFs found in folders, by the names they get in the
dataset. Entries that cannot be inputs (FIFOs, sockets, dangling links, link loops) are listed as
skipped with the reason, and the output folder is never read as input."""

from __future__ import annotations

import errno
import logging
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from extract.dataset.schema import ErrorRow
from extract.errors import Stage, UsageError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class InputFile:
    path: Path
    source_file: str  # relative to the input folder it was found in


def printable(name: str) -> str:
    """A file name as it is, or, when it is not valid UTF-8, with the undecodable bytes written as
    \\xNN (so that CSV, Parquet and the store can hold it)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", errors="backslashreplace")
    return name


def source_name(relative: str) -> str:
    """The name a file gets in the dataset (see printable)."""
    shown = printable(relative)
    if shown != relative:
        log.warning("%s: the file name is not valid UTF-8; listed as %s", shown, shown)
    return shown


def _skip(source_file: str, reason: str) -> ErrorRow:
    log.warning("%s: skipped: %s", source_file, reason)
    return ErrorRow(source_file, "", Stage.SKIPPED, reason)


def entry_kind(path: Path) -> str | None:
    """None for a regular file (followed through links), else why the entry cannot be an input."""
    try:
        mode = path.stat().st_mode
    except OSError as e:
        if e.errno == errno.ELOOP:
            return "a symbolic link loop"
        if path.is_symlink():
            return "a dangling symbolic link"
        return f"cannot be read: {e.strerror or e}"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    kinds = {stat.S_ISFIFO: "a FIFO (named pipe)", stat.S_ISSOCK: "a socket", stat.S_ISCHR: "a character device",
             stat.S_ISBLK: "a block device"}
    return next((name for test, name in kinds.items() if test(mode)), "not a regular file")


def _walk(folder: Path, exclude: Path | None) -> Iterator[Path]:
    """Every entry below `folder`, following links to folders once (a link loop is not entered
    again), leaving out the output folder `exclude`."""
    seen: set[tuple[int, int]] = set()
    for root, dirs, files in os.walk(folder, followlinks=True):
        here = Path(root)
        st = here.stat()
        if (st.st_dev, st.st_ino) in seen or (exclude is not None and here.resolve() == exclude):
            dirs[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files + [d for d in dirs if d.lower().endswith(".pdf")]:
            yield here / name


def discover_inputs(inputs: Iterable[Path], exclude: Path | None = None) -> tuple[list[InputFile], list[ErrorRow]]:
    """Files as given, folders searched recursively for *.pdf (any case); the output folder
    `exclude` is never read as input. Returns the inputs and the entries skipped (FIFOs, sockets,
    dangling links, link loops, ...) as errors rows with their reason."""
    found: dict[Path, InputFile] = {}
    skipped: list[ErrorRow] = []
    out = exclude.resolve() if exclude is not None else None
    for item in inputs:
        item = Path(item)
        if item.is_dir():
            entries = sorted((p for p in _walk(item, out) if p.suffix.lower() == ".pdf" and not p.name.startswith(".")),
                             key=lambda p: p.relative_to(item).as_posix())
            for path in entries:
                name = source_name(path.relative_to(item).as_posix())
                why = entry_kind(path)
                if why is not None:
                    if why != "a folder":
                        skipped.append(_skip(name, why))
                    continue
                real = path.resolve()
                if out is not None and real.is_relative_to(out):
                    continue  # e.g. OUT/archive/*.pdf written by --archive
                found.setdefault(real, InputFile(path, name))
        elif item.exists() or item.is_symlink():
            why = entry_kind(item)
            if why is not None:
                skipped.append(_skip(source_name(item.name), why))
                continue
            found.setdefault(item.resolve(), InputFile(item, source_name(item.name)))
        else:
            raise UsageError(f"input not found: {item}")
    return list(found.values()), skipped
