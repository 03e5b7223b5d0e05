"""Decompression is bounded per stream: a 3 MB PDF whose page content inflates to 3 GiB is refused
before any reader inflates it, by `aqb run` (recorded once, not retried) and `aqb inspect`, and the
peak memory of the whole command (its workers included) stays far below what the bomb inflates to."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES, read_csv
from extract.errors import LoadError
from extract.reading.load import check_stream_sizes
from extract.settings import Settings
from resources.make_resources import raw_pdf

MIB = 1024 * 1024
PEAK_LIMIT_MB = 1024  # an aqb run over two files needs a few hundred MB; the bomb inflates to 3072


def flate_stream(mib: int) -> bytes:
    """A zlib stream of `mib` MiB of spaces, built from one compressed MiB repeated (a full flush
    makes each block independent), so a 3 GiB bomb takes milliseconds to make."""
    packer = zlib.compressobj(9)
    first = packer.compress(b" " * MIB) + packer.flush(zlib.Z_FULL_FLUSH)  # the zlib header and a block
    block = packer.compress(b" " * MIB) + packer.flush(zlib.Z_FULL_FLUSH)
    n = mib * MIB  # adler-32 of n spaces, in closed form
    a, b = (1 + n * 0x20) % 65521, (n + 0x20 * n * (n + 1) // 2) % 65521
    return first + block * (mib - 1) + b"\x03\x00" + ((b << 16) | a).to_bytes(4, "big")


def flate_bomb(path: Path, mib: int) -> Path:
    """One page whose content stream inflates to `mib` MiB."""
    stream = flate_stream(mib)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    path.write_bytes(raw_pdf(objects))
    return path


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = flate_bomb(tmp_path_factory.mktemp("bomb") / "bomb.pdf", 3 * 1024)
    assert path.stat().st_size < 4 * MIB
    return path


def run_measured(tmp_path: Path, *args: str | Path) -> tuple[int, str, str, float]:
    """Run aqb in a child: its exit code, stdout, stderr, and its peak memory in MB, which counts
    every process it waited for (the pool's workers) too."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out, err = tmp_path / "stdout.txt", tmp_path / "stderr.txt"
    with open(out, "w") as stdout, open(err, "w") as stderr:
        proc = subprocess.Popen([sys.executable, "-m", "extract", *map(str, args)], env=env, cwd=ROOT, stdout=stdout, stderr=stderr)
        _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, out.read_text(), err.read_text(), usage.ru_maxrss / 1024


def test_the_bomb_inflates_to_what_it_says() -> None:
    assert zlib.decompress(flate_stream(4)) == b" " * (4 * MIB)


def test_a_stream_past_the_limit_is_refused_and_no_sample_is(bomb: Path) -> None:
    with pytest.raises(LoadError, match=r"decompression bomb: the stream at byte \d+ inflates to more than 512 MB"):
        check_stream_sizes(bomb, Settings())
    small = flate_bomb(bomb.with_name("small.pdf"), 8)
    check_stream_sizes(small, Settings())  # 8 MB: allowed
    with pytest.raises(LoadError, match="more than 4 MB"):
        check_stream_sizes(small, Settings(max_stream_mb=4))
    for sample in sorted(SAMPLES.glob("*.pdf")):
        check_stream_sizes(sample, Settings())


@pytest.mark.slow  # whole aqb processes, their memory measured
def test_run_records_a_bomb_once_within_bounded_memory(bomb: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(bomb, inbox / "bomb.pdf")
    shutil.copy(SAMPLES / "seed_001_digital.pdf", inbox / "good.pdf")
    out = tmp_path / "out"
    code, _, stderr, peak = run_measured(tmp_path, "run", inbox, "--out", out, "-j", "2", "-q")
    assert code == 1, stderr
    assert peak < PEAK_LIMIT_MB, f"aqb run peaked at {peak:.0f} MB on a bomb"
    (error,) = read_csv(out / "errors.csv")
    assert (error["source_file"], error["stage"]) == ("bomb.pdf", "load") and "decompression bomb" in error["error"]
    assert [a["source_file"] for a in read_csv(out / "agreements.csv")] == ["good.pdf"]
    code, _, stderr, _ = run_measured(tmp_path, "-v", "run", inbox, "--out", out, "-j", "2", "-q")
    assert code == 0, stderr  # remembered: not read again, no file of this run failed
    assert "bomb.pdf" not in stderr.replace("errors.csv", "")  # no log line of reading it again
    assert [e["stage"] for e in read_csv(out / "errors.csv")] == ["load"]


@pytest.mark.slow  # whole aqb processes, their memory measured
def test_inspect_refuses_a_bomb_within_bounded_memory(bomb: Path, tmp_path: Path) -> None:
    code, stdout, stderr, peak = run_measured(tmp_path, "inspect", "--reprocess", "--json", bomb)
    assert code == 1, stderr
    assert peak < PEAK_LIMIT_MB, f"aqb inspect peaked at {peak:.0f} MB on a bomb"
    error = json.loads(stdout)["error"]
    assert error["stage"] == "load" and error["error"].startswith("decompression bomb")


@pytest.mark.slow  # whole aqb processes, their memory measured
def test_inspect_memory_is_capped(tmp_path: Path) -> None:
    """The cap `aqb run` puts on each worker holds for `aqb inspect` too: past it, a clear message."""
    code, stdout, stderr, _ = run_measured(tmp_path, "inspect", "--reprocess", "--max-memory-mb", "100", SAMPLES / "seed_001_digital.pdf")
    assert code == 1 and stdout == ""
    assert stderr.strip().splitlines()[-1] == f"Error: {SAMPLES / 'seed_001_digital.pdf'} needs more memory than --max-memory-mb 100 allows"
