"""Agreements worded unlike the samples: older titles, other signature blocks, other list styles.
Each runs through every text stage and must give every field exactly."""

from __future__ import annotations

from decimal import Decimal

from helpers import agreement_of

OLD_CITY = """Zielvereinbarung über das Ausbildungs- und Qualifizierungsbudget 2017

zwischen

dem Hessischen Ministerium für Soziales und Integration,
vertreten durch den Staatsminister Stefan Grüttner,

und

der Stadt Kassel,
vertreten durch den Oberbürgermeister

Präambel
Die Vereinbarungspartner verfolgen gemeinsam das Ziel, die Ausbildungs- und Qualifizierungsangebote zu stärken.

§ 1 Ziele
Das HMSI verfolgt mit dem Ausbildungs- und Qualifizierungsbudget das Ziel, benachteiligte Menschen zu fördern.

§ 2 Verpflichtungen
Die Stadt Kassel setzt die Mittel gemäß § 4 ein. Telefon 0561 787-0.

§ 3 Haushaltsmittel
Das Land Hessen stellt der Stadt Kassel für das Jahr 2017 einen Betrag von
EUR 2.105.300,00
zur Verfügung. Davon sind 150.000,00 EUR für Sprachförderung vorgesehen.

§ 4 Maßnahmen
Die Stadt Kassel fördert folgende Projekte:
1. Ausbildungsvorbereitung:
a) Jugendwerkstatt Kassel
b) „Startklar“ – Berufsorientierung für Geflüchtete
2. Ausbildung und Ausbildungscoaching:
a) Ausbildungsverbund Nordhessen
3. Qualifizierungsprojekte zur Arbeitsmarktintegration:
a) Perspektive Pflege
4. Weitere Maßnahmen: keine

§ 5 Schlussbestimmungen
Diese Vereinbarung tritt mit Unterzeichnung in Kraft.

Für das Land Hessen:
Wiesbaden, 12.03.2017
Stefan Grüttner
Hessischer Minister für Soziales und Integration

Für die Stadt Kassel:
Kassel, 20. März 2017
Christian Geselle
Oberbürgermeister
"""

OLD_LANDKREIS_OCR = """ZIELVEREINBARUNG

zwischen dem

Hessischen Sozialministerium

und dem

Kreisausschuss des Landkreises Marburg-Biedenkopf

über das Ausbildungs- und Qualifizierungsbudget für das Jahr 2013

$ 1 Ziele des Landes
Das Land stellt für das Ausbildungs- und Qualifizierungsbudget insgesamt 30.000.000 Euro
landesweit bereit.

S 2 Verpflichtungen der Vereinbarungspartner
Der Landkreis Marburg-Biedenkopf setzt die in $ 3 genannten Mittel ein.

$ 3 Haushaltsmittel
Das HSM stellt dem Landkreis Marburg-Biedenkopf Haushaltsmittel in Höhe von
980.000,- €
zur Verfügung.

8 4 Ziele für die Umsetzung
Der Landkreis finanziert in den jeweiligen Maßnahmenarten folgende Projekte:

Berufsorientierung und Ausbildungsvorbereitung
Praxisklasse Marburg
Produktionsschule Biedenkopf

Ausbildung in anerkannten Ausbildungsberufen
Ausbildungsbegleitung für Alleinerziehende

Fortbildung des kommunalen Fachpersonals
Fachtag Übergang Schule-Beruf

Die Förderung erfolgt nach Maßgabe des Bescheides.

$ 5 Inkrafttreten
Die Vereinbarung gilt für das Haushaltsjahr 2013.

Wiesbaden, den 14.01.2013              Marburg, den
"""


def fields(text: str) -> dict[str, object]:
    agreement = agreement_of(text)
    return {name: field.value for name, field in agreement.fields.items()}


def projects(text: str) -> list[tuple[str, str, str]]:
    return [(p.measure_type, p.measure_type_raw, p.project_name) for p in agreement_of(text).projects]


def test_city_with_representatives_lettered_items_and_für_das_land_signatures() -> None:
    assert fields(OLD_CITY) == {
        "year": 2017, "district": "06611", "ministry": "Hessisches Ministerium für Soziales und Integration",
        "amount_eur": Decimal("2105300.00"), "ministry_signed_place": "Wiesbaden", "ministry_signed_date": "2017-03-12",
        "district_signed_place": "Kassel", "district_signed_date": "2017-03-20",
    }
    assert projects(OLD_CITY) == [
        ("ausbildungsvorbereitung", "Ausbildungsvorbereitung", "Jugendwerkstatt Kassel"),
        ("ausbildungsvorbereitung", "Ausbildungsvorbereitung", "„Startklar“ – Berufsorientierung für Geflüchtete"),
        ("ausbildung", "Ausbildung und Ausbildungscoaching", "Ausbildungsverbund Nordhessen"),
        ("qualifizierung", "Qualifizierungsprojekte zur Arbeitsmarktintegration", "Perspektive Pflege"),
    ]
    assert agreement_of(OLD_CITY).review_reasons == ()


def test_old_ministry_ocr_section_signs_state_total_and_unmarked_list() -> None:
    assert fields(OLD_LANDKREIS_OCR) == {
        "year": 2013, "district": "06534", "ministry": "Hessisches Sozialministerium",
        "amount_eur": Decimal("980000.00"), "ministry_signed_place": "Wiesbaden", "ministry_signed_date": "2013-01-14",
        "district_signed_place": "Marburg", "district_signed_date": None,
    }
    assert projects(OLD_LANDKREIS_OCR) == [
        ("ausbildungsvorbereitung", "Berufsorientierung und Ausbildungsvorbereitung", "Praxisklasse Marburg"),
        ("ausbildungsvorbereitung", "Berufsorientierung und Ausbildungsvorbereitung", "Produktionsschule Biedenkopf"),
        ("ausbildung", "Ausbildung in anerkannten Ausbildungsberufen", "Ausbildungsbegleitung für Alleinerziehende"),
        ("weiterbildung_personal", "Fortbildung des kommunalen Fachpersonals", "Fachtag Übergang Schule-Beruf"),
    ]
    assert agreement_of(OLD_LANDKREIS_OCR).review_reasons == ()  # a blank date in a text layer is certain
