"""Project list: measure-type headings and the projects under them, in every list style the agreements use."""

from __future__ import annotations

import pytest

from extract.extraction.projects import extract_projects, heading_to_measure_type
from extract.model import Project
from helpers import agreement_of, agreement_text, context_of, rules, seed_text

AV = "ausbildungsvorbereitung"
AB = "ausbildung"
QU = "qualifizierung"
WB = "weiterbildung_personal"
SO = "sonstige"

H_AV = "Ausbildungsvorbereitung"
H_AB = "Ausbildung und Ausbildungscoaching in anerkannten Ausbildungsberufen"
H_QU = "Qualifizierungsprojekte zur Arbeitsmarktintegration, Fachkräftesicherung"
H_WB = (
    "Weiterbildungsmaßnahmen für Personal der Landkreise und kreisfreien Städte in der fachlichen Verantwortung "
    "für Benachteiligte im Kontext der Arbeitsmarktförderung"
)


def run(block: str) -> tuple[tuple[Project, ...], list[str]]:
    return extract_projects(context_of(agreement_text(projects=block)))


def rows(block: str) -> list[tuple[str, str]]:
    projects, _ = run(block)
    return [(p.measure_type, p.project_name) for p in projects]


# --- the seeds -----------------------------------------------------------------------------------


def test_seed0_projects() -> None:
    projects = agreement_of(seed_text(0)).projects
    assert [(p.position, p.measure_type, p.project_name) for p in projects] == [
        (1, AV, "Jugend Flex"),
        (2, AV, "RESA Bildungsfonds"),
        (3, AV, "Berufscamp"),
        (4, AB, "Begleitete Ausbildung"),
        (5, QU, "Herstellung Prozessfähigkeit"),
        (6, WB, "BASS Studiengang 2024"),
    ]
    # the heading wrapped over three lines is joined, and its OCR errors are repaired
    assert projects[5].measure_type_raw == H_WB


def test_seed1_projects() -> None:
    projects = agreement_of(seed_text(1)).projects
    assert [(p.position, p.measure_type, p.project_name) for p in projects] == [
        (1, AV, "A.N.K.E.R."),
        (2, AV, "B.R.I.D.G.E."),
        (3, AB, "Kooperative BaE in Teilzeit"),
        (4, QU, "SPRINT Frauen 2.0"),
        (5, QU, "FAKT"),
        (6, WB, "BASS 2025"),
    ]
    assert [p.measure_type_raw for p in projects][2] == H_AB


# --- list styles ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "block",
    [
        pytest.param(f"{H_AV}\n\n• Jugend Flex\n\n• Berufscamp\n\n{H_QU}\n• FAKT", id="bullets with gaps"),
        pytest.param(f"{H_AV}\n● Jugend Flex\n▪ Berufscamp\n{H_QU}\n➢ FAKT", id="other bullet glyphs"),
        pytest.param(f"{H_AV}\n- Jugend Flex\n– Berufscamp\n{H_QU}\n— FAKT", id="dashes"),
        pytest.param(f"{H_AV}\no Jugend Flex\no Berufscamp\n{H_QU}\no FAKT", id="letter o bullets"),
        pytest.param(f"1. {H_AV}\n - Jugend Flex\n - Berufscamp\n2. {H_QU}\n - FAKT", id="numbered headings, dashed items"),
        pytest.param(f"{H_AV}\na) Jugend Flex\nb) Berufscamp\n{H_QU}\nc) FAKT", id="lettered items"),
        pytest.param(f"1. {H_AV}\na) Jugend Flex\nb) Berufscamp\n2. {H_QU}\na) FAKT", id="numbered headings, lettered items"),
        pytest.param(f"{H_AV}\n(1) Jugend Flex\n(2) Berufscamp\n{H_QU}\n(3) FAKT", id="bracketed numbers"),
        pytest.param(f"{H_AV}\n1. Jugend Flex\n2. Berufscamp\n{H_QU}\n3. FAKT", id="numbered items"),
        pytest.param(f"{H_AV}: Jugend Flex\n{H_AV}: Berufscamp\n{H_QU}: FAKT", id="heading: project on one line"),
        pytest.param(f"{H_AV}\nJugend Flex\nBerufscamp\n{H_QU}\nFAKT", id="unmarked"),
    ],
)
def test_list_styles(block: str) -> None:
    assert rows(block) == [(AV, "Jugend Flex"), (AV, "Berufscamp"), (QU, "FAKT")]


