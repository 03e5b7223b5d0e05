"""Where on an OCRed page the signing lines must stand, when the page's OCR lost them under a seal or
a signature (extraction/signature_band.py reads these bands again): from under the last line of the
agreement's text to the signatories' block (names, offices), at most signature.band_height page
heights, or the top of the next page when the block begins it; and, in a stacked layout, the gap
between one party's block and the other's (signature.block_gap)."""

from __future__ import annotations

from extract.extraction.context import Context, provenance
from extract.extraction.signatures import signing_scope
from extract.extraction.text import split_lines
from extract.model import BBox, Provenance

PROSE_WORDS = 7  # a line set in columns with this many words is prose split by the layout, not names and offices side by side


def text_line(line: str, ctx: Context) -> bool:
    """A line of the agreement's text (not a name, an office, a signing line, or strokes read as
    letters): no signing place's comma and date; a sentence's end or a full line's length; in columns
    only with a sentence's many words, most of them shaped as words (a seal beside a line of prose makes
    the layout split it; a signing line under seals and signatures is split too, into strokes read as words)."""
    stripped = line.strip()
    if any(ctx.rules.regex(rule).search(line) for rule in ("signature.anchor", "signature.band_anchor")):
        return False
    if "\t" in line:
        words = stripped.split()
        shaped = sum(bool(ctx.rules.regex("signature.prose_word").match(w)) for w in words)
        return len(words) >= PROSE_WORDS and shaped >= float(ctx.rules.threshold("signature.band_prose_word_share")) * len(words)
    return stripped.endswith((".", ";", "!", "?", ":")) or len(stripped) >= 40


def _block_line(line: str, ctx: Context) -> bool:
    """A line of the signatories' block: it names a party's office or organisation (either party's: a
    line of two columns may name both) and is short or set in columns."""
    lowered = f" {' '.join(line.split()).lower()} "
    words = (*ctx.rules.words("signature.ministry_words"), *ctx.rules.words("signature.district_words"))
    return ("\t" in line or len(line.strip()) < 45) and any(word in lowered for word in words)


def _well_read(line: str, prov: Provenance, low: float, ctx: Context) -> bool:
    """A line the page's OCR read well (a name, an office): two words of letters, every word read with at
    least `low`, and no date (a part of the signing line the page did read, '|den 1. Juli 2020', lies in the band)."""
    words = [w for w in line.split() if sum(c.isalpha() for c in w) >= 3]
    if any(ctx.rules.regex(rule).search(line) for rule in ("date.numeric", "date.month_name")):
        return False
    return len(words) >= 2 and prov.confidence is not None and prov.confidence >= low


def signing_bands(ctx: Context) -> list[tuple[int, BBox]]:
    """The pages and bands where the signing lines must stand: from under the last line of the agreement's
    text before the signatories' block down to the next line the page's OCR read well (the names, the
    block), at most signature.band_height page heights; when that line is on the next page (the block
    begins a page), the rest of the text's page and the top of the next one down to it. Empty when the
    text gives no such place."""
    value = ctx.text.value
    start, end = signing_scope(ctx)
    spans, offset = [], start
    for line in split_lines(value[start:end]):
        spans.append((offset, offset + len(line), line))
        offset += len(line) + 1
    block = next((i for i, (_, _, line) in enumerate(spans) if _block_line(line, ctx)), len(spans))
    text = [i for i, (_, _, line) in enumerate(spans[:block]) if text_line(line, ctx)]
    if not text:
        return []
    a, b, last = spans[text[-1]]
    above = provenance(ctx, a, b, "signature.band")
    if above.source != "ocr" or above.page is None or above.bbox is None:
        return []
    # a last line of text the layout split into columns may be the signing line itself, read as strokes and
    # dates ('2) Mai 2014 | ege, de %. 7 April AP 2014'): the band takes it in (its prose has no signing line)
    top = above.bbox.y0 if "\t" in last else above.bbox.y1
    height = float(ctx.rules.threshold("signature.band_height"))
    bottom = min(1.0, above.bbox.y1 + height)
    low = ctx.reader.settings.low_confidence if ctx.reader is not None else 0.0
    read = _well_read_lines(ctx, spans, text[-1] + 1, low)  # the lines below the text the page's OCR read well
    bands = []
    if read:
        below = read[0][1]
        assert below.page is not None and below.bbox is not None  # _well_read_lines keeps only such lines
        if below.page == above.page + 1 and below.source == "ocr":
            bands.append((below.page, BBox(0.0, max(0.0, below.bbox.y0 - height), 1.0, below.bbox.y0)))
        elif below.page == above.page and below.bbox.y0 > above.bbox.y1:
            bottom = min(bottom, below.bbox.y0)
    if bottom - above.bbox.y1 >= 0.01:
        bands.insert(0, (above.page, BBox(0.0, top, 1.0, bottom)))
    return bands + _block_gaps(ctx, [prov for i, prov in read if i >= block and prov.source == "ocr"], height)


def _well_read_lines(ctx: Context, spans: list[tuple[int, int, str]], first: int, low: float) -> list[tuple[int, Provenance]]:
    """(index, provenance) of the spans from `first` on whose line the page's OCR read well (_well_read),
    with a page and a box."""
    out = []
    for i, (a, b, line) in enumerate(spans[first:], start=first):
        prov = provenance(ctx, a, b, "signature.band") if line.strip() else None
        if prov is not None and prov.page is not None and prov.bbox is not None and _well_read(line, prov, low, ctx):
            out.append((i, prov))
    return out


def _block_gaps(ctx: Context, read: list[Provenance], height: float) -> list[tuple[int, BBox]]:
    """The bands inside the signatories' block where a stacked layout's next signing line must stand:
    a gap of at least signature.block_gap page heights between two of the block's lines the page's OCR
    read well (`read`: one party's names above, the other's below), down at most `height` page heights."""
    least = float(ctx.rules.threshold("signature.block_gap"))
    bands: list[tuple[int, BBox]] = []
    for upper, lower in zip(read, read[1:]):
        if upper.bbox is None or lower.bbox is None or lower.page is None or lower.page != upper.page:
            continue
        if lower.bbox.y0 - upper.bbox.y1 >= least:
            bands.append((lower.page, BBox(0.0, upper.bbox.y1, 1.0, min(lower.bbox.y0, upper.bbox.y1 + height))))
    return bands
