"""The outline parser: list schemes never seen as a whole before, read from marker families."""

from __future__ import annotations

import pytest

from extract.extraction.projects import extract_projects
from helpers import agreement_text, context_of

AV, AB, QU, SO = "ausbildungsvorbereitung", "ausbildung", "qualifizierung", "sonstige"
H_AV = "Ausbildungsvorbereitung"
H_AB = "Ausbildung in anerkannten Ausbildungsberufen"
H_QU = "Qualifizierung zur Arbeitsmarktintegration und Fachkräftesicherung"
WANT = [(AV, "Jugend Flex"), (AV, "Berufscamp"), (QU, "FAKT")]


def rows(block: str) -> list[tuple[str, str]]:
    projects, _ = extract_projects(context_of(agreement_text(projects=block)))
    return [(p.measure_type, p.project_name) for p in projects]


@pytest.mark.parametrize(
    "block",
    [
        pytest.param(f"1. {H_AV}\n1.1 Jugend Flex\n1.2 Berufscamp\n2. {H_QU}\n2.1 FAKT", id="two-level 1.1"),
        pytest.param(f"1. {H_AV}\n1.1. Jugend Flex\n1.2. Berufscamp\n2. {H_QU}\n2.1. FAKT", id="two-level 1.1."),
        pytest.param(f"1. {H_AV}\n11 Jugend Flex\n12 Berufscamp\n2. {H_QU}\n21 FAKT", id="OCR 21 for 2.1"),
        pytest.param(f"A) {H_AV}\n1. Jugend Flex\n2. Berufscamp\nB) {H_QU}\n1. FAKT", id="capitals over numbers"),
        pytest.param(f"I. {H_AV}\na) Jugend Flex\nb) Berufscamp\nII. {H_QU}\na) FAKT", id="roman over letters"),
        pytest.param(f"1. {H_AV}\ni) Jugend Flex\nii) Berufscamp\n2. {H_QU}\ni) FAKT", id="numbers over small roman"),
        pytest.param(f"(1) {H_AV}\n(a) Jugend Flex\n(b) Berufscamp\n(2) {H_QU}\n(a) FAKT", id="bracketed"),
        pytest.param(f"{H_AV}\n▪ Jugend Flex\n▪ Berufscamp\n{H_QU}\n▪ FAKT", id="unnumbered headings, bullets"),
        pytest.param(f"A. {H_AV}\n- Jugend Flex\n- Berufscamp\nB. {H_QU}\n- FAKT", id="capitals with dots over dashes"),
    ],
)
def test_mixed_schemes(block: str) -> None:
    assert rows(block) == WANT


def test_letters_h_then_i_stay_letters() -> None:
    items = "\n".join(f"{letter}) Projekt {letter.upper()}" for letter in "abcdefghij")
    assert [name for _, name in rows(f"1. {H_AV}\n{items}")] == [f"Projekt {letter.upper()}" for letter in "abcdefghij"]


@pytest.mark.parametrize(
    "block",
    [
        f"{H_AV}\n• Jugend Flex,\n• Berufscamp und\n{H_QU}\n• FAKT.",
        f"{H_AV}\n• Jugend Flex;\n• Berufscamp;\n{H_QU}\n• FAKT.",
    ],
    ids=["comma und", "semicolon"],
)
def test_items_written_as_one_sentence(block: str) -> None:
    assert rows(block) == WANT


def test_acronym_keeps_its_dots_in_a_punctuated_list() -> None:
    assert rows(f"{H_AV}\n• Jugend Flex,\n• A.N.K.E.R.") == [(AV, "Jugend Flex"), (AV, "A.N.K.E.R.")]


@pytest.mark.parametrize(
    "closing",
    [
        "Die Förderung der aufgeführten Maßnahmen erfolgt auf Basis des Bescheides.",
        "Die Projekte stehen allen Teilnehmenden des AQB offen.",
        "Änderungen der Projekte sind dem Ministerium rechtzeitig vor ihrem Beginn schriftlich anzuzeigen.",
    ],
)
def test_the_sentence_after_the_list_is_not_an_item(closing: str) -> None:
    assert rows(f"{H_AV}\n• Jugend Flex\n• Berufscamp\n{H_QU}\n• FAKT\n\n{closing}") == WANT


