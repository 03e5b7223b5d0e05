"""Segment stage: title block, Präambel and the § sections, with their titles and pages."""

from __future__ import annotations

import pytest

from extract.extraction.segment import find_headers, text_to_sections
from extract.model import Section
from helpers import document_text, pages_to_document, rules, sections_of, seed_text

SEED_TITLES = {
    0: [
        ("kopf", ""),
        ("praeambel", "Präambel"),
        ("1", "Ausbildungs- und Qualifizierungsbudget"),
        ("2", "Verpflichtungen der Vereinbarungspartner"),
        ("3", "Umsetzung der UN-Behindertenrechtskonvention"),
        ("4", "Haushaltsmittel und Eckdaten"),
        ("5", "Ziele für die Umsetzung des Landkreises Offenbach"),
        ("6", "Zielsteuerung"),
        ("7", "Kontinuierlicher Verbesserungsprozess"),
    ],
    1: [
        ("kopf", ""),
        ("praeambel", "Präambel"),
        ("1", "Ausbildungs- und Qualifizierungsbudget"),
        ("2", "Verpflichtungen der Vereinbarungspartner"),
        ("3", "Umsetzung der UN-Behindertenrechtskonvention"),
        ("4", "Haushaltsmittel und Eckdaten"),
        ("5", "Ziele für die Umsetzung des Landkreises Hochtaunuskreis"),
        ("6", "Zielsteuerung"),
        ("7", "Kontinuierlicher Verbesserungsprozess"),
    ],
}


def keys(sections: tuple[Section, ...]) -> list[str]:
    return [s.key for s in sections]


def by_key(sections: tuple[Section, ...]) -> dict[str, Section]:
    return {s.key: s for s in sections}


@pytest.mark.parametrize("seed", [0, 1])
def test_seed_sections_and_titles(seed: int) -> None:
    sections = sections_of(seed_text(seed))
    assert [(s.key, s.title) for s in sections] == SEED_TITLES[seed]


@pytest.mark.parametrize("seed", [0, 1])
def test_seed_section_bodies(seed: int) -> None:
    sections = by_key(sections_of(seed_text(seed)))
    assert sections["kopf"].text.startswith("Zielvereinbarung")
    assert sections["kopf"].text.endswith("zur Umsetzung des hessischen Ausbildungs- und Qualifizierungsbudgets")
    assert sections["praeambel"].text.startswith("Erfolgreiche Arbeitsmarktpolitik")
    # the second title line of § 1 is body text, not title
    assert sections["1"].text.startswith("Ziele des Landes")
    assert sections["4"].text.startswith("Das HMSI stellt dem Landkreis")
    assert "Euro" in sections["4"].text
    assert sections["6"].text.startswith("Der Landkreis")
    assert "in § 4 genannten Haushaltsmitteln" in sections["6"].text
    assert sections["7"].text.startswith("Der Landkreis")


@pytest.mark.parametrize("seed", [0, 1])
def test_seed_sections_tile_the_text(seed: int) -> None:
    text = document_text(pages_to_document([seed_text(seed)]))
    sections = sections_of(seed_text(seed))
    assert sections[0].start == 0
    assert all(a.end == b.start for a, b in zip(sections, sections[1:]))
    assert sections[-1].end == len(text.value)
    for section in sections:
        assert section.text in text.value[section.start : section.end]


BASE = (
    "Zielvereinbarung\n\n2024\n\nPräambel\n\nText der Präambel.\n\n"
    "§ 1\n\nZiele des Landes\n\nText eins.\n\n"
    "§ 2\n\nVerpflichtungen der Vereinbarungspartner\n\nText zwei.\n\n"
    "§ 3\n\nUmsetzung\n\nText drei.\n\n"
    "§ 4\n\nHaushaltsmittel und Eckdaten\n\nText vier.\n\n"
)