def test_inline_heading_with_the_project_on_the_same_line() -> None:
    projects, reasons = run("Ausbildungsvorbereitung: Jugend Flex")
    assert [(p.measure_type, p.measure_type_raw, p.project_name) for p in projects] == [(AV, "Ausbildungsvorbereitung", "Jugend Flex")]
    assert reasons == []


def test_heading_wrapped_over_three_lines() -> None:
    block = (
        "Ausbildungsvorbereitunq\n\n• Jugend Flex\n\n"
        "Weiterbildunqsmaßnahmen für Personal der Landkreise und kreisfreien Städte\n"
        "in der fachlichen Verantwortung für Benachteiliqte im Kontext der\n"
        "Arbeitsmarkfförderung\n\n• BASS Studiengang 2024"
    )
    projects, _ = run(block)
    assert [(p.measure_type, p.project_name) for p in projects] == [(AV, "Jugend Flex"), (WB, "BASS Studiengang 2024")]
    assert projects[1].measure_type_raw == H_WB


@pytest.mark.parametrize(
    "block",
    [
        f"{H_AV}\n• Kompetenzagentur – Beratung für junge Menschen\nmit Migrationshintergrund\n• Berufscamp",
        f"{H_AV}\n- Kompetenzagentur – Beratung für junge Menschen\n  mit Migrationshintergrund\n- Berufscamp",
        f"{H_AV}\n• Kompetenzagentur – Beratung für junge\nMenschen mit Migrationshintergrund\n• Berufscamp",
    ],
    ids=["bullet", "dash, indented", "capitalised continuation"],
)
def test_project_name_wrapped_over_two_lines(block: str) -> None:
    assert rows(block) == [(AV, "Kompetenzagentur – Beratung für junge Menschen mit Migrationshintergrund"), (AV, "Berufscamp")]


@pytest.mark.parametrize(
    "block",
    [
        f"1. {H_AV}\n - Jugend Flex\n2. {H_AB}\n - keine\n3. {H_QU}\n - FAKT",
        f"{H_AV}\n• Jugend Flex\n{H_AB}\n• entfällt\n{H_QU}\n• FAKT",
        f"{H_AV}: Jugend Flex\n{H_AB}: keine\n{H_QU}: FAKT",
        f"{H_AV}\n• Jugend Flex\n{H_AB}\n–\n{H_QU}\n• FAKT",
    ],
    ids=["keine", "entfällt", "inline keine", "dash only"],
)
def test_type_listed_with_keine_gives_no_row(block: str) -> None:
    assert rows(block) == [(AV, "Jugend Flex"), (QU, "FAKT")]


def test_only_keine_means_no_projects() -> None:
    projects, reasons = run(f"{H_AV}\n• keine")
    assert projects == ()
    assert reasons == ["projects_not_found"]


@pytest.mark.parametrize(
    ("heading", "code"),
    [
        ("Ausbildungsvorbereitung", AV),
        ("Berufsorientierung und Ausbildungsvorbereitung", AV),
        ("Maßnahmen zur Ausbildungsvorbereitung", AV),
        ("Ausbildungs- und Qualifizierungsvorbereitung", AV),
        (H_AB, AB),
        ("Ausbildung in anerkannten Ausbildungsberufen", AB),
        (H_QU, QU),
        ("Qualifizierung zur Arbeitsmarktintegration und Fachkräftesicherung", QU),
        ("Qualifizierungsprojekte zur Arbeitsmarktintegration, Fachkräfte sicherung", QU),
        (H_WB, WB),
        ("Fortbildung des kommunalen Fachpersonals", WB),
        ("Weiterbildung von Fachpersonal", WB),
        ("Weitere Maßnahmen", SO),
        ("Sonstiges", SO),
    ],
)
def test_drifting_heading_wording(heading: str, code: str) -> None:
    assert rows(f"{heading}\n• Projekt Eins") == [(code, "Projekt Eins")]
    found = heading_to_measure_type(heading, rules())
    assert found is not None and found.code == code


