"""Targeted re-reading of project names: a name that fails its self-check or has a word read with low
confidence is read again from its region; the most confident reading that looks right and is still
the same name wins, normalized like the page's text and named in the project's provenance."""

from __future__ import annotations

from dataclasses import replace

from extract.extraction.checks.names import name_flags
from extract.extraction.context import build_context, reread_projects
from extract.extraction.projects import extract_projects
from extract.extraction.segment import text_to_sections
from extract.model import BBox, Document, Line
from extract.reading.reread import Candidate, RegionKind, choose
from extract.settings import Settings
from helpers import agreement_text, document_text, pages_to_document, rules


class StubReader:
    def __init__(self, *candidates: Candidate) -> None:
        self.settings = Settings()
        self.candidates = candidates
        self.calls: list[tuple[int, BBox, RegionKind]] = []

    def reread(self, page, bbox, kind, accept):
        self.calls.append((page, bbox, kind))
        return choose(self.candidates, accept)


def _ocr_document(text: str, low: dict[str, float]) -> Document:
    document = pages_to_document([text], source="ocr")
    page = document.pages[0]
    lines = tuple(Line(tuple(replace(w, conf=low.get(w.text, 95.0)) for w in line.words), line.gap_before, line.columns)
                  for line in page.lines)
    return replace(document, pages=(replace(page, lines=lines),))


def _projects(projects_text: str, low: dict[str, float], reader: StubReader):
    document = _ocr_document(agreement_text(projects=projects_text), low)
    text = document_text(document)
    ctx = build_context(document, text, text_to_sections(text, rules()), rules(), reader=reader)
    found, _ = extract_projects(ctx)
    return reread_projects(ctx, found, lambda name: not name_flags(name, ctx, set()))


def test_a_low_confidence_name_is_replaced_by_a_confident_reading_of_it() -> None:
    reader = StubReader(Candidate("WIR — Wege in den Regelarbeitsmarkt", 85.0, "reread_x1_psm7"))
    projects = _projects("1. Ausbildungsvorbereitung\n- WIR – Wege in den Recgelarbeitsmarkt", {"Recgelarbeitsmarkt": 12.0}, reader)
    assert [c[2] for c in reader.calls] == [RegionKind.TEXT]
    assert projects[0].project_name == "WIR – Wege in den Regelarbeitsmarkt"  # the dash normalized as on the page
    assert projects[0].provenance.reading == "reread_x1_psm7" and projects[0].provenance.confidence == 85.0


def test_a_reading_of_another_line_is_not_taken() -> None:
    reader = StubReader(Candidate("Die Förderung erfolgt nach Maßgabe", 96.0, "reread_x2_psm6"))
    projects = _projects("1. Ausbildungsvorbereitung\n- Jugend Flex", {"Flex": 20.0}, reader)
    assert projects[0].project_name == "Jugend Flex" and projects[0].provenance.reading == "page"


def test_a_garbled_name_is_read_again_even_when_confident() -> None:
    reader = StubReader(Candidate("Jugend Flex", 80.0, "reread_x1_psm13"))
    projects = _projects("1. Ausbildungsvorbereitung\n- Jug3nd Flex", {}, reader)
    assert len(reader.calls) == 1 and projects[0].project_name == "Jugend Flex"


def test_a_confident_name_that_looks_right_is_not_read_again() -> None:
    reader = StubReader(Candidate("Jugend Flux", 99.0, "reread_x1_psm7"))
    projects = _projects("1. Ausbildungsvorbereitung\n- Jugend Flex", {}, reader)
    assert reader.calls == [] and projects[0].project_name == "Jugend Flex"


def test_a_list_marker_read_with_the_name_is_dropped() -> None:
    reader = StubReader(Candidate("- Jugend Flex", 90.0, "reread_x2_psm7"))
    projects = _projects("1. Ausbildungsvorbereitung\n- Jugend Flex", {"Flex": 20.0}, reader)
    assert projects[0].project_name == "Jugend Flex" and projects[0].provenance.reading == "reread_x2_psm7"


