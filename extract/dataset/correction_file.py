"""OUT/corrections.csv as people keep it: written by `aqb correct`, opened and saved again by
spreadsheets. Read leniently (a byte order mark, Windows-1252, ';' or tab as separator, columns in any
order, extra columns); changed without losing what was there: `aqb correct` appends a line or removes
the lines of one correction, keeping every other line as it was (also lines it cannot read), the
file's encoding, separator, line ends and column order."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from extract.errors import RunIncompleteError, UsageError
from extract.files import write_atomic

CORRECTIONS_FILE = "corrections.csv"

# A correction value longer than this is no correction but a broken line (e.g. a whole text pasted in one cell).
MAX_VALUE_CHARS = 10_000
REQUIRED_COLUMNS = ("document", "field", "value")
DELIMITERS = (",", ";", "\t")  # a spreadsheet saves with ';' in German locales


@dataclass(frozen=True)
class Correction:
    document: str  # sha256 of the file, or its agreement_id
    source_file: str  # the file it was made for, to tell a changed document from a vanished one
    field: str
    position: str  # project position for project fields, else empty
    value: str
    note: str = ""
    author: str = ""
    date: str = ""
    was: str = ""  # a project field's value where the correction was made: the project is found by it, not by position alone


@dataclass(frozen=True)
class Conflict:
    """A correction that was not applied, and why."""

    correction: Correction
    reason: str


@dataclass(frozen=True)
class Dialect:
    """How a corrections.csv is written."""

    encoding: str  # utf-8, utf-8-sig (with byte order mark), cp1252 or latin-1
    delimiter: str
    newline: str  # "\n" or "\r\n"
    header: tuple[str, ...]  # the column names, lower-cased, in the file's order


NEW_FILE = Dialect("utf-8", ",", "\n", tuple(f.name for f in fields(Correction)))


@dataclass(frozen=True)
class Record:
    """One record of the file: its physical lines (1-based, inclusive) and what it holds."""

    first: int
    last: int
    correction: Correction | None  # None: the line cannot be a correction (see problem)
    problem: Conflict | None = None


def _decode(data: bytes) -> tuple[str, str]:
    """The text and its encoding: UTF-8 (with or without a byte order mark), else Windows-1252 as
    spreadsheets save it, else Latin-1."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    for encoding in ("utf-8", "cp1252", "latin-1"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte")


def _header(first: str) -> tuple[str, tuple[str, ...]]:
    """The delimiter and the column names: the delimiter that yields the most known column names."""
    known = {f.name for f in fields(Correction)}
    best = max(DELIMITERS, key=lambda d: len(known & {c.strip().lower() for c in next(csv.reader([first], delimiter=d), [])}))
    return best, tuple(c.strip().lower() for c in next(csv.reader([first], delimiter=best), []))


@dataclass(frozen=True)
class CorrectionsFile:
    path: Path
    dialect: Dialect
    lines: tuple[str, ...]  # the physical lines, without line ends ("" after a final line end)
    records: tuple[Record, ...]

    @property
    def corrections(self) -> list[Correction]:
        return [r.correction for r in self.records if r.correction is not None]

    @property
    def problems(self) -> list[Conflict]:
        return [r.problem for r in self.records if r.problem is not None]


def read_file(out: Path) -> CorrectionsFile | None:
    """OUT/corrections.csv, or None when there is none. RunIncompleteError when it cannot be read at
    all (unreadable, or no header with the columns document, field and value)."""
    path = out / CORRECTIONS_FILE
    if not path.is_file():
        return None
    try:
        raw, encoding = _decode(path.read_bytes())
    except OSError as e:
        raise RunIncompleteError(f"cannot read {path}: {e.strerror or e}") from e
    newline = "\r\n" if "\r\n" in raw else "\n"
    text = raw.replace("\r\n", "\n")
    delimiter, header = _header(text.split("\n", 1)[0])
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise RunIncompleteError(f"{path} cannot be read: its first line names no column {', '.join(missing)} "
                                 f"(expected a header with {', '.join(f.name for f in fields(Correction))})")
    return CorrectionsFile(path, Dialect(encoding, delimiter, newline, header), tuple(text.split("\n")),
                           tuple(_records(text, delimiter, header)))


