"""Exceptions. Each carries the stage it belongs to and an exit code; only the CLI turns them into one.

Exit codes (README "Exit codes", `aqb --help`): 0 done, 1 files of this run failed (the dataset is
written), 2 usage, 3 missing dependency, 4 locked, 5 the run could not complete (the previous
dataset is left as it was), 130 interrupted."""

from __future__ import annotations

from enum import Enum, IntEnum


class Stage(str, Enum):
    """Where a failure happened: the `stage` of an error row and of a log event."""

    PIPELINE = "pipeline"
    USAGE = "usage"
    RULES = "rules"
    DEPENDENCY = "dependency"
    LOCK = "lock"
    RUN = "run"  # the run could not complete (output not writable, disk full, bad corrections file, ...)
    STATE = "state"  # the state store is corrupt or foreign
    INTERRUPTED = "interrupted"  # Ctrl-C or SIGTERM
    DOCUMENT = "document"
    LOAD = "load"  # the file cannot be read or is no usable PDF
    OCR = "ocr"
    CLASSIFY = "classify"  # read, but not an AQB agreement
    DEDUPE = "dedupe"  # same content as another input file
    TIMEOUT = "timeout"  # the per-document time limit passed
    WORKER = "worker"  # the worker process died
    INTERNAL = "internal"  # an unexpected exception (a bug)
    SKIPPED = "skipped"  # an input entry that is no regular file (FIFO, socket, dangling link, link loop)
    FETCH = "fetch"

    def __str__(self) -> str:
        return self.value


class ExitCode(IntEnum):
    OK = 0
    FILES_FAILED = 1  # files of this run could not be turned into agreements; the dataset is written
    USAGE = 2  # bad option, input not found, invalid settings or rule files
    MISSING_DEPENDENCY = 3  # Tesseract, its German model, or an optional extra is not installed
    LOCKED = 4  # another run holds the output folder
    INCOMPLETE = 5  # the run could not complete: output not writable, disk full, corrupt state store, ...
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT; SIGTERM gives 143), after cleaning up


class AqbError(Exception):
    """Base class of every error aqb raises on purpose."""

    exit_code: int = ExitCode.INCOMPLETE
    stage: Stage = Stage.PIPELINE


class UsageError(AqbError):
    """Bad arguments or settings given by the user."""

    exit_code = ExitCode.USAGE
    stage = Stage.USAGE


class RulesError(AqbError):
    """A rule asset in models/ is missing or invalid."""

    exit_code = ExitCode.USAGE
    stage = Stage.RULES


class MissingDependencyError(AqbError):
    """An external program (Tesseract, its German model) or an optional extra is not installed."""

    exit_code = ExitCode.MISSING_DEPENDENCY
    stage = Stage.DEPENDENCY


class DocumentError(AqbError):
    """One input document could not be processed; the batch goes on.
    `retry` marks failures that say nothing about the content (the file could not be read now)."""

    exit_code = ExitCode.FILES_FAILED
    stage = Stage.DOCUMENT

    def __init__(self, message: str, retry: bool = False) -> None:
        super().__init__(message)
        self.retry = retry


class LoadError(DocumentError):
    stage = Stage.LOAD


class OcrError(DocumentError):
    stage = Stage.OCR


class NotAnAgreementError(DocumentError):
    stage = Stage.CLASSIFY


class LockedError(AqbError):
    """Another run holds the output folder's lock."""

    exit_code = ExitCode.LOCKED
    stage = Stage.LOCK


class RunIncompleteError(AqbError):
    """The run could not complete (output not writable, disk full, corrupt state store, unreadable
    corrections file, ...): nothing of it is published, the previous dataset stays as it was."""

    exit_code = ExitCode.INCOMPLETE
    stage = Stage.RUN


class StateStoreError(RunIncompleteError):
    """OUT/aqb-state.sqlite is corrupt or not an aqb state store."""

    stage = Stage.STATE


class WorkerRulesError(RulesError):
    """A cluster worker's rules (models/, settings, code) are not the driver's."""


class InterruptedRun(AqbError):
    """The run was stopped by Ctrl-C or SIGTERM; its temporary files are removed."""

    exit_code: int = ExitCode.INTERRUPTED
    stage = Stage.INTERRUPTED

    def __init__(self, message: str, signum: int = 2) -> None:
        super().__init__(message)
        self.exit_code = 128 + signum  # 130 for SIGINT (Ctrl-C), 143 for SIGTERM