def test_a_reading_that_only_drops_the_marks_of_a_garbled_acronym_is_not_taken() -> None:
    """'AN.KER' (garbled dots) read again as 'ANKER.': the same letters without the dots the first
    reading saw repair nothing; the name stays as read (and flagged)."""
    dropped = _projects("1. Ausbildungsvorbereitung\n- AN.KER", {}, StubReader(Candidate("ANKER.", 90.0, "reread_x2_psm7")))
    assert dropped[0].project_name == "AN.KER" and dropped[0].provenance.reading == "page"


def test_a_reading_of_an_acronym_with_a_letter_fewer_is_not_taken() -> None:
    """'A.N.KER.' (a dot lost) read again as 'A.N.K.E.' (the last letter lost): an acronym's letters are
    the name, so the reading that lost one repairs nothing; one with all of them may ('A.N.K.E.R.')."""
    lost = _projects("1. Ausbildungsvorbereitung\n- A.N.KER.", {}, StubReader(Candidate("A.N.K.E.", 90.0, "reread_x2_psm7")))
    assert lost[0].project_name == "A.N.KER." and lost[0].provenance.reading == "page"
    whole = _projects("1. Ausbildungsvorbereitung\n- A.N.KER.", {}, StubReader(Candidate("A.N.K.E.R.", 90.0, "reread_x2_psm7")))
    assert whole[0].project_name == "A.N.K.E.R."


def test_a_reading_without_a_speck_at_the_names_edge_is_taken() -> None:
    """'|* Verbundausbildung Metall': the marks the first reading saw stand at the name's edge, not
    inside a word: a reading without them repairs the name."""
    projects = _projects("1. Ausbildungsvorbereitung\n- |* Verbundausbildung Metall", {},
                         StubReader(Candidate("Verbundausbildung Metall", 90.0, "reread_x2_psm7")))
    assert projects[0].project_name == "Verbundausbildung Metall"


def test_a_reading_that_brings_in_a_word_of_the_cell_beside_it_is_not_taken() -> None:
    """A wrapped name in a table whose provider cell stands between its lines in reading order: the
    name's region reaches into that cell, and a reading with the provider's word between the name's
    words is another cell's text, however similar as a whole."""
    reader = StubReader(Candidate("WIR – Wege in den Jobcenter Regelarbeitsmarkt", 93.0, "reread_x2_psm6"))
    projects = _projects("1. Ausbildungsvorbereitung\n- WIR – Wege in den Regelarbeitsmarkt", {"Regelarbeitsmarkt": 30.0}, reader)
    assert projects[0].project_name == "WIR – Wege in den Regelarbeitsmarkt" and projects[0].provenance.reading == "page"


def test_a_reading_that_splits_or_repairs_a_word_may_be_taken() -> None:
    from extract.extraction.context import brings_in

    assert not brings_in("Regel arbeitsmarkt", "Regelarbeitsmarkt", 60)  # a word read in two parts: the same letters
    assert not brings_in("B.R.I.D.G.E.", "EBERYFE.DEGER", 60)  # a garbled word read again in its place
    assert brings_in("WIR – Wege in den Jobcenter Regelarbeitsmarkt", "WIR – Wege in den Regelarbeitsmarkt", 60)
    assert brings_in("Jugend Flex Diakonisches Werk", "Jugend Flex Werk", 60)


def test_a_wrapped_table_names_provenance_leaves_out_the_cell_beside_it() -> None:
    """'WIR – Wege in den' | 'Jobcenter' / 'Regelarbeitsmarkt': the name's text span holds the provider's
    cell; its box and confidence are the name's words' alone (a provider read faintly flags no name)."""
    reader = StubReader()
    table = "Maßnahmenart\tProjekt\tTräger\nAusbildungsvorbereitung\tWIR – Wege in den\tJobcenter\n\tRegelarbeitsmarkt\t\n\tBerufscamp\tIB"
    projects = _projects(table, {"Jobcenter": 20.0, "Recgelarbeitsmarkt": 30.0}, reader)
    assert [p.project_name for p in projects] == ["WIR – Wege in den Regelarbeitsmarkt", "Berufscamp"]
    prov = projects[0].provenance
    assert prov.confidence == 95.0 and prov.bbox is not None and prov.bbox.x1 < 0.9  # the provider's column starts at 0.9
    assert reader.calls == []  # nothing read faintly: nothing read again
