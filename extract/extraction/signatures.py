"""Extract stage, signature block: place and date of each party ('Wiesbaden, den 2.8.2025').

The signing lines are found here; which party each belongs to is decided in signature_parties.py.
A blank or illegible date is left empty and reported, never guessed."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from rapidfuzz.distance import Levenshtein

from extract.extraction.blank_dates import SlotLimits, slot_ink, with_connector
from extract.extraction.context import Context, provenance, reread, reread_provenance
from extract.extraction.headings import heading_to_measure_type, is_heading
from extract.extraction.signature_parties import assign_parties
from extract.extraction.text import split_lines, tokens
from extract.model import Field, Provenance
from extract.reading.reread import RegionKind
from extract.rules import Rules, get_rules

if TYPE_CHECKING:
    from extract.extraction.signature_band import BandHit


@dataclass(frozen=True)
class SignatureHit:
    place: str
    place_start: int
    place_end: int
    date_raw: str
    date_start: int
    date: dt.date | None
    place_raw: str = ""  # the place as read, when an OCR misreading of a known place was repaired (place_ocr)
    place_fuzzy: bool = False  # the repair changed letters, not only their case: flagged for review


def date_text_to_date(raw: str, ctx: Context) -> dt.date | None:
    """Parse the first German date in `raw`; None when there is none or it is not a real date."""
    rules = ctx.rules
    months = list(rules.words("date.months"))
    aliases = dict(item.split(" ") for item in rules.words("date.month_aliases"))
    numeric = rules.regex("date.numeric").search(raw)
    named = rules.regex("date.month_name").search(raw)
    match = min((m for m in (numeric, named) if m), key=lambda m: m.start(), default=None)
    if match is None:
        return None
    month_text = match.group("month").lower().replace("ı", "i")  # a case-blind match takes OCR's dotless ı for i
    name = aliases.get(month_text, month_text)
    if not month_text.isdigit() and name not in months:
        return None
    month = int(month_text) if month_text.isdigit() else months.index(name) + 1
    year = int(match.group("year"))
    year = year + 2000 if year < 100 else year
    try:
        return dt.date(year, month, int(match.group("day")))
    except ValueError:
        return None


@dataclass(frozen=True)
class PlaceRead:
    start: int  # offset of the place in its line
    raw: str  # the place as written (read)
    place: str  # the place, an OCR misreading of a known place's word repaired
    fuzzy: bool = False  # the repair changed letters, not only their case


def _place_before(line: str, anchor: int, ctx: Context, ocr: bool = False) -> PlaceRead:
    """The place name that ends right before `anchor` in `line`: a run of place-like tokens. On an
    OCRed page a word of it may be a known place's word misread (place_ocr): it is taken as that word."""
    word_re = ctx.rules.regex("signature.place_word")
    connector_re = ctx.rules.regex("signature.place_connector")
    cell = line.rfind("\t", 0, anchor) + 1  # a place never runs across a cell break
    found = tokens(line[cell:anchor])
    known = known_places(ctx)
    taken: list[tuple[re.Match[str], str | None]] = []  # each token with the known word it was misread for
    for token in reversed(found):
        text = token.group(0)
        repaired = place_ocr(text, ctx) if ocr and text not in known else None
        if not (word_re.match(text) or repaired) or len(taken) >= 6:
            break
        taken.insert(0, (token, repaired))
    while taken and connector_re.match(taken[0][0].group(0)):
        taken.pop(0)
    first_known = next((i for i, (token, repaired) in enumerate(taken) if token.group(0) in known or repaired), 0)
    taken = taken[first_known:]  # drop stamp or signature noise read before a known place
    if not taken:
        return PlaceRead(anchor, "", "")
    start = cell + taken[0][0].start()
    raw = line[start:anchor].strip()
    place, fuzzy, at = "", False, taken[0][0].start()
    for token, repaired in taken:
        place += line[cell + at : cell + token.start()] + (repaired or token.group(0))
        fuzzy = fuzzy or (repaired is not None and repaired.lower() != token.group(0).lower())
        at = token.end()
    return PlaceRead(start, raw, (place + line[cell + at : anchor]).strip(), fuzzy)


