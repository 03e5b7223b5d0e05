"""Self-checks of the budget amount: read every euro amount of the document again and compare."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from extract.extraction.context import Context
from extract.extraction.fields import amount_to_decimal
from extract.extraction.segment import anchor_of
from extract.model import Field, Flag, ReviewReason


@dataclass(frozen=True)
class AmountMention:
    value: Decimal
    start: int  # offset in the text
    partial: bool  # 'davon …', 'je …': a part, not the budget
    total: bool  # 'Gesamt…', 'Summe': a stated total


def amount_mentions(ctx: Context) -> list[AmountMention]:
    """Every euro amount the amount patterns find, with what the words before it say about it."""
    rules = ctx.rules
    bad = rules.words("amount.context_bad")
    totals = rules.regex("check.amount.total")
    least = Decimal(rules.threshold("amount.min_candidate_eur"))
    found: dict[int, AmountMention] = {}
    for match_id, start, end in rules.matcher(ctx.doc):
        if not rules.nlp.vocab.strings[match_id].startswith("amount."):
            continue
        span = ctx.doc[start:end]
        t_start, t_end = ctx.span_to_text(span.start_char, span.end_char)
        value = amount_to_decimal(ctx.text.value[t_start:t_end])
        if value is None or value < least:
            continue
        before = ctx.flat[max(0, span.start_char - 40) : span.start_char].lower()
        partial = any(re.search(rf"\b{re.escape(word)}\b", before) for word in bad)
        found.setdefault(t_start, AmountMention(value, t_start, partial, bool(totals.search(before))))
    return sorted(found.values(), key=lambda m: m.start)


def check_amount(ctx: Context, fields: dict[str, Field]) -> list[Flag]:
    value = fields["amount_eur"].value
    if not isinstance(value, Decimal):
        return []
    flags: list[Flag] = []
    low, high = (Decimal(v) for v in ctx.rules.threshold("amount.range_eur"))
    if not low <= value <= high:
        flags.append(Flag(ReviewReason.AMOUNT_IMPLAUSIBLE))
    mentions = amount_mentions(ctx)
    budget = [s for s in ctx.sections if s.key[:1].isdigit() and anchor_of(s.title, ctx.rules)[0] == "budget"]
    in_budget = [m for m in mentions if any(s.start <= m.start < s.end for s in budget)]
    if budget and value not in {m.value for m in in_budget}:
        flags.append(Flag(ReviewReason.AMOUNT_OUTSIDE_BUDGET_SECTION))
    scope = in_budget if budget else mentions
    if len({m.value for m in scope if not m.partial}) > 1:
        flags.append(Flag(ReviewReason.AMOUNT_AMBIGUOUS))
    if any(m.total and not m.partial and m.value != value for m in scope):
        flags.append(Flag(ReviewReason.AMOUNT_TOTAL_MISMATCH))
    return flags
