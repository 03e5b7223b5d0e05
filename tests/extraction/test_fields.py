"""Scalar fields: budget amount, district, year, ministry; and whether a text is an agreement at all."""

from __future__ import annotations

from decimal import Decimal

import pytest

from extract.errors import NotAnAgreementError
from extract.extraction.classify import is_agreement
from extract.extraction.fields import amount_to_decimal, extract_amount, extract_district, extract_ministry, extract_year
from helpers import agreement_of, agreement_text, context_of, seed_text

# --- amount --------------------------------------------------------------------------------------


def amount_in(text: str) -> Decimal | None:
    return extract_amount(context_of(text)).value  # type: ignore[return-value]


def section4(body: str) -> str:
    return agreement_text(amount_section=body)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("1.341.400 Euro", "1341400.00"),
        ("965.950,00 €", "965950.00"),
        ("965.950,00 Euro", "965950.00"),
        ("EUR 2.105.300", "2105300.00"),
        ("€ 2.105.300,00", "2105300.00"),
        ("2.105.300,- Euro", "2105300.00"),
        ("2.105.300,-- €", "2105300.00"),
        ("2.105.300,– Euro", "2105300.00"),
        ("1.341.400,50 Euro", "1341400.50"),
        ("1.341.400 EUR", "1341400.00"),
        ("1.341.400 EURO", "1341400.00"),
        ("1.341.400,00 Euro.", "1341400.00"),
        ("1341400 Euro", "1341400.00"),
        ("1'341'400 Euro", "1341400.00"),
        ("1.341.400\nEuro", "1341400.00"),  # number and currency split by a line break
        ("EUR\n2.105.300", "2105300.00"),
        ("1.341.\n400 Euro", "1341400.00"),  # number broken after a thousands dot
        ("98.500 Euro", "98500.00"),
    ],
)
def test_amount_spellings(written: str, expected: str) -> None:
    assert amount_in(agreement_text(amount=written)) == Decimal(expected)


def test_amount_of_the_seeds() -> None:
    assert agreement_of(seed_text(0)).value("amount_eur") == Decimal("1341400.00")
    assert agreement_of(seed_text(1)).value("amount_eur") == Decimal("965950.00")


MAIN_SENTENCE = "Das HMSI stellt dem Landkreis im Jahr 2025 Haushaltsmittel in Höhe von insgesamt\n\n1.341.400 Euro\n\naus dem Budget."


def test_amount_on_its_own_line_after_the_sentence() -> None:
    field = extract_amount(context_of(section4(MAIN_SENTENCE)))
    assert field.value == Decimal("1341400.00")
    assert field.raw == "1.341.400 Euro"
    assert field.provenance is not None and field.provenance.rule == "amount.number_currency"


def test_amount_number_on_its_own_line_with_currency_on_the_next() -> None:
    body = "Das HMSI stellt dem Landkreis Haushaltsmittel in Höhe von insgesamt\n\n1.341.400\n\nEuro aus dem Budget zur Verfügung."
    assert amount_in(section4(body)) == Decimal("1341400.00")


DISTRACTORS = [
    "Die Mittel für die Jahre 2025 und 2026 werden getrennt bewirtschaftet.",
    "Es gelten § 44 LHO sowie § 5 dieser Vereinbarung.",
    "Gefördert werden Menschen aus den Rechtskreisen SGB II, SGB III und SGB VIII.",
    "Der Erlass vom 13.10.2025 bleibt unberührt.",
    "Rückfragen unter Tel. 0611 3219-0 oder Fax 0611 3219-555.",
    "Die Postleitzahl 65187 Wiesbaden gilt für die Post.",
    "Davon sind 200.000 Euro für die Teilzeitausbildung vorgesehen.",
    "Hiervon entfallen 150.000,00 € auf Sprachförderung.",
    "Zusätzlich werden 50.000 Euro Restmittel aus dem Vorjahr übertragen.",
    "Je Teilnehmerplatz werden bis zu 12.500 Euro gezahlt.",
]