def test_inline_reference_wrapped_to_a_line_start_is_not_a_header() -> None:
    text = BASE + (
        "§ 5\n\nZiele\n\nText fünf.\n\n§ 6\n\nZielsteuerung\n\nUnterjährige Abweichungen von den in\n"
        "§ 4 genannten Haushaltsmitteln und Eckdaten werden berücksichtigt.\n\n§ 7\n\nVerbesserungsprozess\n\nText sieben."
    )
    sections = by_key(sections_of(text))
    assert keys(sections_of(text)) == ["kopf", "praeambel", "1", "2", "3", "4", "5", "6", "7"]
    assert "§ 4 genannten Haushaltsmitteln" in sections["6"].text
    assert sections["4"].title == "Haushaltsmittel und Eckdaten"


@pytest.mark.parametrize(
    "line",
    [
        "§ 7 genannten Haushaltsmitteln werden berücksichtigt.",  # the next number: still a reference
        "§ 5 Abs. 2 gilt entsprechend.",
        "§ 5 und 6 gelten entsprechend.",
        "§ 5 SGB II gilt.",
    ],
)
def test_references_with_the_next_number_are_not_headers(line: str) -> None:
    text = BASE + f"§ 5\n\nZiele\n\nText fünf, wie in\n{line}\n\n§ 6\n\nZielsteuerung\n\nText."
    sections = by_key(sections_of(text))
    assert keys(sections_of(text)) == ["kopf", "praeambel", "1", "2", "3", "4", "5", "6"]
    assert line in sections["5"].text


@pytest.mark.parametrize(
    ("header", "title_lines"),
    [
        ("$5", "Ziele für die Umsetzung"),
        ("$ 5", "Ziele für die Umsetzung"),
        ("85", "Ziele für die Umsetzung"),
        ("S 5", "Ziele für die Umsetzung"),
        ("S5", "Ziele für die Umsetzung"),
        ("&5", "Ziele für die Umsetzung"),
        ("§5", "Ziele für die Umsetzung"),
        ("§ 5.", "Ziele für die Umsetzung"),
        ("§ 5 Ziele für die Umsetzung", ""),
        ("S 5 Ziele für die Umsetzung", ""),
    ],
)
def test_ocr_forms_of_the_section_sign_are_headers_in_sequence(header: str, title_lines: str) -> None:
    text = BASE + f"{header}\n\n{title_lines}\n\nText fünf.\n\nS 6\n\nZielsteuerung\n\nText sechs."
    sections = by_key(sections_of(text))
    assert keys(sections_of(text)) == ["kopf", "praeambel", "1", "2", "3", "4", "5", "6"]
    assert sections["5"].title == "Ziele für die Umsetzung"
    assert sections["5"].text == "Text fünf."
    assert sections["6"].title == "Zielsteuerung"


@pytest.mark.parametrize("line", ["85", "S 5", "55", "S 6"])
def test_weak_section_sign_out_of_sequence_is_not_a_header(line: str) -> None:
    text = "Zielvereinbarung\n\nPräambel\n\nText.\n\n§ 1\n\nZiele\n\nEs gibt\n" + line + "\nPlätze.\n\n§ 2\n\nVerpflichtungen\n\nText."
    assert keys(sections_of(text)) == ["kopf", "praeambel", "1", "2"]
    assert line in by_key(sections_of(text))["1"].text


def test_a_true_section_sign_may_skip_a_number() -> None:
    text = "Zielvereinbarung\n\nPräambel\n\nText.\n\n§ 1\n\nZiele\n\nText.\n\n§ 3\n\nUmsetzung\n\nText."
    assert keys(sections_of(text)) == ["kopf", "praeambel", "1", "3"]


@pytest.mark.parametrize("line", ["§ 4.5", "§ 12", "2024", "1.341.400 Euro", "Seite 2"])
def test_non_headers(line: str) -> None:
    text = "Zielvereinbarung\n\nPräambel\n\nText.\n\n§ 1\n\nZiele\n\nText.\n" + line + "\nMehr Text."
    assert keys(sections_of(text)) == ["kopf", "praeambel", "1"]


