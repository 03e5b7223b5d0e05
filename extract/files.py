"""Files aqb writes beside its data: replaced atomically, hashed, stamped with UTC times."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


def utc_now() -> str:
    """The current UTC time as ISO 8601 to the second, as every record and state file keeps it."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_atomic(path: Path, write: Callable[[str], object]) -> None:
    """Replace `path` with what `write(temporary_path)` writes: the file is written and synced under a
    hidden temporary name in the same folder (`.NAME.*.tmp`), then renamed, so readers and a crash see
    the old file or the new one, never a part. The temporary file is removed when writing fails."""
    tmp = _write_hidden(path, write)
    try:
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    write_atomic(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))


def _write_hidden(path: Path, write: Callable[[str], object]) -> str:
    """`write(temporary_path)` into a hidden temporary file beside `path` (`.NAME.*.tmp`), synced and
    made readable; the temporary file is removed when writing fails. Returns its name."""
    hidden = path.name if path.name.startswith(".") else f".{path.name}"
    handle, tmp = tempfile.mkstemp(prefix=f"{hidden}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        write(tmp)
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


class StagedFiles:
    """Files replaced together: each new content is first written in full to a hidden temporary file
    beside its target (see `replaced_together`), and only when every one is complete are they renamed,
    so a full disk or a kill while writing leaves the previous files whole (a kill among the renames
    leaves some new files beside older ones)."""

    def __init__(self) -> None:
        self.staged: list[tuple[Path, Path]] = []  # (temporary file, target)

    def stage(self, path: Path, write: Callable[[str], object]) -> Path:
        """Write `path`'s new content; returns the temporary file holding it until the renames."""
        tmp = Path(_write_hidden(path, write))
        self.staged.append((tmp, path))
        return tmp

    def stage_text(self, path: Path, text: str) -> Path:
        return self.stage(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))

    def discard(self) -> None:
        for tmp, _ in self.staged:
            tmp.unlink(missing_ok=True)
        self.staged = []

    def commit(self) -> list[Path]:
        """Rename every staged file onto its target; the targets."""
        targets = []
        try:
            for tmp, path in self.staged:
                os.replace(tmp, path)
                targets.append(path)
        finally:
            for tmp, _ in self.staged[len(targets):]:
                tmp.unlink(missing_ok=True)
            self.staged = []
        return targets


@contextmanager
def replaced_together() -> Iterator[StagedFiles]:
    """Stage files in the block; they replace their targets together when it ends, and none does when
    it raises (their temporary files are removed)."""
    staged = StagedFiles()
    try:
        yield staged
    except BaseException:
        staged.discard()
        raise
    staged.commit()