def test_sub_items_of_a_project_are_not_projects() -> None:
    block = f"1. {H_AV}\n  a) Jugend Flex\n    - Modul 1\n    - Modul 2\n  b) Berufscamp\n2. {H_QU}\n  a) FAKT"
    projects, reasons = extract_projects(context_of(agreement_text(projects=block)))
    assert [(p.measure_type, p.project_name) for p in projects] == WANT
    assert "project_subitems" in reasons


@pytest.mark.parametrize(
    "table",
    [
        f"Maßnahmenart\tProjekt\n{H_AV}\tJugend Flex\n\tBerufscamp\fMaßnahmenart\tProjekt\n{H_QU}\tFAKT",
        f"Projekt\tMaßnahmenart\nJugend Flex\t{H_AV}\nBerufscamp\t{H_AV}\nFAKT\t{H_QU}",
        f"{H_AV}\tJugend Flex\n{H_AV}\tBerufscamp\n{H_AB}\t–\n{H_QU}\tFAKT",
        f"Ausbildungs- und\tJugend Flex\nQualifizierungsvorbereitung\tBerufscamp\n\n{H_QU}\tFAKT",
    ],
    ids=["title row repeated after a page break", "project column first", "type in every row, empty type", "type cell wrapped"],
)
def test_table_forms(table: str) -> None:
    assert rows(table) == WANT


@pytest.mark.parametrize(
    "block",
    [
        f"(1) {H_AV}:\n(1) Jugend Flex\n(2) Berufscamp\n(2) {H_QU}:\n(1) FAKT",
        f"1. {H_AV}:\n1. Jugend Flex\n2. Berufscamp\n2. {H_QU}:\n1. FAKT",
        f"(1) {H_AV}:\n(1) Jugend Flex\n(2) Berufscamp\n(2) {H_AB}:\n(1) entfällt\n(3) {H_QU}:\n(1) FAKT",
    ],
    ids=["bracketed on both levels", "numbers on both levels", "both levels at the same number"],
)
def test_one_scheme_on_two_levels_told_by_the_numbering(block: str) -> None:
    assert rows(block) == WANT


def test_one_scheme_on_two_levels_an_item_with_a_type_keyword_at_the_headings_number() -> None:
    """'(3) Ausbildungsbegleitung „Dranbleiben“' after heading (2) and its item (2): the number fits both
    levels, and the name holds a type keyword ('Ausbildung…'); it is a heading only when it reads as one
    as closely as a bulleted line must, so here it stays an item of heading (2)."""
    block = (f"(1) {H_AV}\n(1) Jugend Flex\n(2) {H_AB}\n(1) Berufscamp\n(2) Azubi-Coaching\n"
             f"(3) Ausbildungsbegleitung „Dranbleiben“\n(3) {H_QU}\n(1) FAKT")
    assert rows(block) == [(AV, "Jugend Flex"), (AB, "Berufscamp"), (AB, "Azubi-Coaching"),
                           (AB, "Ausbildungsbegleitung „Dranbleiben“"), (QU, "FAKT")]


def reasons(block: str) -> list[str]:
    return extract_projects(context_of(agreement_text(projects=block)))[1]


def test_a_first_ordinal_repeated_is_the_next_one_misread() -> None:
    """OCR read 'ii)' as 'i)': the line is the next item of its level, not a sub-item of the one before
    (which would drop it). The count goes on after it ('iii)'), so no item is lost: not flagged. Where
    nothing after it shows that ('i)', 'i)' and the next heading), a restart (a heading lost between) is
    as likely: flagged."""
    block = f"(1) {H_AV}\ni) Jugend Flex\ni) Berufscamp\niii) Praxisklasse\n(2) {H_QU}\ni) FAKT"
    assert rows(block) == [(AV, "Jugend Flex"), (AV, "Berufscamp"), (AV, "Praxisklasse"), (QU, "FAKT")]
    assert "project_list_numbering" not in reasons(block)
    assert "project_list_numbering" in reasons(block.replace("iii) Praxisklasse\n", ""))


