"""What every command of the CLI shares: the global options (accepted before and after the
subcommand), turning errors into exit codes, Ctrl-C handling, JSON output. Imports only what
`aqb --help` needs; the commands import heavy libraries where they use them."""

from __future__ import annotations

import json
import signal
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, is_dataclass
from decimal import Decimal
from typing import Any, NoReturn, TypeVar

import click

from extract.errors import AqbError, ExitCode, InterruptedRun
from extract.logs import configure as configure_logging
from extract.settings import DPI_RANGE, PSM_CHOICES, Settings, default

META = "aqb.global"  # key of the global options in the root context's meta


def global_options(ctx: click.Context) -> dict[str, Any]:
    """-v count, --log-json, --quiet as given before or after the subcommand."""
    options: dict[str, Any] = ctx.find_root().meta.setdefault(META, {"verbose": 0, "log_json": False, "quiet": False})
    return options


def set_global(ctx: click.Context, name: str, value: Any) -> None:
    options = global_options(ctx)
    if name == "verbose":
        options["verbose"] += value
    elif value:
        options[name] = True
    configure_logging(options["verbose"], options["log_json"])


def _callback(ctx: click.Context, param: click.Parameter, value: Any) -> None:
    if param.name:
        set_global(ctx, param.name, value)


GLOBAL_HELP = {
    "verbose": "More log output on stderr (-v info, -vv debug).",
    "log_json": "Log one JSON object per event to stderr (file, stage, status, duration).",
    "quiet": "No progress bar, summary or confirmation lines (warnings and errors are still logged).",
}


def _global_params() -> list[click.Option]:
    return [
        click.Option(["-v", "--verbose"], count=True, expose_value=False, callback=_callback, help=GLOBAL_HELP["verbose"]),
        click.Option(["--log-json"], is_flag=True, expose_value=False, callback=_callback, help=GLOBAL_HELP["log_json"]),
        click.Option(["-q", "--quiet"], is_flag=True, expose_value=False, callback=_callback, help=GLOBAL_HELP["quiet"]),
    ]


def add_global_options(command: click.Command) -> click.Command:
    """Accept the global options after the subcommand too (`aqb status OUT -v --log-json`). A command
    with an option of its own of the same name (run's and fetch's --quiet) keeps it."""
    taken = {opt for param in command.params for opt in getattr(param, "opts", ())}
    command.params.extend(p for p in _global_params() if not taken & set(p.opts))
    return command


def verbose(ctx: click.Context | None = None) -> int:
    ctx = ctx or click.get_current_context(silent=True)
    return int(global_options(ctx)["verbose"]) if ctx else 0


def quiet(ctx: click.Context | None = None) -> bool:
    ctx = ctx or click.get_current_context(silent=True)
    return bool(global_options(ctx)["quiet"]) if ctx else False


def say(message: str) -> None:
    """A message for people on stderr, unless --quiet."""
    if not quiet():
        click.echo(message, err=True)


def fail(error: BaseException) -> NoReturn:
    """One line on stderr (the traceback too with -v) and the error's exit code."""
    if verbose():
        traceback.print_exception(type(error), error, error.__traceback__, file=sys.stderr)
    if isinstance(error, AqbError):
        click.echo(f"Error: {error}", err=True)
        sys.exit(error.exit_code)
    click.echo(f"Error: the run could not complete: {type(error).__name__}: {error} (-v shows where)", err=True)
    sys.exit(ExitCode.INCOMPLETE)


def _raise_interrupted(signum: int, frame: object) -> None:
    raise InterruptedRun(f"stopped by {signal.Signals(signum).name}; temporary files removed", signum)


@contextmanager
def interruptible() -> Iterator[None]:
    """Ctrl-C and SIGTERM stop the command like an error, so every cleanup (worker pool, temp files,
    the lock) runs before aqb exits with 130 (SIGINT) or 143 (SIGTERM)."""
    previous = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    for s in previous:
        signal.signal(s, _raise_interrupted)
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


F = TypeVar("F", bound=Callable[..., Any])


def reading_options(max_pages: int | None) -> Callable[[F], F]:
    """The options of how pages are read, shared by run and inspect (`max_pages` None: as aqb run)."""
    def decorate(command: F) -> F:
        for option in reversed((
            click.option("--dpi", type=click.IntRange(*DPI_RANGE), default=default(Settings, "dpi"), show_default=True,
                         help="Resolution pages are rendered at for OCR."),
            click.option("--psm", type=click.Choice([str(p) for p in PSM_CHOICES]), default=str(default(Settings, "psm")),
                         show_default=True, help="Tesseract page segmentation mode."),
            click.option("--max-pages", type=click.IntRange(min=1), default=max_pages,
                         show_default=True if max_pages is not None else "as aqb run",
                         help="Longer PDFs are recorded as failed without being read."),
        )):
            command = option(command)
        return command
    return decorate


def jsonable(value: object) -> object:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if is_dataclass(value) and not isinstance(value, type):
        return {k: jsonable(v) for k, v in asdict(value).items()}
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


def echo_json(payload: object) -> None:
    """The one JSON document a command prints on stdout with --json."""
    click.echo(json.dumps(jsonable(payload), ensure_ascii=False, indent=2, default=str))


def json_option(what: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option("--json", "as_json", is_flag=True, help=f"Print {what} as one JSON object on stdout.")
