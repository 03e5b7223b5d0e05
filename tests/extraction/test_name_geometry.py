"""Project names as their lines and words make them: a hyphen that ended a wrapped line is a dash once
the lines are joined; an OCRed name whose words stand far apart on a line is flagged."""

from __future__ import annotations

from extract.extraction.checks.name_gaps import gapped, glued_hyphen, widest_gap
from extract.extraction.projects import extract_projects
from extract.model import BBox, Line, Page, Project, Provenance, Word
from helpers import agreement_text, context_of, rules

H_AB = "Ausbildung in anerkannten Ausbildungsberufen"


def _names(block: str) -> list[str]:
    projects, _ = extract_projects(context_of(agreement_text(projects=block)))
    return [p.project_name for p in projects]


def test_a_hyphen_that_ended_a_wrapped_cell_line_is_a_dash() -> None:
    table = f"{H_AB}\tTEB -\n\tTeilzeitberufsausbildung: Einstieg begleiten\n\n\tBerufscamp"
    assert _names(table) == ["TEB – Teilzeitberufsausbildung: Einstieg begleiten", "Berufscamp"]


def test_a_suspended_hyphen_of_a_wrapped_item_stays() -> None:
    block = f"1. {H_AB}\n- BOJE – Berufsorientierung an Haupt-\n  und Förderschulen\n- Berufscamp"
    assert _names(block)[0] == "BOJE – Berufsorientierung an Haupt- und Förderschulen"


def _line(*words: tuple[str, float], y: float = 0.5) -> Line:
    """Words at x0 (page fractions), a letter 0.009 wide."""
    return Line(tuple(Word(text, BBox(x, y, x + 0.009 * len(text), y + 0.012), 90.0) for text, x in words))


def _project(page: Page, source: str = "ocr") -> Project:
    box = BBox.union([w.bbox for line in page.lines for w in line.words])
    return Project(1, "ausbildung", H_AB, " ".join(w.text for line in page.lines for w in line.words),
                   Provenance(1, source, "projects.list", "", 90.0, box))


LIMIT = float(rules().threshold("project.max_word_gap"))


def test_a_stroke_read_as_a_word_far_right_of_a_name_is_flagged() -> None:
    page = Page(1, "ocr", "scan", (_line(("Mädchen", 0.122), ("in", 0.2), ("MINT-Berufe", 0.222), ("Eh", 0.574)),))
    assert widest_gap(page, _project(page).provenance.bbox) > LIMIT
    assert gapped(_project(page), (page,), LIMIT)


def test_word_spaces_even_justified_ones_are_no_gap() -> None:
    page = Page(1, "ocr", "scan", (_line(("Berufsbezogene", 0.122), ("Deutschförderung", 0.26), ("für", 0.43), ("Geflüchtete", 0.47)),))
    assert not gapped(_project(page), (page,), LIMIT)


def test_a_text_layer_name_is_not_measured() -> None:  # a producer's layout, not OCR's reading
    page = Page(1, "text_layer", "layer", (_line(("Mädchen", 0.122), ("Eh", 0.574)),))
    assert not gapped(_project(page, "text_layer"), (page,), LIMIT)


def test_a_table_lines_other_cells_are_not_the_names() -> None:  # 'TEB -' beside its provider, both in the name's box
    words = (Word("Ausbildungsberufen", BBox(0.195, 0.657, 0.35, 0.67), 92.0), Word("Teilzeitberufsausbildung:", BBox(0.482, 0.662, 0.7, 0.675), 92.0),
             Word("Südhessen", BBox(0.8, 0.667, 0.877, 0.68), 96.0))
    page = Page(2, "ocr", "scan", (Line(words, columns=(0, 1, 2)),))
    name = Project(1, "ausbildung", H_AB, "Teilzeitberufsausbildung:", Provenance(2, "ocr", "projects.list", "", 92.0, BBox(0.482, 0.64, 0.9, 0.68)))
    first = Page(1, "ocr", "scan", ())
    assert not gapped(name, (first, page), LIMIT)
    one_line = (first, Page(2, "ocr", "scan", (Line(words),)))  # layout read the row as one line: its cells are still not the name
    assert not gapped(name, one_line, LIMIT)
    took = Project(1, "ausbildung", H_AB, "Teilzeitberufsausbildung: Südhessen", name.provenance)
    assert gapped(took, one_line, LIMIT)  # the provider taken into the name: apart


def test_a_hyphen_glued_before_a_capitalised_word_is_a_guess_on_a_scan() -> None:  # '(B2-' 'Beruf)': dash or split compound
    page = Page(1, "ocr", "scan", (_line(("Geflüchtete", 0.466), ("(B2-", 0.575), ("Beruf)", 0.612)),))
    assert glued_hyphen(_project(page), (page,), 0.3)


def test_a_spaced_dash_and_a_suspended_hyphen_are_no_guess() -> None:
    page = Page(1, "ocr", "scan", (_line(("TEB", 0.1), ("-", 0.14), ("Teilzeit", 0.16), ("Haupt-", 0.3), ("und", 0.36)),))
    assert not glued_hyphen(_project(page), (page,), 0.3)


def test_a_hyphen_glued_to_a_word_with_a_word_space_after_it_is_a_dash_that_lost_its_space() -> None:
    """'TEB-' then 'Teilzeitberufsausbildung:' over half a letter's width apart (as OCR read the line
    '2.1. TEB – Teilzeitberufsausbildung: …'): the space after a dash, no compound OCR split."""
    page = Page(1, "ocr", "scan", (_line(("TEB-", 0.1), ("Teilzeitberufsausbildung:", 0.141)),))
    assert not glued_hyphen(_project(page), (page,), 0.3)
