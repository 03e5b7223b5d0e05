"""Exceptions. Each carries the stage it belongs to and an exit code; only the CLI turns them into one."""

from __future__ import annotations


class AqbError(Exception):
    """Base class of every error aqb raises on purpose."""

    exit_code = 1
    stage = "pipeline"


class UsageError(AqbError):
    """Bad arguments or settings given by the user."""

    exit_code = 2
    stage = "usage"


class RulesError(AqbError):
    """A rule asset in models/ is missing or invalid."""

    exit_code = 2
    stage = "rules"


class MissingDependencyError(AqbError):
    """An external program (Tesseract, its German model) is not installed."""

    exit_code = 3
    stage = "dependency"


class DocumentError(AqbError):
    """One input document could not be processed; the batch goes on.
    `retry` marks failures that say nothing about the content (the file could not be read now)."""

    stage = "document"

    def __init__(self, message: str, retry: bool = False) -> None:
        super().__init__(message)
        self.retry = retry


class LoadError(DocumentError):
    stage = "load"


class OcrError(DocumentError):
    stage = "ocr"


class NotAnAgreementError(DocumentError):
    stage = "classify"


class ExtractionError(DocumentError):
    stage = "extract"


class LockedError(AqbError):
    """Another run holds the output folder's lock."""

    exit_code = 4
    stage = "lock"
