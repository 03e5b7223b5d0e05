"""Logging set-up for the CLI: plain text, or one JSON object per event (--log-json).

Every JSON event carries the keys file, stage, status and duration (null when the event has none,
e.g. a message about the whole run). While a progress bar is shown, log lines are written above it
instead of through it."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sys
from enum import Enum
from typing import TextIO

EVENT_FIELDS = ("file", "stage", "status", "duration")  # in every JSON event
EXTRA_FIELDS = ("page", "summary")  # in the events that have them
CLEAR_LINE = "\r\x1b[2K"  # back to the line's start and erase it (the progress bar's line)


def _plain(value: object) -> object:
    return value.value if isinstance(value, Enum) else value


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        event: dict[str, object] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        event.update({key: _plain(getattr(record, key, None)) for key in EVENT_FIELDS})
        event.update({key: _plain(getattr(record, key)) for key in EXTRA_FIELDS if hasattr(record, key)})
        if record.exc_info:
            event["exception"] = self.formatException(record.exc_info)
        return json.dumps(event, ensure_ascii=False, default=str)


class BarAwareHandler(logging.StreamHandler):  # type: ignore[type-arg,unused-ignore]
    """Writes to stderr; while a tqdm progress bar is shown, through tqdm.write so the bar is redrawn
    below the message instead of being broken by it. tqdm is not imported here: a bar exists only
    when the module that draws it has imported tqdm."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__(stream)
        self.owner = os.getpid()  # the process that draws the bar

    def emit(self, record: logging.LogRecord) -> None:
        tqdm_module = sys.modules.get("tqdm")
        bars = getattr(getattr(tqdm_module, "tqdm", None), "_instances", None)
        if not bars:
            super().emit(record)
            return
        try:
            if os.getpid() == self.owner:
                tqdm_module.tqdm.write(self.format(record), file=self.stream)  # type: ignore[union-attr]
            else:  # a forked worker holds a stale copy of the bar: clear the bar's line, the driver redraws it
                self.stream.write(CLEAR_LINE + self.format(record) + self.terminator)
                self.flush()
        except Exception:  # noqa: BLE001 - logging must not raise; the handler reports it like StreamHandler
            self.handleError(record)


def configure(verbose: int, as_json: bool) -> None:
    """-v info, -vv debug; --log-json logs the info events too (one per document)."""
    handler = BarAwareHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if as_json else logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    level = logging.INFO if as_json else logging.WARNING
    root.setLevel(logging.DEBUG if verbose > 1 else logging.INFO if verbose == 1 else level)