@pytest.mark.parametrize("distractor", DISTRACTORS)
@pytest.mark.parametrize("where", ["before", "after"])
def test_amount_is_not_confused(distractor: str, where: str) -> None:
    body = f"{distractor}\n{MAIN_SENTENCE}" if where == "before" else f"{MAIN_SENTENCE}\n{distractor}"
    assert amount_in(section4(body)) == Decimal("1341400.00")


def test_partial_amount_in_the_same_sentence() -> None:
    body = (
        "Das HMSI stellt dem Landkreis Haushaltsmittel in Höhe von insgesamt 1.341.400 Euro zur Verfügung, "
        "davon 200.000 Euro für die Teilzeitausbildung."
    )
    assert amount_in(section4(body)) == Decimal("1341400.00")


def test_all_distractors_together() -> None:
    main = "Das HMSI stellt Haushaltsmittel in Höhe von insgesamt 1.341.400 Euro bereit."
    body = "\n".join([*DISTRACTORS[:6], main, *DISTRACTORS[6:]])
    assert amount_in(section4(body)) == Decimal("1341400.00")


def test_no_amount_gives_none() -> None:
    body = "Das HMSI stellt dem Landkreis Haushaltsmittel zur Verfügung; die Höhe regelt der Bescheid."
    field = extract_amount(context_of(section4(body)))
    assert field.value is None
    assert field.provenance is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.341.400", "1341400.00"),
        ("1.341.400 Euro", "1341400.00"),
        ("965.950,00 €", "965950.00"),
        ("EUR 2.105.300", "2105300.00"),
        ("2.105.300,-", "2105300.00"),
        ("2.105.300,--", "2105300.00"),
        ("2.105.300,–", "2105300.00"),
        ("1.234.567,89", "1234567.89"),
        ("1'341'400", "1341400.00"),
        ("1341400", "1341400.00"),
        ("1.341.400\nEuro", "1341400.00"),
    ],
)
def test_amount_to_decimal(raw: str, expected: str) -> None:
    assert amount_to_decimal(raw) == Decimal(expected)


@pytest.mark.parametrize("raw", ["Euro", "", "eins Komma fünf", "1.341.4OO"])
def test_amount_to_decimal_refuses_non_numbers(raw: str) -> None:
    assert amount_to_decimal(raw) is None


@pytest.mark.parametrize("written", ["1 341 400 Euro", "1\u202f341\u202f400 €"])
def test_amount_with_spaces_as_thousands_separator(written: str) -> None:
    assert amount_in(agreement_text(amount=written)) == Decimal("1341400.00")


def test_state_total_in_section_1_does_not_beat_the_district_amount() -> None:
    text = agreement_text(amount="1.341.400 Euro").replace(
        "Ausbildungsfähigkeit von benachteiligten Menschen zu steigern.",
        "Ausbildungsfähigkeit zu steigern. Insgesamt stellt das Land im AQB 2025 Haushaltsmittel in Höhe von 30.000.000 Euro bereit.",
    )
    assert amount_in(text) == Decimal("1341400.00")


# --- district ------------------------------------------------------------------------------------


def district_of(text: str) -> tuple[str | None, list[str]]:
    field, reasons = extract_district(context_of(text))
    return field.value, reasons  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("party", "genitive", "ags"),
    [
        ("der Stadt Kassel", "der Stadt Kassel", "06611"),
        ("der documenta-Stadt Kassel", "der documenta-Stadt Kassel", "06611"),
        ("dem Landkreis Kassel", "des Landkreises Kassel", "06633"),
        ("der Stadt Offenbach am Main", "der Stadt Offenbach am Main", "06413"),
        ("der Stadt Offenbach", "der Stadt Offenbach", "06413"),
        ("dem Landkreis Offenbach", "des Landkreises Offenbach", "06438"),
        ("dem Kreis Offenbach", "des Kreises Offenbach", "06438"),
        ("der Wissenschaftsstadt Darmstadt", "der Wissenschaftsstadt Darmstadt", "06411"),
        ("der Stadt Darmstadt", "der Stadt Darmstadt", "06411"),
        ("dem Landkreis Darmstadt-Dieburg", "des Landkreises Darmstadt-Dieburg", "06432"),
        ("dem Landkreis Hochtaunuskreis", "des Landkreises Hochtaunuskreis", "06434"),
        ("dem Hochtaunuskreis", "des Hochtaunuskreises", "06434"),
        ("dem Main-Kinzig-Kreis", "des Main-Kinzig-Kreises", "06435"),
        ("der Landeshauptstadt Wiesbaden", "der Landeshauptstadt Wiesbaden", "06414"),
        ("der Stadt Frankfurt am Main", "der Stadt Frankfurt am Main", "06412"),
        ("dem Magistrat der Stadt Frankfurt am Main", "der Stadt Frankfurt am Main", "06412"),
        ("dem Landkreis Gießen", "des Landkreises Gießen", "06531"),
        ("dem Schwalm-Eder-Kreis", "des Schwalm-Eder-Kreises", "06634"),
        ("dem Werra-Meißner-Kreis", "des Werra-Meißner-Kreises", "06636"),
        ("dem Landkreis Fulda", "des Landkreises Fulda", "06631"),
    ],
)
def test_district_from_the_title(party: str, genitive: str, ags: str) -> None:
    assert district_of(agreement_text(district=party, district_genitive=genitive)) == (ags, [])