def test_inline_titles() -> None:
    text = (
        "Zielvereinbarung\n\nPräambel\n\nText.\n\n"
        "§ 1 Ziele des Landes\nText eins.\n§ 2 Verpflichtungen\nText zwei.\n§ 3. Umsetzung\nText drei."
    )
    sections = sections_of(text)
    assert [(s.key, s.title, s.text) for s in sections[2:]] == [
        ("1", "Ziele des Landes", "Text eins."),
        ("2", "Verpflichtungen", "Text zwei."),
        ("3", "Umsetzung", "Text drei."),
    ]


def test_title_wrapped_over_two_lines() -> None:
    text = BASE + "§ 5\nZiele für die Umsetzung des\nLandkreises Offenbach\n\nDer Landkreis Offenbach finanziert Projekte."
    section = by_key(sections_of(text))["5"]
    assert section.title == "Ziele für die Umsetzung des Landkreises Offenbach"
    assert section.text == "Der Landkreis Offenbach finanziert Projekte."


def test_no_praeambel_and_no_headers() -> None:
    sections = sections_of("Pressemitteilung\n\nDas Land fördert Ausbildung.")
    assert [(s.key, s.text) for s in sections] == [("kopf", "Pressemitteilung\n\nDas Land fördert Ausbildung.")]


def test_praeambel_heading_variants() -> None:
    for heading in ("Präambel", "Praambel", "PRÄAMBEL", "Präambel:"):
        assert keys(sections_of(f"Zielvereinbarung\n\n{heading}\n\nText.\n\n§ 1\n\nZiele\n\nText.")) == ["kopf", "praeambel", "1"]
    assert keys(sections_of("Zielvereinbarung\n\nDie Präambel gilt.\n\n§ 1\n\nZiele\n\nText.")) == ["kopf", "1"]


def test_section_page_ranges_over_several_pages() -> None:
    pages = [
        "Zielvereinbarung\n\n2025\n\nPräambel\n\nErster Teil der Präambel.",
        "Zweiter Teil der Präambel.\n\n§ 1\n\nZiele des Landes\n\nText eins.\n\n§ 2\n\nVerpflichtungen\n\nText zwei beginnt.",
        "Text zwei geht weiter.",
        "Text zwei endet.\n\n§ 3\n\nUmsetzung\n\nText drei.",
    ]
    text = document_text(pages_to_document(pages))
    sections = by_key(text_to_sections(text, rules()))
    assert [(k, s.page_start, s.page_end) for k, s in sections.items()] == [
        ("kopf", 1, 1),
        ("praeambel", 1, 2),
        ("1", 2, 2),
        ("2", 2, 4),
        ("3", 4, 4),
    ]
    assert "Text zwei geht weiter." in sections["2"].text
    assert "\f" in sections["2"].text


def test_header_offsets_point_at_the_header_line() -> None:
    value = document_text(pages_to_document([BASE])).value
    for header in find_headers(value, rules()):
        line = value[header.start :].split("\n", 1)[0]
        assert line == ("Präambel" if header.key == "praeambel" else f"§ {header.key}")


def test_text_ending_with_a_short_title() -> None:
    text = "Zielvereinbarung\n\nPräambel\n\nText.\n\n§ 1\n\nZiele"
    assert [(s.key, s.title, s.text) for s in sections_of(text)][2:] == [("1", "Ziele", "")]


def test_number_at_line_start_inside_a_section_is_not_a_header() -> None:
    text = BASE + (
        "§ 5\n\nZiele\n\nIm Jahr 2025 werden insgesamt\n56 Teilnehmende in den Projekten gefördert.\n\n"
        "§ 6\n\nZielsteuerung\n\nText sechs."
    )
    sections = sections_of(text)
    assert [(s.key, s.title) for s in sections][-2:] == [("5", "Ziele"), ("6", "Zielsteuerung")]


def test_body_line_right_after_a_title_is_not_part_of_the_title() -> None:
    text = BASE + (
        "§ 5\nZielsteuerung\nDer Landkreis Offenbach und das HMSI bleiben über die Entwicklung des Budgets\n"
        "2024 im engen Austausch."
    )
    section = by_key(sections_of(text))["5"]
    assert section.title == "Zielsteuerung"
    assert section.text.startswith("Der Landkreis Offenbach")


