"""Signing lines lost under a seal or a signature, read again from the page image.

A seal or a signature laid over the place and date line ('Wiesbaden, den 2.8.2025') makes the page's
OCR drop the line, or read it as strokes. When a party's signing line is not found on an OCRed page,
the bands of the page where it must stand (extraction/signing_bands.py) are read again
(reading/band.py). Each reading's lines are parsed like the page's text (signatures.line_anchors),
and a signing line is kept only when it validates: its place is a known place (the districts' seats
and names, signature.known_places; one misread letter repaired as on the page) or its date is a real
date within the budget year's window (signature.days_before_year / days_after_year). A place or date
that validates in no reading stays missing, and is flagged. The value's provenance names the reading
that won (reread_band_...), its box the words it was read from."""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from rapidfuzz.distance import Levenshtein

from extract.extraction.context import Context
from extract.extraction.signature_parties import party_of
from extract.extraction.signatures import PlaceRead, date_text_to_date, known_places, line_anchors, signing_scope
from extract.extraction.signing_bands import signing_bands, text_line
from extract.extraction.text import split_lines
from extract.model import BBox, Line, Provenance, Word

TOKEN = re.compile(r"\S+")
TOKEN_EDGE = "\\/|()[]{}.,;:!?-_'\"„“”‚‘’«»"  # strokes and marks read at a word's ends
QUOTES = "\"'„“”‚‘’«»"
COLUMN_GAP = 0.15  # signing lines whose places end (their commas) within this share of the page's width apart are one column
LINE_GAP = 0.02  # page heights: signing lines further apart than this are two lines (signatures one above the other)


@dataclass(frozen=True)
class BandHit:
    """A signing line read again: its place (empty when none validated) and date, each with provenance."""

    x: float  # where the line's place ends (its comma), in page widths: its column
    y: float  # the middle of its line, in page heights: signatures set one above the other are two
    place: PlaceRead | None
    place_prov: Provenance | None
    date_raw: str
    date: dt.date | None
    date_prov: Provenance | None


def _words_of(line: Line, start: int, end: int) -> list[Word]:
    """The words of a line whose text (Line.text, columns as tabs) overlaps [start, end)."""
    found, at, column = [], 0, 0
    for i, word in enumerate(line.words):
        col = line.columns[i] if line.columns else 0
        if i:
            at += col - column if col > column else 1
        column = max(column, col)
        if at < end and at + len(word.text) > start:
            found.append(word)
        at += len(word.text)
    return found


def _prov(page: int, words: list[Word], snippet: str, rule: str, reading: str) -> Provenance | None:
    if not words:
        return None
    confs = [w.conf for w in words if w.conf is not None]
    return Provenance(page, "ocr", rule, snippet, round(min(confs), 1) if confs else None, BBox.union([w.bbox for w in words]), reading)


def in_window(date: dt.date | None, year: int | None, ctx: Context) -> bool:
    """A real date within the budget year's window for signing (any year's, when the year is unknown)."""
    if date is None:
        return False
    if year is None:
        return True
    before = dt.timedelta(days=int(ctx.rules.threshold("signature.days_before_year")))
    after = dt.timedelta(days=int(ctx.rules.threshold("signature.days_after_year")))
    return dt.date(year, 1, 1) - before <= date <= dt.date(year, 12, 31) + after


def _date_end(raw: str, ctx: Context) -> int:
    """Where the first date written in `raw` ends (as date_text_to_date finds it)."""
    found = [m for m in (ctx.rules.regex("date.numeric").search(raw), ctx.rules.regex("date.month_name").search(raw)) if m]
    return min(found, key=lambda m: m.start()).end() if found else len(raw)


def _unquoted(line: Line) -> Line:
    """The line with quote marks stripped from its words' ends: a seal's or signature's stroke touching a
    word's first letter is read as a quote ('„Wiesbaden,')."""
    kept = [(replace(w, text=w.text.strip(QUOTES)), c) for w, c in zip(line.words, line.columns or [0] * len(line.words))]
    kept = [(w, c) for w, c in kept if w.text]
    return Line(tuple(w for w, _ in kept), line.gap_before, tuple(c for _, c in kept) if line.columns else ())


def expected_places(ctx: Context, district_seat: str | None) -> tuple[str, ...]:
    """The places the parties of this agreement sign in: the ministry's city and the district's seat (as
    named in the gazetteer, and up to its first word in lower case: 'Bad Homburg' for 'Bad Homburg v. d. Höhe')."""
    places = list(ctx.rules.words("signature.ministry_places"))
    if district_seat:
        words = district_seat.split()
        cut = next((i for i, w in enumerate(words) if not w[:1].isupper()), len(words))
        places += [district_seat, " ".join(words[:cut])]
    return tuple(dict.fromkeys(p for p in places if p))


def _letters(text: str) -> str:
    return " ".join(t.strip(TOKEN_EDGE) for t in text.lower().split())


