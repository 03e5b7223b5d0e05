"""Documents of the same world that are NOT agreements: a district press release and a grant notice."""

from __future__ import annotations

from dataclasses import dataclass

from .blocks import Block, Para, Run, SigColumn, SigLine, SignatureBlock, Spacer, bold, para
from .degrade import ScanParams
from .layout import Deco, PageStyle, RuleOp


@dataclass
class OtherDoc:
    name: str
    blocks: list[Block]
    style: PageStyle
    decorate: object
    scan: ScanParams | None
    note: str


def press_release() -> OtherDoc:
    """Press release of Kreis Bergstraße about its AQB money (mentions the agreement, amounts, projects)."""
    body = {"align": "left", "space_after": 8}
    blocks: list[Block] = [
        para("Heppenheim, 17. Oktober 2023", align="right", space_after=14),
        bold("PRESSEMITTEILUNG Nr. 214/2023", space_after=10),
        bold("Land fördert Ausbildung und Qualifizierung an der Bergstraße mit 1,12 Millionen Euro",
             size_delta=3, space_after=10),
        Para([Run("Kreis und Land unterzeichnen Zielvereinbarung für das Ausbildungs- und Qualifizierungsbudget "
                  "2023 – sechs Projekte für junge Menschen, Alleinerziehende und Geflüchtete", italic=True)],
             space_after=12),
        para("Der Kreis Bergstraße erhält auch in diesem Jahr Mittel aus dem Ausbildungs- und "
             "Qualifizierungsbudget (AQB) des Landes Hessen. Insgesamt stehen 1.124.800 Euro zur Verfügung. "
             "Grundlage ist eine Zielvereinbarung, die Erste Kreisbeigeordnete Dr. Sabine Roth und das Hessische "
             "Ministerium für Soziales und Integration (HMSI) unterzeichnet haben. Über die Förderung im "
             "Einzelnen entscheidet das Regierungspräsidium Kassel per Bescheid.", **body),
        para("„Mit dem Budget können wir genau die Angebote finanzieren, die an der Bergstraße gebraucht "
             "werden“, sagte Roth. „Junge Menschen ohne Ausbildungsplatz, Alleinerziehende in Teilzeitausbildung "
             "und Zugewanderte mit Berufserfahrung sollen schneller in Ausbildung und Arbeit kommen.“", **body),
        para("Gefördert werden im Jahr 2023 unter anderem:", space_after=4),
    ]
    for item in ("„Jugend Flex“ (Berufsorientierung, rund 210.000 Euro)",
                 "Begleitete Teilzeitausbildung für Alleinerziehende (rund 185.000 Euro)",
                 "SPRINT Frauen 2.0 – Qualifizierung in der Pflege",
                 "Fortbildung des Fachpersonals im Kommunalen Jobcenter Neue Wege"):
        blocks.append(para(item, marker="•", indent=12, hang=12, space_after=2))
    blocks += [
        Spacer(8),
        bold("Hintergrund", space_after=4),
        para("Das Land Hessen stellt den 21 Landkreisen und fünf kreisfreien Städten über das AQB jährlich rund "
             "24 Millionen Euro zur Verfügung. Die Mittel werden nach einem Verteilungsschlüssel vergeben, der "
             "unter anderem die Zahl der Arbeitslosen nach SGB II und SGB III berücksichtigt. Die "
             "Zielvereinbarungen aller Kreise und kreisfreien Städte werden auf dem Portal „Arbeitswelt Hessen“ "
             "veröffentlicht.", **body),
        Spacer(10),
        para("Pressekontakt: Pressestelle Kreis Bergstraße, Gräffstraße 5, 64646 Heppenheim, Tel. 06252 15-0",
             size_delta=-1.5, space_after=0),
    ]

    def decorate(number: int, count: int) -> list:
        return [
            Deco("Kreis Bergstraße", 842 - 40, "left", 14.0, bold=True, top=True),
            Deco("Der Kreisausschuss · Pressestelle", 842 - 54, "left", 9.0, top=True),
            RuleOp(64, 842 - 62, 595 - 58, 842 - 62, 1.2, 0.2),
            Deco(f"Seite {number} von {count}", 34, "center", 8.0),
        ]

    style = PageStyle(family="Helvetica", size=10.5, leading=1.35, margin_left=64, margin_right=58, margin_top=90)
    return OtherDoc("nonagreement_pressemitteilung_2023", blocks, style, decorate, None,
                    "press release of Kreis Bergstraße about its AQB 2023 money – mentions agreement, "
                    "amounts, projects")


