"""Text of an agreement in the wide profile: the default wording (`wording.py`) with the variation
axes of `axes.py` applied to title, § headings, budget §, project list, signatures and page furniture."""

from __future__ import annotations

import random
from dataclasses import replace
from decimal import Decimal

from . import wording
from .blocks import Block, PageBreak, Para, Run, SigColumn, SigLine, SignatureBlock, bold, para
from .fmt import amount_parts, date_text, decimal_de, thousands
from .layout import Deco, PageStyle, RuleOp
from .lists import list_blocks, table_block, wide_groups
from .plan import AgreementSpec
from .style import Look
from .tables import WideTable
from .text import TITLE_TAIL, _split_lines
from .vocab import MINISTRY_PHONE, MONTHS, SHORT_PLACES


# -- spec adjustments that change the truth ---------------------------------------------------------
def adjust_spec(spec: AgreementSpec, axes: dict[str, str], rng: random.Random) -> AgreementSpec:
    """Signature places and dates, groups and look as the axes say (the truth follows the spec)."""
    sigs = []
    for sig in spec.signatures:
        place = sig.place
        if sig.role == "district":
            seat = spec.district.seat
            place = SHORT_PLACES.get(seat, seat) if axes["place_form"] == "short" else seat
        date = sig.date
        if date is None:
            date = spec.signatures[0].date or spec.signatures[1].date
        if axes["date_blank"] in ("both", sig.role) or date is None:
            date = None
        shown = wide_date(date, axes["date_format"]) if date and axes.get("date_hand") != sig.role else None  # by hand: blank in print
        sigs.append(replace(sig, place=place, date=date, date_text=shown))
    groups = wide_groups(spec, axes["empty_type"], rng)
    family = spec.look.family if axes["font"] == "standard14" else axes["font"]
    look = replace(spec.look, family=family, justify=axes["justify"] == "justified", letterhead=False, footer="none",
                   sig_side_by_side=axes["sig_layout"] == "side_by_side", date_line=axes["date_line"],
                   heading_emphasis=axes["emphasis"])
    amount = spec.amount
    if axes["amount_format"] in ("euro", "eur_prefix", "dash_euro"):  # spellings without cents
        amount = Decimal(int(amount))
    return replace(spec, signatures=sigs, groups=groups, look=look, amount=amount)


def wide_date(date, style: str) -> str:
    if style == "dd. long":
        return f"{date.day:02d}. {MONTHS[date.month - 1]} {date.year}"
    return date_text(date, style)


def wide_amount(amount: Decimal, style: str) -> str:
    if style == "sign_prefix":
        return "€ " + (decimal_de(amount) if amount != int(amount) else thousands(int(amount)))
    return " ".join(amount_parts(amount, style))


# -- page furniture ------------------------------------------------------------------------------
def page_style_for(look: Look, axes: dict[str, str]) -> PageStyle:
    left, right, top, bottom = look.margins
    header = 22.0 if axes["running"] in ("running_title", "letterhead_line") else 0.0
    return PageStyle(family=look.family, size=look.size, leading=look.leading, margin_left=left, margin_right=right,
                     margin_top=top, margin_bottom=bottom, header_height=header, footer_height=0.0)


def decorator(spec: AgreementSpec, axes: dict[str, str]):
    look, running = spec.look, axes["running"]
    top_y = 842.0 - look.margins[2] + 6
    bottom_y = look.margins[3] - 26
    title = f"Zielvereinbarung AQB {spec.year} – {spec.form.raw}"

    def decorate(number: int, count: int) -> list:
        if running == "dash_num":
            return [Deco(f"- {number} -", bottom_y, "center", 9.0)]
        if running == "seite_von":
            return [Deco(f"Seite {number} von {count}", bottom_y, "right", 8.5)]
        if running == "plain_num":
            return [Deco(str(number), bottom_y, "center", 9.0)]
        if running == "running_title":
            items: list = [Deco(str(number), bottom_y, "right", 9.0)]
            if number > 1:
                items += [Deco(title, top_y, "left", 8.0, top=True),
                          RuleOp(look.margins[0], top_y - 4, 595.0 - look.margins[1], top_y - 4, 0.4, 0.3)]
            return items
        if running == "letterhead_line":
            return [Deco(f"{spec.ministry.nominative} · {MINISTRY_PHONE}", top_y, "left", 7.5, top=True),
                    RuleOp(look.margins[0], top_y - 4, 595.0 - look.margins[1], top_y - 4, 0.4, 0.3),
                    Deco(f"Seite {number}", bottom_y, "center", 8.0)]
        return []

    return decorate


