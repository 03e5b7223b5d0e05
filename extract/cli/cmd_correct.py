"""aqb correct: record, or remove, a person's correction of one value in OUT/corrections.csv."""

from __future__ import annotations

import csv
import datetime as dt
import getpass
import os
from pathlib import Path
from typing import Any

import click

from extract.cli.common import fail, say
from extract.dataset.corrections import (
    AGREEMENT_FIELDS,
    AMOUNT_FORMAT,
    BLANKABLE,
    PROJECT_FIELDS,
    Correction,
    add_correction,
    measure_type_codes,
    parse_value,
    remove_corrections,
    resolve_document,
    stored_value,
)
from extract.errors import AqbError, UsageError
from extract.ingest.store import run_lock
from extract.rules import get_rules
from extract.settings import Settings


def user_name() -> str:
    """Who corrects when --author is not given: $USER, else the account's login name, else 'unknown'."""
    try:
        return os.environ.get("USER") or getpass.getuser() or "unknown"
    except (KeyError, OSError):  # no user name in the environment nor in the password database
        return "unknown"


def _rows(path: Path) -> list[dict[str, Any]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def check_position(out: Path, agreement: dict[str, Any], field: str, position: int | None) -> None:
    """A project field needs --position, of a project the document has; an agreement field none."""
    if field not in PROJECT_FIELDS:
        if position is not None:
            raise UsageError(f"{field} is an agreement field: --position goes only with project fields "
                             f"({', '.join(sorted(PROJECT_FIELDS))})")
        return
    positions = sorted(int(p["position"]) for p in _rows(out / "projects.csv") if p["agreement_id"] == agreement["agreement_id"])
    held = f"positions 1 to {positions[-1]}" if positions == list(range(1, len(positions) + 1)) and positions else \
        ", ".join(map(str, positions)) or "no projects"
    if position is None:
        raise UsageError(f"{field} is a project field: say which project with --position N ({agreement['source_file']} has {held})")
    if position not in positions:
        raise UsageError(f"{agreement['source_file']} has no project at position {position} (it has {held})")


@click.command()
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("document")
@click.argument("field")
@click.argument("value", required=False)
@click.option("--position", type=click.IntRange(min=1), default=None, help="Project position, for project fields.")
@click.option("--blank", is_flag=True, help="Record that the field is blank in the document (a date or place left empty).")
@click.option("--remove", is_flag=True, help="Remove the corrections of this field (and --position) instead of adding one.")
@click.option("--note", default="", help="Why the value is corrected (e.g. what the document shows).")
@click.option("--author", default=lambda: user_name(), show_default="$USER, else the login name, else 'unknown'", help="Who corrects.")
def correct(out: Path, document: str, field: str, value: str | None, position: int | None, blank: bool, remove: bool,
            note: str, author: str) -> None:
    """Record (or remove) a correction in OUT/corrections.csv; every later run applies it.

    A corrected value is marked 'corrected' in the dataset, with its previous value, note and author.

    DOCUMENT is an agreement_id, a SHA-256 (or 8+ leading hex digits) or a source file;
    FIELD an agreement column (amount_eur, year, district_ags, ministry_signed_date, ...) or,
    with --position, a project column (project_name, measure_type, measure_type_raw).

    \b
    VALUE forms: amounts 465650.00 or 465.650,00; dates 2024-09-30 or 30.09.2024.
    A date or place that is blank in the document: --blank instead of VALUE.
    corrections.csv keeps its encoding and separator when saved from a spreadsheet.

    \b
    Examples:
        aqb correct dataset/ seed_000_scan.pdf ministry_signed_date 30.09.2024 --note "handwritten date"
        aqb correct dataset/ seed_000_scan.pdf district_signed_date --blank --note "left empty"
        aqb correct dataset/ 2d96831e project_name "Jugend Flex" --position 1
        aqb correct dataset/ 2d96831e project_name --position 1 --remove
    """
    try:
        agreement = _correct(out, document, field, value, position, blank, remove, note, author)
    except AqbError as e:
        fail(e)
    except OSError as e:
        fail(UsageError(f"no dataset in {out} ({e.strerror or e})"))
    if not remove:
        shown = "blank" if blank else repr(value)
        say(f"recorded: {agreement['source_file']} {field}{f' (project {position})' if position else ''} = {shown}; "
            f"the next 'aqb run ... --out {out}' applies it")


def _correct(out: Path, document: str, field: str, value: str | None, position: int | None, blank: bool, remove: bool,
             note: str, author: str) -> dict[str, Any]:
    if sum((value is not None, blank, remove)) != 1:
        raise UsageError("give VALUE, or --blank (the field is blank in the document), or --remove")
    if value is not None and not value.strip():
        raise UsageError(f"an empty VALUE is not recorded: if {field} is blank in the document, say so with --blank")
    rules = get_rules(Settings().models_dir)
    districts = {d.ags: (d.name, d.type) for d in rules.districts}
    with run_lock(out, what="aqb run or correct"):
        agreement = resolve_document(document, _rows(out / "agreements.csv"))
        if remove:
            if field not in AGREEMENT_FIELDS | PROJECT_FIELDS:
                raise UsageError(f"field {field!r} cannot be corrected (one of {', '.join(sorted(AGREEMENT_FIELDS | PROJECT_FIELDS))})")
            if position is not None:
                check_position(out, agreement, field, position)
            removed = remove_corrections(out, agreement, field, str(position or ""))
            if not removed:
                raise UsageError(f"corrections.csv holds no correction of {field}"
                                 f"{f' (project {position})' if position else ''} for {agreement['source_file']}")
            say(f"removed {len(removed)} correction(s) of {agreement['source_file']} {field}; "
                f"the next 'aqb run ... --out {out}' restores the extracted value")
            return agreement
        if blank and field not in BLANKABLE:
            raise UsageError(f"--blank: only {', '.join(sorted(BLANKABLE))} can be blank; {field} needs a value"
                             + (f" ({AMOUNT_FORMAT})" if field == "amount_eur" else ""))
        typed = parse_value(field, "" if blank else value or "", districts, measure_type_codes(rules), rules.regex("year.value"))
        check_position(out, agreement, field, position)
        was = next((p[field] for p in _rows(out / "projects.csv")
                    if p["agreement_id"] == agreement["agreement_id"] and p["position"] == str(position)), "") if position else ""
        add_correction(out, Correction(agreement["source_sha256"], agreement["source_file"], field, str(position or ""),
                                       stored_value(typed), note, author, dt.date.today().isoformat(), was))
    return agreement