def test_a_last_heading_numeral_misread_as_the_one_before_is_no_break() -> None:
    """'II.' for 'III.' on the last heading (OCR drops a stroke of a roman numeral): the heading is
    there and named by its text; not flagged. A heading skipped ('I.', 'III.') is."""
    block = f"I. {H_AV}\n(1) Jugend Flex\nII. {H_AB}\n(1) Berufscamp\nII. {H_QU}\n(1) FAKT"
    assert rows(block) == [(AV, "Jugend Flex"), (AB, "Berufscamp"), (QU, "FAKT")]
    assert "project_list_numbering" not in reasons(block)
    assert "project_list_numbering" in reasons(f"I. {H_AV}\n(1) Jugend Flex\nIII. {H_QU}\n(1) FAKT")


@pytest.mark.parametrize("block", [
    f"1. {H_AV}\n1.1 Jugend Flex\n1.3 Berufscamp\n2. {H_QU}\n2.1 FAKT",
    f"1. {H_AV}\na) Jugend Flex\nc) Berufscamp\n2. {H_QU}\na) FAKT",
    f"1. {H_AV}\n- Jugend Flex\n- Berufscamp\n3. {H_QU}\n- FAKT",
], ids=["item skipped", "letter skipped", "heading skipped"])
def test_ordinals_that_do_not_count_on_are_flagged(block: str) -> None:
    assert "project_list_numbering" in reasons(block)


def _scanned(pages: list[str], lefts: list[float], slants: list[float]):
    """An OCRed document whose lines carry word boxes: each page's text starts at its own left edge,
    which runs `slant` page widths right per page height (a sheet fed aslant); bulleted lines stand
    0.03 right of the edge."""
    import hashlib

    from extract.pages import BBox, Document, Line, Page, Word

    built = []
    for number, (text, left, slant) in enumerate(zip(pages, lefts, slants), start=1):
        lines = []
        for row, line in enumerate(line for line in text.split("\n") if line.strip()):
            y = 0.05 + 0.02 * row
            x = left + slant * y + (0.03 if line.startswith("• ") else 0.0)
            words = []
            for token in line.split():
                words.append(Word(token, BBox(x, y, x + 0.008 * len(token), y + 0.012), 90.0))
                x += 0.008 * len(token) + 0.005
            lines.append(Line(tuple(words)))
        built.append(Page(number, "ocr", "test", tuple(lines), 90.0))
    return Document("scan.pdf", "scan.pdf", hashlib.sha256("\f".join(pages).encode()).hexdigest(), tuple(built))


def test_a_list_across_pages_of_a_scan_fed_apart_and_aslant_keeps_its_levels() -> None:
    """The second sheet was fed 0.025 page widths further right and aslant: its item under the heading
    of the first page stands right of the first page's items, yet it is an item of that heading, not
    a sub-item (which would be dropped)."""
    from extract.extraction.agreement import document_to_agreement
    from helpers import rules, settings

    text = agreement_text(projects=f"{H_AV}\n• Jugend Flex\n• Berufscamp\n• Praxisklasse 9/10\n{H_QU}\n• FAKT")
    first, second = text.split("• Praxisklasse")
    document = _scanned([first, "• Praxisklasse" + second], [0.10, 0.125], [0.0, 0.02])
    agreement, _ = document_to_agreement(document, rules(), settings())
    assert [(p.measure_type, p.project_name) for p in agreement.projects] == [
        (AV, "Jugend Flex"), (AV, "Berufscamp"), (AV, "Praxisklasse 9/10"), (QU, "FAKT")]
    assert "project_subitems" not in agreement.review_reasons