# -- blocks ------------------------------------------------------------------------------------------
def build_wide_blocks(spec: AgreementSpec, axes: dict[str, str], rng: random.Random) -> list[Block]:
    c = wording.context(spec)
    look = spec.look
    body = "justify" if look.justify else "left"

    def p(text: str, **kw) -> Para:
        return para(text, align=body, space_after=look.para_gap, **kw)

    blocks: list[Block] = title_blocks(spec, c, axes)
    blocks += [bold("Präambel", align="center", space_before=18, space_after=8, keep_with_next=True)]
    blocks += [p(t) for t in wording.preamble(spec, c)]
    old = spec.era in ("hsm", "early")
    budget_no, goals_no = (3, 4) if old else (4, 5)
    sections: list[tuple[str, list[Block]]] = [
        ("Ziele des Landes" if old else "Ausbildungs- und Qualifizierungsbudget", [p(t) for t in wording.goals(spec, c)]),
        ("Verpflichtungen der Vereinbarungspartner", [p(t) for t in wording.duties(spec, c, goals_no)]),
    ]
    if not old:
        sections.append(("Umsetzung der UN-Behindertenrechtskonvention", [p(t) for t in wording.un_crpd(spec, c)]))
    sections += [
        ("Haushaltsmittel" if old else "Haushaltsmittel und Eckdaten", budget_blocks(spec, c, p, axes)),
        (f"Ziele für die Umsetzung {c['D_gen']}",
         [p(annex_reference(c, rng))] if axes.get("list_place") == "annex" else project_blocks(spec, c, p, axes, rng)),
        ("Zielsteuerung und Berichtswesen" if old else "Zielsteuerung", [p(t) for t in wording.steering(spec, c, budget_no)]),
        ("Laufzeit" if old else "Kontinuierlicher Verbesserungsprozess",
         [p(t) for t in (wording.term(spec, c) if old else wording.improvement(spec, c))]),
    ]
    for number, (title, content) in enumerate(sections, start=1):
        blocks += section_heading(number, title, axes["section_sign"], look, axes.get("section_punct", "none"))
        blocks += content
    blocks.append(signature_block(spec, axes, rng))
    if axes.get("list_place") == "annex":
        blocks += annex_blocks(spec, c, p, axes, rng)
    return blocks


def title_blocks(spec: AgreementSpec, c: dict, axes: dict[str, str]) -> list[Block]:
    center = {"align": "center", "space_after": 12}
    ministry = f"{c['M_dat']} ({c['ab']})" if axes["ministry_abbr"] == "with_abbr" else c["M_dat"]
    style = axes["title"]
    if style == "compact":
        return [bold(f"Zielvereinbarung {spec.year}", size_delta=5, **center),
                para(f"zwischen {ministry} und {c['D_dat']} {TITLE_TAIL}", align="center", space_after=16)]
    if style == "budget":
        return [bold("Zielvereinbarung", size_delta=6, **center),
                para(f"über das Ausbildungs- und Qualifizierungsbudget {spec.year}", **center),
                para("zwischen", **center), bold(ministry, **center), para("und", **center), bold(c["D_dat"], **center)]
    if style == "zv_aqb":
        return [bold(f"Zielvereinbarung AQB {spec.year}", size_delta=4, **center),
                para(f"zwischen {ministry}", **center), para(f"und {c['D_dat']}", **center)]
    if style == "umsetzung":
        return [bold("Zielvereinbarung", size_delta=6, **center),
                para(f"über die Umsetzung des Ausbildungs- und Qualifizierungsbudgets im Jahr {spec.year}", **center),
                para(f"zwischen {ministry}", **center), para("und", **center), para(c["D_dat"], **center)]
    if style == "caps":
        return [bold("ZIELVEREINBARUNG", size_delta=5, **center), bold(f"AQB {spec.year}", size_delta=2, **center),
                para("zwischen", **center), para(ministry, **center), para(f"und {c['D_dat']}", **center),
                para(TITLE_TAIL, **center)]
    return [bold("Zielvereinbarung", size_delta=6, **center), bold(str(spec.year), size_delta=2, **center),
            para("zwischen", **center), para(ministry, **center), para(f"und {c['D_dat']}", **center),
            para(TITLE_TAIL, **center)]


