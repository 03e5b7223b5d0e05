"""Independent variation axes of the wide profile (`generate.py --variety`).

Each axis is drawn per document from its own random stream (seed, document key, "axes"), so the
default run never sees them. The chosen value of every axis goes into NAME.expected.json under
"axes" so benchmarks can group results by it. Some axes depend on others (a scan needs a producer
that keeps the layout); `choose_axes` resolves that and records the value actually used.
"""

from __future__ import annotations

import random

BULLETS = ["•", "▪", "–", "-", "*", "➢", "o"]

# axis -> options (drawn uniformly unless weights are given in WEIGHTS)
AXES: dict[str, list[str]] = {
    # project list
    "list_form": ["list", "list", "list", "table2", "table4"],
    "heading_marker": ["none", "1.", "1)", "A)", "A.", "I.", "(1)", "bold_none"],
    "item_marker": ["bullet", "bullet", "1.", "1)", "a)", "(a)", "i)", "(1)", "dotted", "dotted_dot"],
    "bullet": BULLETS,
    "heading_colon": ["no", "yes"],
    "item_punct": ["none", "none", "semicolon", "comma_und"],
    "indent": ["indented", "flush"],
    "emphasis": ["bold", "underline", "plain", "bold_underline"],
    "list_intro": ["projekte", "massnahmen", "gefoerdert"],
    "list_outro": ["bescheid", "massgabe", "teilnehmende", "aenderungen", "none"],
    "empty_type": ["omit", "keine", "dash", "entfaellt"],
    # tables (only used with list_form table*)
    "table_rules": ["grid", "none", "horizontal"],
    "table_header": ["repeat", "once", "none"],
    "table_group": ["first_row", "every_row"],
    # (drawn last, after every other axis, so adding it left the other axes' draws as they were)
    "table_cell": ["row", "row", "lines", "bullets"],
    # pages
    "page_break": ["none", "none", "in_list"],
    "running": ["none", "dash_num", "seite_von", "plain_num", "running_title", "letterhead_line"],
    "justify": ["ragged", "justified"],
    # budget §
    "amount_phrase": ["own_line", "inline", "split", "sentence_year", "eur_then_mittel", "table"],
    "amount_format": ["euro", "eur_prefix", "dash_euro", "comma_sign", "cents_euro", "cents_eur", "sign_prefix"],
    "amount_noise": ["none", "none", "vorjahr", "davon", "kofinanzierung", "vorjahr_before"],
    # signatures
    "sig_layout": ["side_by_side", "stacked"],
    "sig_order": ["ministry_first", "district_first"],
    "place_form": ["seat", "short"],
    "date_format": ["d.m.yyyy", "dd.mm.yyyy", "long", "dd.mm.yy", "dd. long"],
    "date_line": ["den", "comma", "caption"],
    "date_blank": ["none", "none", "none", "none", "ministry", "district", "both"],
    # wording
    "title": ["stacked", "compact", "budget", "zv_aqb", "umsetzung", "caps"],
    "section_sign": ["§ 1", "§1", "none"],
    "section_punct": ["none", "none", "colon", "dash"],  # (late) '§ 4: Haushaltsmittel', '§ 4 – Haushaltsmittel'
    # (late) the place and date line above the room for the signature, or under name and office
    "sig_date_pos": ["above", "above", "below"],
    # (late) the project list in the goals section, or in an annex after the signatures that the section points to
    "list_place": ["section", "section", "section", "annex"],
    "ministry_abbr": ["with_abbr", "without_abbr"],
    # PDF
    "producer": ["canvas", "canvas", "canvas_words", "fpdf2", "platypus", "libreoffice"],
    "font": ["standard14", "standard14", "Vera", "DejaVuSans", "DejaVuSerif", "LiberationSans", "LiberationSerif"],
}

# Axes added later, drawn after every other draw of choose_axes: earlier corpora keep their documents.
LATE_AXES = ("table_cell", "section_punct", "sig_date_pos", "list_place")

# Producers that lay out from our own Layout (exact truth_text, signature anchors for scans).
LAYOUT_PRODUCERS = ("canvas", "canvas_words", "fpdf2")


def _has_fpdf() -> bool:
    try:
        import fpdf  # noqa: F401
    except ImportError:
        return False
    return True


# A date left blank in print and written by hand on the signed copy (scans only, so a scan's date may be
# ink OCR cannot read: the truth holds the date, aqb must leave it empty and flag it). Drawn from a stream
# of its own (hand_date_axis), so corpora made before it keep their documents.
HAND_DATES = ["none"] * 5 + ["ministry", "district"]


def hand_date_axis(rng: random.Random, axes: dict[str, str], scan: bool) -> str:
    """The party whose date is written by hand, 'none', or 'n/a' (not a scan)."""
    if not scan:
        return "n/a"
    role = rng.choice(HAND_DATES)
    return "none" if axes["date_blank"] in ("both", role) else role


def choose_axes(rng: random.Random, scan: bool = False, libreoffice: bool = True) -> dict[str, str]:
    axes = {name: rng.choice(options) for name, options in AXES.items() if name not in LATE_AXES}
    if axes["producer"] == "fpdf2" and not _has_fpdf():  # the test extra installs it
        axes["producer"] = "canvas_words"
    if axes["item_marker"] in ("dotted", "dotted_dot") and axes["heading_marker"] not in ("1.", "1)", "(1)"):
        axes["heading_marker"] = "1."
    if axes["item_marker"] != "bullet":
        axes["bullet"] = "n/a"
    if axes["list_form"] != "list":
        for name in ("heading_marker", "item_marker", "bullet", "heading_colon", "item_punct", "indent"):
            axes[name] = "n/a"
    else:
        for name in ("table_rules", "table_header", "table_group"):
            axes[name] = "n/a"
    if axes["amount_phrase"] == "sentence_year" and axes["amount_format"] not in ("sign_prefix", "eur_prefix"):
        axes["amount_format"] = rng.choice(["sign_prefix", "eur_prefix"])
    if axes["amount_phrase"] == "eur_then_mittel":
        axes["amount_format"] = rng.choice(["eur_prefix", "sign_prefix"])
    if scan or (axes["producer"] == "libreoffice" and not libreoffice):
        if axes["producer"] not in LAYOUT_PRODUCERS:
            axes["producer"] = rng.choice(LAYOUT_PRODUCERS)
    if axes["producer"] == "fpdf2" and axes["font"] == "standard14":
        axes["font"] = rng.choice(["Vera", "DejaVuSans", "DejaVuSerif", "LiberationSans", "LiberationSerif"])
    if axes["producer"] == "libreoffice":
        axes["running"] = "none"  # the HTML import has no running headers or footers
    for name in LATE_AXES:
        axes[name] = rng.choice(AXES[name])
    if axes["section_sign"] == "none":
        axes["section_punct"] = "n/a"  # '4.' before the title already
    if axes["list_form"] != "table2":
        axes["table_cell"] = "n/a"  # several projects in one cell: the two-column table (Maßnahmenart | Projekte)
    return axes


def describe(axes: dict[str, str]) -> str:
    shown = ("producer", "font", "list_form", "heading_marker", "item_marker", "amount_phrase", "running")
    return ", ".join(f"{k}={axes[k]}" for k in shown if axes.get(k) not in (None, "n/a"))
