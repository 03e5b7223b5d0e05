"""Decompression is bounded per stream: a 3 MB PDF whose page content inflates to 3 GiB is refused
before any reader inflates it, by `aqb run` (recorded once, not retried) and `aqb inspect`, and the
peak memory of the whole command (its workers included) stays far below what the bomb inflates to.
So is a bomb behind every other filter that expands (Flate behind ASCII85 or ASCIIHex, LZW,
RunLength) and in a PDF encrypted with an owner password only (its raw bytes are ciphertext)."""

from __future__ import annotations

import base64
import binascii
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
from extract.reading.streams import ascii85, decoded_size
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


def lzw_bomb(mib: int) -> bytes:
    """LZW codes for `mib` MiB of zero bytes: each code one byte longer than the one before (the
    table's newest entry), a clear code before the table is full; about 1:1300."""
    out, bits, held, size = bytearray(), 0, 0, 0

    def put(code: int, table: int) -> None:
        nonlocal bits, held
        width = 12 if table + 1 >= 2048 else 11 if table + 1 >= 1024 else 10 if table + 1 >= 512 else 9  # EarlyChange 1
        bits, held = (bits << width) | code, held + width
        while held >= 8:
            held -= 8
            out.append((bits >> held) & 0xFF)
        bits &= (1 << held) - 1

    while size < mib * MIB:
        put(256, 4000 if size else 258)  # clear
        put(0, 258)
        size += 1
        for code in range(258, 4000):
            put(code, code)
            size += code - 256
    put(257, 4000)
    return bytes(out) + (bytes([(bits << (8 - held)) & 0xFF]) if held else b"")


def run_length_bomb(mib: int) -> bytes:
    return bytes([0x81, 0x20]) * (mib * MIB // 128) + b"\x80"  # 128 spaces per two bytes


FILTER_BOMBS = {  # per filter chain: the raw stream of a bomb inflating to `mib` MiB
    "ASCII85 Flate": ("[/ASCII85Decode /FlateDecode]", lambda mib: base64.a85encode(flate_stream(mib), wrapcol=76) + b"~>"),
    "ASCIIHex Flate": ("[/ASCIIHexDecode /FlateDecode]", lambda mib: binascii.hexlify(flate_stream(mib)) + b">"),
    "LZW": ("/LZWDecode", lzw_bomb),
    "RunLength": ("/RunLengthDecode", run_length_bomb),
    "Flate RunLength": ("[/FlateDecode /RunLengthDecode]", lambda mib: zlib.compress(run_length_bomb(mib), 9)),
}


def filter_bomb(path: Path, kind: str, mib: int) -> Path:
    """One page whose content stream decodes to `mib` MiB through the filter chain `kind`."""
    filters, make = FILTER_BOMBS[kind]
    stream = make(mib)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> /Contents 4 0 R >>",
        b"<< /Length %d /Filter %s >>\nstream\n%s\nendstream" % (len(stream), filters.encode(), stream),
    ]
    path.write_bytes(raw_pdf(objects))
    return path


def encrypted_bomb(path: Path, mib: int) -> Path:
    """A plain Flate bomb in a PDF encrypted with an owner password only: it opens without a
    password, but its raw bytes are ciphertext."""
    import pikepdf

    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        contents = pikepdf.Stream(pdf, b"")
        contents.write(flate_stream(mib), filter=pikepdf.Name.FlateDecode)  # written as it is, not inflated
        pdf.pages[0].obj.Contents = pdf.make_indirect(contents)
        pdf.save(path, encryption=pikepdf.Encryption(owner="owner secret", user="", R=6),
                 compress_streams=False)
    return path


@pytest.mark.parametrize("kind", sorted(FILTER_BOMBS))
def test_each_filter_decodes_to_what_qpdf_decodes(kind: str, tmp_path: Path) -> None:
    import pikepdf

    path = filter_bomb(tmp_path / "small.pdf", kind, 2)
    with pikepdf.open(path) as pdf:
        decoded = pdf.pages[0].obj.Contents.read_bytes(pikepdf.StreamDecodeLevel.specialized)
        raw = pdf.pages[0].obj.Contents.read_raw_bytes()
    assert len(decoded) >= 2 * MIB - 128  # the bomb is real: qpdf (and so a reader) inflates it
    filters = FILTER_BOMBS[kind][0].strip("[]").split()
    assert decoded_size(raw, filters, 8 * MIB) == len(decoded)


def test_ascii85_decodes_like_the_standard_library() -> None:
    data = bytes(range(256)) * 40 + b"\0" * 4000 + b"tail"
    for cut in (0, 1, 2, 3, 4, 5, 7):  # a last group of every length
        text = base64.a85encode(data[:len(data) - cut], wrapcol=60)  # "z" for the zero groups
        assert b"z" in text
        assert decoded_size(text + b"~>", ["/ASCII85Decode"], 1 << 30) == len(data) - cut
        assert b"".join(ascii85(iter([text[:777], text[777:] + b"~>"]))) == data[:len(data) - cut]


@pytest.mark.parametrize("kind", [*sorted(FILTER_BOMBS), "encrypted Flate"])
def test_a_bomb_behind_any_filter_is_refused(kind: str, tmp_path: Path) -> None:
    path = tmp_path / "bomb.pdf"
    if kind == "encrypted Flate":
        encrypted_bomb(path, 24)
    else:
        filter_bomb(path, kind, 24)
    assert path.stat().st_size < 2 * MIB  # a few hundred KB at most, inflating to 24 MiB
    with pytest.raises(LoadError, match=r"decompression bomb: the stream .* inflates to more than 16 MB") as refused:
        check_stream_sizes(path, Settings(max_stream_mb=16))
    assert not refused.value.retry  # recorded once, not tried again until the file changes
    check_stream_sizes(path, Settings(max_stream_mb=32))  # within the limit: allowed


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
def test_run_records_bombs_behind_filters_once_within_bounded_memory(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    filter_bomb(inbox / "a85.pdf", "ASCII85 Flate", 600)
    filter_bomb(inbox / "lzw.pdf", "LZW", 600)
    encrypted_bomb(inbox / "encrypted.pdf", 600)
    assert sum(p.stat().st_size for p in inbox.iterdir()) < 4 * MIB
    shutil.copy(SAMPLES / "seed_001_digital.pdf", inbox / "good.pdf")
    code, _, stderr, peak = run_measured(tmp_path, "run", inbox, "--out", out, "-j", "2", "-q")
    assert code == 1, stderr
    assert peak < PEAK_LIMIT_MB, f"aqb run peaked at {peak:.0f} MB on bombs"
    errors = {e["source_file"]: (e["stage"], e["error"]) for e in read_csv(out / "errors.csv")}
    assert set(errors) == {"a85.pdf", "lzw.pdf", "encrypted.pdf"}
    assert all(stage == "load" and error.startswith("decompression bomb") for stage, error in errors.values()), errors
    code, _, stderr, _ = run_measured(tmp_path, "-v", "run", inbox, "--out", out, "-j", "2", "-q")
    assert code == 0, stderr  # remembered: not read again
    assert not any(name in stderr for name in errors)


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