# --- misread or dropped § signs, aligned to the shared section titles ------------------------------

TITLES = ["Ausbildungs- und Qualifizierungsbudget", "Verpflichtungen der Vereinbarungspartner", "Umsetzung der UN-Behindertenrechtskonvention",
          "Haushaltsmittel und Eckdaten", "Ziele für die Umsetzung des Landkreises Offenbach", "Zielsteuerung", "Kontinuierlicher Verbesserungsprozess"]


def _agreement(header: callable) -> str:  # type: ignore[valid-type]
    parts = ["Zielvereinbarung\n\n2024\n\nPräambel\n\nText der Präambel."]
    for number, title in enumerate(TITLES, start=1):
        parts.append(f"{header(number, title)}\n\nText {number}, siehe die in § 4 genannten Mittel.")
    return "\n\n".join(parts)


@pytest.mark.parametrize(("form", "header"), [
    ("glued 8", lambda n, t: f"8{n} {t}"),
    ("glued 4", lambda n, t: f"4{n}\n\n{t}"),
    ("glued 8 and a dash, the title under it", lambda n, t: f"8{n}-\n{t}"),  # '§ 5 -' as OCR reads it
    ("sign and a dash, the title under it", lambda n, t: f"§ {n} -\n{t}"),
    ("dollar inline", lambda n, t: f"${n} {t}"),
    ("number only", lambda n, t: f"{n}\n\n{t}"),
    ("number with dot", lambda n, t: f"{n}. {t}"),
    ("dropped", lambda n, t: t),
])
def test_misread_or_dropped_signs_are_aligned_to_the_known_titles(form: str, header) -> None:
    sections = sections_of(_agreement(header))
    assert [(s.key, s.title) for s in sections if s.key[:1].isdigit()] == [(str(n), t) for n, t in enumerate(TITLES, start=1)]
    assert all("genannten Mittel" in s.text for s in sections if s.key[:1].isdigit())


def test_a_misread_number_under_a_known_title_takes_the_next_number() -> None:
    text = _agreement(lambda n, t: f"§ {8 if n == 6 else n}\n\n{t}")  # '§ 6' read as '§ 8'
    assert [s.key for s in sections_of(text) if s.key[:1].isdigit()] == ["1", "2", "3", "4", "5", "6", "7"]


def test_an_inserted_section_4a() -> None:
    text = _agreement(lambda n, t: f"§ {n}\n\n{t}").replace("§ 5\n", "§ 4a\n\nSprachförderung\n\nText 4a.\n\n§ 5\n")
    assert [s.key for s in sections_of(text) if s.key[:1].isdigit()] == ["1", "2", "3", "4", "4a", "5", "6", "7"]


def test_known_title_inside_a_sentence_or_the_title_block_is_no_header() -> None:
    text = ("Zielvereinbarung\n\nüber das\n\nAusbildungs- und Qualifizierungsbudget\n\n2024\n\nPräambel\n\nText.\n\n"
            "§ 1\n\nZiele des Landes\n\nDas Land fördert mit dem Ausbildungs- und Qualifizierungsbudget\nZielsteuerung und mehr.\n\n"
            "§ 2\n\nVerpflichtungen\n\nText.")
    sections = sections_of(text)
    assert [s.key for s in sections] == ["kopf", "praeambel", "1", "2"]
    assert "Ausbildungs- und Qualifizierungsbudget" in sections[0].text


def test_the_budget_line_of_the_budget_section_is_no_header() -> None:
    """'Ausbildungs- und Qualifizierungsbudget 2021 € 891.250' opens with a known title's words but holds the
    amount: it stays in § 4, and the headers read as '84:' with their titles under them keep their numbers."""
    def header(n: int, t: str) -> str:
        return f"8{n}:\n{t}"
    text = _agreement(header).replace("Text 4, siehe die in § 4 genannten Mittel.\n\n",  # the amount ends a page
                                      "Das HMSI stellt folgende Haushaltsmittel zur Verfügung:\nAusbildungs- und Qualifizierungsbudget 2021 € 891.250\f")
    sections = sections_of(text)
    assert [(s.key, s.title) for s in sections if s.key[:1].isdigit()] == [(str(n), t) for n, t in enumerate(TITLES, start=1)]
    assert "€ 891.250" in by_key(sections)["4"].text