@pytest.mark.parametrize("text", ["Jugend Flex", "BASS 2025", "Die", "A" * 300])
def test_not_a_heading(text: str) -> None:
    assert heading_to_measure_type(text, rules()) is None


@pytest.mark.parametrize(
    ("item", "name"),
    [
        ("• „Fit für die Zukunft“", "„Fit für die Zukunft“"),
        ('• "Fit für die Zukunft"', "„Fit für die Zukunft“"),
        ("• A.N.K.E.R.", "A.N.K.E.R."),
        (" - B.R.I.D.G.E.", "B.R.I.D.G.E."),
        ("– SPRINT Frauen 2.0", "SPRINT Frauen 2.0"),
        ("a) Jobcoaching (JoCo) – Modul 2", "Jobcoaching (JoCo) – Modul 2"),
        ("• Sprachcafé & Co.", "Sprachcafé & Co."),
        ("• BASS Studiengang 2024;", "BASS Studiengang 2024"),
        ("1. WIR-Projekt/Plus", "WIR-Projekt/Plus"),
    ],
)
def test_project_names_keep_their_punctuation_and_lose_the_marker(item: str, name: str) -> None:
    assert rows(f"{H_AV}\n{item}") == [(AV, name)]


def test_positions_are_1_based_in_document_order() -> None:
    block = f"{H_QU}\n• FAKT\n{H_AV}\n• Jugend Flex\n• Berufscamp\n{H_WB}\n• BASS 2025\n{H_AV}\n• Nachzügler"
    projects, _ = run(block)
    assert [(p.position, p.measure_type, p.project_name) for p in projects] == [
        (1, QU, "FAKT"),
        (2, AV, "Jugend Flex"),
        (3, AV, "Berufscamp"),
        (4, WB, "BASS 2025"),
        (5, AV, "Nachzügler"),
    ]


def test_list_crossing_a_page_break() -> None:
    block = f"1. {H_AV}\n - A.N.K.E.R.\n - B.R.I.D.G.E.\f - Jugend Flex\n2. {H_AB}\n - Kooperative BaE in Teilzeit"
    projects, reasons = run(block)
    assert [(p.position, p.measure_type, p.project_name, p.provenance.page) for p in projects] == [
        (1, AV, "A.N.K.E.R.", 1),
        (2, AV, "B.R.I.D.G.E.", 1),
        (3, AV, "Jugend Flex", 2),
        (4, AB, "Kooperative BaE in Teilzeit", 2),
    ]
    assert reasons == []


def test_wrapped_name_crossing_a_page_break() -> None:
    block = f"{H_AV}\n• Kompetenzagentur – Beratung für junge\fMenschen im Landkreis\n• Berufscamp"
    assert rows(block) == [(AV, "Kompetenzagentur – Beratung für junge Menschen im Landkreis"), (AV, "Berufscamp")]


def test_list_ends_at_the_closing_sentence() -> None:
    projects, _ = run(f"{H_AV}\n• Jugend Flex")
    assert [p.project_name for p in projects] == ["Jugend Flex"]  # 'Die Förderung ... Bescheides.' is not a project


def test_project_provenance() -> None:
    projects, _ = run(f"{H_AV}\n• Jugend Flex")
    prov = projects[0].provenance
    assert (prov.page, prov.source, prov.rule) == (1, "text_layer", "projects.list")
    assert prov.snippet == "Jugend Flex"  # the name only: the marker's OCR confidence must not count
    assert prov.bbox is not None


def test_items_before_any_heading_are_flagged() -> None:
    projects, reasons = run("• Jugend Flex\n• Berufscamp")
    assert [(p.measure_type, p.project_name) for p in projects] == [(SO, "Jugend Flex"), (SO, "Berufscamp")]
    assert reasons == ["project_without_measure_type"]


