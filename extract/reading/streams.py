"""Decompression bounds: before pdfium or pdfplumber decodes a stream into memory, it is decoded here
once, a chunk at a time and through its whole filter chain, counting the bytes without keeping them;
a stream (or any stage of its chain) growing past settings.max_stream_mb fails the file as a
decompression bomb (stage load, not retried until the file changes).

Two passes. The raw bytes of the file are scanned for `stream` keywords and each is inflated as Flate:
this needs no parsing, so it also bounds the object and cross-reference streams every PDF parser
inflates just to open the file. Then pikepdf lists every stream with its /Filter chain and its raw
bytes, decrypted when the file is encrypted with an owner password only (it opens without one, but
its raw bytes are ciphertext to the first pass): each stream that is not plain Flate already measured
is decoded through its chain (Flate, ASCII85, ASCIIHex, LZW, RunLength). Image codecs (DCT, JPX,
JBIG2, CCITT) end a chain: their size is bounded by the image's pixel count (see load.check_image_sizes).
Predictors (/DecodeParms) do not change a stream's size much and are not applied."""

from __future__ import annotations

import binascii
import mmap
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import numpy as np
import pikepdf

from extract.errors import LoadError
from extract.settings import Settings

# Where a stream's data starts ("stream" and its end of line, not the end of "endstream").
STREAM_START = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
CHUNK = 1 << 20  # bytes decoded at a time while measuring a stream
WHITESPACE = b" \t\n\r\f\x00"
LZW_CLEAR, LZW_END, LZW_MAX_CODES = 256, 257, 4096

Chunks = Iterator[bytes]


class _TooLarge(Exception):
    """A stage of a stream's filter chain produced more than the limit."""


def inflated_size(data: mmap.mmap | bytes, start: int, limit: int) -> int:
    """How many bytes the zlib stream at `start` inflates to, counted chunk by chunk without keeping
    them, stopping past `limit`. 0 when no zlib stream starts there (another filter: see decoded_size)."""
    total = 0
    for chunk in flate(data[position:position + CHUNK] for position in range(start, len(data), CHUNK)):
        total += len(chunk)
        if total > limit:
            break
    return total


def flate(chunks: Iterable[bytes]) -> Chunks:
    inflater = zlib.decompressobj()
    for chunk in chunks:
        pending = chunk
        while pending and not inflater.eof:
            try:
                out = inflater.decompress(pending, CHUNK)
            except zlib.error:
                return  # not Flate, or damaged: the readers say what is wrong
            if out:
                yield out
            pending = inflater.unconsumed_tail
        if inflater.eof:
            return


def ascii_hex(chunks: Iterable[bytes]) -> Chunks:
    carry = b""
    for chunk in chunks:
        end = chunk.find(b">")
        data = carry + (chunk if end < 0 else chunk[:end]).translate(None, WHITESPACE)
        keep = len(data) - len(data) % 2
        carry = data[keep:]
        try:
            yield binascii.unhexlify(data[:keep])
        except binascii.Error:
            return
        if end >= 0:
            break
    if carry:
        yield binascii.unhexlify(carry + b"0") if carry in b"0123456789abcdefABCDEF" else b""


def ascii85(chunks: Iterable[bytes]) -> Chunks:
    carry, first = b"", True
    for chunk in chunks:
        end = chunk.find(b"~")  # the end marker "~>"; "~" is no ASCII85 digit
        data = carry + (chunk if end < 0 else chunk[:end]).translate(None, WHITESPACE)
        if first and data.startswith(b"<~"):
            data = data[2:]
        first = False
        z = data.rfind(b"z")  # "z" (four zero bytes) stands only between groups: all before it is whole groups
        cut = z + 1 + (len(data) - z - 1) // 5 * 5
        carry = data[cut:]
        try:
            yield a85_groups(data[:cut])
        except ValueError:
            return
        if end >= 0:
            break
    if len(carry) > 1:  # a last group of fewer than five digits: padded with "u", as many bytes as digits less one
        try:
            yield a85_groups(carry + b"u" * (5 - len(carry)))[:len(carry) - 1]
        except ValueError:
            return


