"""The running text of an agreement by era, built from the wording of the two real agreements.

Each function returns the paragraphs of one section; `text.py` turns them into blocks.
"""

from __future__ import annotations

from .districts import cap
from .vocab import buendnis


def context(spec) -> dict[str, str]:
    m, d = spec.ministry, spec.form
    return {
        "M": m.with_article, "M_Cap": cap(m.with_article), "M_dat": m.dative, "M_gen": m.genitive,
        "ab": m.abbr, "D": d.nominative, "D_Cap": cap(d.nominative), "D_dat": d.dative, "D_acc": d.accusative,
        "D_gen": d.genitive, "year": str(spec.year), "next": str(spec.year + 1), "prev": str(spec.year - 1),
        "buendnis": buendnis(spec.year),
    }


def preamble(spec, c: dict) -> list[str]:
    if spec.era in ("hsm", "early"):
        return [
            "Mit dem Ausbildungs- und Qualifizierungsbudget (AQB) überträgt das Land Hessen den Kreisen und "
            "kreisfreien Städten die Verantwortung für eine passgenaue regionale Ausbildungs- und "
            "Arbeitsmarktpolitik. Die bisherigen Landesprogramme zur Förderung benachteiligter Jugendlicher und "
            "Erwachsener werden in einem Budget zusammengefasst, über dessen Einsatz vor Ort entschieden wird.",
            f"Grundlage der Förderung ist diese Zielvereinbarung zwischen {c['M_dat']} ({c['ab']}) und "
            f"{c['D_dat']}. Bei allen Maßnahmen orientiert sich das {c['ab']} an den landespolitischen "
            f"Zielsetzungen der Arbeitsmarktpolitik und dem {c['buendnis']}.",
        ]
    fachkonzept = ", dem Fachkonzept „Arbeitswelt Hessen“ des HMSI" if spec.era == "late" else ""
    return [
        "Erfolgreiche Arbeitsmarktpolitik bindet die regionalen Akteure des Arbeitsmarktes in eine gemeinsame, "
        f"auf die Zukunftsanforderungen fokussierte Strategie ein. Dafür will {c['M']} ({c['ab']}) regionale "
        "Handlungs- und Entscheidungsspielräume eröffnen und vereinbart dazu Ziele mit den Kreisen und "
        "kreisfreien Städten. Bei allen Maßnahmen und Angeboten, die über das Ausbildungs- und "
        f"Qualifizierungsbudget umgesetzt werden, orientiert sich das {c['ab']} an den landespolitischen "
        f"Zielsetzungen der Arbeitsmarktpolitik, dem {c['buendnis']}{fachkonzept} sowie an der regionalen "
        f"Arbeitsmarkt- und Ausbildungsstrategie {c['D_gen']}. Die Maßnahmen sind grundsätzlich "
        "genderadäquat, ohne Altersbegrenzungen und inklusiv angelegt und überdies den Leitlinien der "
        "UN-Behindertenrechtskonvention verpflichtet.",
    ]


def goals(spec, c: dict) -> list[str]:
    first = (
        f"Das {c['ab']} verfolgt mit dem Ausbildungs- und Qualifizierungsbudget {c['year']} das Ziel, die "
        "Ausbildungsfähigkeit von benachteiligten Menschen zu steigern, ihre Beschäftigungsfähigkeit zu sichern, "
        "ihnen Ausbildungsabschlüsse zu ermöglichen und sie durch längerfristige, flexible und arbeitsmarktnahe "
        "Qualifizierung zu einer eigenständigen Existenzsicherung zu befähigen."
    )
    legal = (
        f"Bei der Erreichung dieses Ziels setzt das {c['ab']} auf einen rechtskreisübergreifenden Förderansatz in "
        "den hessischen Kreisen und kreisfreien Städten. Nur wenn die einzelnen Rechtskreise SGB II, III, VIII, "
        "XII und AsylbLG sinnvoll zusammenwirken, alle Zielgruppen – inklusive der sog. Stillen Reserve – und "
        "weitere regionale Akteure aus Arbeitsmarkt und Wirtschaft potenziell einbezogen sind, können "
        "Unterstützungsstrukturen geschaffen werden, die ein selbstbestimmtes Leben auch in herausfordernden "
        "Lebenslagen ermöglichen."
    )
    if spec.era in ("hsm", "early"):
        return [
            first,
            "Die Förderung richtet sich insbesondere an junge Menschen ohne Ausbildungsplatz, an Personen im "
            "Leistungsbezug nach dem SGB II und SGB III sowie an Menschen mit besonderem Unterstützungsbedarf "
            "nach dem SGB VIII und SGB XII.",
        ]
    paragraphs = [
        first + " Menschen mit ihren jeweiligen Bedürfnissen und Herausforderungen ernst zu nehmen und bei ihrem "
        f"Weg in Ausbildung und Beschäftigung zu unterstützen, betrachtet das {c['ab']} als zentralen Baustein "
        "für eine erfolgversprechende und nachhaltige Integration in unsere Gesellschaft.",
        legal,
    ]
    if spec.era == "late":
        paragraphs.append(
            "Dem Land Hessen ist es wichtig, Menschen mit familiensorgenden Tätigkeiten einen "
            "vollqualifizierenden Berufsabschluss zu ermöglichen. Daher werden spezifisch Mittel für Maßnahmen "
            "zur Ermöglichung von Teilzeitausbildungen bereitgestellt. Über die im Rahmen des ESF Hessen "
            f"geförderte „Servicestelle Teilzeit-Ausbildung“ unterstützt das {c['ab']} die Zusammenarbeit aller "
            "regionalen Akteure am Übergang Schule-Beruf."
        )
    paragraphs.append(
        "Schwerpunkte im Ausbildungs- und Qualifizierungsbudget sind Maßnahmen zur Ausbildungs- und "
        "Qualifizierungsvorbereitung, zu Ausbildung und Ausbildungscoaching in anerkannten Ausbildungsberufen, "
        "Qualifizierungsprojekte zur Arbeitsmarktintegration und Fachkräftesicherung sowie Weiterbildungen des "
        "Fachpersonals der Gebietskörperschaften mit Teilnehmendenbezug."
    )
    return paragraphs


