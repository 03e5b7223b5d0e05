"""Where the CPU time of reading scanned PDFs goes, per page and stage, against the raw Tesseract floor.

Usage: python benchmarks/stages.py FOLDER [--engine tesseract|cli]

Every PDF in FOLDER is processed in this one process, as a --jobs 1 worker does (text layers, OCR
of the pages that need it, extraction with its targeted re-reads). Chosen functions are wrapped so
that each stage's CPU time (this process's and its children's, user + system) is counted without
the stages called inside it: e.g. "tesseract: page" is the engine's full-page call alone, "layout"
the words-to-lines assembly around it. The floor is the raw `tesseract IMG - -l deu --psm 3 tsv`
on the same page images (written as aqb makes them), one process at a time, CPU time likewise.
Start-up and the driver's own work (hashing, the state store, export) are not in this table; the
throughput benchmark measures the whole `aqb run`."""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import children_cpu, page_count, tesseract_run, write_page_images  # noqa: E402


def cpu() -> float:
    """CPU seconds of this process and its waited-for children, user + system."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime + children_cpu()


class Stages:
    """CPU seconds per stage, each stage without the wrapped stages it calls."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.stack: list[list[Any]] = []  # [label, started, seconds spent in nested stages]

    def wrap(self, owner: Any, name: str, label: str | Callable[..., str]) -> None:
        original = getattr(owner, name, None)
        if original is None:  # an older aqb (e.g. measured for comparison) without this stage
            return

        def wrapped(*args: Any, **kwargs: Any) -> Any:
            inner = label(*args, **kwargs) if callable(label) else label
            self.stack.append([inner, cpu(), 0.0])
            try:
                return original(*args, **kwargs)
            finally:
                what, started, nested = self.stack.pop()
                spent = cpu() - started
                self.seconds[what] += spent - nested
                self.calls[what] += 1
                if self.stack:
                    self.stack[-1][2] += spent

        setattr(owner, name, wrapped)

    def around(self) -> str:
        return self.stack[-1][0] if self.stack else ""


def instrument(stages: Stages) -> None:
    from extract import rules
    from extract.ingest import process
    from extract.reading import engine, ocr, reread

    def tesseract(self: Any, image: Any, lang: str, config: str, timeout: float) -> str:
        where = stages.around()
        if where == "re-reads":
            return "tesseract: re-read regions"
        if where == "picture regions":
            return "tesseract: picture regions (psm 6)"
        return "tesseract: page, turned page" if config.startswith("--psm 3") else f"tesseract: other ({config})"

    cli = getattr(engine, "TesseractCli", None)
    stages.wrap(cli, "read", tesseract)
    stages.wrap(engine.TesseractEngine, "read", tesseract)
    stages.wrap(cli, "orientation", "tesseract: orientation detection (OSD)")
    stages.wrap(engine.TesseractEngine, "orientation", "tesseract: orientation detection (OSD)")
    stages.wrap(process, "pdf_to_text_layer_pages", "text layers: load and judge")
    stages.wrap(ocr, "page_to_image", "page image: render or decode")
    stages.wrap(ocr, "prepare", "prepare: colour dropout, deskew")
    stages.wrap(ocr, "picture_text", "picture regions")
    stages.wrap(ocr, "words_to_lines", "layout: words to lines")
    stages.wrap(ocr, "lines_to_evidence", "orientation evidence")
    stages.wrap(ocr, "ocr_page", "OCR page: the rest")
    stages.wrap(reread.PageReader, "image", "re-reads: page image made again")
    stages.wrap(reread, "read_once", "re-reads")
    stages.wrap(process, "document_to_agreement", "extraction (without re-reads)")
    stages.wrap(rules, "load_rules", "rules: load once per process")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--engine", default="tesseract", help="AQB_OCR_ENGINE for aqb's calls (tesseract: in-process, cli)")
    args = parser.parse_args()
    os.environ["OMP_THREAD_LIMIT"] = "1"
    os.environ["AQB_OCR_ENGINE"] = args.engine
    from extract.ingest.process import process_file
    from extract.reading.ocr import tesseract_config
    from extract.settings import Settings

    files = sorted(args.folder.glob("*.pdf"))
    count = sum(page_count(f) for f in files)
    settings = Settings()
    with tempfile.TemporaryDirectory(prefix="aqb-stages-") as folder:
        images, _ = write_page_images(files, Path(folder), settings)
        floor = tesseract_run(images, 1, tesseract_config(settings), settings.lang).cpu
    stages = Stages()
    instrument(stages)
    started = cpu()
    for path in files:
        process_file(path, path.name, settings)
    total = cpu() - started
    print(f"{len(files)} PDFs, {count} pages, {len(images)} OCRed; engine {args.engine}; CPU seconds (user + system)")
    print(f"  {'stage':44s} {'calls':>5s} {'s/page':>7s} {'share':>6s}")
    for label, seconds in sorted(stages.seconds.items(), key=lambda item: -item[1]):
        print(f"  {label:44s} {stages.calls[label]:5d} {seconds / count:7.3f} {seconds / total:6.1%}")
    print(f"  {'all (one process, no start-up)':44s} {'':5s} {total / count:7.3f}")
    print(f"  {'floor: tesseract --psm 3 tsv per page':44s} {len(images):5d} {floor / len(images):7.3f}")
    print(f"  ratio aqb / floor (CPU): {total / floor:.2f}x")


if __name__ == "__main__":
    main()
