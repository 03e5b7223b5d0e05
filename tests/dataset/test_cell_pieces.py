"""Dataset-level reading: a table cell's lines joined in doubt, settled by the names other agreements hold."""

from __future__ import annotations

import json
from dataclasses import replace

from test_duplicates import _row

from extract.dataset.cell_pieces import RULE, resolve_cell_pieces, weigh
from extract.dataset.correction_file import Correction
from extract.dataset.corrections import apply_corrections
from extract.dataset.schema import DocumentRows, ProjectRow
from extract.ingest.pipeline import dataset_checks
from extract.rules import get_rules
from extract.settings import MODELS_DIR

FAHR = "Fahrerlaubnis C/CE mit Berufskraftfahrer-Qualifikation"
NACH = "Nachqualifizierung zum Berufsabschluss (Externenprüfung)"
JUGEND = "Jugend Flex"
POSITIONS = dataset_checks(get_rules(MODELS_DIR)).position_codes


def _doc(name: str, *projects: str | tuple[str, ...], reasons: str = "") -> DocumentRows:
    """An agreement of file `name` with its projects: a name, or a joined cell's pieces."""
    agreement = _row(name, "06" + str(abs(hash(name)) % 1000).zfill(3), 2020, reasons)
    rows = []
    for i, project in enumerate(projects, start=1):
        pieces = project if isinstance(project, tuple) else ()
        stored = {"rule": "projects.list", "bbox": [0.1, 0.2, 0.9, 0.25], **({"pieces": list(pieces)} if pieces else {})}
        rows.append(ProjectRow(agreement_id=agreement.agreement_id, year=2020, district_ags=agreement.district_ags, position=i,
                               measure_type="qualifizierung", measure_type_raw="Qualifizierung",
                               project_name=" ".join(pieces) if pieces else str(project), page=3, source="text_layer",
                               confidence=None, provenance=json.dumps(stored)))
    return DocumentRows(agreements=(agreement,), projects=tuple(rows))


def _held(counts: dict[str, int]):
    return lambda name: counts.get(name, 0)


def test_a_cut_into_names_held_elsewhere_is_the_reading() -> None:
    assert weigh((FAHR, NACH), _held({FAHR: 3, NACH: 2}), 2) == (FAHR, NACH)
    assert weigh((FAHR, NACH), _held({FAHR: 3, NACH: 1}), 2) is None  # one piece too rarely held: the page's doubt stays
    assert weigh(("Zertifikatskurs Beschäftigungsorientiertes", "Fallmanagement"),
                 _held({"Zertifikatskurs Beschäftigungsorientiertes Fallmanagement": 2, "Fallmanagement": 5}), 2) == (
        "Zertifikatskurs Beschäftigungsorientiertes Fallmanagement",)  # the whole is a name: one wrapped name


def test_three_pieces_and_a_cut_that_is_not_the_only_one() -> None:
    a, b, c = "Ausbildung in der Altenpflegehilfe", "Assistierte Ausbildung flex", "Azubi-Coaching 2.0"
    assert weigh((a, b, c), _held({a: 2, b: 2, c: 2}), 2) == (a, b, c)
    assert weigh((a, b, c), _held({a: 2, b: 2, c: 2, f"{b} {c}": 2}), 2) is None  # two cuts are held: no telling


def test_a_settled_cell_becomes_its_projects_and_later_positions_move_on() -> None:
    reasons = "project_cell_lines_joined:2;project_name_duplicate:3;low_confidence:amount_eur"
    docs = [_doc("a.pdf", FAHR, NACH, JUGEND), _doc("b.pdf", FAHR, NACH, JUGEND),
            _doc("c.pdf", "Azubi-Coaching 2.0", (FAHR, NACH), JUGEND, reasons=reasons)]
    docs, settled = resolve_cell_pieces(docs, 2, POSITIONS)
    assert settled == 1
    agreement, projects = docs[2].agreements[0], docs[2].projects
    assert [(p.position, p.project_name) for p in projects] == [(1, "Azubi-Coaching 2.0"), (2, FAHR), (3, NACH), (4, JUGEND)]
    assert agreement.project_count == 4
    assert agreement.review_reasons == "project_name_duplicate:4;low_confidence:amount_eur" and agreement.needs_review
    assert [json.loads(p.provenance or "{}").get("rule") for p in projects] == ["projects.list", RULE, RULE, "projects.list"]
    assert all("pieces" not in json.loads(p.provenance or "{}") for p in projects)
    assert docs[0] == _doc("a.pdf", FAHR, NACH, JUGEND)  # the others as they were


