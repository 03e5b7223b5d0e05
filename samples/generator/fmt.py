"""German spellings of amounts and dates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .vocab import MONTHS

# style -> needs cents?  (None: either)
AMOUNT_STYLES = {
    "euro": False,  # 1.341.400 Euro
    "eur_prefix": False,  # EUR 2.105.300
    "dash_euro": False,  # 2.105.300,- Euro
    "comma_sign": None,  # 965.950,00 €
    "cents_euro": True,  # 1.234.567,89 Euro
    "cents_eur": True,  # 1.234.567,89 EUR
}


def thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def decimal_de(amount: Decimal) -> str:
    euros = int(amount)
    cents = int((amount - euros) * 100)
    return f"{thousands(euros)},{cents:02d}"


def amount_parts(amount: Decimal, style: str) -> tuple[str, str]:
    """The amount as two parts that may be split over a line break, e.g. ("1.341.400", "Euro")."""
    whole = thousands(int(amount))
    return {
        "euro": (whole, "Euro"),
        "eur_prefix": ("EUR", whole),
        "dash_euro": (f"{whole},-", "Euro"),
        "comma_sign": (decimal_de(amount), "€"),
        "cents_euro": (decimal_de(amount), "Euro"),
        "cents_eur": (decimal_de(amount), "EUR"),
    }[style]


def amount_text(amount: Decimal, style: str) -> str:
    return " ".join(amount_parts(amount, style))


def short_amount(amount: Decimal) -> str:
    """Press style: "1,34 Millionen Euro" or "812.300 Euro"."""
    if amount >= 1_000_000:
        return f"{amount / 1_000_000:.2f}".replace(".", ",") + " Millionen Euro"
    return f"{thousands(int(amount))} Euro"


DATE_STYLES = ("d.m.yyyy", "dd.mm.yyyy", "long", "dd.mm.yy")


def date_text(date: dt.date, style: str) -> str:
    if style == "d.m.yyyy":
        return f"{date.day}.{date.month}.{date.year}"
    if style == "dd.mm.yyyy":
        return f"{date.day:02d}.{date.month:02d}.{date.year}"
    if style == "long":
        return f"{date.day}. {MONTHS[date.month - 1]} {date.year}"
    if style == "dd.mm.yy":
        return f"{date.day:02d}.{date.month:02d}.{date.year % 100:02d}"
    raise ValueError(style)
