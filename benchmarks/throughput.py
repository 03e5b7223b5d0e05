"""Throughput benchmark of aqb against the raw Tesseract floor and OCRmyPDF, on generated agreements.

Usage:
    python benchmarks/throughput.py [--jobs N] [--docs-digital 100] [--docs-scan 20] [--scan-dpi DPI]
                                    [--keep DIR] [--skip-peer] [--study]
    make bench     # installs the `bench` extra (OCRmyPDF, psutil), then runs this with the defaults

Every aqb figure is the wall time of a whole `aqb run` subprocess (start-up, hashing, reading, OCR,
extraction, export) into a fresh --out folder. Nothing is asserted; figures are printed to stdout,
progress to stderr, and a final "acceptance" block compares each ratio with its target.

Figures:
  born-digital  ms/page of `aqb run --jobs N` over --docs-digital generated born-digital agreements.
  scanned       s/page of `aqb run` over --docs-scan generated scanned agreements (the generator's
                mix of 200-220 dpi, or all at --scan-dpi; aqb renders scans under 300 dpi at 300) with --jobs 1 and
                --jobs N; speedup = time(jobs 1) / time(jobs N).
  floor         the same pages' images written exactly as aqb makes them (extract.reading.ocr.page_to_image
                with default Settings, then image_to_file), then the raw `tesseract IMG - -l deu
                <tesseract_config> tsv` over all of them, N processes at a time, OMP_THREAD_LIMIT=1.
                Writing the images is timed apart (one process): it is work aqb does on top of the floor.
                ratio = aqb(jobs N) / floor, in wall time and in CPU time (user + system of the whole
                process tree: `aqb run` with its workers, against the tesseract processes). The CPU
                ratio holds on a loaded machine, where other users' work stretches the wall clock of
                both sides unevenly. The floor is also run with 1 process: its own speedup is what the
                machine allows (other load, shared cores), the ceiling for aqb's; and aqb --jobs 1 is
                compared with it.
  peer          `ocrmypdf -l deu` then `pdftotext` on the same scanned PDFs: one file after another with
                --jobs N, and N files at a time with --jobs 1; the faster is compared: ocrmypdf / aqb.
  accuracy      char: mean over documents of 1 - normalized Levenshtein distance between the
                whitespace-normalized text and the generator's truth_text (aqb: the pages in its state
                store; floor: Tesseract's TSV words; OCRmyPDF: pdftotext as timed, and untimed pdftotext
                -raw, which keeps the text layer's own order on skewed scans). fields: share of expected
                field values aqb's dataset gets right (benchmarks/accuracy.py); for the peer, aqb is run
                on OCRmyPDF's output PDFs, whose text layer it reads without OCR.
  memory        peak RSS summed over the whole process tree (driver, pool workers, Tesseract), sampled
                every 20 ms, for `aqb run` over the first 10 and over all born-digital documents; ratio
                = peak(all) / peak(10). Pages forked workers share with the driver count once per process.
  --study       (slow, off by default) on the repository's scanned samples: s/page, field and char
                accuracy of aqb with --psm 3/6 and --dpi 200/300/400, and raw Tesseract's char accuracy
                with and without the image's resolution stated (--dpi) on the default images.
                Run: python benchmarks/throughput.py --study
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy import read, score  # noqa: E402

from _common import (  # noqa: E402
    ROOT,
    Timed,
    aqb,
    char_accuracy,
    generate,
    image_dpi,
    log,
    pages,
    parallel,
    run_seconds,
    sampled,
    store_pages,
    store_texts,
    tesseract_pool,
    tesseract_run,
    timed,
    timed_cpu,
    tool,
    truths,
    write_page_images,
)
from extract import __version__  # noqa: E402
from extract.reading.ocr import tesseract_config, tesseract_version  # noqa: E402
from extract.settings import Settings  # noqa: E402


class Report:
    def __init__(self) -> None:
        self.checks: list[tuple[str, float, str, float]] = []

    def check(self, label: str, value: float, op: str, target: float) -> None:
        self.checks.append((label, value, op, target))

    def summary(self) -> None:
        print("\nacceptance")
        for label, value, op, target in self.checks:
            ok = value <= target if op == "<=" else value >= target
            print(f"  {label:44s} {value:8.2f}   target {op} {target:<6g} {'PASS' if ok else 'FAIL'}")


def fresh(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    return folder


def field_share(out: Path, truth_dir: Path, names: set[str] | None = None) -> tuple[float, str]:
    """The share of expected field values right, and as text: '0.9876 (80/81 fields)'."""
    totals = score(out, truth_dir, report=None, names=names)
    count = sum(t[0] for t in totals.values())
    wrong = sum(t[1] for t in totals.values())
    if not count:
        return float("nan"), "n/a"
    return 1 - wrong / count, f"{1 - wrong / count:.4f} ({count - wrong}/{count} fields)"


def fields_right(out: Path, truth_dir: Path, names: set[str] | None = None) -> str:
    return field_share(out, truth_dir, names)[1]


def aqb_run(inbox: Path, out: Path, jobs: int, *extra: object) -> list[str]:
    return aqb("run", inbox, "--out", fresh(out), "--jobs", jobs, "--quiet", *extra)


def born_digital(work: Path, files: list[Path], jobs: int, report: Report) -> None:
    count = pages(files)
    log(f"born-digital: aqb run over {len(files)} documents")
    start_up = timed(aqb("--version"))
    seconds = timed(aqb_run(work / "digital", work / "out-digital", jobs))
    print(f"born-digital  {len(files)} docs {count} pages  aqb run --jobs {jobs}: {seconds:.2f} s wall = "
          f"{1000 * seconds / count:.1f} ms/page  (process start-up alone, `aqb --version`: {start_up:.2f} s)")
    report.check("born-digital aqb ms/page", 1000 * seconds / count, "<=", 20)


def scanned(work: Path, files: list[Path], jobs: int, report: Report) -> tuple[Timed, Timed]:
    count = pages(files)
    log(f"scanned: aqb run --jobs 1 over {len(files)} documents ({count} pages)")
    single = timed_cpu(aqb_run(work / "scan", work / "out-scan-1", 1))
    log(f"scanned: aqb run --jobs {jobs}")
    spread = timed_cpu(aqb_run(work / "scan", work / "out-scan-n", jobs))
    one, many = single.wall, spread.wall
    print(f"scanned       {len(files)} docs {count} pages  aqb --jobs 1: {one:.1f} s = {one / count:.3f} s/page;  "
          f"--jobs {jobs}: {many:.1f} s = {many / count:.3f} s/page;  speedup {one / many:.2f}x")
    print(f"              CPU (user + system, all processes): --jobs 1 {single.cpu:.1f} s = {single.cpu / count:.3f} s/page;  "
          f"--jobs {jobs} {spread.cpu:.1f} s = {spread.cpu / count:.3f} s/page")
    stored = store_pages(work / "out-scan-n")
    low = sum(1 for p in stored if p["confidence"] is not None and p["confidence"] < Settings().reorient_below)
    reasons = Counter(p["reason"] for p in stored)
    print(f"              aqb pages: {dict(reasons)}; {low} with confidence < {Settings().reorient_below:g} "
          f"(orientation check, maybe a second OCR), {sum(1 for p in stored if p['rotation'])} turned")
    errors = "; ".join(f"{r['source_file']} ({r['stage']}: {r['error']})" for r in read(work / "out-scan-n" / "errors.csv"))
    print(f"              --jobs {jobs}: {run_seconds(work / 'out-scan-n'):.1f} s by aqb's own clock (the rest is interpreter "
          f"start-up, imports, exit);  in errors.csv: {errors or 'none'}")
    report.check(f"scan speedup jobs {jobs} vs 1", one / many, ">=", 1.8)
    return single, spread


def floor(work: Path, files: list[Path], jobs: int, single: Timed, spread: Timed, report: Report) -> dict[str, str]:
    settings = Settings()
    log("floor: writing the page images as aqb makes them")
    images, prep = write_page_images(files, fresh(work / "images"), settings)
    kinds = Counter(f"{i.source} {i.dpi} dpi" for i in images)
    log(f"floor: raw tesseract, {jobs} processes")
    config = tesseract_config(settings)
    many = tesseract_run(images, jobs, config, settings.lang)
    count = len(images)
    print(f"floor         {count} page images ({dict(kinds)}; the scans in the PDFs: {dict(image_dpi(files))} by dpi) "
          f"written in {prep:.1f} s = {prep / count:.3f} s/page (one process, not in the floor)")
    print(f"              tesseract -l {settings.lang} {config} tsv, {jobs} in parallel: {many.wall:.1f} s = "
          f"{many.wall / count:.3f} s/page, CPU {many.cpu / count:.3f} s/page;  aqb --jobs {jobs} / floor: "
          f"wall {spread.wall / many.wall:.2f}x, CPU {spread.cpu / many.cpu:.2f}x")
    if jobs > 1:
        log("floor: raw tesseract, 1 process (how far this machine scales)")
        alone = tesseract_run(images, 1, config, settings.lang)
        print(f"              the same, 1 process: {alone.wall:.1f} s = {alone.wall / count:.3f} s/page, CPU {alone.cpu / count:.3f} "
              f"s/page;  tesseract's own speedup {jobs} vs 1 = {alone.wall / many.wall:.2f}x (the ceiling for aqb's);  "
              f"aqb --jobs 1 / floor 1 process: wall {single.wall / alone.wall:.2f}x, CPU {single.cpu / alone.cpu:.2f}x")
    report.check(f"scan aqb(jobs {jobs}) / tesseract floor, wall", spread.wall / many.wall, "<=", 1.2)
    report.check(f"scan aqb(jobs {jobs}) / tesseract floor, CPU", spread.cpu / many.cpu, "<=", 1.2)
    return many.texts


def ocrmypdf_pass(exe: str, files: list[Path], dest: Path, jobs: int, per_file_jobs: int) -> float:
    fresh(dest).mkdir(parents=True)
    at_once = 1 if per_file_jobs > 1 else jobs
    seconds = parallel([[exe, "-q", "-l", "deu", "--jobs", str(per_file_jobs), str(f), str(dest / f.name)] for f in files], at_once)
    return seconds + parallel([["pdftotext", str(dest / f.name), str(dest / (f.stem + ".txt"))] for f in files], jobs)


def peer(work: Path, files: list[Path], jobs: int, aqb_seconds: float, count: int, report: Report) -> None:
    exe = tool("ocrmypdf")
    if exe is None:
        print("peer          skipped: ocrmypdf not installed (make bench installs it)")
        return
    version = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.strip()
    log(f"peer: ocrmypdf {version}, one file after another with --jobs {jobs}")
    serial = ocrmypdf_pass(exe, files, work / "ocrmypdf-serial", jobs, jobs)
    log(f"peer: ocrmypdf, {jobs} files at a time with --jobs 1")
    spread = ocrmypdf_pass(exe, files, work / "ocrmypdf-parallel", jobs, 1)
    best, mode = min((serial, f"files one after another, --jobs {jobs}"), (spread, f"{jobs} files at a time, --jobs 1"))
    folder = work / ("ocrmypdf-serial" if serial <= spread else "ocrmypdf-parallel")
    print(f"peer          ocrmypdf {version} + pdftotext: files one after another with --jobs {jobs}: {serial:.1f} s "
          f"= {serial / count:.3f} s/page;  {jobs} files at a time with --jobs 1: {spread:.1f} s = {spread / count:.3f} s/page")
    print(f"              faster: {mode};  ocrmypdf / aqb --jobs {jobs} = {best / aqb_seconds:.2f}x")
    report.check("scan ocrmypdf / aqb", best / aqb_seconds, ">=", 2)
    expected = truths(work / "scan")
    parallel([["pdftotext", "-raw", str(folder / f.name), str(folder / (f.stem + ".raw.txt"))] for f in files], jobs)
    acc = {}
    for suffix in (".txt", ".raw.txt"):
        texts = {f.name: p.read_text(encoding="utf-8", errors="replace") for f in files if (p := folder / (f.stem + suffix)).exists()}
        acc[suffix] = char_accuracy(texts, expected)[0]
    log("peer: aqb run on OCRmyPDF's output PDFs")
    seconds = timed(aqb_run(folder, work / "out-peer", jobs))
    sources = Counter(p["source"] for p in store_pages(work / "out-peer"))
    print(f"              OCRmyPDF char accuracy {acc['.txt']:.4f} with pdftotext (reading order rebuilt), {acc['.raw.txt']:.4f} "
          f"with pdftotext -raw (content-stream order, untimed)")
    print(f"              OCRmyPDF fields through aqb's extractor {fields_right(work / 'out-peer', work / 'scan')}  "
          f"(aqb read its pages as {dict(sources)} in {seconds:.1f} s)")


def memory(work: Path, files: list[Path], jobs: int, report: Report) -> None:
    few = fresh(work / "digital-10")
    few.mkdir(parents=True)
    for path in files[:10]:
        shutil.copy(path, few / path.name)
    results = {}
    for label, inbox in (("10", few), (str(len(files)), work / "digital")):
        log(f"memory: aqb run over {label} born-digital documents, sampling RSS")
        results[label] = sampled(aqb_run(inbox, work / f"out-rss-{label}", jobs))
        r = results[label]
        print(f"memory        {label:>3s} born-digital docs --jobs {jobs}: peak RSS of the process tree {r.tree_mib:.0f} MiB, "
              f"driver {r.driver_mib:.0f} MiB  ({r.seconds:.1f} s, {r.samples} samples)")
    small, large = results["10"], results[str(len(files))]
    print(f"              ratio {len(files)} / 10 docs: tree {large.tree_mib / small.tree_mib:.2f}x, "
          f"driver {large.driver_mib / small.driver_mib:.2f}x")
    report.check(f"peak RSS tree {len(files)} / 10 docs", large.tree_mib / small.tree_mib, "<=", 1.2)


def study(work: Path, jobs: int) -> None:
    expected = {n: t for n, t in truths(ROOT / "samples").items() if t["kind"] == "scan"}
    inbox = fresh(work / "study-in")
    inbox.mkdir(parents=True)
    files = [Path(shutil.copy(ROOT / "samples" / name, inbox / name)) for name in expected]
    count = pages(files)
    print(f"\nstudy         {len(files)} scanned samples ({sum(t.get('is_agreement', True) for t in expected.values())} "
          f"agreements), {count} pages, aqb --jobs {jobs}")
    for psm, dpi in ((3, 300), (6, 300), (3, 200), (3, 400)):
        log(f"study: aqb run --psm {psm} --dpi {dpi}")
        out = work / f"out-study-psm{psm}-dpi{dpi}"
        seconds = timed(aqb_run(inbox, out, jobs, "--psm", psm, "--dpi", dpi))
        acc, _ = char_accuracy(store_texts(out), expected)
        right = fields_right(out, ROOT / "samples", set(expected))
        print(f"  --psm {psm} --dpi {dpi}: {seconds / count:.3f} s/page  char {acc:.4f}  fields {right}")
    settings = Settings()
    images, _ = write_page_images(files, fresh(work / "study-images"), settings)
    for stated in (False, True):
        log(f"study: raw tesseract {'with' if stated else 'without'} --dpi")
        seconds, texts = tesseract_pool(images, jobs, tesseract_config(settings), settings.lang, stated_dpi=stated)
        acc, _ = char_accuracy(texts, expected)
        print(f"  raw tesseract {tesseract_config(settings)} {'--dpi <image dpi>' if stated else '(no --dpi)':18s}: "
              f"{seconds / len(images):.3f} s/page  char {acc:.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parallel processes (default: all cores)")
    parser.add_argument("--docs-digital", type=int, default=100)
    parser.add_argument("--docs-scan", type=int, default=20)
    parser.add_argument("--scan-dpi", type=int, default=None,
                        help="generate every scan at this dpi (e.g. 300, as archives scan); default: the generator's mix")
    parser.add_argument("--keep", type=Path, default=None, help="work in DIR and keep it (default: a temp folder, removed)")
    parser.add_argument("--skip-peer", action="store_true", help="no OCRmyPDF comparison")
    parser.add_argument("--study", action="store_true", help="also the psm/dpi study on samples/*_scan.pdf (slow)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="aqb-throughput-"))
    work.mkdir(parents=True, exist_ok=True)
    report = Report()
    try:
        print(f"aqb {__version__}, tesseract {tesseract_version()}, {os.cpu_count()} cores, --jobs {args.jobs}, "
              f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        log("generating the born-digital and the scanned corpus")
        digital = generate(work / "digital", args.docs_digital, 0, seed=11) if args.docs_digital else []
        scans = generate(work / "scan", args.docs_scan, args.docs_scan, seed=13, scan_dpi=args.scan_dpi)
        expected = truths(work / "scan")
        kinds = Counter(t["kind"] for t in expected.values())
        print(f"corpus        {len(digital)} born-digital PDFs; {len(scans)} scanned PDFs, expected kinds {dict(kinds)}, "
              f"{sum(1 for t in expected.values() if t.get('truth_text'))} with truth_text")
        if digital:
            born_digital(work, digital, args.jobs, report)
        single, spread = scanned(work, scans, args.jobs, report)
        floor_texts = floor(work, scans, args.jobs, single, spread, report)
        acc, n = char_accuracy(store_texts(work / "out-scan-n"), expected)
        floor_acc, _ = char_accuracy(floor_texts, expected)
        share, fields = field_share(work / "out-scan-n", work / "scan")
        print(f"accuracy      aqb on the {len(scans)} scans: char {acc:.4f} ({n} docs), fields {fields};  "
              f"raw tesseract char {floor_acc:.4f}")
        report.check("scan fields right (aqb --jobs N)", share, ">=", 0.95)
        if not args.skip_peer:
            peer(work, scans, args.jobs, spread.wall, pages(scans), report)
        if digital:
            memory(work, digital, args.jobs, report)
        if args.study:
            study(work, args.jobs)
        report.summary()
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
        else:
            log(f"work folder kept: {work}")


if __name__ == "__main__":
    main()