def test_a_heading_marker_ocr_misread_is_no_part_of_the_heading() -> None:
    """'1.' read as '1', '2.' as 'S!': the headings still name their types, and are written without them."""
    block = f"1 {H_AV}\n1.1 Jugend Flex\n1.2 Berufscamp\nS! {H_QU}\n2.1 FAKT"
    projects, _ = extract_projects(context_of(agreement_text(projects=block)))
    assert [(p.measure_type, p.measure_type_raw, p.project_name) for p in projects] == [
        (AV, H_AV, "Jugend Flex"), (AV, H_AV, "Berufscamp"), (QU, H_QU, "FAKT")]


@pytest.mark.parametrize("heading_marker, item_markers", [("", ("1.", "2.", "1.")), ("A) ", ("a)", "b)", "a)")),
                                                          ("1. ", ("(1)", "(2)", "(1)")), ("I. ", ("i)", "ii)", "i)"))])
@pytest.mark.parametrize("colon", [":", ""])
def test_a_long_heading_wrapped_where_no_connector_ends_its_line_is_one_heading(heading_marker: str, item_markers: tuple[str, str, str],
                                                                                colon: str) -> None:
    """'Weiterbildungsmaßnahmen für Personal der Landkreise und kreisfreien' / 'Städte in der
    fachlichen …' / 'Arbeitsmarktförderung:': the lines together name the type far better than the
    first alone, so they are one heading, not a project of the heading before."""
    first, second, again = item_markers
    other = heading_marker.replace("A", "B").replace("1", "2").replace("I.", "II.")
    block = (f"{heading_marker}Maßnahmen zur Ausbildungsvorbereitung{colon}\n{first} Jugend Flex\n{second} Berufscamp\n"
             f"{other}Weiterbildungsmaßnahmen für Personal der Landkreise und kreisfreien\n"
             f"Städte in der fachlichen Verantwortung für Benachteiligte im Kontext der\nArbeitsmarktförderung{colon}\n{again} Fachtag OloV")
    assert rows(block) == [(AV, "Jugend Flex"), (AV, "Berufscamp"), ("weiterbildung_personal", "Fachtag OloV")]


def test_a_project_under_a_complete_heading_is_no_part_of_it() -> None:
    assert rows(f"Maßnahmen zur Ausbildungsvorbereitung\nJugend Flex\nBerufscamp\n{H_QU}\nFAKT") == WANT


@pytest.mark.parametrize(
    "block",
    [
        pytest.param(f"{H_AV}\n• Jugend Flex\n) Berufscamp\n{H_QU}\n• FAKT", id="one garbled among bullets"),
        pytest.param(f"{H_AV}\n= Jugend Flex\n= Berufscamp\n{H_QU}\n= FAKT", id="every bullet garbled alike"),
        pytest.param(f"{H_AV}\n– Jugend Flex\n-– Berufscamp\n{H_QU}\n– FAKT", id="a dash read twice"),
        pytest.param(f"{H_AV}\n- Jugend Flex\n_ Berufscamp\n{H_QU}\n- FAKT", id="a dash read low as an underscore"),
        pytest.param(f"{H_AV}\no Jugend Flex\n0 Berufscamp\n{H_QU}\no FAKT", id="an o bullet read as a zero"),
    ],
)
def test_a_bullet_ocr_garbled_is_the_bullet_of_its_siblings(block: str) -> None:
    assert rows(block) == WANT


def test_a_zero_is_no_bullet_without_o_bullets_beside_it() -> None:
    names = [name for _, name in rows(f"{H_AV}\n- Jugend Flex\n0 Berufscamp\n{H_QU}\n- FAKT")]
    assert "Berufscamp" not in names


def test_a_lone_glyph_without_siblings_is_no_bullet() -> None:
    """') Berufscamp' in a list of numbered items: nothing tells its glyph was a bullet, it stays (and is flagged)."""
    names = [name for _, name in rows(f"1. {H_AV}\n1.1 Jugend Flex\n) Berufscamp\n2. {H_QU}\n2.1 FAKT")]
    assert "Berufscamp" not in names