def grant_notice() -> OtherDoc:
    """Zuwendungsbescheid of the Regierungspräsidium Kassel to the Werra-Meißner-Kreis (scanned)."""
    j = {"align": "justify", "space_after": 7}
    blocks: list[Block] = [
        para("Regierungspräsidium Kassel · Postfach 10 57 60 · 34057 Kassel", size_delta=-3, space_after=6),
        para("Kreisausschuss des Werra-Meißner-Kreises\nFachbereich Jugend, Familie, Senioren und Soziales\n"
             "Schlossplatz 1\n37269 Eschwege", space_after=14),
        para("Geschäftszeichen: 24 - AQB 2022 - 636\nBearbeiterin: Frau Lange\nDurchwahl: 0561 106-2417\n"
             "Datum: 14. März 2022", align="right", space_after=18),
        bold("Zuwendung aus Mitteln des Landes Hessen – Ausbildungs- und Qualifizierungsbudget (AQB) 2022"),
        para("Bezug: Ihr Antrag vom 21. Februar 2022; Zielvereinbarung zwischen dem Hessischen Ministerium für "
             "Soziales und Integration und dem Werra-Meißner-Kreis für das Jahr 2022", size_delta=-1, space_after=12),
        bold("ZUWENDUNGSBESCHEID", align="center", size_delta=2, space_after=12),
        para("Sehr geehrte Damen und Herren,", space_after=6),
        para("auf Ihren oben genannten Antrag bewillige ich Ihnen für den Zeitraum vom 01.01.2022 bis "
             "31.12.2022 eine Zuwendung in Höhe von", **j),
        bold("812.300,00 Euro", align="center", space_after=4),
        para("(in Worten: achthundertzwölftausenddreihundert Euro)", align="center", space_after=8),
        para("als Festbetragsfinanzierung im Wege der Projektförderung.", **j),
        bold("1. Rechtsgrundlagen", space_after=3),
        para("Die Zuwendung wird auf der Grundlage der §§ 23 und 44 der Hessischen Landeshaushaltsordnung (LHO) "
             "und der hierzu erlassenen Verwaltungsvorschriften gewährt. Die Allgemeinen Nebenbestimmungen für "
             "Zuwendungen an Gebietskörperschaften (ANBest-GK) sind Bestandteil dieses Bescheides.", **j),
        bold("2. Zweckbindung", space_after=3),
        para("Die Zuwendung ist ausschließlich für die in der Zielvereinbarung aufgeführten Projekte der "
             "Maßnahmenarten Ausbildungsvorbereitung, Ausbildung und Qualifizierung zu verwenden.", **j),
        bold("3. Auszahlung", space_after=3),
        para("Die Mittel werden in zwei Raten zum 15.04.2022 und zum 15.09.2022 ausgezahlt.", **j),
        bold("4. Verwendungsnachweis", space_after=3),
        para("Der Verwendungsnachweis ist bis zum 31.03.2023 vorzulegen.", **j),
        bold("Rechtsbehelfsbelehrung", space_after=3),
        para("Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Klage beim Verwaltungsgericht "
             "Kassel erhoben werden.", **j),
        para("Mit freundlichen Grüßen", space_before=6, space_after=0),
        SignatureBlock([SigColumn("authority", "Im Auftrag", gap_lines=2.5, lines=[SigLine("Lange")])],
                       side_by_side=False, space_before=4),
    ]

    def decorate(number: int, count: int) -> list:
        items: list = [Deco(f"Seite {number} von {count}", 30, "right", 8.0)]
        if number == 1:
            items += [
                Deco("Regierungspräsidium Kassel", 842 - 42, "right", 13.0, bold=True, top=True),
                Deco("Am Alten Stadtschloss 1 · 34117 Kassel · Tel. 0561 106-0", 842 - 55, "right", 8.0, top=True),
            ]
        return items

    style = PageStyle(family="Times", size=11.0, leading=1.3, margin_left=70, margin_right=60, margin_top=88,
                      margin_bottom=56)
    scan = ScanParams(seed=2002, dpi_out=200, rotation=0.9, blur=0.8, noise=3.0, signatures=("authority",),
                      seals=(), receipt=["EINGEGANGEN", "17. MRZ. 2022", "Werra-Meißner-Kreis"], receipt_left=True)
    return OtherDoc("nonagreement_bescheid_2022", blocks, style, decorate, scan,
                    "grant notice (Zuwendungsbescheid) of RP Kassel, refers to the agreement but is none; scanned")