def place_ocr(token: str, ctx: Context) -> str | None:
    """The known place word (models: signature.known_places, the districts' seats and names) an OCRed
    token was read for: the same letters in another case ('wiesbaden'), or, for a word of at least
    signature.place_ocr_min_length letters, one letter misread per signature.place_ocr_letters_per_edit
    letters ('Wiesbadcn', 'Wiesbaclen'). None when the token is a municipality's word itself, or matches no known word
    or more than one."""
    word = token.rstrip(".")
    if len(word) < 3 or not all(c.isalpha() or c == "-" for c in word):
        return None  # punctuation ends a place ('Wiesbaden,' before another party's place), digits are no place
    lowered = word.lower()
    known = known_places(ctx)
    same = {k for k in known if k.lower() == lowered}
    if same:
        return next(iter(same)) if len(same) == 1 else None
    if len(word) < ctx.rules.threshold("signature.place_ocr_min_length") or lowered in _municipality_words(ctx.rules.models_dir):
        return None
    limit = len(word) // ctx.rules.threshold("signature.place_ocr_letters_per_edit")
    near = {k for k in known if len(k) >= len(word) - limit and Levenshtein.distance(k.lower(), lowered, score_cutoff=limit) <= limit}
    return next(iter(near)) if len(near) == 1 else None


@lru_cache(maxsize=4)
def _municipality_words(models_dir: Path) -> frozenset[str]:
    """Every word of every municipality's name in the gazetteer, lower case: a real place is never repaired."""
    rules = get_rules(models_dir)
    return frozenset(w.lower() for m in rules.municipalities for name in (m.name, *m.aliases) for w in name.split())


@lru_cache(maxsize=4)
def _known_places(models_dir: Path) -> frozenset[str]:
    return frozenset(known_places_of(get_rules(models_dir)))


def known_places(ctx: Context) -> frozenset[str]:
    return _known_places(ctx.rules.models_dir)


def known_places_of(rules: Rules) -> set[str]:
    """First words of places that may sign with a bare 'Place,' (blank date): Wiesbaden, the seats, the districts."""
    words = set(rules.words("signature.known_places"))
    for district in rules.districts:
        for name in (district.seat, *district.surface_forms):
            words.update(w for w in name.split() if w[:1].isupper())
    return words - set(rules.words("signature.not_place_words"))


def _date_wrapped(raw: str, below: str, column: int, ctx: Context) -> tuple[str, dt.date] | None:
    """A date the signing line wrapped inside its column ('Frankfurt am Main, den 12. März' / '2019'):
    the first and the next line's cell in the same column joined, when only they together make a date."""
    cells = below.split("\t")
    cell = cells[column].strip() if column < len(cells) else ""
    if not cell or len(cell) > int(ctx.rules.threshold("signature.max_date_wrap")):
        return None
    joined = f"{raw} {cell}"
    date = date_text_to_date(joined, ctx)
    return (joined, date) if date is not None else None


def signing_scope(ctx: Context) -> tuple[int, int]:
    """The text the signatures are looked for in: the last § of the agreement up to an annex (or the
    document's end). A 'section' whose title names a measure type is a numbered heading of a project
    list after the signatures that segmentation took for a § header."""
    value = ctx.text.value
    annex = ctx.annex.offset
    numbered = [s for s in ctx.sections if s.key.isdigit() and (annex is None or s.start < annex)
                and not is_heading(heading_to_measure_type(s.title, ctx.rules), False, False, ctx.rules)]
    scope_end = len(value) if annex is None else annex
    return (numbered[-1].start if numbered else max(0, scope_end - 3000)), scope_end