@pytest.mark.parametrize("misread", ["be)", "bab)"])
def test_a_letter_marker_read_with_a_letter_too_many_is_the_next_letter(misread: str) -> None:
    block = f"{H_AV}\na) Jugend Flex\n{misread} Berufscamp\n{H_QU}\na) FAKT"
    assert rows(block) == WANT


def test_two_letters_that_hold_no_next_letter_are_no_marker() -> None:
    names = [name for _, name in rows(f"{H_AV}\na) Jugend Flex\nxy) Berufscamp\n{H_QU}\na) FAKT")]
    assert "Berufscamp" not in names


@pytest.mark.parametrize("values, counts", [
    ([1, 2, 3], True), ([1, 1, 3, 4], True), ([1, 2, 7, 4], True), ([1, 2, 2], True), ([1, 1, 2, 4], True),
    ([1, 2, 4], False), ([1, 2, 4, 5], False), ([1, 2, 1, 2], False), ([1, 1], False), ([1, 3], False),
], ids=["counts", "one misread", "digit misread", "last repeats", "roman strokes lost", "skip at the end", "skip",
        "restart", "first repeated", "second skipped"])
def test_ordinals_misread_on_nodes_that_are_there_still_count_on(values: list[int], counts: bool) -> None:
    """'i, i, ii, iv' for 'i, ii, iii, iv': the count ends where it must, no ordinal runs ahead, so no
    node is lost; a skip or a restart (a heading lost between) is a break."""
    from extract.extraction.ordinals import counts_on

    assert counts_on(values) is counts


def test_an_item_numbered_on_that_names_a_type_and_has_items_is_the_next_heading() -> None:
    """Headings and items marked alike ('1)'): after the items 1) to 3) of a heading, '4) Weiterbildungs-
    maßnahmen …' counts on as if it were an item, but it names a type as closely as a bulleted heading
    must and the items under it start again at 1): the next heading, not a project with sub-items."""
    h_wb = ("Weiterbildungsmaßnahmen für Personal der Landkreise und kreisfreien Städte in der fachlichen "
            "Verantwortung für Benachteiligte im Kontext der Arbeitsmarktförderung")
    block = (f"1) {H_AV}\n1) Jugend Flex\n2) Berufscamp\n2) {H_QU}\n1) FAKT\n2) SPRINT\n3) Pflegehelfer/-in Plus\n"
             f"4) {h_wb}\n1) BASS Studiengang 2026")
    assert rows(block)[-2:] == [(QU, "Pflegehelfer/-in Plus"), ("weiterbildung_personal", "BASS Studiengang 2026")]
    assert "project_subitems" not in reasons(block)


def test_specks_after_an_item_and_a_doubled_full_stop_are_no_part_of_the_name() -> None:
    """OCR read specks after the full stop closing a heading's items ('Berufscamp. °') and a speck as
    a second dot ('FAKT..'): the full stops of the items' sentence go, and so do the specks; an
    acronym keeps its own dot ('A.N.K.E.R..')."""
    block = f"1. {H_AV}\na) Jugend Flex;\nb) Berufscamp. °\n2. {H_QU}\na) A.N.K.E.R.;\nb) FAKT.."
    assert rows(block) == [(AV, "Jugend Flex"), (AV, "Berufscamp"), (QU, "A.N.K.E.R."), (QU, "FAKT")]


def test_a_list_line_is_matched_to_its_own_read_line_not_an_earlier_one_that_starts_alike() -> None:
    """'Ausbildungs- und Qualifizierungsbudget 2017' (the budget's row) and 'Ausbildungs- und
    Qualifizierungsvorbereitung …' (a row of the list) start with the same 24 letters: the list line
    gets the read line that is it as a whole, with its word boxes."""
    from extract.extraction.list_lines import region_lines

    text = ("Ausbildungs- und Qualifizierungsbudget 2017\t1.530.689,39 €\n\n"
            "Ausbildungs- und Qualifizierungsvorbereitung Kompetenzfeststellung (KomPass)\n")
    ctx = context_of(text)
    start = ctx.text.value.index("Ausbildungs- und Qualifizierungsvorb")
    lines = region_lines(ctx, start, len(ctx.text.value))
    assert lines[0].source is not None and lines[0].source.text == lines[0].text