def section_heading(number: int, title: str, sign: str, look: Look, punct: str = "none") -> list[Block]:
    kw = {"align": look.section_align, "keep_with_next": True}
    label = {"§ 1": f"§ {number}", "§1": f"§{number}", "none": f"{number}."}[sign]
    label += {"colon": ":", "dash": " –"}.get(punct, "")
    if look.section_style == "inline" or sign == "none":
        return [bold(f"{label} {title}", space_before=14, space_after=8, **kw)]
    return [bold(label, space_before=14, space_after=4, **kw), bold(title, space_after=8, **kw)]


def budget_blocks(spec: AgreementSpec, c: dict, p, axes: dict[str, str]) -> list[Block]:
    fmt, phrase, noise = axes["amount_format"], axes["amount_phrase"], axes["amount_noise"]
    total = wide_amount(spec.amount, fmt)
    prev = wide_amount(Decimal(int(spec.amount * Decimal("0.93")) // 50 * 50), fmt)
    part = wide_amount(Decimal(int(spec.amount * Decimal("0.12")) // 100 * 100), fmt)
    tail = f"aus dem Ausbildungs- und Qualifizierungsbudget {spec.year} zur Verfügung."
    intro = f"Das {c['ab']} stellt {c['D_dat']} im Jahr {spec.year} Haushaltsmittel in Höhe von insgesamt"
    blocks: list[Block] = []
    if noise == "vorjahr_before":
        blocks.append(p(f"Im Vorjahr {spec.year - 1} standen {c['D_dat']} Mittel in Höhe von {prev} zur Verfügung."))
    if phrase == "own_line":
        blocks += [p(intro), bold(total, align="center", space_after=8), p(tail)]
    elif phrase == "split":
        first, _, second = total.rpartition(" ")
        blocks.append(Para([Run(f"{intro} {first}\n{second} {tail}")], align="left", space_after=spec.look.para_gap))
    elif phrase == "sentence_year":
        blocks.append(p(f"Das Budget {c['D_gen']} beträgt für das Jahr {spec.year} {total}."))
    elif phrase == "eur_then_mittel":
        blocks.append(p(f"{intro} {total}. Die Mittel werden aus dem Ausbildungs- und Qualifizierungsbudget "
                        f"{spec.year} bereitgestellt."))
    elif phrase == "table":
        blocks.append(p(f"Das {c['ab']} stellt {c['D_dat']} für das Jahr {spec.year} folgende Haushaltsmittel zur Verfügung:"))
        rows = [["Ausbildungs- und Qualifizierungsbudget " + str(spec.year), total]]
        if noise == "davon":
            rows.append(["davon für Teilzeitausbildung", part])
        blocks.append(WideTable(header=None, rows=[], shares=[0.65, 0.35], cells=rows, repeat_header=False,
                                rules="grid"))
    else:
        blocks.append(p(f"{intro} {total} {tail}"))
    if noise == "vorjahr":
        blocks.append(p(f"Im Vorjahr betrugen die Mittel {prev}."))
    elif noise == "davon" and phrase != "table":
        blocks.append(p(f"Davon sind {part} für Maßnahmen zur Ermöglichung von Teilzeitausbildungen vorgesehen."))
    elif noise == "kofinanzierung":
        blocks.append(p(f"{c['D_Cap']} stellt eine Kofinanzierung in Höhe von {part} aus eigenen Mitteln bereit."))
    if spec.era in ("hsm", "early"):
        blocks.append(p(f"Die Bereitstellung der Mittel steht unter dem Vorbehalt des Landeshaushalts {spec.year}."))
    return blocks


INTROS = {
    "projekte": "{D_Cap} finanziert mit den Mitteln des Ausbildungs- und Qualifizierungsbudgets {year} in den "
                "jeweiligen Maßnahmenarten folgende Projekte:",
    "massnahmen": "Mit den Mitteln des AQB {year} werden folgende Maßnahmen umgesetzt:",
    "gefoerdert": "Es werden folgende Projekte gefördert:",
}
OUTROS = {
    "massgabe": "Die Förderung der aufgeführten Maßnahmen erfolgt nach Maßgabe der Richtlinien des Landes Hessen "
                "zur Förderung des Ausbildungs- und Qualifizierungsbudgets.",
    "teilnehmende": "Die aufgeführten Maßnahmen stehen grundsätzlich allen Teilnehmenden des AQB offen.",
    "aenderungen": "Änderungen der Projekte werden dem {ab} rechtzeitig mitgeteilt.",
}


ANNEX_REFERENCES = [
    "Die mit den Mitteln des Ausbildungs- und Qualifizierungsbudgets {year} geförderten Projekte sind in der Anlage "
    "zu dieser Zielvereinbarung aufgeführt.",
    "{D_Cap} setzt die Mittel für die in der Anlage aufgeführten Projekte ein.",
    "Die Projekte und ihre Maßnahmenarten ergeben sich aus der beigefügten Anlage.",
]
ANNEX_TITLES = ["Anlage zur Zielvereinbarung {year}", "Anlage", "Anlage 1: Projektübersicht AQB {year}"]


def annex_reference(c: dict, rng: random.Random) -> str:
    """The sentence in the goals section that points to the project list in the annex."""
    return rng.choice(ANNEX_REFERENCES).format(**c)


def annex_blocks(spec: AgreementSpec, c: dict, p, axes: dict[str, str], rng: random.Random) -> list[Block]:
    """The project list after the signatures, on a page of its own: an annex title, a line naming the
    district, then the list or table as it would stand in the goals section."""
    title = rng.choice(ANNEX_TITLES).format(**c)
    blocks: list[Block] = [PageBreak(), bold(title, align="center", space_after=6),
                           para(f"Geförderte Projekte {c['D_gen']} im Jahr {spec.year}", align="center", space_after=12)]
    return blocks + project_blocks(spec, c, p, axes, rng)[1:]


def project_blocks(spec: AgreementSpec, c: dict, p, axes: dict[str, str], rng: random.Random) -> list[Block]:
    blocks: list[Block] = [p(INTROS[axes["list_intro"]].format(**c))]
    if axes["list_form"] == "list":
        blocks += list_blocks(spec, spec.groups, axes, 6.0)
    else:
        blocks.append(table_block(spec, spec.groups, axes, rng))
    outro = axes["list_outro"]
    if outro == "bescheid":
        blocks.append(p(wording.projects_outro(spec, c)))
    elif outro != "none":
        blocks.append(p(OUTROS[outro].format(**c)))
    return blocks


def date_line(sig, style: str) -> str:
    if style == "den":
        return f"{sig.place}, den {sig.date_text or '____________'}"
    if style == "caption":
        return f"{sig.place}, {sig.date_text or ''}".rstrip()
    return f"{sig.place}, {sig.date_text or '______________'}"


def signature_block(spec: AgreementSpec, axes: dict[str, str], rng: random.Random) -> SignatureBlock:
    columns = []
    gap = rng.choice([2.5, 3.0, 3.5, 4.0])
    style = axes["date_line"]
    for sig in spec.signatures:
        lines = [SigLine(sig.name)] if sig.name else []
        lines += [SigLine(sig.function)] + [SigLine(t) for t in _split_lines(sig.institution)]
        columns.append(SigColumn(role=sig.role, date_line=date_line(sig, style), gap_lines=gap,
                                 rule=style == "caption" or rng.random() < 0.3,
                                 caption="Ort, Datum" if style == "caption" else None, lines=lines,
                                 scribble=rng.random() < 0.3, date_below=axes.get("sig_date_pos") == "below"))
    if axes["sig_order"] == "district_first":
        columns.reverse()
    return SignatureBlock(columns, side_by_side=axes["sig_layout"] == "side_by_side",
                          space_before=rng.choice([18.0, 24.0, 36.0]))
