"""Accuracy and trust of aqb on a wide generated corpus, overall and per variation axis.

Generates agreements with `samples/generate.py --variety` (every document draws its own value of each
axis in samples/generator/axes.py, recorded in NAME.expected.json), plus the two non-agreements, runs
`python -m extract run CORPUS --out OUT -j JOBS --quiet` as a subprocess and prints:

  * field accuracy, project F1 (predicted vs expected (measure_type, project_name) multisets) and the
    perfect-document rate, overall and per axis value (weak values marked "<<");
  * trust per subset (born-digital / scanned): documents with every value right, documents with a
    wrong value and how many of those need_review (flagged), silent errors (wrong and not flagged),
    agreements lost (in errors.csv or nowhere), non-agreements accepted, and correct documents
    flagged anyway (review load);
  * the first silent errors: file, wrong fields (expected vs got), review_reasons, axes.

Prints figures, asserts nothing.

Examples:
  python benchmarks/corpus.py                              # 300 born-digital documents, seed 1000
  python benchmarks/corpus.py --count 1000 --scans 20 --jobs 2 --keep /tmp/corpus
  python benchmarks/corpus.py --corpus /tmp/corpus/corpus --dataset /tmp/corpus/out   # re-score only
  python benchmarks/corpus.py --aqb-root ../main          # run the aqb of another checkout
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from accuracy import document_checks, read  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


@dataclass
class Doc:
    file: str
    kind: str
    agreement: bool
    axes: dict[str, str]
    accepted: bool = False  # has a row in agreements.csv
    flagged: bool = False
    reasons: str = ""
    error: str = ""  # stage: message from errors.csv
    checks: int = 0
    wrong: list[tuple[str, str, str]] = field(default_factory=list)
    tp: int = 0
    n_pred: int = 0
    n_true: int = 0

    @property
    def lost(self) -> bool:
        return self.agreement and not self.accepted

    @property
    def perfect(self) -> bool:
        return self.agreement and self.accepted and not self.wrong


def generate(corpus: Path, seed: int, count: int, scans: int) -> None:
    cmd = [sys.executable, str(ROOT / "samples" / "generate.py"), "--out", str(corpus), "--seed", str(seed),
           "--count", str(count), "--scans", str(scans), "--both", "0", "--no-seeds", "--no-readme", "--variety"]
    subprocess.run(cmd, check=True, capture_output=True)


def run_aqb(corpus: Path, out: Path, jobs: int, aqb_root: Path) -> float:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "extract", "run", str(corpus), "--out", str(out), "-j", str(jobs),
                           "--quiet"], cwd=aqb_root, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        log(f"aqb exit {proc.returncode}:\n{proc.stderr[-3000:]}")
    return time.perf_counter() - started


def score(corpus: Path, out: Path) -> list[Doc]:
    agreements = {row["source_file"]: row for row in read(out / "agreements.csv")}
    errors = {row["source_file"]: row for row in read(out / "errors.csv")}
    projects: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in read(out / "projects.csv"):
        projects[row["agreement_id"]].append(row)
    docs = []
    for path in sorted(corpus.glob("*.expected.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        name = truth["file"]
        doc = Doc(name, truth["kind"], bool(truth.get("is_agreement", True)), truth.get("axes") or {})
        row = agreements.get(name)
        if name in errors:
            doc.error = f"{errors[name]['stage']}: {errors[name]['error']}"
        if row is not None:
            doc.accepted = True
            doc.flagged = str(row.get("needs_review")) == "True"
            doc.reasons = row.get("review_reasons", "")
        if doc.agreement and row is not None:
            got = sorted(projects.get(row["agreement_id"], []), key=lambda p: int(p["position"]))
            checks = document_checks(truth, row, got)
            doc.checks, doc.wrong = len(checks), [c for c in checks if c[1] != c[2]]
            want = Counter((p["measure_type"], p["project_name"]) for p in truth["projects"])
            have = Counter((p["measure_type"], p["project_name"]) for p in got)
            doc.tp, doc.n_pred, doc.n_true = sum((want & have).values()), sum(have.values()), sum(want.values())
        elif doc.agreement:
            doc.n_true = len(truth["projects"])
            doc.checks = len(document_checks(truth, {}, []))
            doc.wrong = [("<lost>", "", doc.error or "nowhere")]
        docs.append(doc)
    return docs


@dataclass
class Stats:
    n: int = 0
    checks: int = 0
    wrong: int = 0
    tp: int = 0
    pred: int = 0
    true: int = 0
    perfect: int = 0
    lost: int = 0
    silent: int = 0

    def add(self, d: Doc) -> None:
        self.n += 1
        self.checks += d.checks
        self.wrong += d.checks if d.lost else len(d.wrong)
        self.tp, self.pred, self.true = self.tp + d.tp, self.pred + d.n_pred, self.true + d.n_true
        self.perfect += d.perfect
        self.lost += d.lost
        self.silent += d.accepted and bool(d.wrong) and not d.flagged

    @property
    def f1(self) -> float:
        p = self.tp / self.pred if self.pred else 0.0
        r = self.tp / self.true if self.true else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def row(self, label: str, overall: float | None = None) -> str:
        fields = 1 - self.wrong / self.checks if self.checks else float("nan")
        rate = self.perfect / self.n if self.n else 0.0
        mark = " <<" if overall is not None and self.n >= 5 and rate < overall - 0.15 else ""
        return (f"{label:40s} {self.n:5d} {fields:7.3f} {self.f1:6.3f} {rate:7.1%} {self.lost:5d} "
                f"{self.silent:6d}{mark}")


HEAD = f"{'':40s} {'docs':>5s} {'fields':>7s} {'projF1':>6s} {'perfect':>7s} {'lost':>5s} {'silent':>6s}"


def axis_table(docs: list[Doc]) -> list[str]:
    agreements = [d for d in docs if d.agreement]
    total = Stats()
    for d in agreements:
        total.add(d)
    overall = total.perfect / total.n if total.n else 0.0
    lines = [HEAD, total.row("ALL agreements")]
    for kind in ("digital", "scan"):
        sub = Stats()
        for d in agreements:
            if d.kind == kind:
                sub.add(d)
        if sub.n:
            lines.append(sub.row(f"  kind={kind}"))
    by_axis: dict[str, dict[str, Stats]] = defaultdict(lambda: defaultdict(Stats))
    for d in agreements:
        for axis, value in d.axes.items():
            by_axis[axis][value].add(d)
    for axis in by_axis:
        lines.append(f"{axis}:")
        for value, stats in sorted(by_axis[axis].items(), key=lambda kv: kv[0]):
            lines.append(stats.row(f"  {value}", overall))
    return lines


def trust(docs: list[Doc]) -> list[str]:
    lines = [f"{'subset':8s} {'agreem.':>7s} {'right':>6s} {'wrong':>6s} {'flagged':>8s} {'SILENT':>7s} {'lost':>5s} "
             f"{'non-agr acc.':>12s} {'right but flagged':>18s}"]
    for kind in ("digital", "scan"):
        sub = [d for d in docs if d.kind == kind]
        agr = [d for d in sub if d.agreement]
        if not sub:
            continue
        right = [d for d in agr if d.perfect]
        wrong = [d for d in agr if d.accepted and d.wrong]
        flagged = [d for d in wrong if d.flagged]
        others = [d for d in sub if not d.agreement]
        accepted = sum(d.accepted for d in others)
        load = sum(d.flagged for d in right)
        lines.append(f"{kind:8s} {len(agr):7d} {len(right):6d} {len(wrong):6d} {len(flagged):8d} "
                     f"{len(wrong) - len(flagged):7d} {sum(d.lost for d in agr):5d} {accepted:5d} of {len(others):<4d} "
                     f"{load:6d} ({load / len(right) if right else 0:.0%})")
    return lines


def failure_classes(docs: list[Doc]) -> list[str]:
    silent = Counter()
    flagged = Counter()
    for d in docs:
        if d.agreement and d.accepted and d.wrong:
            names = {w[0].split("].")[-1] if w[0].startswith("project[") else w[0] for w in d.wrong}
            for n in names:
                (flagged if d.flagged else silent)[n] += 1
    lost = Counter(d.error.split(" (")[0] if d.error else "nowhere" for d in docs if d.lost)
    lines = ["wrong field (documents)     silent  flagged"]
    for name in sorted(set(silent) | set(flagged), key=lambda n: -(silent[n] + flagged[n])):
        lines.append(f"  {name:26s} {silent[name]:6d} {flagged[name]:8d}")
    lines.append("lost agreements by error:")
    lines += [f"  {count:4d}  {msg}" for msg, count in lost.most_common(8)]
    return lines


SHOWN_AXES = ("producer", "font", "list_form", "heading_marker", "item_marker", "bullet", "item_punct",
              "amount_phrase", "amount_noise", "page_break", "running", "section_sign", "title", "date_format")


def silent_listing(docs: list[Doc], limit: int) -> list[str]:
    lines = []
    silent = [d for d in docs if d.agreement and d.accepted and d.wrong and not d.flagged]
    for d in silent[:limit]:
        lines.append(f"{d.file}  reasons={d.reasons or '-'}")
        for name, want, got in d.wrong[:4]:
            lines.append(f"    {name}: want {want!r} got {got!r}")
        if len(d.wrong) > 4:
            lines.append(f"    … {len(d.wrong) - 4} more wrong values")
        lines.append("    axes: " + " ".join(f"{a}={d.axes[a]}" for a in SHOWN_AXES if d.axes.get(a) not in (None, "n/a")))
    return lines


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1000, help="generator seed (tests use 7; default 1000)")
    ap.add_argument("--count", type=int, default=300, help="generated agreements (default 300)")
    ap.add_argument("--scans", type=int, default=0, help="how many of them are scanned (slow: ~1 s/page OCR)")
    ap.add_argument("--jobs", type=int, default=2, help="aqb -j (default 2)")
    ap.add_argument("--keep", type=Path, help="keep the corpus (KEEP/corpus) and aqb's output (KEEP/out) here")
    ap.add_argument("--corpus", type=Path, help="use this generated corpus instead of generating one")
    ap.add_argument("--dataset", type=Path, help="score this aqb output instead of running aqb")
    ap.add_argument("--aqb-root", type=Path, default=ROOT, help="checkout whose `python -m extract` runs (default: this one)")
    ap.add_argument("--show", type=int, default=25, help="silent errors listed (default 25)")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    base = args.keep or Path(tempfile.mkdtemp(prefix="aqb-corpus-"))
    corpus = args.corpus or base / "corpus"
    out = args.dataset or base / "out"
    if not args.corpus:
        corpus.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        generate(corpus, args.seed, args.count, args.scans)
        log(f"generated {len(list(corpus.glob('*.pdf')))} PDFs in {corpus} ({time.perf_counter() - started:.0f}s)")
    if not args.dataset:
        seconds = run_aqb(corpus, out, args.jobs, args.aqb_root.resolve())
        log(f"aqb ran in {seconds:.0f}s -> {out}")
    docs = score(corpus, out)
    print(f"# corpus {corpus} ({len(docs)} documents), dataset {out}\n")
    print("## Per axis value (fields = share of values right; perfect = every value right; lost = not in "
          "agreements.csv; silent = wrong and not flagged; << = perfect rate 15 points below overall)")
    print("\n".join(axis_table(docs)))
    print("\n## Trust")
    print("\n".join(trust(docs)))
    print("\n## Failure classes")
    print("\n".join(failure_classes(docs)))
    print(f"\n## First {args.show} silent errors")
    print("\n".join(silent_listing(docs, args.show)) or "none")
    return 0


if __name__ == "__main__":
    sys.exit(main())
