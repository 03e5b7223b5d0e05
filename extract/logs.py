"""Logging set-up for the CLI: plain text, or one JSON object per event (--log-json)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys

EVENT_FIELDS = ("file", "stage", "status", "duration", "summary")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        event = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        event.update({key: getattr(record, key) for key in EVENT_FIELDS if hasattr(record, key)})
        if record.exc_info:
            event["exception"] = self.formatException(record.exc_info)
        return json.dumps(event, ensure_ascii=False)


def configure(verbose: int, as_json: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if as_json else logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    level = logging.INFO if as_json else logging.WARNING
    root.setLevel(logging.DEBUG if verbose > 1 else logging.INFO if verbose == 1 else level)
