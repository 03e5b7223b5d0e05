"""aqb inspect: what the dataset holds for one PDF. A file the output's state store knows (same
SHA-256) is answered from the store, with the corrections of OUT/corrections.csv applied, without
reading or OCRing it again; any other file, or any file with --reprocess, is read now."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from pathlib import Path
from typing import Any

import click

from extract.cli.common import echo_json, fail, interruptible, jsonable, reading_options
from extract.dataset.corrections import Conflict, Correction, apply_corrections, load_corrections, measure_type_codes
from extract.dataset.schema import AgreementRow, DocumentRows, column_meta
from extract.errors import DocumentError, InterruptedRun, UsageError
from extract.files import file_sha256
from extract.ingest.inputs import entry_kind
from extract.ingest.store import STATE_FILE, Store
from extract.model import Page
from extract.rules import get_rules
from extract.settings import Settings

# The reading and extraction stages (spaCy, pandas, pdfium, Tesseract) are imported only when a file
# is read now: a file the store holds is answered in a fraction of a second.


@dataclasses.dataclass(frozen=True)
class Held:
    """A document as the state store holds it."""

    source_file: str
    rows: DocumentRows
    current: bool  # extracted under the rules and settings given now
    pages: tuple[Page, ...]


def from_store(out: Path, sha256: str, settings: Settings) -> Held | None:
    if not (out / STATE_FILE).is_file():
        return None
    try:
        store = Store(out, read_only=True)
        try:
            stored = store.rows(sha256, settings.fingerprint())
            if stored is None:
                return None
            names = sorted((not f.present, name) for name, f in store.files().items() if f.sha256 == sha256)
            return Held(names[0][1] if names else "", stored[0], stored[1], store.newest_pages(sha256) or ())
        finally:
            store.close()
    except sqlite3.DatabaseError as e:
        from extract.ingest.pipeline import state_store_error

        raise state_store_error(e, out) from e


def _corrected(rows: DocumentRows, out: Path, settings: Settings) -> tuple[DocumentRows, list[dict[str, Any]]]:
    """The rows with OUT's corrections applied, and this document's corrections, each marked applied or not."""
    corrections, _unreadable = load_corrections(out) if out.is_dir() else ([], [])
    ids = {a.agreement_id for a in rows.agreements} | {a.source_sha256 for a in rows.agreements}
    mine = [c for c in corrections if c.document in ids]
    if not mine:
        return rows, []
    rules = get_rules(settings.models_dir)  # the district and measure type lists the corrections are checked against
    lookup = {d.ags: (d.name, d.type) for d in rules.districts}
    (rows,), conflicts = apply_corrections([rows], mine, lookup, measure_type_codes(rules), rules.regex("year.value"))
    refused: dict[Correction, Conflict] = {c.correction: c for c in conflicts}
    listed = [{**dataclasses.asdict(c), "applied": c not in refused, **({"conflict": refused[c].reason} if c in refused else {})}
              for c in mine]
    return rows, listed


def read_now(file: Path, sha256: str, settings: Settings, max_pages: int | None,
             max_memory_mb: int | None) -> tuple[DocumentRows, tuple[Page, ...]]:
    """Read and extract the file as aqb run would: in a worker process under its memory limit, so a
    file that needs more (a decompression bomb, a library that aborts when an allocation fails) ends
    with a clear message, not this command."""
    import functools

    from pebble import ProcessExpired

    from extract.dataset.export import result_to_rows
    from extract.ingest.executors import LocalExecutor
    from extract.ingest.pipeline import RunOptions
    from extract.ingest.process import process_file

    defaults = RunOptions()
    memory = defaults.max_worker_mb if max_memory_mb is None else max_memory_mb
    executor = LocalExecutor(1, settings, None, memory)
    try:
        with interruptible():
            task = functools.partial(process_file, max_pages=max_pages or defaults.max_pages, sha256=sha256)
            try:
                result = executor.submit(task, (file, file.name, settings), None).result()
            except (MemoryError, ProcessExpired) as e:
                raise DocumentError(f"{file} needs more memory than --max-memory-mb {memory} allows") from e
    finally:
        executor.close()
    rules = get_rules(settings.models_dir)
    return result_to_rows(result, {d.ags: (d.name, d.type) for d in rules.districts}), result.pages


def _fields(agreement: AgreementRow) -> dict[str, Any]:
    located: dict[str, Any] = json.loads(agreement.provenance or "{}")
    columns: dict[str, list[str]] = {}
    for f in dataclasses.fields(AgreementRow):
        key = column_meta(AgreementRow, f.name).get("field")
        if key:
            columns.setdefault(key, []).append(f.name)
    fields = {}
    for key, names in columns.items():
        value = {name: getattr(agreement, name) for name in names} if len(names) > 1 else getattr(agreement, names[0])
        fields[key] = {"value": jsonable(value), "provenance": located.get(key)}
    return fields


def payload(sha256: str, source_file: str, rows: DocumentRows, corrections: list[dict[str, Any]], held_from: str, current: bool,
            pages: tuple[Page, ...], with_text: bool) -> dict[str, Any]:
    text = {p.number: "\n".join(" ".join(w.text for w in line.words) for line in p.lines) for p in pages} if with_text else {}
    agreement = rows.agreements[0] if rows.agreements else None
    return {
        "source_file": source_file,
        "source_sha256": sha256,
        "from": held_from,
        "current": current,
        "error": jsonable(rows.errors[0]) if rows.errors else None,
        "agreement": None if agreement is None else {
            **{k: jsonable(v) for k, v in dataclasses.asdict(agreement).items() if k != "provenance"},
            "review_reasons": [r for r in agreement.review_reasons.split(";") if r],
            "fields": _fields(agreement),
            "projects": [jsonable(p) for p in rows.projects],
        },
        "corrections": corrections,
        "pages": [{**jsonable(p), **({"text": text.get(p.page, "")} if with_text else {})} for p in rows.pages],  # type: ignore[dict-item]
        "sections": [jsonable(s) for s in rows.sections],
    }


def _summary(data: dict[str, Any]) -> str:
    """The record for people: where it comes from, the fields, reasons, corrections, projects."""
    origin = {"store": "from the state store" + ("" if data["current"] else " (extracted under other rules or settings; "
                                                  "aqb run updates it, --reprocess reads it now)"), "read": "read now"}[data["from"]]
    lines = [f"{data['source_file']} {data['source_sha256'][:16]} - {origin}"]
    if data["error"]:
        lines.append(f"not in the dataset: [{data['error']['stage']}] {data['error']['error']}")
    agreement = data["agreement"]
    if agreement:
        for key, item in agreement["fields"].items():
            where, value = item["provenance"] or {}, item["value"]
            shown = " / ".join(str(v) for v in value.values() if v) if isinstance(value, dict) else "" if value is None else str(value)
            lines.append(f"  {key:<22} {shown:<40} "
                         f"{where.get('source', '')} p.{where.get('page', '-')} {where.get('confidence') or ''}".rstrip())
        lines.append(f"needs review: {'; '.join(agreement['review_reasons']) or 'no'}")
        for project in agreement["projects"]:
            lines.append(f"  project {project['position']}: [{project['measure_type']}] {project['project_name']} ({project['source']})")
    for c in data["corrections"]:
        lines.append(f"correction {c['field']}{' ' + c['position'] if c['position'] else ''} = {c['value']!r} by {c['author']} "
                     f"on {c['date']}: {'applied' if c['applied'] else 'NOT applied: ' + c.get('conflict', '')}")
    return "\n".join(lines)


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out", default=Path("output"), show_default=True, type=click.Path(file_okay=False, path_type=Path),
              help="The dataset folder: a file its state store holds is answered from there, without reading it again.")
@click.option("--reprocess", is_flag=True, help="Read the PDF now (with OCR where needed) even if the state store holds it.")
@reading_options(None)
@click.option("--max-memory-mb", type=click.IntRange(min=0), default=None, show_default="as aqb run",
              help="Memory reading the file (and the Tesseract it starts) may allocate (0: no limit), as a worker of `aqb run`.")
@click.option("--text/--no-text", default=False, help="Include each page's text (JSON).")
@click.option("--json", "as_json", is_flag=True, help="Print the record as one JSON object on stdout.")
def inspect(file: Path, out: Path, reprocess: bool, dpi: int, psm: str, max_pages: int | None, max_memory_mb: int | None,
            text: bool, as_json: bool) -> None:
    """Show what the dataset holds for one PDF (from the state store), or read it now.

    The values, review reasons and corrections of a file already processed into --out come from
    the state store (no OCR); a file the store does not hold, or any with --reprocess, is read now.

    \b
    Examples:
        aqb inspect samples/seed_000_scan.pdf --out dataset/
        aqb inspect samples/seed_000_scan.pdf --out dataset/ --json --text | less
        aqb inspect new.pdf --reprocess --dpi 400
    """
    settings = Settings(dpi=dpi, psm=int(psm))
    try:
        why = entry_kind(file)
        if why is not None:  # a FIFO would block the read forever
            raise UsageError(f"{file} is {why}, not a PDF file")
        sha256 = file_sha256(file)
        held = None if reprocess else from_store(out, sha256, settings)
        if held is not None:
            rows, name, origin, current, pages = held.rows, held.source_file or file.name, "store", held.current, held.pages
        else:
            rows, pages = read_now(file, sha256, settings, max_pages, max_memory_mb)
            name, origin, current = file.name, "read", True
        rows, corrections = _corrected(rows, out, settings)
    except KeyboardInterrupt:
        fail(InterruptedRun("interrupted"))
    except Exception as e:  # noqa: BLE001 - an AqbError carries its code; anything else: could not complete
        fail(e)
    data = payload(sha256, name, rows, corrections, origin, current, pages, text)
    if as_json:
        echo_json(data)
    else:
        click.echo(_summary(data))
    raise SystemExit(1 if data["error"] else 0)