# --- weaknesses ----------------------------------------------------------------------------------


def test_unmarked_acronyms_keep_their_first_letter() -> None:
    assert rows(f"{H_AV}\nA.N.K.E.R.\nB.R.I.D.G.E.\n{H_QU}\nFAKT") == [(AV, "A.N.K.E.R."), (AV, "B.R.I.D.G.E."), (QU, "FAKT")]


@pytest.mark.parametrize("marker", ["•", " -"])
def test_wrapped_name_with_a_keyword_on_its_second_line(marker: str) -> None:
    block = f"{H_AV}\n{marker} Jugend Flex – Orientierung für junge Menschen\nohne Ausbildungsplatz\n{marker} Berufscamp"
    assert rows(block) == [(AV, "Jugend Flex – Orientierung für junge Menschen ohne Ausbildungsplatz"), (AV, "Berufscamp")]


def test_unmarked_project_names_with_keywords() -> None:
    block = f"{H_AV}\nJugend Flex\n{H_AB}\nBegleitete Ausbildung\nTeilzeitausbildung Plus"
    assert rows(block) == [(AV, "Jugend Flex"), (AB, "Begleitete Ausbildung"), (AB, "Teilzeitausbildung Plus")]


FALLBACK_REASON = (
    "without a recognised intro sentence the fallback region counts prose lines that merely contain a keyword "
    "(§ 1 wins on seed 0) and starts at the section's '§ n' header line, which becomes a project"
)


def test_no_list_at_all() -> None:
    text = agreement_text(projects="").replace("in den jeweiligen Maßnahmenarten folgende Projekte:", "Projekte.")
    projects, reasons = extract_projects(context_of(text))
    assert [p.project_name for p in projects] == []
    assert reasons == ["projects_not_found"]


@pytest.mark.parametrize("seed", [0, 1])
def test_list_found_with_another_intro_sentence(seed: int) -> None:
    original = [(p.measure_type, p.project_name) for p in agreement_of(seed_text(seed)).projects]
    reworded = seed_text(seed).replace("folgende Projekte:", "die nachstehend aufgeführten Projekte:")
    assert reworded != seed_text(seed)
    assert [(p.measure_type, p.project_name) for p in agreement_of(reworded).projects] == original


@pytest.mark.parametrize("header", ["Maßnahmenart\tProjekt", "Maßnahmenart\tProjekte:", "Maßnahme\tTräger"])
def test_table_column_titles_are_not_a_heading_or_project(header: str) -> None:
    block = f"{header}\nAusbildungsvorbereitung\tLernwerkstatt\n\tMädchen in MINT-Berufe\n\nSonstiges\tBASS 2026\n"
    assert rows(block) == [("ausbildungsvorbereitung", "Lernwerkstatt"), ("ausbildungsvorbereitung", "Mädchen in MINT-Berufe"),
                           ("sonstige", "BASS 2026")]


@pytest.mark.parametrize(
    "block",
    [
        f"{H_AV}\n• Jugend Flex;\n• Berufscamp.\n{H_QU}\n• FAKT.",
        f"{H_AV}\n• Jugend Flex und\n• Berufscamp.\n{H_QU}\n• FAKT.",
    ],
    ids=["semicolons, one sentence per heading", "und, one sentence per heading"],
)
def test_each_headings_items_written_as_a_sentence(block: str) -> None:
    assert rows(block) == [(AV, "Jugend Flex"), (AV, "Berufscamp"), (QU, "FAKT")]


@pytest.mark.parametrize(
    "block",
    [
        f"I. {H_AV}\ni) Jugend Flex\nii)Berufscamp\nII.{H_QU}\ni) FAKT",
        f"{H_AV}\n➘ Jugend Flex\n➘ Berufscamp\n{H_QU}\n➘ FAKT",
        f"{H_AV}\n\uf0b7 Jugend Flex\n\uf0b7 Berufscamp\n{H_QU}\n\uf0b7 FAKT",
    ],
    ids=["roman markers glued to the text", "an arrow a font put for another", "a symbol font's bullet"],
)
def test_markers_of_any_glyph_and_spacing(block: str) -> None:
    assert rows(block) == [(AV, "Jugend Flex"), (AV, "Berufscamp"), (QU, "FAKT")]