def line_anchors(line: str, ctx: Context, ocr: bool, misread: bool = False) -> list[tuple[int, PlaceRead, int]]:
    """The signing places of a line, left to right: (start of the place, the place, where its date begins).
    With `misread`, also a 'den' misread before a date in digits (signature.band_anchor)."""
    place_comma = ctx.rules.regex("signature.place_comma")
    known = known_places(ctx)
    anchors: list[tuple[int, PlaceRead, int]] = []
    matches = list(ctx.rules.regex("signature.anchor").finditer(line))
    if misread:
        matches += [m for m in ctx.rules.regex("signature.band_anchor").finditer(line) if all(m.start() != n.start() for n in matches)]
    for match in matches:
        read = _place_before(line, match.start(), ctx, ocr)
        if read.place or misread:  # a line read again may keep a date whose place is illegible
            anchors.append((read.start, read, match.end()))
    for match in ctx.rules.regex("signature.place_den").finditer(line):  # 'Wiesbaden den 26.7.2024': the comma lost
        read = _place_before(line, match.start(), ctx, ocr)
        if read.place and read.place.split()[0].split("/")[0] in known and all(a[0] != read.start for a in anchors):
            anchors.append((read.start, read, match.end()))
    strokes = ctx.rules.regex("signature.place_comma_strokes").finditer(line) if ocr else iter(())
    for match in [*place_comma.finditer(line), *strokes]:  # 'Wiesbaden, EN x den': strokes of a signature between
        read = _place_before(line, match.start(), ctx, ocr)
        start, place = read.start, read.place
        if place and place.split()[0].split("/")[0] in known and all(a[0] != start for a in anchors):  # 'Homberg/Efze,'
            by_hand = match.groupdict().get("strokes")  # a date written by hand, read as strokes: the date as read
            anchors.append((start, read, match.start("strokes") if by_hand else match.end()))
    anchors.sort(key=lambda a: (a[0], a[2]))
    return anchors


def find_signatures(ctx: Context) -> list[SignatureHit]:
    value = ctx.text.value
    scope_start, scope_end = signing_scope(ctx)
    hits: list[SignatureHit] = []
    offset = scope_start
    lines = split_lines(value[scope_start:scope_end])
    for number, line in enumerate(lines):
        ocr = ctx.document.pages[ctx.text.page_at(offset) - 1].source == "ocr"
        anchors = line_anchors(line, ctx, ocr)
        for i, (start, read, date_from) in enumerate(anchors):
            date_to = anchors[i + 1][0] if i + 1 < len(anchors) else len(line)
            raw = line[date_from:date_to].strip()
            date_start = offset + (line.find(raw, date_from) if raw else date_from)
            if not raw and number + 1 < len(lines) and ctx.rules.regex("date.numeric").match(lines[number + 1].strip()):
                raw = lines[number + 1].strip()
                date_start = offset + len(line) + 1 + lines[number + 1].find(raw)
            date = date_text_to_date(raw, ctx)
            if raw and date is None and number + 1 < len(lines):
                wrapped = _date_wrapped(raw, lines[number + 1], line.count("\t", 0, start), ctx)
                if wrapped is not None:
                    raw, date = wrapped
            hits.append(SignatureHit(read.place, offset + start, offset + start + len(read.raw), raw, date_start,
                                     date, read.raw if read.raw != read.place else "", read.fuzzy))
        offset += len(line) + 1
    return hits[-2:]


def _band_fields(party: str, hit: BandHit) -> tuple[dict[str, Field], list[str]]:
    """A party's fields from its signing line read again from the page image (signature_band.py)."""
    reasons = []
    if hit.place is None:
        place = Field(f"{party}_signed_place", None, hit.place_prov)
        reasons.append(f"signed_place_illegible:{party}")
    else:
        place = Field(f"{party}_signed_place", hit.place.place, hit.place_prov, hit.place.raw)
        if hit.place.fuzzy:
            reasons.append(f"signed_place_ocr_repaired:{party}")
    date = Field(f"{party}_signed_date", hit.date.isoformat() if hit.date else None, hit.date_prov, hit.date_raw)
    return {place.name: place, date.name: date}, reasons


