"""Generate the aqb sample set: synthetic Zielvereinbarungen (born-digital and scanned), the two seed
agreements rendered verbatim, and non-agreement look-alikes, each with NAME.expected.json.

    .venv/bin/python samples/generate.py --out samples/ --seed 7
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `samples.generator` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from samples.generator.build import Output, lay_out, write_agreement, write_digital, write_scan  # noqa: E402
from samples.generator.districts import load_districts  # noqa: E402
from samples.generator.other import grant_notice, press_release  # noqa: E402
from samples.generator.plan import Cycler, plan_agreement  # noqa: E402
from samples.generator.readme import write_readme  # noqa: E402
from samples.generator.seeds import seed_000, seed_001  # noqa: E402
from samples.generator.widebuild import Pending, write_wide_agreement  # noqa: E402

YEARS = list(range(2013, 2027))
OUR_FILES = re.compile(r"^(\d{4}_\d{5}(_\d+)?|seed_\d{3}|nonagreement_\w+)_(digital|scan)(\.expected\.json|\.pdf)$")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent, help="output folder")
    ap.add_argument("--seed", type=int, default=7, help="random seed (same seed, same files)")
    ap.add_argument("--count", type=int, default=26, help="generated agreements (26 = every district once)")
    ap.add_argument("--scans", type=int, default=6, help="how many generated agreements are scanned")
    ap.add_argument("--both", type=int, default=2, help="how many of the scanned ones also get a digital twin")
    ap.add_argument("--no-seeds", action="store_true", help="skip the two seed agreements")
    ap.add_argument("--no-others", action="store_true", help="skip the non-agreement documents")
    ap.add_argument("--no-readme", action="store_true", help="do not rewrite README.md in --out")
    ap.add_argument("--scan-dpi", type=int, default=None,
                    help="scan every generated scan at this resolution, without the size budget (benchmarks)")
    ap.add_argument("--variety", action="store_true",
                    help="wide profile: draw the variation axes of generator/axes.py per document (list schemes, "
                         "tables, page furniture, amount and date phrasing, PDF producers, fonts) and record them "
                         "under \"axes\" in each expected.json; without it the output is the default set")
    return ap.parse_args(argv)


def clean(out: Path) -> None:
    """Remove files of an earlier run (only names this generator produces)."""
    for path in out.iterdir():
        if path.is_file() and OUR_FILES.match(path.name):
            path.unlink()


def generated(out: Path, seed: int, count: int, scans: int, both: int, scan_dpi: int | None = None,
              variety: bool = False) -> list[Output]:
    rng = random.Random(seed)
    cycler = Cycler(random.Random(seed + 1))
    districts = load_districts()
    rng.shuffle(districts)
    years: list[int] = []
    while len(years) < count:
        batch = YEARS[:]
        rng.shuffle(batch)
        years += batch
    scanned = set(rng.sample(range(count), min(scans, count)))
    twins = set(sorted(scanned)[:both])
    hard = max(scanned - twins) if scanned - twins else None
    pairs = [(districts[i % len(districts)], years[i]) for i in range(count)]
    if variety:  # one agreement per district and year, as in the real series, until every pair is taken
        every = [(d, y) for d in districts for y in YEARS]
        random.Random(seed + 2).shuffle(every)
        pairs = [every[i % len(every)] for i in range(count)]
    outputs: list[Output] = []
    seen: dict[str, int] = {}
    pending = Pending()
    for i in range(count):
        spec = plan_agreement(pairs[i][0], pairs[i][1], rng, cycler)
        kinds = ("digital", "scan") if i in twins else ("scan",) if i in scanned else ("digital",)
        base = spec.key  # variant 0: the district and year only
        spec.variant = seen.get(base, 0)
        seen[base] = spec.variant + 1
        if variety:
            outputs += write_wide_agreement(out, spec, seed, kinds, i == hard, pending, scan_dpi=scan_dpi)
        else:
            outputs += write_agreement(out, spec, seed, kinds, hard=i == hard, scan_dpi=scan_dpi)
    return outputs + pending.finish(out)


def seeds(out: Path) -> list[Output]:
    outputs = []
    for doc in (seed_000(), seed_001()):
        layout = lay_out(doc.blocks, doc.style)
        outputs.append(write_digital(out, doc.name, layout, doc.truth, doc.note))
        outputs.append(write_scan(out, doc.name, layout, doc.truth, doc.scan, doc.note))
    return outputs


def others(out: Path) -> list[Output]:
    outputs = []
    for doc in (press_release(), grant_notice()):
        layout = lay_out(doc.blocks, doc.style, doc.decorate)
        if doc.scan:
            outputs.append(write_scan(out, doc.name, layout, None, doc.scan, doc.note))
        else:
            outputs.append(write_digital(out, doc.name, layout, None, doc.note))
    return outputs


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.time()
    args.out.mkdir(parents=True, exist_ok=True)
    clean(args.out)
    outputs: list[Output] = []
    if not args.no_seeds:
        outputs += seeds(args.out)
    outputs += generated(args.out, args.seed, args.count, args.scans, args.both, args.scan_dpi, args.variety)
    if not args.no_others:
        outputs += others(args.out)
    if not args.no_readme:
        write_readme(args.out, outputs, args)
    total = sum((args.out / o.file).stat().st_size for o in outputs)
    print(f"wrote {len(outputs)} PDFs ({total / 1e6:.1f} MB) to {args.out} in {time.time() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
