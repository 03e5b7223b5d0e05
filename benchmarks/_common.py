"""Helpers of benchmarks/throughput.py: sample corpora, timed and memory-sampled subprocesses, the
page images aqb gives Tesseract, raw Tesseract runs, and character accuracy."""

from __future__ import annotations

import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MIB = 1024 * 1024


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def tool(name: str) -> str | None:
    """A console script of this venv, else one on PATH."""
    return str(BIN / name) if (BIN / name).exists() else shutil.which(name)


def aqb(*args: object) -> list[str]:
    exe = tool("aqb")
    return [exe, *map(str, args)] if exe else [sys.executable, "-m", "extract", *map(str, args)]


def generate(out: Path, count: int, scans: int, seed: int, scan_dpi: int | None = None) -> list[Path]:
    """Generated agreements only (no seeds, no non-agreements), each with NAME.expected.json.
    scan_dpi: every scan at that resolution (else the generator's mix, mostly 200-220 dpi)."""
    subprocess.run([sys.executable, str(ROOT / "samples" / "generate.py"), "--out", str(out), "--count", str(count),
                    "--scans", str(scans), "--both", "0", "--no-seeds", "--no-others", "--no-readme", "--seed", str(seed),
                    *(["--scan-dpi", str(scan_dpi)] if scan_dpi else [])],
                   check=True, capture_output=True)
    return sorted(out.glob("*.pdf"))


def truths(folder: Path) -> dict[str, dict]:
    """file name -> its expected.json."""
    found = {}
    for path in sorted(folder.glob("*.expected.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        found[truth["file"]] = truth
    return found


def page_count(path: Path) -> int:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def pages(files: list[Path]) -> int:
    return sum(page_count(p) for p in files)


def image_dpi(files: list[Path]) -> Counter:
    """How many page-level images of each resolution (rounded dpi) the PDFs hold, upright ones only."""
    import pypdfium2.raw as pdfium_c

    found: Counter = Counter()
    for path in files:
        pdf = pdfium.PdfDocument(str(path))
        try:
            for page in pdf:
                for obj in page.get_objects(max_depth=1):
                    a, b, c, _d, _e, _f = obj.get_matrix().get()
                    if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE and a > 0 and not b and not c:
                        found[round(obj.get_px_size()[0] * 72 / a)] += 1
        finally:
            pdf.close()
    return found


def children_cpu() -> float:
    """CPU seconds (user + system) of this process's children that have ended and were waited for,
    with their own waited-for children: e.g. an `aqb run`, its pool workers and the Tesseract they started."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass(frozen=True)
class Timed:
    wall: float  # seconds
    cpu: float  # CPU seconds, user + system, of the process and all its descendants


def timed_cpu(cmd: list[str]) -> Timed:
    """Wall and CPU seconds of a subprocess; exit 1 (some inputs in errors.csv) is accepted. The CPU
    time holds under load (other users of the cores slow the wall clock, not the work done)."""
    started, cpu = time.perf_counter(), children_cpu()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    result = Timed(time.perf_counter() - started, children_cpu() - cpu)
    if proc.returncode not in (0, 1):
        log(f"exit {proc.returncode}: {' '.join(cmd)}\n{proc.stderr[-2000:]}")
    return result


def timed(cmd: list[str]) -> float:
    """Wall seconds of a subprocess; exit 1 (some inputs in errors.csv) is accepted."""
    return timed_cpu(cmd).wall


@dataclass(frozen=True)
class Sampled:
    seconds: float
    tree_mib: float  # peak of the summed RSS of the process and all its descendants
    driver_mib: float  # peak RSS of the process itself
    samples: int


def sampled(cmd: list[str], interval: float = 0.02) -> Sampled:
    """Run a subprocess while sampling the RSS of its whole process tree every `interval` seconds."""
    import psutil

    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    root = psutil.Process(proc.pid)
    tree = driver = 0
    count = 0
    while proc.poll() is None:
        try:
            own = root.memory_info().rss
            members = root.children(recursive=True)
        except psutil.Error:
            break
        total = own
        for member in members:
            try:
                total += member.memory_info().rss
            except psutil.Error:
                pass  # ended between listing and reading
        tree, driver, count = max(tree, total), max(driver, own), count + 1
        time.sleep(interval)
    proc.wait()
    return Sampled(time.perf_counter() - started, tree / MIB, driver / MIB, count)


def store_texts(out: Path) -> dict[str, str]:
    """source_file -> the document's text as aqb read it (pages kept in OUT's state store)."""
    from extract.ingest.serialize import json_to_page

    db = sqlite3.connect(out / "aqb-state.sqlite")
    try:
        rows = db.execute("SELECT f.source_file, p.pages FROM files f JOIN pages p ON p.sha256 = f.sha256").fetchall()
    finally:
        db.close()
    return {name: "\n".join(json_to_page(p).text for p in json.loads(data)) for name, data in rows}


def store_pages(out: Path) -> list[dict]:
    """Every page aqb stored in OUT (JSON form: source, reason, confidence, rotation, ...)."""
    db = sqlite3.connect(out / "aqb-state.sqlite")
    try:
        return [page for (data,) in db.execute("SELECT pages FROM pages") for page in json.loads(data)]
    finally:
        db.close()


def run_seconds(out: Path) -> float:
    """The seconds the last run in OUT's state store took by its own clock (without interpreter
    start-up, imports and exit)."""
    db = sqlite3.connect(out / "aqb-state.sqlite")
    try:
        (summary,) = db.execute("SELECT summary FROM runs ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        db.close()
    return float(json.loads(summary or "{}").get("seconds", float("nan")))


def normalized(text: str) -> str:
    return " ".join(text.split())


def char_accuracy(texts: dict[str, str], expected: dict[str, dict]) -> tuple[float, int]:
    """Mean over documents of 1 - normalized Levenshtein distance on whitespace-normalized text
    (a document without text scores 0), and how many documents were scored."""
    scores = [Levenshtein.normalized_similarity(normalized(texts.get(name, "")), normalized(truth["truth_text"]))
              for name, truth in expected.items() if truth.get("truth_text")]
    return (sum(scores) / len(scores) if scores else float("nan")), len(scores)


@dataclass(frozen=True)
class PageFile:
    source_file: str
    page: int
    path: str
    dpi: int
    source: str  # embedded or rendered


def write_page_images(files: list[Path], folder: Path, settings) -> tuple[list[PageFile], float]:
    """Each page's image exactly as aqb makes it for Tesseract; returns them and the seconds it took."""
    from extract.reading.engine import image_to_file
    from extract.reading.ocr import page_to_image

    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    images = []
    for path in files:
        for number in range(1, page_count(path) + 1):
            page_image = page_to_image(path, number, settings)
            images.append(PageFile(path.name, number, image_to_file(page_image.image, str(folder)), page_image.dpi, page_image.source))
    return images, time.perf_counter() - started


