"""The project list of the wide profile: list schemes, nesting, emphasis, item punctuation, tables."""

from __future__ import annotations

import random
import string

from .blocks import Block, PageBreak, Para, Run, Spacer
from .plan import AgreementSpec, Group, _heading
from .tables import WideTable
from .vocab import MEASURE_ORDER

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
EMPTY_TEXT = {"keine": "keine", "dash": "–", "entfaellt": "entfällt"}
PROVIDERS = [
    "Internationaler Bund e.V.", "AWO Kreisverband", "Jugendwerkstatt e.V.", "Volkshochschule", "bbz gGmbH",
    "Diakonisches Werk", "Caritasverband", "Zentrum für Weiterbildung gGmbH", "Jobcenter", "BWHW",
    "Berufsbildungswerk Südhessen gGmbH", "Kolping-Bildungswerk", "Kreishandwerkerschaft", "Werkhof e.V.",
]


def heading_marker(style: str, i: int) -> str | None:
    return {
        "none": None, "bold_none": None, "1.": f"{i}.", "1)": f"{i})", "A)": f"{string.ascii_uppercase[i - 1]})",
        "A.": f"{string.ascii_uppercase[i - 1]}.", "I.": f"{ROMAN[i - 1]}.", "(1)": f"({i})",
    }[style]


MARKER_CHAR_PT = 6.6  # a marker character's width at most (bold Courier, the widest face, at 11 pt)
MARKER_SPACE_PT = 6.0  # the least room between a marker and the text at its tab stop


def marker_hang(marker: str, usual: float) -> float:
    """The hanging indent (tab stop) of a marked paragraph: the writer's usual one, moved out so a
    long marker ('III.', 'viii)') never runs into the text behind it."""
    return max(usual, MARKER_CHAR_PT * len(marker) + MARKER_SPACE_PT)


def item_marker(style: str, bullet: str, i: int, k: int) -> str:
    return {
        "bullet": bullet, "1.": f"{k}.", "1)": f"{k})", "a)": f"{string.ascii_lowercase[k - 1]})",
        "(a)": f"({string.ascii_lowercase[k - 1]})", "i)": f"{ROMAN[k - 1].lower()})", "(1)": f"({k})",
        "dotted": f"{i}.{k}", "dotted_dot": f"{i}.{k}.",
    }[style]


def wide_groups(spec: AgreementSpec, empty: str, rng: random.Random) -> list[Group]:
    """The groups with projects, plus one measure type listed as empty unless `empty` is "omit"."""
    groups = [g for g in spec.groups if g.projects]
    if empty == "omit":
        return groups
    empties = [g for g in spec.groups if not g.projects]
    used = {g.code for g in groups}
    if not empties:
        free = [c for c in MEASURE_ORDER[:4] if c not in used]
        if free:
            empties = [Group(free[0], _heading(free[0], spec.year, rng), [])]
    groups += empties[:1]
    return sorted(groups, key=lambda g: MEASURE_ORDER.index(g.code))


def punctuated(names: list[str], style: str) -> list[str]:
    if style == "semicolon":
        return [n + (";" if k < len(names) - 1 else ".") for k, n in enumerate(names)]
    if style == "comma_und":
        out = []
        for k, n in enumerate(names):
            out.append(n + ("." if k == len(names) - 1 else " und" if k == len(names) - 2 else ","))
        return out
    return list(names)


def list_blocks(spec: AgreementSpec, groups: list[Group], axes: dict[str, str], body_gap: float) -> list[Block]:
    blocks: list[Block] = []
    flush = axes["indent"] == "flush"
    emphasis = "bold" if axes["heading_marker"] == "bold_none" else axes["emphasis"]
    total = sum(len(g.projects) for g in groups)
    break_at = total // 2 if axes["page_break"] == "in_list" and total > 1 else None
    seen = 0
    for i, group in enumerate(groups, start=1):
        text = group.heading + (":" if axes["heading_colon"] == "yes" else "")
        marker = heading_marker(axes["heading_marker"], i)
        blocks.append(Para([Run(text, bold=emphasis.startswith("bold"))], underline=emphasis.endswith("underline"),
                           marker=marker, hang=marker_hang(marker, 22.0) if marker else 14.0, space_before=6, space_after=3,
                           keep_with_next=True))
        if not group.projects:
            blocks.append(Para([Run(EMPTY_TEXT.get(axes["empty_type"], "keine"))], indent=0 if flush else 22,
                               space_after=4))
            continue
        names = punctuated(group.projects, axes["item_punct"])
        for k, name in enumerate(names, start=1):
            mark = item_marker(axes["item_marker"], axes["bullet"], i, k)
            hang = marker_hang(mark, 26.0 if len(mark) > 2 else 16.0)
            blocks.append(Para([Run(name)], marker=mark, indent=0 if flush else 22, hang=hang, space_after=2))
            seen += 1
            if seen == break_at:
                blocks.append(PageBreak())
    blocks.append(Spacer(body_gap))
    return blocks


def table_block(spec: AgreementSpec, groups: list[Group], axes: dict[str, str], rng: random.Random) -> WideTable:
    wide = axes["list_form"] == "table4"
    if wide:
        header = ["Nr.", "Maßnahmenart", "Projekt", "Träger"]
        shares = [0.07, 0.38, 0.36, 0.19]
    else:
        header = ["Maßnahmenart", rng.choice(["Projekt", "Projekte", "Projektbezeichnung"])]
        shares = [0.42, 0.58]
    rows: list[list[str]] = []
    number = 0
    for group in groups:
        if not group.projects:
            empty = EMPTY_TEXT.get(axes["empty_type"], "keine")
            rows.append(["", group.heading, empty, ""] if wide else [group.heading, empty])
            continue
        if not wide and axes.get("table_cell") in ("lines", "bullets"):  # the type's projects in one cell, a line each
            prefix = "• " if axes["table_cell"] == "bullets" else ""
            rows.append([group.heading, "\n".join(prefix + name for name in group.projects)])
            continue
        for k, name in enumerate(group.projects):
            number += 1
            kind = group.heading if k == 0 or axes["table_group"] == "every_row" else ""
            rows.append([f"{number}.", kind, name, rng.choice(PROVIDERS)] if wide else [kind, name])
    break_at = len(rows) // 2 if axes["page_break"] == "in_list" and len(rows) > 1 else None
    return WideTable(header=None if axes["table_header"] == "none" else header, rows=[], shares=shares, cells=rows,
                     repeat_header=axes["table_header"] == "repeat", rules=axes["table_rules"], break_after=break_at)
