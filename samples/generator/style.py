"""Visual choices of one document (fonts, margins, letterhead, footers) and their decorations."""

from __future__ import annotations

import random
from dataclasses import dataclass

from .layout import Deco, PageStyle, RuleOp
from .vocab import MINISTRY_PHONE, Ministry

FOOTERS = ("seite_von", "dash_top", "plain_right", "ref_line", "phone_footer", "none")


@dataclass
class Look:
    family: str = "Helvetica"
    size: float = 11.0
    leading: float = 1.3
    margins: tuple[float, float, float, float] = (70.0, 62.0, 64.0, 64.0)  # left right top bottom
    justify: bool = False
    letterhead: bool = False
    footer: str = "none"
    title_style: str = "stacked"  # stacked | compact | budget
    section_style: str = "stacked"  # stacked ("§ 1" / title) | inline ("§ 1 Title")
    section_align: str = "center"
    heading_emphasis: str = "bold"  # bold | underline | plain (measure-type headings)
    sig_side_by_side: bool = True
    date_line: str = "den"  # den | comma | caption
    para_gap: float = 8.0

    def describe(self) -> str:
        parts = [f"{self.family} {self.size:g}pt", "justified" if self.justify else "ragged"]
        if self.letterhead:
            parts.append("letterhead")
        if self.footer != "none":
            parts.append(f"footer {self.footer}")
        parts.append("signatures side by side" if self.sig_side_by_side else "signatures stacked")
        return ", ".join(parts)


def choose_look(rng: random.Random, pick) -> Look:
    """pick(feature, options) cycles through options across documents so that every option is used."""
    family = pick("family", ["Helvetica", "Times", "Courier", "Helvetica", "Times"])
    size = pick("size", [10.0, 10.5, 11.0, 11.5, 12.0])
    if family == "Courier":
        size = min(size, 10.5)  # Courier is wide
    left = rng.choice([56.0, 64.0, 70.0, 79.0, 85.0])
    return Look(
        family=family,
        size=size,
        leading=rng.choice([1.2, 1.25, 1.3, 1.4, 1.5]),
        margins=(left, rng.choice([48.0, 56.0, 62.0]), rng.choice([56.0, 64.0, 72.0]), rng.choice([56.0, 64.0, 70.0])),
        justify=pick("justify", [True, False]),
        letterhead=pick("letterhead", [False, True, False]),
        footer=pick("footer", list(FOOTERS)),
        title_style=pick("title", ["stacked", "compact", "budget", "stacked"]),
        section_style=pick("section", ["stacked", "inline", "stacked"]),
        section_align=rng.choice(["center", "center", "left"]),
        heading_emphasis=pick("emphasis", ["bold", "underline", "plain", "bold"]),
        sig_side_by_side=pick("sig_layout", [True, False]),
        date_line=pick("date_line", ["den", "comma", "den", "caption"]),
        para_gap=rng.choice([4.0, 6.0, 8.0, 10.0]),
    )


def page_style(look: Look) -> PageStyle:
    left, right, top, bottom = look.margins
    footer_room = {"phone_footer": 22.0, "ref_line": 10.0}.get(look.footer, 0.0)
    return PageStyle(
        family=look.family, size=look.size, leading=look.leading,
        margin_left=left, margin_right=right, margin_top=top, margin_bottom=bottom,
        footer_height=footer_room, first_header_height=42.0 if look.letterhead else 0.0,
    )


def make_decorator(look: Look, ministry: Ministry, ref: str):
    """Letterhead on page 1 and the chosen footer on every page; y positions in points from the bottom."""
    top_y = 842.0 - 36.0

    def decorate(number: int, count: int) -> list:
        items: list = []
        if look.letterhead and number == 1:
            items += [
                Deco(ministry.nominative, top_y, "right", 9.0, bold=True, top=True),
                Deco(ministry.address, top_y - 11, "right", 8.0, top=True),
                Deco(f"{MINISTRY_PHONE} · www.soziales.hessen.de", top_y - 21, "right", 8.0, top=True),
                RuleOp(look.margins[0], top_y - 28, 595.0 - look.margins[1], top_y - 28, 0.4, 0.3),
            ]
        bottom_y = look.margins[3] - 26
        if look.footer == "seite_von":
            items.append(Deco(f"Seite {number} von {count}", bottom_y, "center", 8.5))
        elif look.footer == "dash_top" and number > 1:
            items.append(Deco(f"- {number} -", top_y, "center", look.size, top=True))
        elif look.footer == "plain_right":
            items.append(Deco(str(number), bottom_y, "right", 9.0))
        elif look.footer == "ref_line":
            items.append(Deco(ref, bottom_y, "left", 7.5))
            items.append(Deco(f"Seite {number} von {count}", bottom_y, "right", 7.5))
        elif look.footer == "phone_footer":
            items.append(RuleOp(look.margins[0], bottom_y + 20, 595.0 - look.margins[1], bottom_y + 20, 0.3, 0.4))
            items.append(Deco(f"Seite {number} von {count}", bottom_y + 9, "right", 7.5))
            items.append(Deco(f"{ministry.address} · {MINISTRY_PHONE}", bottom_y, "center", 7.0))
        return items

    return decorate