@dataclass(frozen=True)
class PoolRun:
    wall: float
    cpu: float  # of all the tesseract processes, user + system
    texts: dict[str, str]  # each document's text, pages in order


def tesseract_pool(images: list[PageFile], jobs: int, config: str, lang: str = "deu",
                   stated_dpi: bool = False) -> tuple[float, dict[str, str]]:
    """Raw `tesseract IMG - -l LANG CONFIG tsv` over all images, `jobs` processes at a time, one
    thread each. Returns the wall seconds and each document's text (pages in order)."""
    run = tesseract_run(images, jobs, config, lang, stated_dpi)
    return run.wall, run.texts


def tesseract_run(images: list[PageFile], jobs: int, config: str, lang: str = "deu", stated_dpi: bool = False) -> PoolRun:
    """tesseract_pool with the CPU time of the tesseract processes too."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def one(image: PageFile) -> str:
        extra = ["--dpi", str(image.dpi)] if stated_dpi else []
        cmd = ["tesseract", image.path, "-", "-l", lang, *config.split(), *extra, "tsv"]
        return subprocess.run(cmd, capture_output=True, text=True, env=env, check=True).stdout

    started, cpu = time.perf_counter(), children_cpu()
    with ThreadPoolExecutor(jobs) as pool:
        outputs = list(pool.map(one, images))
    seconds, cpu = time.perf_counter() - started, children_cpu() - cpu
    texts: dict[str, list[str]] = {}
    for image, tsv in zip(images, outputs):
        texts.setdefault(image.source_file, []).append(tsv_to_text(tsv))
    return PoolRun(seconds, cpu, {name: "\n".join(parts) for name, parts in texts.items()})


def tsv_to_text(tsv: str) -> str:
    """Tesseract's TSV as text: the words of each (block, paragraph, line), one line each."""
    lines: dict[tuple[str, str, str], list[str]] = {}
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) == 12 and cells[0] == "5" and cells[11].strip():
            lines.setdefault((cells[2], cells[3], cells[4]), []).append(cells[11].strip())
    return "\n".join(" ".join(words) for words in lines.values())


def parallel(commands: list[list[str]], jobs: int) -> float:
    """Wall seconds of running the commands, `jobs` at a time (each must succeed)."""
    started = time.perf_counter()
    with ThreadPoolExecutor(jobs) as pool:
        for proc in pool.map(lambda cmd: subprocess.run(cmd, capture_output=True, text=True), commands):
            if proc.returncode != 0:
                log(f"exit {proc.returncode}: {' '.join(proc.args)}\n{proc.stderr[-2000:]}")
    return time.perf_counter() - started
