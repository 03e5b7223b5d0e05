"""Extract stage, scalar fields: district, year, budget amount and ministry, each with provenance."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from decimal import Decimal, InvalidOperation

from rapidfuzz import fuzz, process

from extract.extraction.context import Context, provenance, reread, reread_provenance
from extract.extraction.text import has_any_word
from extract.model import Field
from extract.reading.reread import RegionKind
from extract.rules import Rules, get_rules
from extract.settings import Settings


def amount_to_decimal(raw: str, rules: Rules | None = None) -> Decimal | None:
    """'1.341.400', '965.950,00', '2.105.300,-', '831.097,15.' -> Decimal with two places; None if
    unparseable. The currency, cents and separators are read by the amount.* regexes of models/."""
    rules = rules or get_rules(Settings().models_dir)
    value = rules.regex("amount.currency_text").sub("", raw).strip().rstrip(".")
    value = rules.regex("amount.dash_cents").sub("", value)
    cents = "00"
    match = rules.regex("amount.cents").search(value)
    if match and not rules.regex("amount.thousands_end").search(value):
        cents = match.group("cents")
        value = value[: match.start()]
    digits = rules.regex("amount.separators").sub("", value)
    if not digits.isdigit():
        return None
    try:
        return Decimal(f"{int(digits)}.{cents}")
    except InvalidOperation:
        return None


def _sentence_before(text: str, start: int, rules: Rules) -> str:
    """The text of the sentence before `start` (at most 300 characters back): from the last
    sentence end ('. ' before a capital, not after a number or an abbreviation) or paragraph break."""
    window = text[max(0, start - 300) : start]
    ends = list(rules.regex("amount.sentence_end").finditer(window))
    return window[ends[-1].end():] if ends else window


def extract_amount(ctx: Context) -> Field:
    rules = ctx.rules
    good, bad = rules.words("amount.context_good"), rules.words("amount.context_bad")
    titles = rules.words("amount.section_titles")
    scoring = ctx.scoring
    candidates: list[tuple[int, int, int, int, str]] = []
    for rule, start, end in rules.matches(ctx.doc, "AMOUNT"):
        span = ctx.doc[start:end]
        t_start, t_end = ctx.span_to_text(span.start_char, span.end_char)
        score = rules.pattern_weights[rule]
        section = ctx.section_of(t_start)
        if section and any(stem in section.title.lower() for stem in titles):
            score += scoring.amount_title_bonus
        before = ctx.flat[max(0, span.start_char - scoring.amount_context_chars) : span.start_char].lower()
        if any(word in before for word in good):
            score += scoring.amount_context_bonus
        sentence = _sentence_before(ctx.text.value, t_start, rules).lower()
        if has_any_word(sentence[-scoring.amount_bad_context_chars:], bad):
            score -= scoring.amount_bad_context_penalty
        elif has_any_word(sentence, bad):
            score -= scoring.amount_bad_sentence_penalty  # 'Im Vorjahr 2013 standen dem Kreis Mittel in Höhe von € …'
        candidates.append((score, -t_start, t_start, t_end, rule))
    if not candidates:
        return Field("amount_eur", None)
    _, _, t_start, t_end, rule = max(candidates)
    raw = ctx.text.value[t_start:t_end]
    value, prov = amount_to_decimal(raw, rules), provenance(ctx, t_start, t_end, rule)
    number = rules.regex("check.amount.number").search(raw)  # the region read again: the number's words, not the currency's line
    region = provenance(ctx, t_start + number.start(), t_start + number.end(), rule) if number else prov
    found = reread(ctx, plausible_amount(value, rules), region, RegionKind.NUMBER,
                   lambda text: plausible_amount(amount_in(text, rules), rules))
    if found is not None:
        return Field("amount_eur", amount_in(found.text, rules), reread_provenance(region, found), found.text)
    # how sure the amount is, is how sure its number's words are: a currency word read low ('‚Euro' at 8,
    # a speck glued to it) changes no digit
    return Field("amount_eur", value, replace(prov, confidence=region.confidence) if number else prov, raw)


def amount_in(text: str, rules: Rules) -> Decimal | None:
    """The euro amount written in a re-read region's text ('935.200,00 €'), None without one."""
    match = rules.regex("check.amount.number").search(text)
    return amount_to_decimal(match.group(0), rules) if match else None


def plausible_amount(value: Decimal | None, rules: Rules) -> bool:
    """The amount's check: read, and within the plausible range of a district's budget (checks.jsonl)."""
    low, high = rules.threshold("amount.range_eur")
    return value is not None and low <= value <= high


