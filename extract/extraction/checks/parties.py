"""Self-checks of the parties and dates: year and district of the title block against the body,
signing places against the gazetteer of Hessian municipalities (models/municipalities.jsonl),
signing dates against the budget year."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from functools import lru_cache

from extract.extraction.context import Context
from extract.extraction.text import fold
from extract.model import Field, Flag, ReviewReason
from extract.rules import Municipality, NormalizeRule, Rules


def place_key(place: str, rules: Rules) -> str:
    """A place as compared with the gazetteer: the place rules of models/normalize.jsonl applied
    (abbreviations written out, parentheses dropped), then folded (no punctuation, lower case)."""
    return _place_key(place, rules.rewrites("place"))


def _place_key(place: str, rewrites: tuple[NormalizeRule, ...]) -> str:
    for rule in rewrites:
        place = rule.regex.sub(rule.replacement, place)
    return fold(place)


def _keys(rules: Rules) -> tuple[tuple[str, Municipality], ...]:
    return _gazetteer_keys(rules.municipalities, rules.rewrites("place"))


@lru_cache(maxsize=4)
def _gazetteer_keys(municipalities: tuple[Municipality, ...], rewrites: tuple[NormalizeRule, ...]) -> tuple[tuple[str, Municipality], ...]:
    return tuple((_place_key(name, rewrites), m) for m in municipalities for name in (m.name, *m.aliases))


def municipalities_of(place: str, rules: Rules) -> list[Municipality]:
    """The municipalities a written place can be (a short form such as 'Bad Homburg' names its
    municipality 'Bad Homburg vor der Höhe'); empty when it is none of them."""
    key = place_key(place, rules)
    if not key:
        return []
    exact = [m for k, m in _keys(rules) if k == key]
    if exact:
        return exact
    if len(key) < 4 or key in rules.words("place.not_alone"):
        return []
    return [m for k, m in _keys(rules) if k.startswith(key + " ")]


def _head_span(ctx: Context) -> tuple[int, int]:
    head = ctx.head()
    if head is not None and head.end - head.start < 3000:
        return head.start, head.end
    return 0, min(len(ctx.text.value), 1200)


def check_year(ctx: Context, fields: dict[str, Field]) -> list[Flag]:
    """The year of the title block against the years the body's year patterns name."""
    rules = ctx.rules
    start, end = _head_span(ctx)
    head = ctx.text.value[start:end]
    title_years = {int(m.group("year")) for m in rules.regex("year.title_line").finditer(head)}
    title_years |= {int(m.group(1) or m.group(2)) for m in rules.regex("check.year.title").finditer(" ".join(head.split()))}
    body: Counter[int] = Counter()
    for match_id, _start, m_end in rules.matcher(ctx.doc):
        if rules.nlp.vocab.strings[match_id] in ("year.budget", "year.im_jahr"):
            token = ctx.doc[m_end - 1]
            if not start <= ctx.index[token.idx] < end:
                body[int(token.text)] += 1
    year = fields["year"].value
    if len(title_years) == 1 and body:
        title_year = next(iter(title_years))
        if body.most_common(1)[0][0] != title_year or (isinstance(year, int) and year != title_year):
            return [Flag(ReviewReason.YEAR_TITLE_BODY_MISMATCH)]
    return []


def check_district(ctx: Context, fields: dict[str, Field]) -> list[Flag]:
    """The district of the title block against the district the body names most."""
    start, end = _head_span(ctx)
    in_head: list[str] = []
    body: Counter[str] = Counter()
    for ent in ctx.doc.ents:
        if ent.label_ != "DISTRICT":
            continue
        if start <= ctx.index[ent.start_char] < end:
            in_head.append(ent.ent_id_)
        else:
            body[ent.ent_id_] += 1
    if in_head and body:
        top, count = body.most_common(1)[0]
        value = fields["district"].value
        if (top != in_head[0] and count > body.get(in_head[0], 0)) or (value is not None and value != in_head[0]):
            return [Flag(ReviewReason.DISTRICT_TITLE_BODY_MISMATCH)]
    return []


def _date(field: Field) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(field.value)) if field.value else None
    except ValueError:
        return None


def check_signatures(ctx: Context, fields: dict[str, Field]) -> list[Flag]:
    rules = ctx.rules
    flags: list[Flag] = []
    year = fields["year"].value
    ags = fields["district"].value
    before = dt.timedelta(days=int(rules.threshold("signature.days_before_year")))
    after = dt.timedelta(days=int(rules.threshold("signature.days_after_year")))
    places = {party: fields[f"{party}_signed_place"].value for party in ("ministry", "district")}
    ministry_places = {place_key(p, rules) for p in rules.words("signature.ministry_places")}
    dates = {party: _date(fields[f"{party}_signed_date"]) for party in ("ministry", "district")}
    for party in ("ministry", "district"):
        place = places[party]
        if isinstance(place, str) and place:
            found = municipalities_of(place, rules)
            if not found:
                flags.append(Flag(ReviewReason.SIGNED_PLACE_UNKNOWN, party))
            if party == "ministry" and place_key(place, rules) not in ministry_places:
                flags.append(Flag(ReviewReason.MINISTRY_PLACE_NOT_WIESBADEN))
            if party == "district" and found and ags and not _in_district(place, found, str(ags), rules):
                flags.append(Flag(ReviewReason.DISTRICT_PLACE_OUTSIDE_DISTRICT))
        date = dates[party]
        if date is not None and isinstance(year, int):
            if not dt.date(year, 1, 1) - before <= date <= dt.date(year, 12, 31) + after:
                flags.append(Flag(ReviewReason.SIGNED_DATE_OUTSIDE_WINDOW, party))
    seat = next((d.seat for d in rules.districts if d.ags == ags), "")
    same = places["ministry"] and dates["ministry"] and places["ministry"] == places["district"] and dates["ministry"] == dates["district"]
    if same and place_key(seat, rules) != place_key(str(places["ministry"]), rules):  # Wiesbaden's own agreement may be signed together
        flags.append(Flag(ReviewReason.SIGNATURES_IDENTICAL))
    return flags


def _in_district(place: str, found: list[Municipality], ags: str, rules: Rules) -> bool:
    if any(m.kreis_ags == ags for m in found):
        return True
    seats = [d.seat for d in rules.districts if d.ags == ags]
    return bool(seats) and any(m in municipalities_of(seats[0], rules) for m in found)