def _records(text: str, delimiter: str, header: tuple[str, ...]) -> Iterator[Record]:
    names = {f.name for f in fields(Correction)}

    def problem(first: int, last: int, reason: str, values: dict[str, str]) -> Record:
        correction = Correction(**{name: values.get(name, "") for name in names})
        return Record(first, last, None, Conflict(correction, f"{CORRECTIONS_FILE} line {first}: {reason}"))

    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    next(reader, None)
    while True:
        first = reader.line_num + 1
        try:
            with _field_limit(MAX_VALUE_CHARS):
                cells = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            yield problem(first, reader.line_num, f"cannot be read ({e})", {})
            continue
        last = reader.line_num
        if not any(c.strip() for c in cells):
            continue  # blank lines, or a spreadsheet's empty rows
        values = {column: cell.strip() for column, cell in zip(header, cells) if column in names}
        extra = [c for c in cells[len(header):] if c.strip()]
        long = [column for column, cell in values.items() if len(cell) > MAX_VALUE_CHARS]
        empty = [column for column in ("document", "field") if not values.get(column)]
        if extra:
            yield problem(first, last, f"{len(cells)} fields, the header has {len(header)}", values)
        elif long:
            shortened = {k: v[:80] for k, v in values.items()}
            yield problem(first, last, f"{', '.join(long)} longer than {MAX_VALUE_CHARS} characters", shortened)
        elif empty or len(cells) < len(header) and "value" not in values:
            yield problem(first, last, f"missing {', '.join(empty or ['value'])}", values)
        else:
            yield Record(first, last, Correction(**{name: values.get(name, "") for name in names}))


@contextmanager
def _field_limit(chars: int) -> Iterator[None]:
    """csv's field size limit (process-wide; other libraries change it) set to `chars` while a line is
    read, so that a huge field is refused the same way whatever was imported before."""
    previous = csv.field_size_limit(chars)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _save(path: Path, dialect: Dialect, lines: list[str]) -> None:
    text = dialect.newline.join(lines)
    try:
        data = text.encode(dialect.encoding)
    except UnicodeEncodeError as e:
        bad = text[e.start:e.end]
        raise UsageError(f"{path} is saved as {dialect.encoding}, which cannot hold {bad!r}; save it as UTF-8 "
                         "(in Excel: 'CSV UTF-8') and correct again") from e
    write_atomic(path, lambda tmp: Path(tmp).write_bytes(data))


def append(out: Path, correction: Correction) -> None:
    """Add a correction as the file's last line, in the file's own dialect (a new file: UTF-8, ',')."""
    current = read_file(out)
    path = out / CORRECTIONS_FILE
    dialect = current.dialect if current else NEW_FILE
    lines = list(current.lines) if current else [_line(NEW_FILE, list(NEW_FILE.header))]
    values = {k: v for k, v in asdict(correction).items()}
    header = list(dialect.header)
    added = [name for name, value in values.items() if value and name not in header]
    if added:  # e.g. a sheet kept only document, field and value: the columns this correction needs are added
        header += added
        lines[0] += "".join(dialect.delimiter + name for name in added)
    if lines and lines[-1] == "":
        lines.pop()  # the final line end is written again below
    lines.append(_line(dialect, [values.get(name, "") for name in header]))
    _save(path, Dialect(dialect.encoding, dialect.delimiter, dialect.newline, tuple(header)), [*lines, ""])


def remove(out: Path, matches: Callable[[Correction], bool]) -> list[Correction]:
    """Remove the lines of the corrections `matches` accepts; every other line stays as it was.
    Returns the corrections removed."""
    current = read_file(out)
    if current is None:
        return []
    gone = [r for r in current.records if r.correction is not None and matches(r.correction)]
    if gone:
        drop = {n for r in gone for n in range(r.first, r.last + 1)}
        kept = [line for number, line in enumerate(current.lines, start=1) if number not in drop]
        _save(current.path, current.dialect, kept)
    return [r.correction for r in gone if r.correction is not None]


def _line(dialect: Dialect, cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=dialect.delimiter, lineterminator="").writerow(cells)
    return buffer.getvalue()
