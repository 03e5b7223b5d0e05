"""aqb correct: the forms a value may take and what it says when it refuses one, positions checked
against the document, --blank, --remove, --author's fallback, and corrections.csv kept as a
spreadsheet saved it."""

from __future__ import annotations

import csv
import getpass
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SAMPLES
from extract.cli import main
from extract.cli.cmd_correct import user_name
from extract.dataset.corrections import load_corrections
from extract.ingest.pipeline import RunOptions, run

SEED = "seed_000_digital.pdf"


@pytest.fixture(scope="module")
def processed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("correct") / "out"
    run([SAMPLES / SEED], out, options=RunOptions(jobs=1))
    return out


@pytest.fixture()
def out(processed: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "out"
    shutil.copytree(processed, copy)
    return copy


def correct(out: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["correct", str(out), SEED, *args])
    return result.exit_code, result.output


def stored(out: Path) -> list[dict[str, str]]:
    with open(out / "corrections.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def project_count(out: Path) -> int:
    with open(out / "projects.csv", newline="", encoding="utf-8") as handle:
        return sum(1 for _ in csv.DictReader(handle))


@pytest.mark.parametrize(("field", "value", "kept"), [
    ("amount_eur", "465.650,00", "465650.00"),
    ("amount_eur", "465650.00", "465650.00"),
    ("amount_eur", "465 650,00 €", "465650.00"),
    ("ministry_signed_date", "26.02.2013", "2013-02-26"),
    ("ministry_signed_date", "2013-02-26", "2013-02-26"),
])
def test_german_and_iso_forms_are_taken_and_kept_in_one_form(out: Path, field: str, value: str, kept: str) -> None:
    code, output = correct(out, field, value)
    assert code == 0, output
    assert [(c["field"], c["value"]) for c in stored(out)] == [(field, kept)]


@pytest.mark.parametrize(("field", "value", "says"), [
    ("amount_eur", "abc", "465650.00 or 465.650,00"),
    ("amount_eur", "465.650", "465650.00 or 465.650,00"),  # thousands dot or decimal point? refused, not guessed
    ("ministry_signed_date", "26/02/2013", "2013-02-26 or German 26.02.2013"),
    ("ministry_signed_date", "30.02.2013", "no such day"),
    ("year", "24", "four digits"),
    ("district_ags", "6434", "5 digits"),
])
def test_a_refused_value_is_told_which_form_it_needs(out: Path, field: str, value: str, says: str) -> None:
    code, output = correct(out, field, value)
    assert code == 2
    assert says in output
    assert not (out / "corrections.csv").exists()


def test_positions_are_checked_against_the_document(out: Path) -> None:
    projects = project_count(out)
    code, output = correct(out, "project_name", "Jugend Flex", "--position", str(projects + 1))
    assert code == 2 and f"no project at position {projects + 1}" in output and f"positions 1 to {projects}" in output
    code, output = correct(out, "project_name", "Jugend Flex")
    assert code == 2 and "--position" in output and f"positions 1 to {projects}" in output
    code, output = correct(out, "year", "2024", "--position", "1")
    assert code == 2 and "agreement field" in output
    code, output = correct(out, "projekt_name", "Jugend Flex", "--position", "1")
    assert code == 2 and "cannot be corrected" in output and "project_name" in output
    assert not (out / "corrections.csv").exists()
    code, output = correct(out, "project_name", "Jugend Flex", "--position", str(projects))
    assert code == 0, output
    shown = [p for p in csv.DictReader(open(out / "projects.csv", newline="", encoding="utf-8")) if p["position"] == str(projects)]
    assert [c["was"] for c in stored(out)] == [shown[0]["project_name"]]  # the value replaced: the project is found by it
    assert [c["was"] for c in stored(out)] != [""]


def test_a_blank_date_is_confirmed_with_blank_not_an_empty_string(out: Path) -> None:
    code, output = correct(out, "ministry_signed_date", "")
    assert code == 2 and "--blank" in output
    code, output = correct(out, "amount_eur", "--blank")
    assert code == 2 and "needs a value" in output
    code, output = correct(out, "ministry_signed_date", "2024-01-01", "--blank")
    assert code == 2
    assert not (out / "corrections.csv").exists()
    code, output = correct(out, "ministry_signed_date", "--blank", "--note", "left empty on signing")
    assert code == 0 and "= blank" in output
    assert [(c["field"], c["value"], c["note"]) for c in stored(out)] == [("ministry_signed_date", "", "left empty on signing")]


def test_remove_takes_out_only_that_correction_and_keeps_every_other_line(out: Path) -> None:
    assert correct(out, "ministry_signed_date", "2024-09-30")[0] == 0
    assert correct(out, "project_name", "Jugend Flex", "--position", "1")[0] == 0
    with open(out / "corrections.csv", "a", encoding="utf-8") as handle:
        handle.write("a line,a spreadsheet,left,here,with,far,too,many,cells,!\n")
    before = (out / "corrections.csv").read_text(encoding="utf-8").splitlines()
    code, output = correct(out, "ministry_signed_date", "--remove")
    assert code == 0 and "removed 1" in output
    after = (out / "corrections.csv").read_text(encoding="utf-8").splitlines()
    assert after == [line for line in before if ",ministry_signed_date," not in line]
    code, output = correct(out, "ministry_signed_date", "--remove")
    assert code == 2 and "no correction of ministry_signed_date" in output
    code, output = correct(out, "ministry_signed", "--remove")
    assert code == 2 and "cannot be corrected" in output
    assert correct(out, "project_name", "--position", "1", "--remove")[0] == 0
    assert load_corrections(out)[0] == []
    assert len(load_corrections(out)[1]) == 1, "the line it cannot read is still there"


def test_a_spreadsheet_file_keeps_its_encoding_separator_line_ends_and_lines(out: Path) -> None:
    sheet = ("Dokument-Hinweis;document;field;value;position;note\r\n"  # a column of its own, in another order
             f"x;{SEED};district_signed_place;Bad Homburg v. d. Höhe;;Ortsname laut Unterschrift\r\n"
             "kaputt;;;;;\r\n")
    (out / "corrections.csv").write_bytes(sheet.encode("cp1252"))
    code, output = correct(out, "ministry_signed_place", "Wiesbaden-Biebrich", "--note", "Straße", "--author", "Jörg")
    assert code == 0, output
    lines = (out / "corrections.csv").read_bytes().decode("cp1252").split("\r\n")
    before = sheet.split("\r\n")
    assert lines[0] == before[0] + ";source_file;author;date", "the columns the correction needs are added at the end"
    assert lines[1:3] == before[1:3], "every other line is kept as it was"
    assert lines[3].count(";") == 8 and lines[4:] == [""]
    corrections, problems = load_corrections(out)
    assert [(c.field, c.value, c.note, c.author) for c in corrections] == [
        ("district_signed_place", "Bad Homburg v. d. Höhe", "Ortsname laut Unterschrift", ""),
        ("ministry_signed_place", "Wiesbaden-Biebrich", "Straße", "Jörg"),
    ]
    assert len(problems) == 1 and "line 3" in problems[0].reason
    code, output = correct(out, "ministry_signed_place", "Wiesbaden", "--note", "Łódź")  # not in Windows-1252
    assert code == 2 and "UTF-8" in output


def test_author_falls_back_to_the_login_name_then_unknown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("USER", "archivist")
    assert user_name() == "archivist"
    monkeypatch.delenv("USER")
    monkeypatch.setattr(getpass, "getuser", lambda: "login")
    assert user_name() == "login"

    def no_user() -> str:
        raise OSError("No username set in the environment")

    monkeypatch.setattr(getpass, "getuser", no_user)
    assert user_name() == "unknown"


def test_a_correction_without_user_is_signed_unknown(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("USER", raising=False)
    monkeypatch.delenv("LOGNAME", raising=False)
    monkeypatch.delenv("LNAME", raising=False)
    monkeypatch.delenv("USERNAME", raising=False)
    monkeypatch.setattr(getpass, "getuser", lambda: (_ for _ in ()).throw(OSError("no user")))
    assert correct(out, "year", "2024")[0] == 0
    assert stored(out)[0]["author"] == "unknown"
