"""Turn an AgreementSpec into layout blocks: title block, §§, budget, project list, signatures."""

from __future__ import annotations

import random
import string

from . import wording
from .blocks import Block, Para, Run, SigColumn, SigLine, SignatureBlock, Spacer, Table, TableRow, bold, para
from .fmt import amount_parts, amount_text
from .plan import AgreementSpec, Signature

TITLE_TAIL = "zur Umsetzung des hessischen Ausbildungs- und Qualifizierungsbudgets"


def build_blocks(spec: AgreementSpec, rng: random.Random, for_scan: bool = False) -> list[Block]:
    c = wording.context(spec)
    look = spec.look
    body = "justify" if look.justify else "left"

    def p(text: str, **kw) -> Para:
        return para(text, align=body, space_after=look.para_gap, **kw)

    blocks: list[Block] = title_block(spec, c)
    blocks += [bold("Präambel", align="center", space_before=18, space_after=8, keep_with_next=True)]
    blocks += [p(t) for t in wording.preamble(spec, c)]
    old = spec.era in ("hsm", "early")
    budget_no, goals_no = (3, 4) if old else (4, 5)
    sections: list[tuple[str, str | None, list[Block]]] = [
        ("Ziele des Landes", None, [p(t) for t in wording.goals(spec, c)]) if old else
        ("Ausbildungs- und Qualifizierungsbudget", "Ziele des Landes", [p(t) for t in wording.goals(spec, c)]),
        ("Verpflichtungen der Vereinbarungspartner", None, [p(t) for t in wording.duties(spec, c, goals_no)]),
    ]
    if not old:
        crpd = [p(t) for t in wording.un_crpd(spec, c)]
        sections.append(("Umsetzung der UN-Behindertenrechtskonvention", None, crpd))
    sections += [
        ("Haushaltsmittel" if old else "Haushaltsmittel und Eckdaten", None, budget_blocks(spec, c, p)),
        (f"Ziele für die Umsetzung {c['D_gen']}", None, project_blocks(spec, c, p, rng)),
        ("Zielsteuerung und Berichtswesen" if old else "Zielsteuerung", None,
         [p(t) for t in wording.steering(spec, c, budget_no)]),
        ("Laufzeit", None, [p(t) for t in wording.term(spec, c)]) if old else
        ("Kontinuierlicher Verbesserungsprozess", None, [p(t) for t in wording.improvement(spec, c)]),
    ]
    for number, (title, subtitle, content) in enumerate(sections, start=1):
        blocks += section_heading(number, title, subtitle, spec)
        blocks += content
    blocks.append(signature_block(spec, rng, for_scan))
    return blocks


def title_block(spec: AgreementSpec, c: dict) -> list[Block]:
    style = spec.look.title_style
    center = {"align": "center", "space_after": 12}
    if style == "compact":
        return [
            bold(f"Zielvereinbarung {spec.year}", size_delta=5, **center),
            para(f"zwischen {c['M_dat']} und {c['D_dat']} {TITLE_TAIL}", align="center", space_after=16),
        ]
    if style == "budget":
        return [
            bold("Zielvereinbarung", size_delta=6, **center),
            para(f"über das Ausbildungs- und Qualifizierungsbudget {spec.year}", **center),
            para("zwischen", **center),
            bold(f"{c['M_dat']} ({c['ab']})", **center),
            para("und", **center),
            bold(c["D_dat"], **center),
        ]
    return [
        bold("Zielvereinbarung", size_delta=6, **center),
        bold(str(spec.year), size_delta=2, **center),
        para("zwischen", **center),
        para(c["M_dat"], **center),
        para(f"und {c['D_dat']}", **center),
        para(TITLE_TAIL, **center),
    ]


def section_heading(number: int, title: str, subtitle: str | None, spec: AgreementSpec) -> list[Block]:
    align = spec.look.section_align
    kw = {"align": align, "keep_with_next": True}
    if spec.look.section_style == "inline":
        blocks: list[Block] = [bold(f"§ {number} {title}", space_before=14, space_after=8, **kw)]
    else:
        blocks = [bold(f"§ {number}", space_before=14, space_after=4, **kw), bold(title, space_after=8, **kw)]
    if subtitle:
        blocks.append(bold(subtitle, space_after=6, **kw))
    return blocks


