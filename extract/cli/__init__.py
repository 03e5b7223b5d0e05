"""Command line: a thin layer over extract.ingest.pipeline. Only the CLI turns errors into exit
codes (the codes are extract.errors.ExitCode; each exception carries its own).

`aqb --help` and `aqb status` answer at once: each command lives in its own module (cmd_run,
cmd_inspect, cmd_correct, cmd_report, fetch.inbox), imported only when that command runs, and the
commands import spaCy, pandas, pyarrow and Tesseract's wrapper only where they use them."""

from __future__ import annotations

import importlib
import inspect as pyinspect
import sqlite3
from pathlib import Path

import click

from extract import __version__
from extract.cli.common import GLOBAL_HELP, add_global_options, echo_json, fail, json_option, set_global
from extract.errors import AqbError, UsageError

EXIT_CODES = """\b
Exit codes:
  0    done: every file of this run was processed (files that are no agreement are results)
  1    files of this run failed (listed in errors.csv); the dataset is written
  2    usage error: bad option, input not found, invalid settings or rule files
  3    missing dependency: Tesseract, its German model, or an optional extra
  4    locked: another aqb run or fetch is using the same folder
  5    the run could not complete (output not writable, disk full, corrupt state store,
       unreadable corrections.csv); the previous dataset is left as it was
  130  interrupted (Ctrl-C; 143 for SIGTERM), after removing the run's temporary files"""

# Commands loaded when used: name -> (module:attribute, the one-line help `aqb --help` shows;
# tests/test_cli_consistency.py checks it is the command's own).
LAZY_COMMANDS = {
    "run": ("extract.cli.cmd_run:run", "Extract every PDF in INPUTS (files or folders, searched recursively) into the dataset in --out."),
    "inspect": ("extract.cli.cmd_inspect:inspect", "Show what the dataset holds for one PDF (from the state store), or read it now."),
    "correct": ("extract.cli.cmd_correct:correct", "Record (or remove) a correction in OUT/corrections.csv; every later run applies it."),
    "report": ("extract.cli.cmd_report:report", "Write a static HTML review report of the dataset in OUT."),
    "export": ("extract.cli.cmd_report:export_command",
               "Write the dataset in OUT in other forms: a SQLite database, CSVs for spreadsheets."),
    "fetch": ("extract.fetch.inbox:fetch_command", "Download new and changed agreement PDFs named by SOURCE into --inbox."),
}


class LazyGroup(click.Group):
    """A group whose commands are imported when one is run (or its help shown), not for `aqb --help`."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS and cmd_name not in self.commands:
            module, attribute = LAZY_COMMANDS[cmd_name][0].split(":")
            command = getattr(importlib.import_module(module), attribute)
            self.add_command(add_global_options(command), cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        limit = formatter.width - 6 - max(len(name) for name in self.list_commands(ctx))
        rows = []
        for name in self.list_commands(ctx):
            loaded = self.commands.get(name)
            text = loaded.get_short_help_str(limit) if loaded else LAZY_COMMANDS[name][1]
            rows.append((name, text if len(text) <= limit else text[: limit - 3].rsplit(" ", 1)[0] + "..."))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _root_option(ctx: click.Context, param: click.Parameter, value: object) -> None:
    if param.name:
        set_global(ctx, param.name, value)
    if param.name == "quiet" and value:  # run and fetch have a --quiet of their own
        ctx.default_map = {**(ctx.default_map or {}), "run": {"quiet": True}, "fetch": {"quiet": True}}


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="aqb")
@click.option("-v", "--verbose", count=True, expose_value=False, callback=_root_option, help=GLOBAL_HELP["verbose"])
@click.option("--log-json", is_flag=True, expose_value=False, callback=_root_option, help=GLOBAL_HELP["log_json"])
@click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=_root_option, help=GLOBAL_HELP["quiet"])
def main() -> None:
    """aqb: turn AQB Zielvereinbarung PDFs into a research dataset.

    \b
    Examples:
        aqb run samples/ --out output/
        aqb inspect samples/seed_001_digital.pdf --out output/
        aqb status output/ -v --json
    The options -v, --log-json and --quiet may also follow the command.
    """


main.help = f"{pyinspect.cleandoc(main.help or '')}\n\n{EXIT_CODES}"


@main.command()
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@json_option("the status")
def status(out: Path, as_json: bool) -> None:
    """Show what the state store in OUT holds: files, documents by status, the last run, failures.

    \b
    Example:
        aqb status dataset/
    """
    from extract.ingest.store import STATE_FILE, Store, lock_holder  # sqlite only: no pipeline, no pyarrow

    if not (out / STATE_FILE).is_file():
        fail(UsageError(f"no aqb state in {out} (run 'aqb run ... --out {out}' first)"))
    try:
        store = Store(out, read_only=True)
        try:
            info = store.status(running=lock_holder(out) is not None)
        finally:
            store.close()
    except sqlite3.DatabaseError as e:
        from extract.ingest.pipeline import state_store_error

        fail(state_store_error(e, out))
    except AqbError as e:
        fail(e)
    if as_json:
        echo_json(info)
        return
    files, docs, last = info["files"], info["documents"], info["last_run"]
    click.echo(f"files: {files.get('present', 0)} present, {files.get('gone', 0)} gone")
    click.echo(f"documents: {docs.get('ok', 0)} ok, {docs.get('error', 0)} failed (all rules versions)")
    if last:
        summary = last["summary"] or {}
        click.echo(f"last run #{last['id']}: {last['status']}, started {last['started']}, finished {last['finished'] or '-'}"
                   + (f", {summary.get('processed', 0)} processed, {summary.get('failed', 0)} failed" if summary else ""))
    for failure in info["failures"]:
        click.echo(f"failed: {failure['source_file']} [{failure['stage']}] {failure['error']}")


add_global_options(status)


def __getattr__(name: str) -> click.Command:
    """`from extract.cli import run` (or inspect, correct, ...) still gives the command, loaded on first use."""
    if name in LAZY_COMMANDS or name == "export_command":
        command = main.get_command(click.Context(main), "export" if name == "export_command" else name)
        if command is not None:
            return command
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
