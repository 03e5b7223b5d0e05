"""Files written beside the data: replaced atomically under a hidden temporary name, never left half-written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from extract.files import file_sha256, replaced_together, utc_now, write_atomic, write_text_atomic


def test_a_file_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "agreements.csv"
    target.write_text("old\n", encoding="utf-8")
    seen: list[str] = []

    def write(tmp: str) -> None:
        seen.append(Path(tmp).name)
        assert target.read_text(encoding="utf-8") == "old\n"  # readers see the old file until the rename
        Path(tmp).write_text("new\n", encoding="utf-8")

    write_atomic(target, write)
    assert target.read_text(encoding="utf-8") == "new\n"
    assert seen[0].startswith(".agreements.csv.") and seen[0].endswith(".tmp")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["agreements.csv"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "manifest.json"
    target.write_text("{}\n", encoding="utf-8")

    def fail(tmp: str) -> None:
        Path(tmp).write_text("half", encoding="utf-8")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, fail)
    assert target.read_text(encoding="utf-8") == "{}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manifest.json"]


def test_a_hidden_file_keeps_one_leading_dot(tmp_path: Path) -> None:
    names: list[str] = []
    write_atomic(tmp_path / ".aqb-fetch.json", lambda tmp: names.append(Path(tmp).name) or Path(tmp).write_text("{}"))
    assert names[0].startswith(".aqb-fetch.json.")  # what a killed fetch's clean-up looks for


def test_files_staged_together_replace_their_targets_only_when_all_are_written(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("old a\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("old b\n", encoding="utf-8")
    with replaced_together() as staged:
        tmp = staged.stage_text(tmp_path / "a.csv", "new a\n")
        assert tmp.name.startswith(".a.csv.") and tmp.read_text(encoding="utf-8") == "new a\n"
        staged.stage_text(tmp_path / "b.csv", "new b\n")
        assert (tmp_path / "a.csv").read_text(encoding="utf-8") == "old a\n"  # nothing replaced before the end
    assert [(tmp_path / n).read_text(encoding="utf-8") for n in ("a.csv", "b.csv")] == ["new a\n", "new b\n"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "b.csv"]


def test_a_failure_among_staged_files_replaces_none_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("old a\n", encoding="utf-8")

    def full(tmp: str) -> None:
        Path(tmp).write_text("half", encoding="utf-8")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"), replaced_together() as staged:
        staged.stage_text(tmp_path / "a.csv", "new a\n")
        staged.stage(tmp_path / "b.csv", full)
    assert (tmp_path / "a.csv").read_text(encoding="utf-8") == "old a\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv"]


def test_text_hash_and_time(tmp_path: Path) -> None:
    write_text_atomic(tmp_path / "a.txt", "abc")
    assert file_sha256(tmp_path / "a.txt") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    stamp = dt.datetime.fromisoformat(utc_now())
    assert stamp.tzinfo is not None and stamp.utcoffset() == dt.timedelta(0) and stamp.microsecond == 0
