"""Which signature is the ministry's and which the district's.

Each signature is given to a party by the office and organisation written in its block
(Staatsminister, Ministerium vs Landrat, Kreisausschuss, Magistrat: models/wordlists.jsonl
signature.*_words). Writers put the place and date line above the room for the handwriting (the
block follows it) or under name and office (the block precedes it): when nothing that names a party
stands under the last signing line and the lines above the signing lines do name the parties, the
blocks are read above. When no block tells, or the blocks give the ministry's city to the district
(whose seat is elsewhere) and another place to the ministry, the signature from the ministry's city is
the ministry's; else the ministry is taken to sign first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from extract.extraction.context import Context

if TYPE_CHECKING:
    from extract.extraction.signatures import SignatureHit


def _line_start(value: str, offset: int) -> int:
    return max(value.rfind("\n", 0, offset), value.rfind("\f", 0, offset)) + 1


def _block_texts(ctx: Context, hits: list[SignatureHit]) -> list[str]:
    """The text that belongs to each signature: its party line before it ('Für den Landkreis Fulda:'),
    and what follows its place line up to the next signature (name, office, organisation). Two
    signatures on one line (side by side) each get their column of the lines below."""
    value = ctx.text.value
    party_re = ctx.rules.regex("signature.party_line")
    annex = ctx.annex.offset  # a block ends where an annex after the signatures begins
    texts: list[str] = []
    for i, hit in enumerate(hits):
        line_start = _line_start(value, hit.place_start)
        before = value[_line_start(value, max(line_start - 1, 0)) : line_start].strip()
        party = before if party_re.match(before) else ""
        line_end = min((j for j in (value.find("\n", hit.place_end), value.find("\f", hit.place_end)) if j >= 0), default=len(value))
        limit = annex if annex is not None and annex > hit.place_end else len(value)
        side = [h for h in hits if h is not hit and line_start <= h.place_start < line_end]
        if side:
            column = sorted([hit, *side], key=lambda h: h.place_start).index(hit)
            below = value[line_end : min(line_end + 400, limit)].split("\n")
            cells = [line.split("\t")[column] for line in below if line.count("\t") >= column and "\t" in line]
            texts.append(" ".join([party, *cells]))
            continue
        column = value.count("\t", line_start, hit.place_start)
        below = value[line_end : min(line_end + 400, limit)].split("\n")[:10]
        if column or any("\t" in line for line in below):
            # signature blocks set as table cells, their lines not level (centred cells): the hit's column
            others = {h.place_start for h in hits if h is not hit}
            cells = []
            offset = line_end
            for line in below:
                start = offset + sum(len(part) + 1 for part in line.split("\t")[:column])
                cell = line.split("\t")[column] if line.count("\t") >= column else ""
                offset += len(line) + 1
                if any(start <= other < start + len(cell) + 1 for other in others):
                    break  # the next signature in this column
                cells.append(cell)
            texts.append(" ".join([party, *cells]))
            continue
        following = [_line_start(value, h.place_start) for h in hits[i + 1 :]]
        stop = min([*following, hit.place_end + 400, limit])
        if following and stop == following[0]:
            previous_line = _line_start(value, max(stop - 1, 0))
            if party_re.match(value[previous_line:stop].strip()):
                stop = previous_line  # the next block's party line is not this block's
        texts.append(f"{party} {value[hit.place_end:stop]}")
    return texts


def party_of(text: str, ctx: Context) -> str | None:
    """'ministry' or 'district' by the office and organisation words in a signature's block."""
    lowered = f" {' '.join(text.split()).lower()} "
    ministry = sum(lowered.count(word) for word in ctx.rules.words("signature.ministry_words"))
    district = sum(lowered.count(word) for word in ctx.rules.words("signature.district_words"))
    if ministry == district:
        return None
    return "ministry" if ministry > district else "district"


def _hit_lines(value: str, hits: list[SignatureHit]) -> list[tuple[int, int]]:
    """(line start, column) of each signing line: its tab-separated cell."""
    out = []
    for hit in hits:
        start = _line_start(value, hit.place_start)
        out.append((start, value.count("\t", start, hit.place_start)))
    return out


def _blocks_above(ctx: Context, hits: list[SignatureHit]) -> list[str]:
    """For each signature, its column of the lines above its signing line (name, office and
    organisation set first), up to the line of another signature in the same column, a § header,
    a line of prose (a line of no table that ends a sentence) or `signature.block_lines` lines."""
    value = ctx.text.value
    limit = int(ctx.rules.threshold("signature.block_lines"))
    header = ctx.rules.regex("segment.header")
    signing = _hit_lines(value, hits)
    texts: list[str] = []
    for line_start, column in signing:
        cells: list[str] = []
        end = line_start - 1
        for _ in range(limit):
            if end <= 0:
                break
            start = _line_start(value, end)
            line = value[start:end]
            end = start - 1
            if any(start == other and col == column for other, col in signing):
                break  # the signing line of the signature above in this column
            if "\t" not in line and (line.rstrip().endswith((".", ";", "!", "?")) or header.match(line.strip())):
                break  # prose or a section: the block starts after it
            parts = line.split("\t")
            cells.append(parts[column] if column < len(parts) and ("\t" in line or column == 0) else "")
        texts.append(" ".join(reversed(cells)))
    return texts


def _by_place(ctx: Context, hits: list[SignatureHit], district_seat: str | None) -> int | None:
    """The index of the one signature from the ministry's city, when the district's seat is elsewhere."""
    ministry_places = set(ctx.rules.words("signature.ministry_places"))
    if (district_seat or "").split(" ")[0] in ministry_places:
        return None
    there = [i for i, hit in enumerate(hits) if hit.place in ministry_places]
    return there[0] if len(there) == 1 else None


def assign_parties(ctx: Context, hits: list[SignatureHit], district_seat: str | None) -> dict[str, SignatureHit | None]:
    """Which signature is the ministry's and which the district's: by their blocks' words (under the
    signing lines, or above them when the writer set name and office first); when these do not
    tell, by the ministry's city, else the ministry signs first; a lone signature from the ministry's
    city (unless the district's seat is there) is the ministry's."""
    parties: dict[str, SignatureHit | None] = {"ministry": None, "district": None}
    roles = [party_of(text, ctx) for text in _block_texts(ctx, hits)]
    if hits and roles[-1] is None:  # nothing names a party under the last signing line
        above = [party_of(text, ctx) for text in _blocks_above(ctx, hits)]
        if above[0] is not None:
            roles = above
    if len(hits) == 2:
        first, second = roles
        if first is None and second is None:
            ministry = _by_place(ctx, hits, district_seat)
            swapped = ministry == 1
        else:
            swapped = (first == "district" and second != "district") or (second == "ministry" and first != "ministry")
        if _by_place(ctx, hits, district_seat) == (0 if swapped else 1):
            # the blocks gave the ministry's city to the district and the other place to the ministry: they
            # were read from the wrong side (columns whose date lines the layout set apart); the places decide
            swapped = not swapped
        parties = {"ministry": hits[1], "district": hits[0]} if swapped else {"ministry": hits[0], "district": hits[1]}
    elif len(hits) == 1:
        hit = hits[0]
        role = roles[0]
        if role is None:
            seat_word = (district_seat or "").split(" ")[0]
            ministry_place = hit.place in ctx.rules.words("signature.ministry_places")
            role = "district" if not ministry_place and bool(seat_word) and hit.place.startswith(seat_word) else "ministry"
        parties[role] = hit
    return parties
