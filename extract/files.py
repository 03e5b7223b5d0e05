"""Files aqb writes beside its data: replaced atomically, hashed, stamped with UTC times."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
from collections.abc import Callable
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
    hidden = path.name if path.name.startswith(".") else f".{path.name}"
    handle, tmp = tempfile.mkstemp(prefix=f"{hidden}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        write(tmp)
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    write_atomic(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))