def extract_year(ctx: Context) -> tuple[Field, bool]:
    """The budget year by weighted vote of the year patterns; also whether the vote was split."""
    votes: Counter[int] = Counter()
    first: dict[int, tuple[int, int, str]] = {}
    rules = ctx.rules
    head = ctx.head()
    if head:
        for match in rules.regex("year.title_line").finditer(head.text):
            offset = ctx.text.value.find(match.group(0), head.start)
            year = int(match.group("year"))
            votes[year] += ctx.scoring.year_title_line_votes
            first.setdefault(year, (offset, offset + len(match.group(0)), "year.title_line"))
    for rule, _start, end in rules.matches(ctx.doc, "YEAR"):
        token = ctx.doc[end - 1]
        year = int(token.text)
        votes[year] += rules.pattern_weights[rule]
        t_start, t_end = ctx.span_to_text(token.idx, token.idx + len(token.text))
        first.setdefault(year, (t_start, t_end, rule))
    if not votes:
        return Field("year", None), False
    ranked = votes.most_common()
    year, score = ranked[0]
    split = len(ranked) > 1 and ranked[1][1] * 2 > score
    t_start, t_end, rule = first[year]
    return Field("year", year, provenance(ctx, t_start, t_end, rule), ctx.text.value[t_start:t_end]), split


def extract_district(ctx: Context) -> tuple[Field, list[str]]:
    """The district party: the title block's counterpart, else a fuzzy title match, else the majority."""
    rules = ctx.rules
    head = ctx.head()
    reasons: list[str] = []
    entities = []
    for ent in ctx.doc.ents:
        if ent.label_ == "DISTRICT":
            t_start, t_end = ctx.span_to_text(ent.start_char, ent.end_char)
            entities.append((ent.ent_id_, t_start, t_end))
    counts = Counter(ags for ags, _, _ in entities)
    in_head = [e for e in entities if head and head.start <= e[1] < head.end]
    chosen: tuple[str, int, int, str] | None = None
    if in_head:
        ags, t_start, t_end = in_head[0]
        chosen = (ags, t_start, t_end, "district.title")
    elif head:
        match = rules.regex("district.title_counterpart").search(head.text)
        if match:
            tokens = match.group("name").split()
            scored = [
                (fuzz.ratio(form, " ".join(tokens[: len(form.split())])), form, entry.ags)
                for entry in rules.districts
                for form in entry.surface_forms
            ]
            score, form, ags = max(scored)
            if score >= ctx.scoring.district_fuzzy_cutoff:
                phrase = " ".join(tokens[: len(form.split())])
                offset = ctx.text.value.find(tokens[0], head.start + match.start("name"))
                chosen = (ags, offset, offset + len(phrase), "district.title_fuzzy")
                if score < 100:  # read with a letter off every known form: district_name_raw is as read, not as written
                    reasons.append("district_title_misread")
    if chosen is None and counts:
        ags = counts.most_common(1)[0][0]
        _, t_start, t_end = next(e for e in entities if e[0] == ags)
        chosen = (ags, t_start, t_end, "district.majority")
        reasons.append("district_not_in_title")
    if chosen is None:
        return Field("district", None), ["district_missing"]
    ags, t_start, t_end, rule = chosen
    others = [a for a in counts if a != ags and counts[a] > counts.get(ags, 0)]
    if others:
        reasons.append("district_conflict")
    raw = " ".join(ctx.text.value[t_start:t_end].split())
    return Field("district", ags, provenance(ctx, t_start, t_end, rule), raw), reasons


def ministry_to_nominative(name: str, rules: Rules) -> str:
    """'Hessischen Ministerium für …' -> 'Hessisches Ministerium für …'."""
    nominative = rules.words("ministry.adjective_forms")[0]
    return rules.regex("ministry.inflected_adjective").sub(nominative, " ".join(name.split()))


def extract_ministry(ctx: Context) -> Field:
    rules = ctx.rules
    head = ctx.head()
    ents = [e for e in ctx.doc.ents if e.label_ == "MINISTRY"]
    ents.sort(key=lambda e: (not (head and head.start <= ctx.index[e.start_char] < head.end), e.start_char))
    names = {entry.id: entry.name for entry in rules.ministries}
    if ents:
        ent = ents[0]
        t_start, t_end = ctx.span_to_text(ent.start_char, ent.end_char)
        return Field("ministry", names[ent.ent_id_], provenance(ctx, t_start, t_end, "ministry.gazetteer"), ctx.text.value[t_start:t_end])
    scope = head.text if head else ctx.text.value[:1500]
    base = head.start if head else 0
    match = rules.regex("ministry.generic").search(" ".join(scope.split()))
    if not match:
        return Field("ministry", None)
    written = rules.regex("ministry.stop").sub("", match.group(0).strip()).strip(" ,")
    name = ministry_to_nominative(written, rules)
    best = process.extractOne(name, list(names.values()), scorer=fuzz.ratio, score_cutoff=ctx.scoring.ministry_fuzzy_cutoff)
    rule = "ministry.generic_fuzzy" if best else "ministry.generic"
    first_word = written.split()[0]
    offset = ctx.text.value.find(first_word, base)
    return Field("ministry", best[0] if best else name, provenance(ctx, offset, offset + len(first_word), rule), written)