def expected_place(text: str, comma: int, expected: tuple[str, ...], per_edit: int) -> PlaceRead | None:
    """The one expected place (expected_places) the words before a signing line's comma were read for, with
    at most one misread letter per `per_edit` letters of the place (strokes through its letters); None
    when none is, or more than one."""
    spans = [m for m in TOKEN.finditer(text, 0, comma)]
    found = []
    for place in expected:
        n = len(place.split())
        if len(spans) < n:
            continue
        start = spans[-n].start()
        limit = len(place) // per_edit
        if Levenshtein.distance(_letters(text[start:comma]), place.lower(), score_cutoff=limit) <= limit:
            found.append(PlaceRead(start, text[start:comma].strip(), place, True))
    return found[0] if len({f.place for f in found}) == 1 else None


def line_hits(line: Line, page: int, reading: str, year: int | None, ctx: Context,
              expected: tuple[str, ...] = ()) -> list[BandHit]:
    """The signing lines of one line read again whose place or date validates: a known place (as on the
    page, one misread letter repaired), or one of the `expected` places read with more letters wrong
    (signature.band_place_letters_per_edit; flagged as repaired)."""
    line = _unquoted(line)
    text = line.text
    known = known_places(ctx)
    per_edit = int(ctx.rules.threshold("signature.band_place_letters_per_edit"))
    anchors = line_anchors(text, ctx, ocr=True, misread=True)
    hits = []
    for i, (start, read, date_from) in enumerate(anchors):
        date_to = anchors[i + 1][0] if i + 1 < len(anchors) else len(text)
        raw = text[date_from:date_to].strip()
        date = date_text_to_date(raw, ctx)
        raw = raw[:_date_end(raw, ctx)] if date is not None else raw  # not the strokes read after it
        names = [w for part in read.place.split() for w in part.split("/") if w[:1].isupper()]
        place_ok = bool(names) and all(w in known for w in names)  # every name word of it known ('Bad Hombarq' is not)
        if expected:  # one of the agreement's own places, misread, or read only in part ('Main' of 'Offenbach am Main')
            repaired = expected_place(text, max(text.rfind(",", 0, date_from), text.rfind(".", 0, date_from)), expected, per_edit)
            if repaired is not None and (not place_ok or len(repaired.place) > len(read.place)):
                start, read, place_ok = repaired.start, repaired, True
        date_ok = in_window(date, year, ctx)
        if not (place_ok or date_ok):
            continue
        place_words = _words_of(line, start, start + len(read.raw))
        at = text.find(raw, date_from) if raw else date_from
        date_words = _words_of(line, at, at + len(raw)) if raw else []
        end = start + len(read.raw)
        x = (_words_of(line, max(0, end - 1), end) or list(line.words))[0].bbox.x1  # the place's last word, its comma: the column
        # the line's height: the middle of its words, most of which are print (a stroke read as a word may stand first)
        y = statistics.median((w.bbox.y0 + w.bbox.y1) / 2 for w in line.words) if line.words else 0.0
        hits.append(BandHit(
            x, y, read if place_ok else None,
            _prov(page, place_words, read.raw, "signature.anchor", reading) if place_ok else None,
            raw,
            date if date_ok else None,
            _prov(page, date_words or place_words, raw, "signature.date" if raw else "signature.date_blank", reading),
        ))
    return hits


def _voted(hits: list[BandHit], value: Callable[[BandHit], object]) -> BandHit | None:
    """The hit whose value (not None) most readings gave; among those, the one read most confidently."""
    valued = [h for h in hits if value(h) is not None]
    if not valued:
        return None
    counts = Counter(value(h) for h in valued)

    def confidence(h: BandHit) -> float:
        prov = h.date_prov if value(h) == h.date else h.place_prov
        return prov.confidence or 0.0 if prov is not None else 0.0

    return max(valued, key=lambda h: (counts[value(h)], confidence(h)))


def _whole_places(column: list[BandHit]) -> Callable[[BandHit], str | None]:
    """A hit's place for the vote: a place read only in part ('Main') votes for the whole one another reading gave."""
    places = {h.place.place for h in column if h.place}

    def whole(h: BandHit) -> str | None:
        if h.place is None:
            return None
        return max((p for p in places if p.endswith(" " + h.place.place)), key=len, default=h.place.place)

    return whole


def merge(found: list[BandHit]) -> list[BandHit]:
    """One signing line per column and line (signatures side by side or one above the other), line by line,
    left to right: the place and the date that validated in most readings
    (the most confidently read of them; a place read in one reading only in part counts for the whole
    one), else the first reading's date as read."""
    columns: list[list[BandHit]] = []
    for hit in found:
        column = next((c for c in columns if abs(c[0].x - hit.x) < COLUMN_GAP and abs(c[0].y - hit.y) < LINE_GAP), None)
        if column is None:
            columns.append([hit])
        else:
            column.append(hit)
    merged = []
    for column in sorted(columns, key=lambda c: (round(c[0].y / LINE_GAP), c[0].x)):  # line by line, left to right
        whole = _whole_places(column)
        placed = _voted(column, whole)
        if placed is not None and placed.place is not None and whole(placed) != placed.place.place:
            placed = next(h for h in column if h.place is not None and h.place.place == whole(placed))
        dated = _voted(column, lambda h: h.date) or placed or column[0]
        merged.append(BandHit(column[0].x, column[0].y, placed.place if placed else None, placed.place_prov if placed else None,
                              dated.date_raw, dated.date, dated.date_prov))
    return merged