def test_one_scheme_on_two_levels_with_wrapped_headings_that_count_on_from_items_too() -> None:
    """'1.' headings and '1.' items set flush: '2. Ausbildung und Ausbildungscoaching in' / 'anerkannten
    Ausbildungsberufen:' counts on from the heading and from the single item above alike, and only
    its whole text names a type: it is the next heading, as is '4. Weiterbildungsmaßnahmen …' after three items."""
    block = ("1. Ausbildungsvorbereitung:\n1. Schulverweigerung – Die 2. Chance\n\n"
             "2. Ausbildung und Ausbildungscoaching in\nanerkannten Ausbildungsberufen:\n1. Außerbetriebliche Ausbildung im Gastgewerbe\n\n"
             "3. Qualifizierungsprojekte zur Arbeitsmarktintegration und\nFachkräftesicherung:\n1. Pflegehelfer/-in Plus\n2. Sprache & Beruf\n"
             "3. Fahrerlaubnis C/CE\n\n4. Weiterbildungsmaßnahmen für Personal der Landkreise und kreisfreien\nStädte in der fachlichen "
             "Verantwortung für Benachteiligte im Kontext\nder Arbeitsmarktförderung:\n1. Zertifikatskurs Fallmanagement\n")
    assert rows(block) == [(AV, "Schulverweigerung – Die 2. Chance"), (AB, "Außerbetriebliche Ausbildung im Gastgewerbe"),
                           (QU, "Pflegehelfer/-in Plus"), (QU, "Sprache & Beruf"), (QU, "Fahrerlaubnis C/CE"),
                           ("weiterbildung_personal", "Zertifikatskurs Fallmanagement")]


def test_a_speck_read_as_a_dot_before_a_numbered_item_is_no_bullet() -> None:
    """'. 3.1 Pflegehelfer/-in Plus': OCR read a speck before the item's number as a dot (which may be
    a bullet before a word): the number is the marker, and the name is without it."""
    from extract.extraction.markers import line_marker
    from helpers import rules

    marker = line_marker(". 3.1 Pflegehelfer/-in Plus", rules(), [])
    assert marker is not None and marker.family == "multilevel:2" and marker.ordinal == "3.1"
    assert ". 3.1 Pflegehelfer/-in Plus"[marker.length:] == "Pflegehelfer/-in Plus"
    bullet = line_marker(". Ausbildungsreife stärken", rules(), [])
    assert bullet is not None and bullet.family == "bullet"


def test_a_speck_before_the_next_number_at_a_page_top_starts_the_next_item() -> None:
    """'1. ProAbschluss Jugend' ends a page and OCR read a speck as '-' before the next page's
    '2. Kooperative BaE in Teilzeit': the number counts on from the item above, so it is the next
    item and not the rest of 'ProAbschluss Jugend'. A dash before a number that counts on from
    nothing stays text."""
    block = (f"{H_AV}\n1. Lernwerkstatt „Zukunft gestalten“\n2. Mädchen in MINT-Berufe\n{H_AB}\n1. ProAbschluss Jugend\f"
             f"- 2. Kooperative BaE in Teilzeit\n{H_QU}\n1. FAKT")
    assert rows(block) == [(AV, "Lernwerkstatt „Zukunft gestalten“"), (AV, "Mädchen in MINT-Berufe"),
                           (AB, "ProAbschluss Jugend"), (AB, "Kooperative BaE in Teilzeit"), (QU, "FAKT")]