def test_district_wrapped_in_the_title() -> None:
    text = agreement_text(district="dem Landkreis\nOffenbach", district_genitive="des Landkreises Offenbach")
    assert district_of(text) == ("06438", [])


def test_district_of_the_seeds() -> None:
    assert agreement_of(seed_text(0)).value("district") == "06438"
    assert agreement_of(seed_text(1)).value("district") == "06434"


def test_ministry_address_in_wiesbaden_does_not_make_wiesbaden_the_district() -> None:
    ministry = "dem Hessischen Ministerium für Soziales und Integration,\nDostojewskistraße 4, 65187 Wiesbaden,"
    text = agreement_text(ministry=ministry, district="dem Landkreis Fulda", district_genitive="des Landkreises Fulda")
    assert district_of(text) == ("06631", [])


def test_wiesbaden_as_district_when_the_ministry_sits_in_wiesbaden_too() -> None:
    ministry = "dem Hessischen Ministerium für Soziales und Integration,\nDostojewskistraße 4, 65187 Wiesbaden,"
    text = agreement_text(ministry=ministry, district="der Landeshauptstadt Wiesbaden", district_genitive="der Landeshauptstadt Wiesbaden")
    assert district_of(text) == ("06414", [])
    agreement = agreement_of(text)
    assert agreement.value("ministry_signed_place") == "Wiesbaden"


REGIERUNGSPRAESIDIUM = (
    "Der Bescheid wird vom Regierungspräsidium Kassel erlassen. Das Regierungspräsidium Kassel prüft die Verwendung.\n"
    "Ansprechpartner beim Regierungspräsidium Kassel ist das Dezernat 21.\n"
)


def test_regierungspraesidium_kassel_in_the_body_does_not_decide() -> None:
    text = agreement_text(
        district="dem Landkreis Offenbach", district_genitive="des Landkreises Offenbach", extra_body=REGIERUNGSPRAESIDIUM
    )
    assert district_of(text) == ("06438", [])


def test_regierungspraesidium_kassel_with_a_garbled_title() -> None:
    text = agreement_text(
        district="dem Landkreis 0ffenbaeh", district_genitive="des Landkreises 0ffenbaeh", extra_body=REGIERUNGSPRAESIDIUM
    )
    field, reasons = extract_district(context_of(text))
    assert field.value == "06438"
    assert field.provenance is not None and field.provenance.rule == "district.title_fuzzy"
    assert field.raw == "Landkreis 0ffenbaeh" and "district_title_misread" in reasons  # the raw name as read: flagged


def test_a_district_name_in_the_title_read_with_a_letter_off_is_flagged() -> None:
    """'Wetteräukreis' for 'Wetteraukreis': the district is the nearest known one, but the raw name
    is as OCR read it, and no known form of any district."""
    text = agreement_text(district="dem Wetteräukreis", district_genitive="des Wetteräukreises")
    field, reasons = extract_district(context_of(text))
    assert (field.value, field.raw, reasons) == ("06440", "Wetteräukreis", ["district_title_misread"])
    assert district_of(agreement_text(district="dem Wetteraukreis", district_genitive="des Wetteraukreises")) == ("06440", [])