def complete(hit: BandHit, low: float) -> bool:
    """Place validated, and the date validated and read with at least `low` confidence, or left blank."""
    if hit.place is None:
        return False
    if hit.date is None:
        return not any(c.isalnum() for c in hit.date_raw)
    return hit.date_prov is not None and (hit.date_prov.confidence or 0.0) >= low


def read_signing_band(ctx: Context, year: int | None, wanted: int | None, district_seat: str | None = None) -> list[BandHit]:
    """The signing lines of the signing band read again, left to right, merged over the readings; the
    readings stop once `wanted` lines are complete (every value validated, the date read with at least
    Settings.low_confidence: further readings would only cost time); with None, every reading is read.
    Empty without a page reader or a band."""
    if ctx.reader is None:
        return []
    expected = expected_places(ctx, district_seat)
    found: list[BandHit] = []
    for page, bbox in signing_bands(ctx):
        for reading, lines in ctx.reader.band(page, bbox):
            for line in lines:
                found += line_hits(line, page, reading.code, year, ctx, expected)
            merged = merge(found)
            if wanted is not None and sum(complete(h, ctx.reader.settings.low_confidence) for h in merged) >= wanted:
                return merged
    return merge(found)


def _column_roles(ctx: Context) -> tuple[str | None, str | None]:
    """The parties the signatories' block names in its left and right column (names and offices side
    by side, one tab apart), from the lines after the last line of prose of the signing scope."""
    start, end = signing_scope(ctx)
    lines = split_lines(ctx.text.value[start:end])
    prose = [i for i, line in enumerate(lines) if text_line(line, ctx)]
    after = lines[prose[-1] + 1:] if prose else lines
    cells = [line.split("\t") for line in after if "\t" in line]
    left = " ".join(c[0] for c in cells)
    right = " ".join(c[-1] for c in cells)
    return party_of(left, ctx), party_of(right, ctx)


def _at(hit: BandHit, place: Provenance) -> bool:
    """Whether a band's signing line is the one of a place the page read: the same column and line."""
    box = place.bbox
    return box is not None and abs(hit.x - box.x1) < COLUMN_GAP and abs(hit.y - (box.y0 + box.y1) / 2) < LINE_GAP


def column_of(band: list[BandHit], place: Provenance) -> BandHit | None:
    """The band's signing line in the column of a place the page read (its words' box)."""
    return next((h for h in band if _at(h, place)), None)


def assign_band(ctx: Context, band: list[BandHit], found: dict[str, tuple[Provenance, str] | None],
                district_seat: str | None) -> tuple[dict[str, BandHit], bool]:
    """The band's signing lines given to the parties whose signature the page's text lacks (`found`:
    each party's place provenance and place, None when missing), and whether the one signature found
    belongs to the other party. A line in the column of a signature already found is that one read
    again. A place from the ministry's city is the ministry's, one from the district's seat the
    district's (unless both are one city); else the block's columns tell; else the ministry signs first
    (on the left). When the one line the band adds is from the ministry's city and the signature found
    (given to the ministry) is from the district's seat, the parties were swapped: both are set right."""
    taken = [v[0] for v in found.values() if v is not None]
    free = [h for h in band if all(not _at(h, prov) for prov in taken) and not any(
        v is not None and h.place is not None and v[1] == h.place.place for v in found.values())]
    missing = [party for party, value in found.items() if value is None]
    if not free or not missing:
        return {}, False
    ministry_places = set(ctx.rules.words("signature.ministry_places"))
    seat = (district_seat or "").split(" ")[0]

    def role(place: str) -> str | None:
        if not place or (seat and seat in ministry_places):
            return None
        if place.split()[0] in ministry_places:
            return "ministry"
        return "district" if seat and place.startswith(seat) else None

    def role_of(hit: BandHit) -> str | None:
        return role(hit.place.place if hit.place else "")

    if len(free) >= 2 and len(missing) == 2:
        left, right = free[0], free[-1]
        roles = (role_of(left), role_of(right))
        if roles[0] is None and roles[1] is None:
            roles = _column_roles(ctx)
        swapped = roles[0] == "district" or roles[1] == "ministry"
        return ({"ministry": right, "district": left} if swapped else {"ministry": left, "district": right}), False
    for hit in free:
        if role_of(hit) in missing:
            return {str(role_of(hit)): hit}, False
    hit = free[0]
    if len(missing) == 1:
        other = "district" if missing[0] == "ministry" else "ministry"
        found_other = found[other]
        if role_of(hit) == other and found_other is not None and role(found_other[1]) == missing[0]:
            return {other: hit}, True
        return ({missing[0]: hit} if role_of(hit) is None else {}), False
    return {"ministry" if hit.x < 0.45 else "district": hit}, False