def test_a_speck_before_a_number_is_set_aside_only_when_the_number_counts_on() -> None:
    from extract.extraction.markers import line_marker
    from extract.extraction.outline import Node
    from helpers import rules

    first = Node("arabic_dot", "1", ["ProAbschluss Jugend"], 0, 20, 0.08, False)
    marker = line_marker("- 2. Kooperative BaE", rules(), [first])
    assert marker is not None and (marker.family, marker.ordinal) == ("arabic_dot", "2")
    assert "- 2. Kooperative BaE"[marker.length:] == "Kooperative BaE"
    assert line_marker("- 3. Kooperative BaE", rules(), [first]) is None
    assert line_marker("- 2. Kooperative BaE", rules(), []) is None


def test_a_heading_whose_number_lost_its_dot_before_its_colon_is_the_heading_without_it() -> None:
    """OCR lost the dot of '2.' and '3.' in headings that end in a colon: the type's heading as
    written, without the number."""
    block = f"1. {H_AV}:\n1. Jugend Flex;\n2. Berufscamp.\n\n2 {H_AB}:\n1. Kooperative BaE in Teilzeit.\n\n3 {H_QU}:\n1. FAKT."
    projects, _ = extract_projects(context_of(agreement_text(projects=block)))
    assert [(p.measure_type_raw, p.project_name) for p in projects] == [
        (H_AV, "Jugend Flex"), (H_AV, "Berufscamp"), (H_AB, "Kooperative BaE in Teilzeit"), (H_QU, "FAKT")]


def test_a_speck_glued_before_a_sub_numbers_first_item_is_set_aside() -> None:
    """'.2.1 Herstellung Prozessfähigkeit' under '2. Qualifizierungsprojekte …': '2.1' opens the sub-level of
    the open '2.', so the dot before it is a speck and the item's name is without it."""
    block = (f"1. {H_AV}:\n1.1 Praxisklasse 9/10\n1.2 Berufscamp\n2. {H_QU}:\n.2.1 Herstellung Prozessfähigkeit\f"
             f"2.2 Digitale Grundkompetenzen für Langzeitarbeitslose")
    assert rows(block) == [(AV, "Praxisklasse 9/10"), (AV, "Berufscamp"), (QU, "Herstellung Prozessfähigkeit"),
                           (QU, "Digitale Grundkompetenzen für Langzeitarbeitslose")]


def test_a_quote_read_before_the_first_letter_item_under_a_heading_is_a_speck() -> None:
    """'“ (a) TEB – …' right under 'B) Ausbildung …': '(a)' starts the level under the heading, so the
    quote before it is a speck, and the line is the heading's first item, not the heading's rest."""
    block = (f"A) {H_AV}\n(a) Jugend Flex\n(b) Berufscamp\nB) {H_AB}\n“ (a) TEB – Teilzeitberufsausbildung: Einstieg begleiten\n"
             f"(b) Verbundausbildung Metall")
    assert rows(block) == [(AV, "Jugend Flex"), (AV, "Berufscamp"), (AB, "TEB – Teilzeitberufsausbildung: Einstieg begleiten"),
                           (AB, "Verbundausbildung Metall")]


@pytest.mark.parametrize(
    "block",
    [
        pytest.param(f"1. {H_AV}\n1.1. Jugend Flex,\n12. A.N.K.E.R.,\n1.3. Berufscamp.\n2. {H_QU}\n2.1. FAKT", id="next sub-number"),
        pytest.param(f"1. {H_AV}\n11. Jugend Flex,\n1.2. A.N.K.E.R.,\n1.3. Berufscamp.\n2. {H_QU}\n2.1. FAKT", id="first sub-number"),
    ],
)
def test_a_sub_number_whose_inner_dot_ocr_lost_is_the_sub_number(block: str) -> None:
    """'12. A.N.K.E.R.,' after '1.1. Jugend Flex,' under '1.': OCR lost the dot inside '1.2.'; the line is
    the next item of the sub-level, not a number twelve that opens a level of its own (and takes the
    items after it as its own)."""
    assert rows(block) == [(AV, "Jugend Flex"), (AV, "A.N.K.E.R."), (AV, "Berufscamp"), (QU, "FAKT")]