def test_a_speck_before_a_title_and_a_table_header_under_it() -> None:
    """'84:' with its title under it behind a speck OCR read as '.', then the list's table: the title is
    the known one without the speck, and the table's column titles stay in the section's text."""
    def header(n: int, t: str) -> str:
        return f"8{n}:\n\n. {t}" if n == 5 else f"8{n}:\n{t}"
    text = _agreement(header).replace("Text 5, siehe die in § 4 genannten Mittel.",
                                      "Mit den Mitteln werden folgende Maßnahmen umgesetzt:\n\nMaßnahmenart\tProjekt\n\n"
                                      "Ausbildung\tPraxisklasse\n\nText 5, siehe die in § 4 genannten Mittel.")
    sections = sections_of(text)
    assert [(s.key, s.title) for s in sections if s.key[:1].isdigit()] == [(str(n), t) for n, t in enumerate(TITLES, start=1)]
    assert by_key(sections)["5"].text.startswith("Mit den Mitteln") and "Maßnahmenart\tProjekt" in by_key(sections)["5"].text


def test_a_table_row_is_no_section_title() -> None:
    """A row of cells under a sentence ending in ':' may read like a known title ('§ 3' itself lost,
    under a stamp); a tab between the cells says it is none."""
    third = "§ 3\n\nUmsetzung der UN-Behindertenrechtskonvention\n\nText 3, siehe die in § 4 genannten Mittel.\n\n"
    text = _agreement(lambda n, t: f"§ {n}\n\n{t}")
    assert third in text
    text = text.replace(third, "").replace(
        "Text 2, siehe", "Die Partner vereinbaren:\n\nUmsetzung der UN-Behindertenrechtskonvention\tja\n\nText 2, siehe")
    sections = sections_of(text)
    assert [s.key for s in sections if s.key[:1].isdigit()] == ["1", "2", "4", "5", "6", "7"]
    assert "Behindertenrechtskonvention\tja" in by_key(sections)["2"].text


def test_headers_with_a_speck_before_the_number_or_a_comma_for_its_dot_are_found() -> None:
    """A scan: '’4. Haushaltsmittel und Eckdaten' (a speck read as a mark before the number) and, atop the
    next page, '‚5, Ziele für die Umsetzung …'; under § 5 a list whose first heading, '1) Ausbildungs- und
    Qualifizierungsvorbereitung.', reads like § 1's title but names a measure type: no section."""
    text = ("Präambel\n\nText.\n\n§ 1 Ausbildungs- und Qualifizierungsbudget\n\nText.\n\n§ 2 Verpflichtungen der Vereinbarungspartner\n\n"
            "Text.\n\n§ 3 Umsetzung der UN-Behindertenrechtskonvention\n\nText.\n\n’4. Haushaltsmittel und Eckdaten\n\n"
            "Das HMSI stellt Mittel bereit.\f‚5, Ziele für die Umsetzung der Landeshauptstadt Wiesbaden\n"
            "Es werden folgende Projekte gefördert:\n1) Ausbildungs- und Qualifizierungsvorbereitung.\n- Jugend Flex\n\n"
            "§ 6 Zielsteuerung\n\nText.")
    assert [(s.key, s.title) for s in text_to_sections(document_text(pages_to_document(text.split("\f"), source="ocr")), rules())
            if s.key.isdigit()] == [("1", "Ausbildungs- und Qualifizierungsbudget"), ("2", "Verpflichtungen der Vereinbarungspartner"),
                                    ("3", "Umsetzung der UN-Behindertenrechtskonvention"), ("4", "Haushaltsmittel und Eckdaten"),
                                    ("5", "Ziele für die Umsetzung der Landeshauptstadt Wiesbaden"), ("6", "Zielsteuerung")]
