"""The two real agreements, rendered verbatim (seed 000 keeps its OCR errors) with hand-made truth."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .blocks import Block, PageBreak, Para, Run, SigColumn, SigLine, SignatureBlock, bold, para
from .degrade import ScanParams
from .districts import district_by_ags
from .layout import PageStyle
from .textflow import space_width, word_width, tokenize
from .truth import AgreementTruth, ProjectTruth

SEED_DIR = Path(__file__).resolve().parent / "seed_texts"
HMAIJS_NAME = "Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales"
SECTION = re.compile(r"^§ ?\d+$")
AMOUNT = re.compile(r"^[\d.]+ Euro$")


@dataclass
class SeedDoc:
    name: str
    blocks: list[Block]
    style: PageStyle
    truth: AgreementTruth
    scan: ScanParams
    note: str


def _pages(text: str, page_marks: bool) -> list[list[list[str]]]:
    """Pages -> paragraphs -> lines. In the OCR seed a leading space marks the first line of a page."""
    pages: list[list[list[str]]] = [[]]
    current: list[str] = []
    for raw in text.split("\n"):
        if page_marks and raw.startswith(" ") and raw.strip() and (current or pages[-1]):
            if current:
                pages[-1].append(current)
                current = []
            pages.append([])
        line = raw.strip()
        if line:
            current.append(line)
        elif current:
            pages[-1].append(current)
            current = []
    if current:
        pages[-1].append(current)
    return [p for p in pages if p]


def _runs(line: str) -> list[Run]:
    """Markdown-style **bold** in the born-digital seed."""
    parts = line.split("**")
    return [Run(part, bold=i % 2 == 1) for i, part in enumerate(parts) if part]


def _signature(paragraphs: list[list[str]], esign: str | None) -> SignatureBlock:
    """Seed signature paragraphs -> two SigColumns (ministry first)."""
    lines = [ln for p in paragraphs for ln in p]
    first = lines[0]
    if "Dietzenbach" in first:  # seed 000: both dates on one OCR line, columns side by side
        left, right = first.split(" Dietzenbach", 1)
        ministry = SigColumn("ministry", left, gap_lines=2.5, lines=[SigLine(t) for t in paragraphs[1]])
        district = SigColumn("district", "Dietzenbach" + right, gap_lines=2.5,
                             lines=[SigLine(t) for t in paragraphs[2]])
        return SignatureBlock([ministry, district], side_by_side=True, space_before=30)
    # seed 001: stacked; the ministry block carries a typed e-signature name
    split = next(i for i, ln in enumerate(lines) if ln.startswith("Bad Homburg"))
    m_lines, d_lines = lines[1:split], lines[split + 1:]
    if esign and m_lines and m_lines[0] == esign:
        m_lines = m_lines[1:]
    typed = SigLine(esign, italic=True, size_delta=4) if esign else None
    ministry = SigColumn("ministry", first, gap_lines=3.0, esign=typed, lines=[SigLine(t) for t in m_lines])
    district = SigColumn("district", lines[split], gap_lines=4.0, lines=[SigLine(t) for t in d_lines])
    return SignatureBlock([ministry, district], side_by_side=False, space_before=24)


def _blocks(pages: list[list[list[str]]], esign: str | None) -> list[Block]:
    blocks: list[Block] = []
    zone = "title"
    title_next = False
    for page_no, page in enumerate(pages):
        if page_no:
            blocks.append(PageBreak())
        for i, lines in enumerate(page):
            first = lines[0]
            if first.startswith("Wiesbaden, den"):
                blocks.append(_signature(page[i:], esign))
                break
            if first == "Präambel":
                zone = "body"
            head = {"align": "center", "keep_with_next": True}
            if zone == "title":
                size = 6 if first == "Zielvereinbarung" else 2 if first.isdigit() else 0
                maker = bold if size else para
                blocks.append(maker(first, size_delta=size, space_after=12, **{"align": "center"}))
                continue
            if SECTION.match(first) or first in ("Präambel", "Ziele des Landes") or title_next:
                blocks += [bold(ln, space_before=10 if SECTION.match(ln) else 0, space_after=6, **head) for ln in lines]
                title_next = bool(SECTION.match(first)) and len(lines) == 1
                continue
            if lines[-1].endswith("folgende Projekte:"):
                zone = "list"
            elif first.startswith("Die Förderung der aufgeführten"):
                zone = "body"
            elif zone == "list":
                blocks += _list_blocks(lines)
                continue
            if AMOUNT.match(first):
                blocks.append(bold(first, align="center", space_after=10))
                continue
            runs = [r for k, ln in enumerate(lines) for r in ([Run("\n")] if k else []) + _runs(ln)]
            blocks.append(Para(runs, align="justify", justify_forced=len(lines) > 1, space_after=8))
    return blocks


def _list_blocks(lines: list[str]) -> list[Block]:
    """Measure-type headings and project items of § 5 (bullets in seed 000, numbered in seed 001)."""
    blocks: list[Block] = []
    heading: list[str] = []

    def flush() -> None:
        if heading:
            text = "\n".join(heading)
            m = re.match(r"^(\d+\.)\s+(.*)$", text, re.S)
            if m:
                blocks.append(Para([Run(m.group(2))], marker=m.group(1), hang=16, space_before=4, space_after=2))
            else:
                blocks.append(Para([Run(text, bold=True)], space_before=6, space_after=2, keep_with_next=True))
            heading.clear()

    for line in lines:
        if line.startswith(("•", "-")):
            flush()
            marker, _, name = line.partition(" ")
            indent = 28.0 if marker == "-" else 12.0
            blocks.append(para(name.strip(), marker=marker, indent=indent, hang=14, space_after=2))
        elif re.match(r"^\d+\.", line):
            flush()
            heading.append(line)
        else:
            heading.append(line)
    flush()
    return blocks


def _fitting_size(pages: list[list[list[str]]], width: float, family: str, start: float) -> float:
    """Largest size <= start at which every verbatim OCR line fits the text width."""
    size = start
    longest = max((ln for page in pages for par in page for ln in par), key=len)
    while size > 8.5:
        words = [w for w in tokenize([Run(longest)], family) if w]
        total = sum(word_width(w, size) for w in words) + space_width(family, size) * (len(words) - 1)
        if total <= width:
            return size
        size -= 0.25
    return size


def seed_000() -> SeedDoc:
    text = (SEED_DIR / "seed_000.txt").read_text(encoding="utf-8")
    pages = _pages(text, page_marks=True)
    style = PageStyle(family="Helvetica", margin_left=68, margin_right=56, margin_top=70, margin_bottom=60)
    longest_width = 595.0 - style.margin_left - style.margin_right
    style.size = _fitting_size(pages, longest_width, style.family, 11.0)
    projects = [
        ProjectTruth("ausbildungsvorbereitung", "Ausbildungsvorbereitung", "Jugend Flex"),
        ProjectTruth("ausbildungsvorbereitung", "Ausbildungsvorbereitung", "RESA Bildungsfonds"),
        ProjectTruth("ausbildungsvorbereitung", "Ausbildungsvorbereitung", "Berufscamp"),
        ProjectTruth("ausbildung", "Ausbildung und Ausbildungscoaching in anerkannten Ausbildungsberufen",
                     "Begleitete Ausbildung"),
        ProjectTruth("qualifizierung", "Qualifizierungsprojekte zur Arbeitsmarktintegration, Fachkräftesicherung",
                     "Herstellung Prozessfähigkeit"),
        ProjectTruth("weiterbildung_personal",
                     "Weiterbildungsmaßnahmen für Personal der Landkreise und kreisfreien Städte in der fachlichen "
                     "Verantwortung für Benachteiligte im Kontext der Arbeitsmarktförderung",
                     "BASS Studiengang 2024"),
    ]
    truth = AgreementTruth(2024, district_by_ags("06438"), "Landkreis Offenbach", HMAIJS_NAME, Decimal("1341400"),
                           "Wiesbaden", None, "Dietzenbach", None, projects)
    scan = ScanParams(seed=1000, dpi_out=220, rotation=-0.6, blur=0.8, noise=2.5, seals=("district",),
                      seal_texts={"district": "KREISAUSSCHUSS DES KREISES OFFENBACH"}, holes=False)
    return SeedDoc("seed_000", _blocks(pages, None), style, truth, scan,
                   "seed 000 verbatim (OCR errors kept, 5 pages as in the OCR page breaks, garbled signature dates)")


def seed_001() -> SeedDoc:
    text = (SEED_DIR / "seed_001.txt").read_text(encoding="utf-8")
    pages = _pages(text, page_marks=False)
    style = PageStyle(family="Helvetica", size=11.0, leading=1.35, margin_left=70, margin_right=62)
    q_heading = "Qualifizierungsprojekte zur Arbeitsmarktintegration, Fachkräftesicherung"  # "Fachkräfte sicherung"
    wb_heading = ("Weiterbildungsmaßnahmen für Personal der Landkreise und kreisfreien Städte in der fachlichen "
                  "Verantwortung für Benachteiligte im Kontext der Arbeitsmarktförderung")
    projects = [
        ProjectTruth("ausbildungsvorbereitung", "Ausbildungsvorbereitung", "A.N.K.E.R."),
        ProjectTruth("ausbildungsvorbereitung", "Ausbildungsvorbereitung", "B.R.I.D.G.E."),
        ProjectTruth("ausbildung", "Ausbildung und Ausbildungscoaching in anerkannten Ausbildungsberufen",
                     "Kooperative BaE in Teilzeit"),
        ProjectTruth("qualifizierung", q_heading, "SPRINT Frauen 2.0"),
        ProjectTruth("qualifizierung", q_heading, "FAKT"),
        ProjectTruth("weiterbildung_personal", wb_heading, "BASS 2025"),
    ]
    truth = AgreementTruth(2025, district_by_ags("06434"), "Landkreis Hochtaunuskreis", HMAIJS_NAME,
                           Decimal("965950"), "Wiesbaden", dt.date(2025, 8, 2), "Bad Homburg",
                           dt.date(2025, 10, 13), projects)
    scan = ScanParams(seed=1001, dpi_out=240, rotation=0.4, blur=0.6, noise=2.0, signatures=("district",),
                      seals=("district",), seal_texts={"district": "KREISAUSSCHUSS DES HOCHTAUNUSKREISES"})
    return SeedDoc("seed_001", _blocks(pages, "Heike Hofmann"), style, truth, scan,
                   "seed 001 verbatim (numbered list, **bold** run, typed e-signature, stacked signatures)")