def test_district_from_the_body_when_the_title_has_none() -> None:
    body = "Der Landkreis Fulda setzt die Projekte um. Der Landkreis Fulda berichtet jährlich.\n"
    text = agreement_text(district="dem Vereinbarungspartner", district_genitive="der Gebietskörperschaft", extra_body=body)
    assert district_of(text) == ("06631", ["district_not_in_title"])


def test_district_missing() -> None:
    text = agreement_text(district="dem Vereinbarungspartner", district_genitive="der Gebietskörperschaft")
    field, reasons = extract_district(context_of(text))
    assert (field.value, reasons) == (None, ["district_missing"])


@pytest.mark.parametrize("party", ["dem Landkreis\nXyzqwv", "dem Landkreis", "dem Kreis"])
def test_title_with_only_a_generic_word_gives_no_district(party: str) -> None:
    text = agreement_text(district=party, district_genitive="der Gebietskörperschaft")
    assert district_of(text) == (None, ["district_missing"])


# --- year ----------------------------------------------------------------------------------------


def year_of(text: str) -> tuple[int | None, bool]:
    field, split = extract_year(context_of(text))
    return field.value, split  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("title", "year"),
    [
        ("Zielvereinbarung\n\n2024", 2024),
        ("Zielvereinbarung 2024", 2024),
        ("Zielvereinbarung\n\nfür das Jahr 2019", 2019),
        ("Zielvereinbarung für das Haushaltsjahr 2016", 2016),
        ("Zielvereinbarung\n\n2013", 2013),
    ],
)
def test_year_from_the_title(title: str, year: int) -> None:
    text = agreement_text(year=str(year)).replace(f"Zielvereinbarung\n\n{year}", title, 1)
    assert year_of(text) == (year, False)


def test_year_not_taken_from_other_years_in_the_body() -> None:
    body = (
        "Dem „Bündnis für Ausbildung für die Jahre 2020 bis 2024“ folgend. Im Vorjahr 2023 wurden im Jahr 2023 und\n"
        "im Jahr 2022 Mittel bereitgestellt; das Budget 2023 ist abgerechnet.\n"
    )
    assert year_of(agreement_text(year="2024", extra_body=body)) == (2024, False)


def test_year_of_the_seeds() -> None:
    assert agreement_of(seed_text(0)).value("year") == 2024
    assert agreement_of(seed_text(1)).value("year") == 2025


def test_year_from_the_body_without_a_title_year() -> None:
    text = agreement_text(year="2022").replace("Zielvereinbarung\n\n2022", "Zielvereinbarung", 1)
    assert year_of(text) == (2022, False)


# --- ministry ------------------------------------------------------------------------------------

HSM = "Hessisches Sozialministerium"
HMSI_2014 = "Hessisches Ministerium für Soziales und Integration"
HMSI_2024 = "Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales"


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("dem Hessischen Sozialministerium", HSM),
        ("dem Hessischen Ministerium für Soziales und Integration", HMSI_2014),
        ("dem Hessischen Ministerium für Arbeit, Integration, Jugend und Soziales", HMSI_2024),
        ("dem Land Hessen, vertreten durch das Hessische Ministerium für Soziales und Integration", HMSI_2014),
        ("dem Hessischen Ministerium für Soziales und\nIntegration", HMSI_2014),
        ("dem Hessischen Ministerium für Arbeit, Integration,\nJugend und Soziales", HMSI_2024),
        ("dem Hessischen Ministerium für Arbeit, lntegration, Jugend und Soziales", HMSI_2024),  # OCR l for I
        ("dem Hessischen Ministerium für Soziales und Integration (HMSI)", HMSI_2014),
        ("dem Hessischen Ministerium für Wirtschaft, Energie, Verkehr und Landesentwicklung",
         "Hessisches Ministerium für Wirtschaft, Energie, Verkehr und Landesentwicklung"),
    ],
)
def test_ministry_names_in_the_nominative(written: str, name: str) -> None:
    assert extract_ministry(context_of(agreement_text(ministry=written))).value == name


def test_ministry_of_the_seeds() -> None:
    assert agreement_of(seed_text(0)).value("ministry") == HMSI_2024
    assert agreement_of(seed_text(1)).value("ministry") == HMSI_2024


