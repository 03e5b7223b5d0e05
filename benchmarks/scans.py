"""Per degradation kind: how aqb reads scans, against raw Tesseract on the same page images.

Usage: python benchmarks/scans.py [--docs 3] [--seed 17] [--jobs 2] [--kinds clean300,fax,...] [--keep DIR] [--failures]

Generated born-digital agreements are rendered at 300 dpi and degraded by one kind each
(samples/generator/scan_axes.py: 200 dpi, JPEG quality 20, fax black/white at 200 dpi, skew, noise
and specks, first and last page fed sideways, seals and signatures over the signing lines, colour
paper with blue ink and red seals), written as image-only PDFs. Per kind it prints: aqb s/page
(`aqb run --jobs N`), the raw floor (`tesseract IMG - -l deu --psm 3 tsv` on the images aqb makes,
N at a time) and their ratio; character accuracy of aqb and of raw Tesseract against the
generator's truth_text; aqb's field accuracy, signing places and dates right, amounts and district
keys exact, project F1. Nothing is asserted."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "samples"))

from accuracy import read
from generator.scan_axes import KINDS, scan_kind

from _common import aqb, char_accuracy, generate, log, pages, store_texts, tesseract_pool, timed, truths, write_page_images
from extract.reading.ocr import tesseract_config
from extract.settings import Settings

SIGNING = ("ministry_signed_place", "ministry_signed_date", "district_signed_place", "district_signed_date")
FIELDS = ("year", "district_ags", "district_name", "ministry", "amount_eur", *SIGNING, "project_count")


def value(v: object) -> str:
    return "" if v is None else str(v)


def failures(out: Path, expected: dict[str, dict]) -> list[tuple[str, str, str]]:
    """(file, class, detail) of every wrong field (class: the field) and project name (class:
    project missed / project extra)."""
    rows = {r["source_file"]: r for r in read(out / "agreements.csv")}
    projects: dict[str, list[str]] = {}
    for r in read(out / "projects.csv"):
        projects.setdefault(r["agreement_id"], []).append(r["project_name"])
    found = []
    for name, truth in expected.items():
        row = rows.get(name, {})
        for field in FIELDS:
            want, got = value(truth["agreement"][field]), row.get(field, "<missing>")
            if want != got:
                flagged = "flagged" if row.get("needs_review") in ("True", "true", "1") else "NOT flagged"
                found.append((name, field, f"want {want!r} got {got!r} ({flagged}: {row.get('review_reasons', '')})"))
        want_names = [p["project_name"] for p in truth["projects"]]
        got_names = projects.get(row.get("agreement_id", ""), [])
        found += [(name, "project missed", n) for n in want_names if n not in got_names]
        found += [(name, "project extra", n) for n in got_names if n not in want_names]
    return found


def rereads(out: Path) -> tuple[int, int, int]:
    """(values whose re-reading won, OCRed pages, pages deskewed) of a dataset."""
    won = sum(1 for r in read(out / "provenance.csv") if r.get("reading", "page") not in ("", "page"))
    ocr = [r for r in read(out / "pages.csv") if r["source"] == "ocr"]
    return won, len(ocr), sum(1 for r in ocr if "deskewed" in r["reason"])


def scores(out: Path, expected: dict[str, dict]) -> dict[str, tuple[int, int]]:
    """(right, checked) for: fields, signing, keys (amount and district key), projects (F1 parts)."""
    rows = {r["source_file"]: r for r in read(out / "agreements.csv")}
    projects: dict[str, list[str]] = {}
    for r in read(out / "projects.csv"):
        projects.setdefault(r["agreement_id"], []).append(r["project_name"])
    tally = {"fields": [0, 0], "signing": [0, 0], "keys": [0, 0], "proj_tp": [0, 0], "proj_got": [0, 0]}
    for name, truth in expected.items():
        row = rows.get(name, {})
        for field in FIELDS:
            ok = value(truth["agreement"][field]) == row.get(field, "<missing>")
            tally["fields"][0] += ok
            tally["fields"][1] += 1
            if field in SIGNING:
                tally["signing"][0] += ok
                tally["signing"][1] += 1
            if field in ("amount_eur", "district_ags"):
                tally["keys"][0] += ok
                tally["keys"][1] += 1
        want = [p["project_name"] for p in truth["projects"]]
        got = projects.get(row.get("agreement_id", ""), [])
        tp = sum(min(want.count(n), got.count(n)) for n in set(want))
        tally["proj_tp"][0] += tp
        tally["proj_tp"][1] += len(want)
        tally["proj_got"][0] += tp
        tally["proj_got"][1] += len(got)
    return {k: (v[0], v[1]) for k, v in tally.items()}


def f1(s: dict[str, tuple[int, int]]) -> float:
    recall = s["proj_tp"][0] / max(s["proj_tp"][1], 1)
    precision = s["proj_got"][0] / max(s["proj_got"][1], 1)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--seed", type=int, default=17, help="the generator's seed (tune on one, report on another)")
    parser.add_argument("--keep", type=Path, default=None)
    parser.add_argument("--failures", action="store_true", help="list every wrong field and project name, then counts by class")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="aqb-scans-"))
    work.mkdir(parents=True, exist_ok=True)
    settings = Settings()
    try:
        digital = generate(work / "digital", args.docs, 0, seed=args.seed)
        expected = truths(work / "digital")
        print(f"{len(digital)} generated agreements, {pages(digital)} pages each kind; aqb --jobs {args.jobs}; floor: "
              f"tesseract -l {settings.lang} {tesseract_config(settings)} tsv, {args.jobs} at a time")
        print(f"{'kind':10s} {'aqb s/p':>7s} {'floor':>6s} {'ratio':>5s} {'char aqb':>8s} {'char tess':>9s} "
              f"{'fields':>7s} {'signing':>7s} {'keys':>7s} {'proj F1':>7s} {'rereads/p':>9s} {'deskewed':>8s}")
        hard: dict[str, list[int]] = {}
        hard_time = [0.0, 0.0]
        wrong: list[tuple[str, str, str]] = []
        for kind in args.kinds.split(","):
            folder = work / kind
            folder.mkdir(parents=True, exist_ok=True)
            files = []
            for i, path in enumerate(digital):
                target = folder / path.name.replace("_digital", f"_{kind}")
                target.write_bytes(scan_kind(path.read_bytes(), kind, seed=i))
                files.append(target)
            names = {t.name: expected[s.name] for s, t in zip(digital, files)}
            log(f"{kind}: aqb run")
            out = work / f"out-{kind}"
            shutil.rmtree(out, ignore_errors=True)
            seconds = timed(aqb("run", folder, "--out", out, "--jobs", args.jobs, "--quiet"))
            count = pages(files)
            log(f"{kind}: raw tesseract")
            images, _ = write_page_images(files, work / f"images-{kind}", settings)
            floor, texts = tesseract_pool(images, args.jobs, tesseract_config(settings), settings.lang)
            aqb_char, _ = char_accuracy(store_texts(out), names)
            raw_char, _ = char_accuracy(texts, names)
            s = scores(out, names)
            share = {k: f"{v[0] / v[1]:.3f}" if v[1] else "n/a" for k, v in s.items()}
            won, ocr_pages, deskewed = rereads(out)
            print(f"{kind:10s} {seconds / count:7.2f} {floor / count:6.2f} {seconds / floor:5.2f} {aqb_char:8.4f} {raw_char:9.4f} "
                  f"{share['fields']:>7s} {share['signing']:>7s} {share['keys']:>7s} {f1(s):7.3f} "
                  f"{won / max(ocr_pages, 1):9.2f} {deskewed:8d}", flush=True)
            if kind != "clean300":
                for k, v in s.items():
                    hard.setdefault(k, [0, 0])
                    hard[k][0] += v[0]
                    hard[k][1] += v[1]
                hard_time[0] += seconds
                hard_time[1] += floor
            wrong += [(f"{kind}", *failure) for failure in failures(out, names)]
        if hard:
            h = {k: (v[0], v[1]) for k, v in hard.items()}
            print(f"{'hard (all but clean300)':24s} fields {h['fields'][0]}/{h['fields'][1]} = {h['fields'][0] / h['fields'][1]:.3f}, "
                  f"signing {h['signing'][0]}/{h['signing'][1]} = {h['signing'][0] / h['signing'][1]:.3f}, "
                  f"keys {h['keys'][0]}/{h['keys'][1]}, project F1 {f1(h):.3f}, aqb / floor {hard_time[0] / max(hard_time[1], 1e-9):.2f}")
        if args.failures:
            for kind, name, what, detail in wrong:
                print(f"  {kind:9s} {name:30s} {what:22s} {detail}")
            counts: dict[str, int] = {}
            for _, _, what, _ in wrong:
                counts[what] = counts.get(what, 0) + 1
            print("failures by class: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1])))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