def _doubtful_place(hit: SignatureHit, ctx: Context, district_seat: str | None) -> bool:
    """A signing place OCR read that is neither a known place (signature.known_places, the districts'
    seats and names) nor a word of a municipality of the gazetteer ('No Mein' for 'Offenbach am Main'),
    or only the end of the district's seat ('Main', 'Höhe': its first words lost under a seal)."""
    first = hit.place.split()[0].split("/")[0] if hit.place else ""
    page = ctx.document.pages[ctx.text.page_at(hit.place_start) - 1]
    if page.source != "ocr" or not first:
        return False
    seat = district_seat or ""
    tail = seat.endswith(" " + hit.place) and not seat.startswith(hit.place)
    return tail or (first not in known_places(ctx) and first.lower() not in _municipality_words(ctx.rules.models_dir))


BLANK_CONFIRMED = "signature.date_blank_confirmed"  # provenance rule of a blank date the page image shows empty
DATE_INKED = "signature.date_ink_unread"  # provenance rule of a date's slot that holds ink no reading made a date of


def date_reason(party: str, date: Field) -> str | None:
    """The review reason of a signing date not read: blank where nothing was read and the page image
    showed no ink in its slot (or could not be looked at), illegible where something was read or the
    slot holds ink (a hand OCR reads as nothing)."""
    if date.value is not None:
        return None
    inked = date.provenance is not None and date.provenance.rule == DATE_INKED
    blank = not any(c.isalnum() for c in date.raw) and not inked
    return f"{party}_signed_date_{'blank' if blank else 'illegible'}"


def confirm_blank(ctx: Context, hit: SignatureHit, date_prov: Provenance) -> Provenance:
    """A blank date OCR found on a scan, looked at on the page image (extraction/blank_dates.py): when its
    slot holds no ink but the rule to write on, the provenance of the empty slot under BLANK_CONFIRMED
    (certain, as on a text layer); when it holds ink, the slot under DATE_INKED (a date written by hand
    that OCR did not read); else `date_prov` unchanged."""
    if ctx.reader is None or date_prov.source != "ocr" or date_prov.page is None:
        return date_prov
    return confirm_blank_at(ctx, provenance(ctx, hit.place_start, hit.date_start, BLANK_CONFIRMED), date_prov)


def confirm_blank_at(ctx: Context, anchor: Provenance, date_prov: Provenance) -> Provenance:
    """confirm_blank for the place and its 'den' at `anchor` (page and box on the page image)."""
    if ctx.reader is None or anchor.bbox is None or anchor.page is None or anchor.page != date_prov.page:
        return date_prov
    page = ctx.document.pages[anchor.page - 1]
    found = slot_ink(ctx.reader.image(anchor.page), anchor.bbox, page, SlotLimits.from_rules(ctx.rules), ctx.reader.settings.low_confidence)
    if found is None:
        return date_prov
    return replace(anchor, rule=BLANK_CONFIRMED if found.blank else DATE_INKED, snippet="", confidence=None, bbox=found.bbox,
                   reading=date_prov.reading)


def _band_blank(ctx: Context, fields: dict[str, Field], party: str) -> None:
    """A blank date of a signing line read again from its band, confirmed on the page image: the slot
    after the place the band reading found (and the 'den' the page's words hold after it)."""
    date = fields[f"{party}_signed_date"]
    prov = date.provenance
    if date.value is not None or any(c.isalnum() for c in date.raw) or prov is None or prov.bbox is None or prov.page is None:
        return
    if ctx.reader is None or prov.source != "ocr":
        return
    page = ctx.document.pages[prov.page - 1]
    anchor = replace(prov, bbox=with_connector(prov.bbox, page, frozenset(ctx.rules.words("signature.date_connectors"))))
    fields[date.name] = replace(date, provenance=confirm_blank_at(ctx, anchor, prov))