def test_the_only_doubt_settled_leaves_nothing_to_review() -> None:
    docs = [_doc(f"{i}.pdf", FAHR, NACH) for i in range(2)] + [_doc("c.pdf", (FAHR, NACH), reasons="project_cell_lines_joined:1")]
    docs, _ = resolve_cell_pieces(docs, 2, POSITIONS)
    assert not docs[2].agreements[0].needs_review and docs[2].agreements[0].review_reasons == ""


def test_a_cell_left_in_doubt_another_flag_at_it_or_its_own_names_alone_change_nothing() -> None:
    joined = _doc("c.pdf", (FAHR, NACH), reasons="project_cell_lines_joined:1")
    once = [_doc("a.pdf", FAHR, NACH)]
    assert resolve_cell_pieces([*once, joined], 2, POSITIONS) == ([*once, joined], 0)  # held by one other agreement only
    flagged = _doc("c.pdf", (FAHR, NACH), reasons="project_cell_lines_joined:1;project_name_garbled:1")
    twice = [_doc(f"{i}.pdf", FAHR, NACH) for i in range(2)]
    assert resolve_cell_pieces([*twice, flagged], 2, POSITIONS)[1] == 0  # a person looks at it anyway
    prose = _doc("c.pdf", (FAHR, NACH), JUGEND, reasons="project_cell_lines_joined:1;project_name_prose:1;project_name_prose:2")
    (cut, *_), settled = resolve_cell_pieces([prose, *twice], 2, POSITIONS)
    assert settled == 1 and [p.project_name for p in cut.projects] == [FAHR, NACH, JUGEND]
    assert cut.agreements[0].review_reasons == "project_name_prose:3"  # two names joined are no prose; the other project's flag moves on
    itself = _doc("c.pdf", (FAHR, NACH), FAHR, NACH, reasons="project_cell_lines_joined:1")
    assert resolve_cell_pieces([*once, itself], 2, POSITIONS)[1] == 0  # its own names are no evidence


def test_a_correction_made_where_the_projects_read_otherwise_is_a_conflict_not_applied() -> None:
    """Positions move when the dataset settles a cell: a correction of a project names the value it
    replaced ('was'), and where the project at its position reads otherwise now it is not applied."""
    doc = _doc("c.pdf", FAHR, NACH, JUGEND)
    fix = Correction(doc.agreements[0].agreement_id, "c.pdf", "project_name", "2", "Nachqualifizierung (Externenprüfung)", was=NACH)
    moved = replace(fix, position="3")
    (applied, *_), conflicts = apply_corrections([doc], [fix], {}, frozenset())
    assert applied.projects[1].project_name == "Nachqualifizierung (Externenprüfung)" and conflicts == []
    (kept, *_), conflicts = apply_corrections([doc], [moved], {}, frozenset())
    assert kept.projects[2].project_name == JUGEND
    assert [c.reason for c in conflicts] == [f"project 3 now reads {JUGEND!r}, the correction was made where it read {NACH!r} "
                                             "(the projects moved: correct it again)"]
    old = replace(moved, was="")  # a correction written before 'was' was kept: by position alone, as then
    assert apply_corrections([doc], [old], {}, frozenset())[0][0].projects[2].project_name == "Nachqualifizierung (Externenprüfung)"


def test_pieces_no_doubt_flagged_are_cut_only_where_the_dataset_holds_each() -> None:
    """A cell whose lines were each full (no flag) is one name unless other agreements hold each piece."""
    quiet = _doc("c.pdf", (FAHR, NACH), JUGEND)
    twice = [_doc(f"{i}.pdf", FAHR, NACH) for i in range(2)]
    (cut, *_), settled = resolve_cell_pieces([quiet, *twice], 2, POSITIONS)
    assert settled == 1 and [p.project_name for p in cut.projects] == [FAHR, NACH, JUGEND] and cut.agreements[0].review_reasons == ""
    assert resolve_cell_pieces([quiet], 2, POSITIONS) == ([quiet], 0)
