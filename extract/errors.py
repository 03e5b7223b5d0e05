"""Exceptions. Each carries the stage it belongs to and an exit code; only the CLI turns them into one."""

from __future__ import annotations

from enum import Enum


class Stage(str, Enum):
    """Where a failure happened: the `stage` of an error row and of a log event."""

    PIPELINE = "pipeline"
    USAGE = "usage"
    RULES = "rules"
    DEPENDENCY = "dependency"
    LOCK = "lock"
    DOCUMENT = "document"
    LOAD = "load"  # the file cannot be read or is no usable PDF
    OCR = "ocr"
    CLASSIFY = "classify"  # read, but not an AQB agreement
    DEDUPE = "dedupe"  # same content as another input file
    TIMEOUT = "timeout"  # the per-document time limit passed
    WORKER = "worker"  # the worker process died
    INTERNAL = "internal"  # an unexpected exception (a bug)
    FETCH = "fetch"

    def __str__(self) -> str:
        return self.value


class AqbError(Exception):
    """Base class of every error aqb raises on purpose."""

    exit_code = 1
    stage: Stage = Stage.PIPELINE


class UsageError(AqbError):
    """Bad arguments or settings given by the user."""

    exit_code = 2
    stage = Stage.USAGE


class RulesError(AqbError):
    """A rule asset in models/ is missing or invalid."""

    exit_code = 2
    stage = Stage.RULES


class MissingDependencyError(AqbError):
    """An external program (Tesseract, its German model) is not installed."""

    exit_code = 3
    stage = Stage.DEPENDENCY


class DocumentError(AqbError):
    """One input document could not be processed; the batch goes on.
    `retry` marks failures that say nothing about the content (the file could not be read now)."""

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

    exit_code = 4
    stage = Stage.LOCK