def test_ministry_in_the_title_wins_over_one_in_the_body() -> None:
    body = "Bis 2013 war das Hessische Sozialministerium zuständig.\n"
    assert extract_ministry(context_of(agreement_text(extra_body=body))).value == HMSI_2024


def test_unknown_ministry_name_is_cut_cleanly() -> None:
    written = "dem Hessischen Ministerium für Familie, Senioren, Sport, Gesundheit und Pflege"
    field = extract_ministry(context_of(agreement_text(ministry=written)))
    assert field.value == "Hessisches Ministerium für Familie, Senioren, Sport, Gesundheit und Pflege"


# --- is it an agreement? -------------------------------------------------------------------------

PRESS_RELEASE = """Pressemitteilung

Wiesbaden, 12.03.2025

Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales

Land fördert Ausbildung und Qualifizierung im Landkreis Offenbach

Staatsministerin Heike Hofmann hat heute die Zielvereinbarung zum Ausbildungs- und Qualifizierungsbudget
mit dem Landkreis Offenbach unterzeichnet. Das Land stellt dafür 1.341.400 Euro zur Verfügung.
„Wir investieren in die Zukunft junger Menschen“, sagte die Ministerin.
"""

COVER_LETTER = """Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales
Postfach 3140, 65021 Wiesbaden

Kreisausschuss des Landkreises Offenbach
Werner-Hilpert-Straße 1
63128 Dietzenbach

Wiesbaden, den 2.8.2025

Ausbildungs- und Qualifizierungsbudget 2025
Übersendung der Zielvereinbarung

Sehr geehrte Damen und Herren,

anbei übersende ich Ihnen die zwischen dem HMSI und dem Landkreis Offenbach geschlossene Zielvereinbarung zur Unterschrift.

Mit freundlichen Grüßen
Im Auftrag
"""

INVOICE = """Rechnung Nr. 2025-114

Druckerei Muster GmbH
Lieferung von 500 Broschüren à 2,40 Euro

Summe 1.200,00 Euro
"""


@pytest.mark.parametrize("text", [PRESS_RELEASE, INVOICE], ids=["press release", "invoice"])
def test_other_documents_are_not_agreements(text: str) -> None:
    ok, why = is_agreement(context_of(text))
    assert not ok
    assert why.startswith("not a Zielvereinbarung")
    with pytest.raises(NotAnAgreementError):
        agreement_of(text)


def test_cover_letter_is_not_an_agreement() -> None:
    ok, _ = is_agreement(context_of(COVER_LETTER))
    assert not ok


@pytest.mark.parametrize("seed", [0, 1])
def test_the_seeds_are_agreements(seed: int) -> None:
    assert is_agreement(context_of(seed_text(seed))) == (True, "")


def test_synthetic_agreement_is_an_agreement() -> None:
    assert is_agreement(context_of(agreement_text())) == (True, "")


# --- amounts in prose, as writers phrase them -----------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Das Budget des Landkreises beträgt für das Jahr 2014 € 831.097,15.", "831097.15"),
        ("Das Land stellt Haushaltsmittel in Höhe von EUR 1.361.410. Die Mittel werden ausgezahlt.", "1361410.00"),
        ("Das Land stellt 1.361.410 Euro zur Verfügung.", "1361410.00"),
        ("Das Budget beträgt €831.097,15.", "831097.15"),
        ("Das Budget beträgt 831.097,15€.", "831097.15"),
        ("Der Landkreis erhält ein Budget von 1.361.410,-- €.", "1361410.00"),
        ("Haushaltsmittel:\tEUR 1.361.410,00", "1361410.00"),
    ],
    ids=["euro sign before, full stop", "EUR before, full stop", "Euro after", "glued sign before", "glued sign after",
         "dashes for cents", "table cell"],
)
def test_amount_phrasings(sentence: str, expected: str) -> None:
    assert amount_in(section4(sentence)) == Decimal(expected)