def duties(spec, c: dict, goals_ref: int) -> list[str]:
    text = [
        f"{c['M_Cap']} und {c['D']} setzen die ihnen zur Verfügung stehenden Kompetenzen dafür ein, dass die "
        f"in § {goals_ref} vereinbarten Ziele erreicht werden. Die Entscheidung über den Mitteleinsatz erfolgt "
        f"im Kontext der von {c['D_dat']} bereits erarbeiteten und regelmäßig zu aktualisierenden regionalen "
        "Ausbildungs- und Arbeitsmarktstrategie, die mit den regionalen Akteuren der Rechtskreise SGB II, III, "
        "VIII, XII und AsylbLG, der Wirtschaft und – für den Bereich des Übergangs von der Schule in den Beruf "
        "– mit den regionalen OloV-Steuerungsgruppen abgestimmt ist."
    ]
    if spec.year >= 2016:
        topic = "spezifische Sprachförderangebote und Qualifizierungen" if spec.year <= 2024 else (
            "spezifische Angebote zur Integration von Menschen mit Migrationshintergrund")
        text.append(
            f"Im Jahr {c['year']} werden erneut Landesmittel für {topic} im Rahmen des AQB zur Verfügung "
            "gestellt. Die geförderten Angebote sind durch eine hohe Individualität und Vielfalt gekennzeichnet."
        )
    return text


def un_crpd(spec, c: dict) -> list[str]:
    return [
        f"Die Integration in das Erwerbsleben stellt aus der Sicht {c['M_gen']} eine der vordringlichsten "
        "Maßnahmen zur Förderung der Teilhabe von Menschen mit Behinderungen dar. Auch angesichts der "
        "demografischen Entwicklung und eines damit verbundenen aktuellen und zukünftigen Fachkräftemangels "
        "kommt der nachhaltigen Förderung von Maßnahmen zur Integration von Menschen mit Behinderungen in den "
        "Arbeitsprozess eine große Bedeutung zu."
    ]


def projects_intro(spec, c: dict) -> str:
    return (
        f"{c['D_Cap']} finanziert mit den Mitteln des Ausbildungs- und Qualifizierungsbudgets {c['year']} in den "
        "jeweiligen Maßnahmenarten folgende Projekte:"
    )


def projects_outro(spec, c: dict) -> str:
    return (
        "Die Förderung der aufgeführten Maßnahmen erfolgt auf Basis und nach Maßgabe des – nach Antragstellung "
        f"durch {c['D_acc']} vom Regierungspräsidium Kassel erlassenen – Bescheides."
    )


def steering(spec, c: dict, budget_ref: int) -> list[str]:
    if spec.era in ("hsm", "early"):
        return [
            f"{c['D_Cap']} legt dem {c['ab']} bis zum 31. März {c['next']} einen Sachbericht über die Umsetzung "
            "der vereinbarten Ziele und die Verwendung der Mittel vor. Das Regierungspräsidium Kassel prüft den "
            "Verwendungsnachweis nach den Allgemeinen Nebenbestimmungen (ANBest-GK).",
            f"Unterjährige Abweichungen von den in § {budget_ref} genannten Haushaltsmitteln werden bei der "
            "Beurteilung der Zielerreichung berücksichtigt.",
        ]
    return [
        f"{c['D_Cap']} und das {c['ab']} bleiben über die Entwicklung des Budgets {c['year']} im engen Austausch. "
        "Dazu wird unter anderem eine Umsetzungsbesprechung im Herbst angesetzt.",
        f"Unterjährige Abweichungen von den in § {budget_ref} genannten Haushaltsmitteln und Eckdaten werden bei "
        "der Beurteilung der Zielerreichung berücksichtigt.",
    ]


def improvement(spec, c: dict) -> list[str]:
    portal = "„Arbeitswelt Hessen“" if spec.era == "late" else "„Arbeitsmarktförderung in Hessen“"
    return [
        f"{c['D_Cap']} beteiligt sich an Umfragen und Tagungen des {c['ab']} mit dem Ziel, Erfahrungen "
        "auszutauschen, gute Praxis zu identifizieren und neue Impulse für die regionale Arbeitsmarkt- und "
        "Ausbildungspolitik zu setzen.",
        f"Die Zielvereinbarungen werden auf dem Internetportal des {c['ab']} {portal} veröffentlicht.",
    ]


def term(spec, c: dict) -> list[str]:
    return [
        "Diese Zielvereinbarung tritt mit ihrer Unterzeichnung in Kraft und gilt für den Förderzeitraum vom "
        f"1. Januar {c['year']} bis zum 31. Dezember {c['year']}. Änderungen und Ergänzungen bedürfen der "
        "Schriftform."
    ]