def a85_groups(data: bytes) -> bytes:
    """Whole ASCII85 groups (five digits, or "z" for four zero bytes) decoded at once (numpy: the
    standard library's decoder is pure Python, too slow for the streams word processors write)."""
    digits = np.frombuffer(data.replace(b"z", b"!!!!!"), dtype=np.uint8)
    if digits.size % 5 or (digits < 33).any() or (digits > 117).any():
        raise ValueError("not ASCII85")
    groups = digits.reshape(-1, 5).astype(np.uint64) - 33
    values = (((groups[:, 0] * 85 + groups[:, 1]) * 85 + groups[:, 2]) * 85 + groups[:, 3]) * 85 + groups[:, 4]
    if (values > 0xFFFFFFFF).any():
        raise ValueError("not ASCII85")
    return values.astype(">u4").tobytes()


def run_length(chunks: Iterable[bytes]) -> Chunks:
    data = b""
    for chunk in chunks:
        data += chunk
        out, i = bytearray(), 0
        while i < len(data):
            n = data[i]
            if n == 128:  # end of data
                yield bytes(out)
                return
            step = n + 2 if n < 128 else 2
            if i + step > len(data):
                break  # the run continues in the next chunk
            out += data[i + 1:i + step] if n < 128 else data[i + 1:i + 2] * (257 - n)
            i += step
            if len(out) >= CHUNK:
                yield bytes(out)
                out.clear()
        data = data[i:]
        yield bytes(out)


def lzw(chunks: Iterable[bytes], early_change: int = 1) -> Chunks:
    """PDF's LZW (MSB first, 9 to 12 bits, a clear code resets): a table of at most 4096 entries, so
    memory stays within 4096 entries of at most 4096 bytes whatever the stream expands to."""
    initial = [bytes((c,)) for c in range(256)] + [b"", b""]
    table, previous, width, bits, held = list(initial), b"", 9, 0, 0
    out = bytearray()
    for chunk in chunks:
        for byte in chunk:
            bits, held = (bits << 8) | byte, held + 8
            while held >= width:
                held -= width
                code = bits >> held
                bits &= (1 << held) - 1
                if code == LZW_CLEAR:
                    table, previous, width = list(initial), b"", 9
                    continue
                if code == LZW_END or (not previous and code > 255) or code > len(table):
                    yield bytes(out)
                    return  # the end, or damaged: the readers say what is wrong
                entry = table[code] if code < len(table) else previous + previous[:1]
                if previous and len(table) < LZW_MAX_CODES:
                    table.append(previous + entry[:1])
                previous = entry
                out += entry
                size = len(table) + early_change
                width = 12 if size >= 2048 else 11 if size >= 1024 else 10 if size >= 512 else 9
            if len(out) >= CHUNK:
                yield bytes(out)
                out.clear()
    yield bytes(out)


DECODERS: dict[str, Callable[[Iterable[bytes]], Chunks]] = {
    "/FlateDecode": flate, "/Fl": flate,
    "/ASCIIHexDecode": ascii_hex, "/AHx": ascii_hex,
    "/ASCII85Decode": ascii85, "/A85": ascii85,
    "/LZWDecode": lzw, "/LZW": lzw,
    "/RunLengthDecode": run_length, "/RL": run_length,
    "/Crypt": lambda chunks: iter(chunks),  # decrypted already (pikepdf)
}


def _counted(chunks: Iterable[bytes], limit: int) -> Chunks:
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total > limit:
            raise _TooLarge
        yield chunk