@pytest.mark.parametrize(
    "sentence",
    [
        "Die Kofinanzierung des Landkreises beträgt 300.000 Euro. Das Budget beträgt 1.361.410 Euro.",
        "Im Vorjahr betrug das Budget 1.200.000 Euro. Für 2014 beträgt es 1.361.410 Euro.",
        "Das Budget beträgt 1.361.410 €, davon 100.000 € für Fortbildung.",
        "Landesweit stehen 30.000.000 Euro zur Verfügung. Das Budget des Kreises beträgt 1.361.410 Euro.",
    ],
    ids=["co-financing", "previous year", "davon", "state total"],
)
def test_other_sums_nearby_are_not_the_total(sentence: str) -> None:
    assert amount_in(section4(sentence)) == Decimal("1361410.00")


@pytest.mark.parametrize(("raw", "expected"), [("831.097,15.", "831097.15"), ("€831.097,15", "831097.15"), ("1.361.410.", "1361410.00")])
def test_amount_to_decimal_with_a_full_stop_or_a_glued_sign(raw: str, expected: str) -> None:
    assert amount_to_decimal(raw) == Decimal(expected)


@pytest.mark.parametrize(
    "body",
    [
        "Im Vorjahr 2013 standen dem Landkreis Mittel in Höhe von € 1.893.200 zur Verfügung.\n\n"
        "Das HMSI stellt dem Landkreis im Jahr 2014 Haushaltsmittel in Höhe von insgesamt € 2.035.750. Die Mittel werden bereitgestellt.",
        "Der Landkreis stellt eine Kofinanzierung aus eigenen Mitteln in Höhe von € 271.000 bereit. "
        "Das Budget des Landkreises beträgt für das Jahr 2014 € 2.035.750.",
    ],
    ids=["previous year's sentence first", "co-financing sentence first"],
)
def test_a_partial_sum_word_anywhere_in_the_amounts_sentence(body: str) -> None:
    assert amount_in(section4(body)) == Decimal("2035750.00")


def test_an_amount_whose_thousands_dot_ocr_read_as_a_comma_on_a_scan() -> None:
    """'1.297,950,- Euro' on an OCRed page: the amount ends in its decimal comma, so the comma before
    '950' is a thousands dot; the part named after it ('Davon sind 90.500,- Euro …') is no budget."""
    from extract.extraction.agreement import document_to_agreement
    from helpers import pages_to_document, rules, settings

    text = agreement_text(amount="1.297,950,- Euro\n\nDavon sind 90.500,- Euro für Teilzeitausbildungen vorgesehen.")
    agreement, _ = document_to_agreement(pages_to_document([text], source="ocr"), rules(), settings())
    assert agreement.fields["amount_eur"].value == Decimal("1297950.00")
    layer, _ = document_to_agreement(pages_to_document([text]), rules(), settings())
    assert layer.fields["amount_eur"].value != Decimal("1297950.00")  # a text layer is as written


def test_an_amounts_confidence_is_its_numbers_not_the_currency_words() -> None:
    """'2.276.700' read at 95 and '‚Euro' on the next line at 8 (a speck glued to it): the amount is
    as sure as its digits; its box still holds both words."""
    from dataclasses import replace

    from extract.extraction.context import build_context
    from extract.extraction.segment import text_to_sections
    from extract.model import Document, Line
    from helpers import document_text, rules, text_to_document

    text = agreement_text(amount_section="Das HMSI stellt dem Landkreis Hochtaunuskreis im Jahr 2025 Haushaltsmittel in Höhe\n"
                                         "von insgesamt 2.276.700\n‚Euro aus dem Ausbildungs- und Qualifizierungsbudget 2025 zur Verfügung.")
    layer = text_to_document(text)
    pages = tuple(replace(page, source="ocr", lines=tuple(
        Line(tuple(replace(w, conf=8.0 if w.text == "‚Euro" else 95.0) for w in line.words), line.gap_before, line.columns)
        for line in page.lines)) for page in layer.pages)
    document = Document(layer.path, layer.source_file, layer.sha256, pages)
    normalized = document_text(document)
    field = extract_amount(build_context(document, normalized, text_to_sections(normalized, rules()), rules()))
    assert field.value == Decimal("2276700")
    assert field.provenance is not None and field.provenance.confidence == 95.0
    assert field.provenance.bbox is not None and field.provenance.bbox.y1 > field.provenance.bbox.y0 + 0.015  # both lines