def test_list_goes_on_through_a_numbered_heading_taken_for_a_section() -> None:
    """Sections numbered '5.' without '§' and list headings numbered '1.' '2.' '3.': a heading that
    segmentation takes for the next section ('6. Ausbildungs- und Qualifizierungsvorbereitung') is
    still the list's."""
    import re

    block = (f"1. Ausbildungs- und Qualifizierungsvorbereitung\n(a) Jugend Flex\n(b) Berufscamp\n2. {H_AB}\nentfällt\n\n"
             "3. Qualifizierung zur Arbeitsmarktintegration und\nFachkräftesicherung\n(a) FAKT")
    text = re.sub(r"^§ ?(\d+)\n?", r"\1. ", agreement_text(projects=block), flags=re.M)
    projects, _ = extract_projects(context_of(text))
    assert [(p.measure_type, p.project_name) for p in projects] == [(AV, "Jugend Flex"), (AV, "Berufscamp"), (QU, "FAKT")]


@pytest.mark.parametrize("block", [
    pytest.param(f"1. {H_AV}\n\n2. {H_AB}\n- Kooperative BaE in Teilzeit", id="numbered headings"),
    pytest.param(f"{H_AV}:\n\n{H_AB}:\n• Kooperative BaE in Teilzeit\n• FAKT", id="unnumbered headings, bullets"),
    pytest.param(f"Maßnahmenart\tProjekt\n{H_AV}\t\n{H_AB}\tKooperative BaE in Teilzeit", id="a table row without a project"),
])
def test_a_heading_with_nothing_under_it_is_flagged(block: str) -> None:
    """Its projects may not have been read (OCR dropped the lines, a page break): the list says so."""
    _, reasons = run(block)
    assert "measure_type_without_projects" in reasons


@pytest.mark.parametrize("block", [
    pytest.param(f"1. {H_AV}\n- keine\n2. {H_AB}\n- Kooperative BaE in Teilzeit", id="keine"),
    pytest.param(f"1. {H_AV}: entfällt\n2. {H_AB}\n- Kooperative BaE in Teilzeit", id="inline entfällt"),
    pytest.param(f"Maßnahmenart\tProjekt\n{H_AV}\t–\n{H_AB}\tKooperative BaE in Teilzeit", id="a dash in the table"),
    pytest.param(f"1. {H_AV}\n- A.N.K.E.R.\n2. {H_AB}\n- Kooperative BaE in Teilzeit", id="every heading with a project"),
])
def test_a_heading_said_to_have_no_project_is_not_flagged(block: str) -> None:
    _, reasons = run(block)
    assert "measure_type_without_projects" not in reasons


def test_items_written_as_one_sentence_lose_their_separators_also_after_a_cell_break() -> None:
    """'A,' 'B und' 'C.': a justified line's wide space that layout read as a cell break before 'und'
    is still the separator, not part of the name."""
    block = f"{H_AV}:\n(1) Jugend Flex,\n(2) Berufscamp\tund\n(3) Werkstattjahr Plus."
    assert [name for _, name in rows(block)] == ["Jugend Flex", "Berufscamp", "Werkstattjahr Plus"]


@pytest.mark.parametrize(
    "projects",
    ["", "Die Förderung der aufgeführten Maßnahmen erfolgt nach Maßgabe des Bescheides."],
    ids=["nothing", "the sentence after the list"],
)
def test_a_list_introduction_with_no_list_under_it_finds_no_projects(projects: str) -> None:
    """The sentence introducing the list, then nothing (or at once the sentence after it: OCR lost the list)."""
    projects_found, reasons = extract_projects(context_of(agreement_text(projects=projects)))
    assert projects_found == ()
    assert reasons == ["projects_not_found"]