def decoded_size(raw: bytes, filters: list[str], limit: int, early_change: tuple[int, ...] = ()) -> int:
    """The size of `raw` decoded through `filters`, counted chunk by chunk; more than `limit` when it,
    or any stage of the chain, grows past the limit (then decoding stops there)."""
    chunks: Iterable[bytes] = (raw[i:i + CHUNK] for i in range(0, len(raw), CHUNK))
    for index, name in enumerate(filters):
        decoder = DECODERS.get(name)
        if decoder is None:
            break  # an image codec or an unknown filter: measured as it comes
        if decoder is lzw and index < len(early_change):
            chunks = _counted(lzw(chunks, early_change[index]), limit)
        else:
            chunks = _counted(decoder(chunks), limit)
    total = 0
    try:
        for chunk in chunks:
            total += len(chunk)
    except _TooLarge:
        return limit + 1
    return total


def _chain(stream: pikepdf.Stream) -> tuple[list[str], tuple[int, ...]]:
    """A stream's filter names and, per filter, its /EarlyChange (LZW; 1 when not given)."""
    given = stream.get("/Filter")
    filters = [str(given)] if isinstance(given, pikepdf.Name) else [str(f) for f in given] if isinstance(given, pikepdf.Array) else []
    parms = stream.get("/DecodeParms")
    listed = list(parms) if isinstance(parms, pikepdf.Array) else [parms] * len(filters)
    early = tuple(int(p.get("/EarlyChange", 1)) if isinstance(p, pikepdf.Dictionary) else 1 for p in listed)
    return filters, early


def _bomb(where: str, settings: Settings) -> LoadError:
    return LoadError(f"decompression bomb: the stream {where} inflates to more than {settings.max_stream_mb:,} MB (limit max_stream_mb)")


def check_filter_chains(path: Path, settings: Settings) -> None:
    """The second pass: every stream decoded through its filter chain (see the module's text)."""
    with open(path, "rb") as handle:  # opened here: pikepdf cannot pass on a file name that is not valid UTF-8
        try:
            pdf = pikepdf.open(handle)
        except (pikepdf.PasswordError, pikepdf.PdfError, ValueError):
            return  # a user password, or damaged beyond qpdf's repair: no reader decodes its streams either
        with pdf:
            _check_objects(pdf, settings)


def _check_objects(pdf: pikepdf.Pdf, settings: Settings) -> None:
    limit = settings.max_stream_mb * 1024 * 1024
    try:
        objects = list(pdf.objects)
    except (pikepdf.PdfError, ValueError):
        return  # damaged beyond qpdf's repair: the readers say what is wrong
    for obj in objects:
        if not isinstance(obj, pikepdf.Stream):
            continue
        try:
            filters, early = _chain(obj)
            if not filters or filters[0] not in DECODERS or (filters == ["/FlateDecode"] and not pdf.is_encrypted):
                continue  # no filter, an image codec (bounded by its pixels), or measured by the first pass
            raw = obj.read_raw_bytes()  # decrypted, not decoded
        except (pikepdf.PdfError, ValueError, TypeError):
            continue  # a damaged stream: the readers say what is wrong
        if decoded_size(raw, filters, limit, early) > limit:
            raise _bomb(f"{obj.objgen[0]} ({' '.join(filters)})", settings)


def check_stream_sizes(path: Path, settings: Settings) -> None:
    """Refuse decompression bombs before pdfium or pdfplumber decodes a stream into memory (both passes).
    Memory stays at a few chunks; time stays within decoding the limit once per stream."""
    limit = settings.max_stream_mb * 1024 * 1024
    try:
        with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            for match in STREAM_START.finditer(data):
                if inflated_size(data, match.end(), limit) > limit:
                    raise _bomb(f"at byte {match.end():,}", settings)
    except (OSError, ValueError) as e:  # ValueError: mmap of a file emptied meanwhile
        raise LoadError(f"cannot read file: {getattr(e, 'strerror', None) or e}", retry=True) from e
    check_filter_chains(path, settings)
