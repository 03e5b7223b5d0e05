"""The nightly contract as documented: the exit codes in the README and `aqb --help`, `make run` on
samples/ exiting 0 with its two non-agreements and no special case, and values a spreadsheet would
run as formulas (or a browser as markup) kept inert in the HTML report."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, SAMPLES, read_csv
from extract.cli import main
from extract.errors import ExitCode

NOT_AGREEMENTS = sorted(p.name for p in SAMPLES.glob("nonagreement_*.pdf"))
HOSTILE_NAME = '=HYPERLINK("http://evil.example/x","klick")<script>alert(1)</script><a href="javascript:alert(2)">x</a>'


def aqb(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.output


def test_every_exit_code_is_documented_in_the_readme_and_the_help() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    documented = {int(code) for row in re.findall(r"^\| ([\d /]+) \|", table, re.M) for code in row.split("/")}
    helped = aqb("--help")[1].split("Exit codes:", 1)[1]
    listed = {int(code) for code in re.findall(r"^\s+(\d+)\s", helped, re.M)}
    for code in ExitCode:
        assert int(code) in documented, f"exit code {int(code)} is not in the README's table"
        assert int(code) in listed, f"exit code {int(code)} is not in aqb --help"
    assert 143 in documented and "143 for SIGTERM" in helped


def test_make_run_has_no_special_case_for_failures() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0].splitlines()[1:]
    assert [line.strip() for line in recipe] == ["$(BIN)/aqb run samples/ --out output/"]  # no "-", no "|| true"
    assert len(NOT_AGREEMENTS) == 2


@pytest.mark.e2e  # one of the two non-agreements is a scan (real Tesseract)
def test_the_samples_non_agreements_are_results_and_the_run_exits_0(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in [*NOT_AGREEMENTS, "seed_001_digital.pdf"]:
        shutil.copy(SAMPLES / name, inbox / name)
    code, output = aqb("run", inbox, "--out", tmp_path / "out", "-j", "2")
    assert code == ExitCode.OK, output
    assert {e["source_file"]: e["stage"] for e in read_csv(tmp_path / "out" / "errors.csv")} == dict.fromkeys(NOT_AGREEMENTS, "classify")


def test_the_html_report_never_makes_a_value_live(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    shutil.copy(SAMPLES / "seed_001_digital.pdf", inbox / "a.pdf")
    assert aqb("run", inbox, "--out", out, "-j", "1")[0] == ExitCode.OK
    for table, column in (("projects.csv", "project_name"), ("agreements.csv", "district_signed_place")):
        rows = read_csv(out / table)
        rows[0][column] = HOSTILE_NAME  # as a text layer may hold it: the dataset keeps it verbatim
        with open(out / table, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    code, output = aqb("report", out, "--html", tmp_path / "report")
    assert code == ExitCode.OK, output
    pages = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "report").rglob("*.html")}
    shown = "".join(pages.values())
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown  # the value is shown, as text
    for page, html in pages.items():
        assert "<script>alert(1)" not in html, page
        assert not re.search(r"""href=["']?(javascript:|http://evil)""", html, re.I), page