def test_a_heading_after_an_item_ending_in_a_comma_of_a_sentence_list_is_a_heading() -> None:
    """Items written as one sentence ('a) …,' 'b) … und' 'c) ….'): the last item before the next
    heading ends in its comma. 'Sprungbrett Ausbildung 2025,' names a type word itself, yet it is an
    item (it stands under a heading), so 'Ausbildung und Ausbildungsbegleitung' after it is a heading."""
    block = ("Ausbildungsvorbereitung\n\na) Jugend Flex und\nb) Sprungbrett Ausbildung 2025,\n\n"
             "Ausbildung und Ausbildungsbegleitung\n\na) Begleitete Ausbildung.")
    projects, _ = run(block)
    assert [(p.measure_type_raw, p.project_name) for p in projects] == [
        ("Ausbildungsvorbereitung", "Jugend Flex"), ("Ausbildungsvorbereitung", "Sprungbrett Ausbildung 2025"),
        ("Ausbildung und Ausbildungsbegleitung", "Begleitete Ausbildung")]


def test_a_line_saying_none_under_a_heading_of_one_scheme_on_two_levels_is_no_part_of_the_heading() -> None:
    """'1.' headings over '1.' items, a type with 'entfällt' on the line under it: the word says the
    type has no project; joined to the heading it made the heading read as no type, and the heading an
    item ('Ausbildung und Ausbildungsbegleitung entfällt') of the type above."""
    block = ("1. Maßnahmen zur Ausbildungsvorbereitung\n1. „Fit für die Zukunft“\n2. Ausbildung und Ausbildungsbegleitung\n"
             "entfällt\n3. Qualifizierung zur Arbeitsmarktintegration und Fachkräftesicherung\n1. Digitale Grundkompetenzen")
    projects, reasons = run(block)
    assert [(p.measure_type_raw, p.project_name) for p in projects] == [
        ("Maßnahmen zur Ausbildungsvorbereitung", "„Fit für die Zukunft“"),
        ("Qualifizierung zur Arbeitsmarktintegration und Fachkräftesicherung", "Digitale Grundkompetenzen")]
    assert "measure_type_without_projects" not in reasons


@pytest.mark.parametrize("mark", [".", "•", "–"])
def test_a_speck_read_as_a_bullet_before_the_sentence_after_the_list_ends_the_list(mark: str) -> None:
    """'. Die Förderung der aufgeführten Maßnahmen erfolgt nach Maßgabe …' (a speck OCR read as a
    bullet): a sentence that opens as the one closing a list does, with its verb and full stop, is no item."""
    block = (f"1. {H_AV}:\n– Jugend Flex;\n– Berufscamp.\n\n{mark} Die Förderung der aufgeführten Maßnahmen erfolgt nach "
             "Maßgabe der Richtlinien des Landes Hessen\nzur Förderung des Ausbildungs- und Qualifizierungsbudgets.")
    assert [name for _, name in rows(block)] == ["Jugend Flex", "Berufscamp"]


def test_a_bulleted_name_that_opens_like_the_closing_sentence_is_still_an_item() -> None:
    """'– Die Förderung junger Mütter' opens as a closing sentence does, but is no sentence (no verb, no full stop)."""
    block = f"1. {H_AV}:\n– Jugend Flex\n– Die Förderung junger Mütter\n– Berufscamp"
    assert [name for _, name in rows(block)] == ["Jugend Flex", "Die Förderung junger Mütter", "Berufscamp"]


def test_items_of_a_sentence_whose_numbers_were_lost_stand_apart_by_their_blank_lines() -> None:
    """'Verbundausbildung Metall,' / blank / 'Begleitete Ausbildung und' / blank / 'ProAbschluss Jugend.'
    (the items' numbers lost): a list written as one sentence, whose separators end its items where a
    blank line follows; without blank lines between, the lines are one name's wrapped lines."""
    block = (f"1) {H_AV}:\n\nkeine\n\n2) Ausbildung in anerkannten Ausbildungsberufen:\n\nVerbundausbildung Metall,\n\n"
             "Begleitete Ausbildung und\n\nProAbschluss Jugend.")
    assert [name for _, name in rows(block)] == ["Verbundausbildung Metall", "Begleitete Ausbildung", "ProAbschluss Jugend"]