def budget_blocks(spec: AgreementSpec, c: dict, p) -> list[Block]:
    total = amount_text(spec.amount, spec.amount_style)
    tail = f"aus dem Ausbildungs- und Qualifizierungsbudget {spec.year} zur Verfügung."
    intro = f"Das {c['ab']} stellt {c['D_dat']} im Jahr {spec.year} Haushaltsmittel in Höhe von insgesamt"
    if spec.amount_place == "own_line":
        blocks: list[Block] = [p(intro), bold(total, align="center", space_after=8), p(tail)]
    elif spec.amount_place == "split":
        first, second = amount_parts(spec.amount, spec.amount_style)
        blocks = [Para([Run(f"{intro} {first}\n{second} {tail}")], align="left", space_after=spec.look.para_gap)]
    else:
        blocks = [p(f"{intro} {total} {tail}")]
    if spec.share is not None:
        share = amount_text(spec.share, spec.amount_style)
        purpose = "Maßnahmen zur Ermöglichung von Teilzeitausbildungen" if spec.year >= 2020 else (
            "spezifische Sprachförderangebote")
        blocks.append(p(f"Davon sind {share} für {purpose} vorgesehen."))
    if spec.era in ("hsm", "early"):
        blocks.append(p(f"Die Bereitstellung der Mittel steht unter dem Vorbehalt des Landeshaushalts {spec.year}."))
    return blocks


def _heading_para(text: str, spec: AgreementSpec, **kw) -> Para:
    emphasis = spec.look.heading_emphasis
    text = text + (":" if spec.heading_colon else "")
    return Para([Run(text, bold=emphasis == "bold")], underline=emphasis == "underline",
                space_before=6, space_after=3, keep_with_next=True, **kw)


def project_blocks(spec: AgreementSpec, c: dict, p, rng: random.Random) -> list[Block]:
    blocks: list[Block] = [p(wording.projects_intro(spec, c))]
    style = spec.list_style
    if style == "table":
        header = rng.choice([("Maßnahmenart", "Projekt"), ("Maßnahmenart", "Projekte"), None])
        rows = [TableRow(g.heading, g.projects or ["keine"]) for g in spec.groups]
        blocks.append(Table(header, rows))
    else:
        dash = rng.choice(["–", "-"])
        for i, group in enumerate(spec.groups, start=1):
            if style == "numbered":
                blocks.append(_heading_para(group.heading, spec, marker=f"{i}.", hang=18))
            else:
                blocks.append(_heading_para(group.heading, spec))
            if not group.projects:
                blocks.append(para("keine", indent=18, space_after=4))
            for k, name in enumerate(group.projects):
                marker = {"bullets": "•", "dashes": dash, "numbered": "-",
                          "lettered": f"{string.ascii_lowercase[k]})"}[style]
                blocks.append(para(name, marker=marker, indent=18 if style != "numbered" else 24,
                                   hang=16, space_after=2))
        blocks.append(Spacer(6))
    blocks.append(p(wording.projects_outro(spec, c)))
    return blocks


def _split_lines(text: str, width: int = 26) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def date_line(sig: Signature, style: str) -> str:
    if style == "den":
        return f"{sig.place}, den {sig.date_text or '____________'}"
    if style == "caption":
        return f"{sig.place}, {sig.date_text or ''}".rstrip()
    return f"{sig.place}, {sig.date_text or '______________'}"


def signature_block(spec: AgreementSpec, rng: random.Random, for_scan: bool) -> SignatureBlock:
    look = spec.look
    columns = []
    gap = rng.choice([2.5, 3.0, 3.5, 4.0])
    rule = look.date_line == "caption" or rng.random() < 0.3
    for sig in spec.signatures:
        lines = [SigLine(sig.name)] if sig.name else []
        lines += [SigLine(sig.function)] + [SigLine(t) for t in _split_lines(sig.institution)]
        esign, draw = None, rng.random()
        if sig.role == "ministry" and sig.name and spec.era == "late" and rng.random() < 0.3:
            esign = SigLine(sig.name, italic=True, size_delta=3)
        columns.append(SigColumn(
            role=sig.role,
            date_line=date_line(sig, look.date_line),
            gap_lines=gap,
            esign=esign,
            rule=rule,
            caption="Ort, Datum" if look.date_line == "caption" else None,
            lines=lines,
            scribble=not for_scan and esign is None and draw < 0.35,
        ))
    return SignatureBlock(columns, side_by_side=look.sig_side_by_side, space_before=rng.choice([18.0, 24.0, 36.0]))
