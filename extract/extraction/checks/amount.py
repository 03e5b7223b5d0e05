"""Self-checks of the budget amount: every euro-like number of the document is read again (more
liberally than the extraction: with or without a currency next to it) and compared."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from extract.extraction.context import Context
from extract.extraction.fields import amount_to_decimal
from extract.extraction.segment import anchor_of
from extract.extraction.text import has_any_word
from extract.model import Field, Flag, ReviewReason


@dataclass(frozen=True)
class AmountMention:
    value: Decimal
    start: int  # offset in the text
    partial: bool  # 'davon …', 'je …': a part, not the budget
    total: bool  # 'Gesamt…', 'Summe': a stated total


def amount_mentions(ctx: Context) -> list[AmountMention]:
    """Every euro-like number of at least `amount.min_candidate_eur`, with what the words before it say."""
    rules = ctx.rules
    bad = (*rules.words("amount.context_bad"), *rules.words("check.amount.not_budget"))
    totals = rules.regex("check.amount.total")
    clause_end = rules.regex("check.amount.clause_end")
    least = Decimal(rules.threshold("amount.min_candidate_eur"))
    value_text = ctx.text.value
    found: list[AmountMention] = []
    for match in rules.regex("check.amount.number").finditer(value_text):
        value = amount_to_decimal(match.group(0))
        if value is None or value < least:
            continue
        window = value_text[max(0, match.start() - 200) : match.start()]
        cuts = list(clause_end.finditer(window))
        before = " ".join(window[cuts[-1].end() if cuts else 0 :].split()).lower()  # the sentence up to the number
        partial = has_any_word(before, bad)
        found.append(AmountMention(value, match.start(), partial, bool(totals.search(before))))
    return found


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
    read = {m.value for m in in_budget}
    provenance = fields["amount_eur"].provenance
    if provenance is not None and provenance.reading != "page":
        # read again from the page image ('1.392.019,74' where the page's OCR has '1.392.019, 74'): the page's
        # text may hold the euros without the cents the re-reading found
        read |= {value for m in in_budget if m.value == value.to_integral_value(ROUND_DOWN) and m.value != value}
    if budget and value not in read:
        flags.append(Flag(ReviewReason.AMOUNT_OUTSIDE_BUDGET_SECTION))
    scope = in_budget if budget else mentions
    whole = {m.value for m in scope if not m.partial}
    read_as_part = value in {m.value for m in scope if m.partial} and value not in whole
    if len(whole) > 1 or read_as_part:
        flags.append(Flag(ReviewReason.AMOUNT_AMBIGUOUS))
    if any(m.total and not m.partial and m.value != value for m in scope):
        flags.append(Flag(ReviewReason.AMOUNT_TOTAL_MISMATCH))
    return flags