def test_a_number_with_a_dot_that_counts_on_stays_a_number() -> None:
    from extract.extraction.markers import line_marker
    from extract.extraction.outline import Node
    from helpers import rules

    eleventh = Node("arabic_dot", "11", ["Jugend Flex"], 0, 20, 0.08, False)
    marker = line_marker("12. Berufscamp", rules(), [eleventh])
    assert marker is not None and (marker.family, marker.ordinal) == ("arabic_dot", "12")
    heading = Node("arabic_dot", "1", [H_AV], 0, 20, 0.08, False)
    sub = Node("multilevel:2", "1.1", ["Jugend Flex"], 0, 20, 0.1, False)
    assert line_marker("13. Berufscamp", rules(), [heading, sub]).ordinal == "13"  # not the next sub-number
    marker = line_marker("12. Berufscamp", rules(), [heading, sub])
    assert marker is not None and (marker.family, marker.ordinal) == ("multilevel:2", "1.2")


def test_a_sub_number_whose_dot_ocr_read_as_a_colon_is_a_marker() -> None:
    """'3.1: FAKT und' under '3. Qualifizierung …': the item, not the rest of the heading."""
    block = f"1. {H_AV}\n1.1 Jugend Flex und\n1.2 Berufscamp.\n2. {H_QU}\n2.1: FAKT und\n2.2 BASS."
    assert rows(block) == [*WANT, (QU, "BASS")]


def test_a_number_with_a_letter_ocr_read_from_a_speck_is_the_next_number_only_where_it_counts_on() -> None:
    """'4A. Weiterbildungsmaßnahmen …' after the headings '1.' to '3.': the heading '4.', a speck read as
    'A' before its dot. Where 4 is not the next number the line keeps its letter."""
    from extract.extraction.markers import line_marker
    from extract.extraction.outline import Node
    from helpers import rules

    third = Node("arabic_dot", "3", [H_QU], 0, 20, 0.08, False)
    marker = line_marker("4A. Weiterbildungsmaßnahmen", rules(), [third])
    assert marker is not None and (marker.family, marker.ordinal) == ("arabic_dot", "4")
    assert "4A. Weiterbildungsmaßnahmen"[marker.length:] == "Weiterbildungsmaßnahmen"
    assert line_marker("5A. Weiterbildungsmaßnahmen", rules(), [third]) is None
    block = f"1. {H_AV}\n1.1 Jugend Flex\n1.2 Berufscamp\n2. {H_QU}\n2.1 FAKT\n3A. Fortbildung des kommunalen Fachpersonals\n3.1 BASS 2024"
    assert rows(block) == [*WANT, ("weiterbildung_personal", "BASS 2024")]


def test_a_speck_glued_after_a_number_that_counts_on_is_set_aside() -> None:
    """'2.- Nachqualifizierung …' under '1. Teilqualifizierung …': a speck after the dot; the item '2.',
    not a heading or the rest of the item above. Where 2 does not count on, the line keeps its glyphs."""
    from extract.extraction.markers import line_marker
    from extract.extraction.outline import Node
    from helpers import rules

    first = Node("arabic_dot", "1", ["Teilqualifizierung Lager und Logistik"], 0, 20, 0.08, False)
    marker = line_marker("2.- Nachqualifizierung zum Berufsabschluss", rules(), [first])
    assert marker is not None and (marker.family, marker.ordinal) == ("arabic_dot", "2")
    assert "2.- Nachqualifizierung zum Berufsabschluss"[marker.length:].strip() == "Nachqualifizierung zum Berufsabschluss"
    assert line_marker("3.- Nachqualifizierung zum Berufsabschluss", rules(), [first]) is None
    block = f"A) {H_AV}:\n1. Jugend Flex\n2.- Berufscamp\nB) {H_QU}:\n1. FAKT"
    assert rows(block) == WANT
