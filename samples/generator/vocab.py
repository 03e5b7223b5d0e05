"""Word material for the generated agreements: ministries, measure-type headings, project names, people.

Everything here is data; the choices are made in `plan.py`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Ministry:
    """The labour ministry as named in a given period, with the inflected forms the text needs."""

    adjective: str  # "Hessisch" (declined: Hessisches / Hessische / Hessischen)
    noun: str  # "Ministerium" or "Sozialministerium"
    tail: str  # " für Soziales und Integration" or ""
    abbr: str  # HSM / HMSI
    address: str  # street line for the letterhead

    @property
    def nominative(self) -> str:  # without article, as in the truth files
        return f"{self.adjective}es {self.noun}{self.tail}"

    @property
    def with_article(self) -> str:  # "das Hessische Ministerium für ..."
        return f"das {self.adjective}e {self.noun}{self.tail}"

    @property
    def dative(self) -> str:  # "dem Hessischen Ministerium für ..."
        return f"dem {self.adjective}en {self.noun}{self.tail}"

    @property
    def genitive(self) -> str:  # "des Hessischen Ministeriums für ..."
        return f"des {self.adjective}en {self.noun}s{self.tail}"


HSM = Ministry("Hessisch", "Sozialministerium", "", "HSM", "Dostojewskistraße 4 · 65187 Wiesbaden")
HMSI = Ministry(
    "Hessisch", "Ministerium", " für Soziales und Integration", "HMSI", "Sonnenberger Straße 2/2a · 65193 Wiesbaden"
)
HMAIJS = Ministry(
    "Hessisch",
    "Ministerium",
    " für Arbeit, Integration, Jugend und Soziales",
    "HMSI",  # the agreements keep the old abbreviation (see seeds)
    "Sonnenberger Straße 2/2a · 65193 Wiesbaden",
)
MINISTRY_PHONE = "Tel. 0611 3219-0"

# (first year, last year, name, function) of the minister who signs.
MINISTERS = [
    (2013, 2018, "Stefan Grüttner", "Staatsminister"),
    (2019, 2023, "Kai Klose", "Staatsminister"),
    (2024, 2026, "Heike Hofmann", "Staatsministerin"),
]

# Measure types: code -> heading variants, oldest wording first.
HEADINGS: dict[str, list[str]] = {
    "ausbildungsvorbereitung": [
        "Maßnahmen zur Ausbildungsvorbereitung",
        "Berufsorientierung und Ausbildungsvorbereitung",
        "Ausbildungs- und Qualifizierungsvorbereitung",
        "Ausbildungsvorbereitung",
    ],
    "ausbildung": [
        "Ausbildung in anerkannten Ausbildungsberufen",
        "Ausbildung und Ausbildungsbegleitung",
        "Ausbildung und Ausbildungscoaching in anerkannten Ausbildungsberufen",
    ],
    "qualifizierung": [
        "Qualifizierung zur Arbeitsmarktintegration und Fachkräftesicherung",
        "Qualifizierungsprojekte zur Arbeitsmarktintegration, Fachkräftesicherung",
    ],
    "weiterbildung_personal": [
        "Fortbildung des kommunalen Fachpersonals",
        "Weiterbildungsmaßnahmen für Personal der Landkreise und kreisfreien Städte in der "
        "fachlichen Verantwortung für Benachteiligte im Kontext der Arbeitsmarktförderung",
    ],
    "sonstige": ["Sonstiges", "Sonstige Maßnahmen", "Weitere Maßnahmen"],
}
MEASURE_ORDER = list(HEADINGS)

# Project names per measure type; "{year}" is filled with the budget year.
PROJECTS: dict[str, list[str]] = {
    "ausbildungsvorbereitung": [
        "Jugend Flex",
        "RESA Bildungsfonds",
        "Berufscamp",
        "A.N.K.E.R.",
        "B.R.I.D.G.E.",
        "„Fit für die Zukunft“",
        "Werkstattjahr Plus",
        "JobStart (Berufsorientierung für junge Geflüchtete)",
        "Praxisklasse 9/10",
        "Produktionsschule Nordhessen",
        "Startklar – Berufsorientierung für junge Mütter",
        "AusbildungsFIT",
        "Einstiegsqualifizierung begleitet (EQ plus)",
        "Sprungbrett Ausbildung {year}",
        "PerspektivWerkstatt",
        "Schulverweigerung – Die 2. Chance",
        "Lernwerkstatt „Zukunft gestalten“",
        "BOJE – Berufsorientierung für Jugendliche mit erhöhtem Förderbedarf an Haupt- und Förderschulen",
        "Kompetenzfeststellung Übergang Schule-Beruf (KomPass)",
        "Mädchen in MINT-Berufe",
    ],
    "ausbildung": [
        "Begleitete Ausbildung",
        "Kooperative BaE in Teilzeit",
        "Ausbildungscoaching",
        "Teilzeitausbildung für Alleinerziehende (TAfA)",
        "Ausbildung in der Altenpflegehilfe mit Sprachförderung",
        "Verbundausbildung Metall",
        "Assistierte Ausbildung flex – kommunale Ergänzung",
        "ProAbschluss Jugend",
        "Außerbetriebliche Ausbildung im Gastgewerbe",
        "Ausbildungsbegleitung „Dranbleiben“",
        "Azubi-Coaching 2.0",
        "TEB – Teilzeitberufsausbildung: Einstieg begleiten",
    ],
    "qualifizierung": [
        "Herstellung Prozessfähigkeit",
        "SPRINT Frauen 2.0",
        "FAKT",
        "Qualifizierung in der Kindertagespflege",
        "Sprache & Beruf",
        "Teilqualifizierung Lager und Logistik (TQ 1–3)",
        "Pflegehelfer/-in Plus",
        "WIR – Wege in den Regelarbeitsmarkt",
        "Berufsbezogene Deutschförderung für Geflüchtete (B2-Beruf)",
        "Frauen in Arbeit – FiA",
        "Job-Perspektive 50plus",
        "Nachqualifizierung zum Berufsabschluss (Externenprüfung)",
        "Digitale Grundkompetenzen für Langzeitarbeitslose",
        "MiA – Migrantinnen in Arbeit",
        "Qualifizierung und Begleitung von Alleinerziehenden im SGB-II-Leistungsbezug zur Vorbereitung "
        "auf eine Teilzeitausbildung in Gesundheits- und Pflegeberufen (QuAli)",
        "Fahrerlaubnis C/CE mit Berufskraftfahrer-Qualifikation",
    ],
    "weiterbildung_personal": [
        "BASS Studiengang {year}",
        "BASS {year}",
        "Fortbildungsreihe Fallmanagement",
        "Zertifikatskurs Beschäftigungsorientiertes Fallmanagement",
        "Fachtag Übergang Schule-Beruf {year}",
        "Inhouse-Schulung „Interkulturelle Kompetenz im Jobcenter“",
    ],
    "sonstige": [
        "Regionale Ausbildungs- und Arbeitsmarktkonferenz {year}",
        "Evaluation der regionalen Arbeitsmarkt- und Ausbildungsstrategie",
        "Netzwerkkoordination OloV",
        "Mobilitätshilfen (Fahrtkostenzuschuss)",
    ],
}

# Fictional district signatories.
FIRST_NAMES_F = ["Antje", "Claudia", "Sabine", "Petra", "Miriam", "Julia", "Renate", "Nicole", "Anja", "Kerstin"]
FIRST_NAMES_M = ["Thomas", "Jürgen", "Michael", "Stefan", "Frank", "Matthias", "Uwe", "Christian", "Dirk", "Oliver"]
SURNAMES = [
    "Becker", "Schäfer", "Wagner", "Hoffmann", "Krämer", "Lorenz", "Brückner", "Weiß", "Schmitt", "Vogel",
    "Kaiser", "Zimmermann", "Jung", "Hartmann", "Roth", "Köhler", "von Bergen", "Neumann", "Seibert", "Fuchs",
]
FUNCTIONS_LANDKREIS = {
    "f": ["Landrätin", "Erste Kreisbeigeordnete", "Kreisbeigeordnete"],
    "m": ["Landrat", "Erster Kreisbeigeordneter", "Kreisbeigeordneter"],
}
FUNCTIONS_STADT = {
    "f": ["Oberbürgermeisterin", "Bürgermeisterin", "Stadträtin"],
    "m": ["Oberbürgermeister", "Bürgermeister", "Stadtrat"],
}

MONTHS = [
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
]

# Signing places that are often written shorter than the gazetteer seat.
SHORT_PLACES = {
    "Bad Homburg v. d. Höhe": "Bad Homburg",
    "Friedberg (Hessen)": "Friedberg",
    "Limburg a. d. Lahn": "Limburg",
    "Lauterbach (Hessen)": "Lauterbach",
    "Hofheim am Taunus": "Hofheim",
    "Homberg (Efze)": "Homberg/Efze",
}


def buendnis(year: int) -> str:
    """The Hessian training alliance in force in a given year."""
    if year <= 2014:
        return "„Hessischen Pakt für Ausbildung 2010 bis 2014“"
    if year <= 2019:
        return "„Bündnis Ausbildung Hessen 2015 bis 2019“"
    if year <= 2024:
        return "„Bündnis für Ausbildung für die Jahre 2020 bis 2024“"
    return "„Bündnis für Ausbildung für die Jahre 2025 bis 2029“"
