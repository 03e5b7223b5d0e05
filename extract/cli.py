"""Command line: a thin layer over extract.pipeline. Only this module turns errors into exit codes.

Exit codes: 0 every input processed, 1 some inputs failed (dataset still written),
2 usage error, 3 missing dependency (Tesseract)."""

from __future__ import annotations

import json
import logging
import sys
from dataclasses import asdict, is_dataclass
from decimal import Decimal
from pathlib import Path

import click

from extract import __version__
from extract.agreement import process_file
from extract.errors import AqbError
from extract.pipeline import run as run_pipeline
from extract.settings import Settings


def _settings(dpi: int, psm: int) -> Settings:
    return Settings(dpi=dpi, psm=psm)


def _fail(error: AqbError) -> None:
    click.echo(f"Error: {error}", err=True)
    sys.exit(error.exit_code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="aqb")
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-v info, -vv debug).")
def main(verbose: int) -> None:
    """aqb: turn AQB Zielvereinbarung PDFs into a research dataset.

    \b
    Examples:
        aqb run samples/ --out output/
        aqb inspect samples/seed_001_digital.pdf
    """
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out", default=Path("output"), show_default=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the dataset (agreements, projects, sections, pages, errors as CSV and Parquet).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Documents processed in parallel [default: all cores].")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
@click.option("--dpi", type=click.IntRange(72, 600), default=300, show_default=True, help="Resolution pages are rendered at for OCR.")
@click.option("--psm", type=click.Choice(["1", "3", "4", "6", "11", "12"]), default="3", show_default=True, help="Tesseract page segmentation mode.")
def run(inputs: tuple[Path, ...], out: Path, jobs: int | None, quiet: bool, dpi: int, psm: str) -> None:
    """Extract every PDF in INPUTS (files or folders, searched recursively) into the dataset in --out.

    \b
    Examples:
        aqb run samples/
        aqb run inbox/ archive/2019.pdf --out dataset/ --jobs 4 --quiet
    Exit codes: 0 all processed, 1 some failed (see errors.csv), 2 usage, 3 missing Tesseract.
    """
    try:
        summary = run_pipeline(inputs, out, _settings(dpi, int(psm)), jobs=jobs, progress=not quiet and sys.stderr.isatty())
    except AqbError as e:
        _fail(e)
        return
    if not quiet:
        click.echo(
            f"{summary.inputs} files: {summary.agreements} agreements ({summary.needs_review} need review, "
            f"{summary.projects} projects), {summary.failed} failed -> {summary.out}/ in {summary.seconds:.1f} s",
            err=True,
        )
    sys.exit(summary.exit_code)


def _jsonable(value: object) -> object:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if is_dataclass(value) and not isinstance(value, type):
        return {k: _jsonable(v) for k, v in asdict(value).items()}
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dpi", type=click.IntRange(72, 600), default=300, show_default=True, help="Resolution pages are rendered at for OCR.")
@click.option("--text/--no-text", default=False, help="Include each page's text.")
def inspect(file: Path, dpi: int, text: bool) -> None:
    """Print one document's record, sections, pages and provenance as JSON.

    \b
    Example:
        aqb inspect samples/seed_000_scan.pdf | less
    """
    try:
        result = process_file(file, file.name, _settings(dpi, 3))
    except AqbError as e:
        _fail(e)
        return
    pages = [
        {"page": p.number, "source": p.source, "reason": p.reason, "ocr_confidence": p.confidence, "rotation": p.rotation,
         **({"text": p.text} if text else {})}
        for p in result.pages
    ]
    agreement = result.agreement
    payload = {
        "source_file": result.source_file,
        "source_sha256": result.source_sha256,
        "error": _jsonable(result.error),
        "pages": pages,
        "agreement": None if agreement is None else {
            "agreement_id": agreement.agreement_id,
            "text_source": agreement.text_source,
            "needs_review": agreement.needs_review,
            "review_reasons": list(agreement.review_reasons),
            "fields": {name: {"value": _jsonable(f.value), "raw": f.raw, "provenance": _jsonable(f.provenance)} for name, f in agreement.fields.items()},
            "projects": _jsonable(list(agreement.projects)),
        },
        "sections": [{"section": s.key, "title": s.title, "page_start": s.page_start, "page_end": s.page_end, "text": s.text} for s in result.sections],
    }
    click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    sys.exit(1 if result.error else 0)