def extract_signatures(ctx: Context, district_seat: str | None, year: int | None = None) -> tuple[dict[str, Field], list[str]]:
    from extract.extraction.signature_band import assign_band, column_of, read_signing_band  # late: it builds on this module

    hits = find_signatures(ctx)
    parties = assign_parties(ctx, hits, district_seat)
    band: dict[str, BandHit] = {}
    rereads: dict[str, BandHit] = {}  # parties whose place a band reading gave instead of the page's
    doubtful = {party for party, hit in parties.items() if hit is not None and _doubtful_place(hit, ctx, district_seat)}
    missing = sum(hit is None for hit in parties.values())
    read: list[BandHit] = []
    if (missing or doubtful) and ctx.reader is not None:
        on_page: dict[str, tuple[Provenance, str] | None] = {
            party: None if hit is None else (provenance(ctx, hit.place_start, hit.place_end, "signature.anchor"), hit.place)
            for party, hit in parties.items()}
        read = read_signing_band(ctx, year, None if doubtful else missing, district_seat)  # a doubtful place: every reading votes
        band, swapped = assign_band(ctx, read, on_page, district_seat)
        if swapped:  # the one signature found is the other party's (see assign_band)
            parties = {"ministry": parties["district"], "district": parties["ministry"]}
        for party in doubtful if not swapped else ():  # a place the page misread, read as a known place in its column of the band
            hit, seen = parties[party], on_page[party]
            again = column_of(read, seen[0]) if hit is not None and seen is not None else None
            if hit is not None and again is not None and again.place is not None and party not in band:
                parties[party] = replace(hit, place=again.place.place, place_raw=again.place.raw, place_fuzzy=again.place.fuzzy)
                rereads[party] = again
    fields: dict[str, Field] = {}
    reasons: list[str] = []
    for party, hit in parties.items():
        if hit is None and party in band:
            band_fields, band_reasons = _band_fields(party, band[party])
            _band_blank(ctx, band_fields, party)
            fields.update(band_fields)
            reasons += band_reasons + [r for r in [date_reason(party, band_fields[f"{party}_signed_date"])] if r]
            continue
        if hit is None:
            fields[f"{party}_signed_place"] = Field(f"{party}_signed_place", None)
            fields[f"{party}_signed_date"] = Field(f"{party}_signed_date", None)
            reasons.append(f"{party}_signature_missing")
            continue
        place_prov = provenance(ctx, hit.place_start, hit.place_end, "signature.anchor")
        band_prov = rereads[party].place_prov if party in rereads else None
        if band_prov is not None:
            place_prov = band_prov
        fields[f"{party}_signed_place"] = Field(f"{party}_signed_place", hit.place, place_prov, hit.place_raw or hit.place)
        if hit.place_fuzzy:
            reasons.append(f"signed_place_ocr_repaired:{party}")
        if hit.date_raw:
            date_prov = provenance(ctx, hit.date_start, hit.date_start + len(hit.date_raw), "signature.date")
            found = reread(ctx, hit.date is not None, date_prov, RegionKind.NUMBER, lambda text: date_text_to_date(text, ctx) is not None)
            if found is not None:  # the date's region read again: the reading that gives a date
                hit = replace(hit, date_raw=found.text, date=date_text_to_date(found.text, ctx))
                date_prov = reread_provenance(date_prov, found)
        else:  # blank: point at the place, where the date should stand
            date_prov = provenance(ctx, hit.place_start, hit.place_end, "signature.date_blank")
        if hit.date is None and not any(c.isalnum() for c in hit.date_raw):
            date_prov = confirm_blank(ctx, hit, date_prov)
        elif hit.date is None:
            # what OCR read, the rule to write on ('____') left out, may stand beside an empty slot (a seal)
            at = next(i for i, c in enumerate(hit.date_raw) if c.isalnum())
            while at and not hit.date_raw[at - 1].isspace():
                at -= 1
            words = provenance(ctx, hit.date_start + at, hit.date_start + len(hit.date_raw), "signature.date")
            slot = confirm_blank(ctx, hit, date_prov)
            if slot.rule == BLANK_CONFIRMED and slot.bbox is not None and words.bbox is not None and words.bbox.x0 >= slot.bbox.x1:
                hit, date_prov = replace(hit, date_raw=""), slot
        fields[f"{party}_signed_date"] = Field(f"{party}_signed_date", hit.date.isoformat() if hit.date else None, date_prov, hit.date_raw)
        reasons += [r for r in [date_reason(party, fields[f"{party}_signed_date"])] if r]
    return fields, reasons
