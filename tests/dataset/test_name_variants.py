"""Dataset-level check: an OCRed project name one letter away from a name as many agreements hold or more."""

from __future__ import annotations

from test_duplicates import _row

from extract.dataset.name_variants import flag_name_variants, name_variants
from extract.dataset.schema import DocumentRows, ProjectRow

TAFA = "Teilzeitausbildung für Alleinerziehende (TAfA)"


def _doc(name: str, *projects: tuple[str, str], reasons: str = "") -> DocumentRows:
    """An agreement of file `name` with its projects, each (project name, source)."""
    agreement = _row(name, "06" + str(abs(hash(name)) % 1000).zfill(3), 2020, reasons)
    rows = tuple(ProjectRow(agreement_id=agreement.agreement_id, year=2020, district_ags=agreement.district_ags, position=i,
                            measure_type="ausbildung", measure_type_raw="Ausbildung", project_name=project, page=2, source=source,
                            confidence=90.0 if source == "ocr" else None)
                 for i, (project, source) in enumerate(projects, start=1))
    return DocumentRows(agreements=(agreement,), projects=rows)


def test_an_ocred_name_one_letter_off_a_commoner_one_is_flagged() -> None:
    docs = [_doc("a.pdf", (TAFA, "text_layer")), _doc("b.pdf", (TAFA, "ocr"), ("BASS 2020", "ocr")),
            _doc("c.pdf", ("BASS 2020", "ocr"), ("Teilzeitausbildung für Alleinerziehende (TAfaA)", "ocr"), reasons="low_confidence:year")]
    docs, flagged = flag_name_variants(docs, 2, 4)
    assert flagged == 1
    a, b, c = (d.agreements[0] for d in docs)
    assert c.review_reasons == "low_confidence:year;project_name_variant:2" and c.needs_review
    assert not a.needs_review and not b.needs_review


def test_shapes_ocr_leaves_and_a_changed_case_are_letters_off() -> None:
    common = ["B.R.I.D.G.E.", "MiA – Migrantinnen in Arbeit", "Pflegehelfer/-in Plus"]
    read = ["B.R..D.G.E.", "MIA – Migrantinnen in Arbeit", "Pflegehelfer/-in-Plus"]
    docs = [_doc(f"{i}.pdf", *((name, "text_layer") for name in common)) for i in range(2)]
    docs.append(_doc("scan.pdf", *((name, "ocr") for name in read)))
    assert name_variants(docs, 2, 4) == {docs[2].agreements[0].agreement_id: [1, 2, 3]}


def test_digits_text_layers_rare_names_and_short_names_are_left_alone() -> None:
    docs = [_doc(f"{i}.pdf", ("BASS Studiengang 2017", "text_layer"), ("Jugend Flex", "text_layer"), ("MiA", "text_layer"))
            for i in range(3)]
    docs.append(_doc("scan.pdf", ("BASS Studiengang 2018", "ocr"), ("FiA", "ocr")))  # another year; another measure, too short to tell
    docs.append(_doc("typed.pdf", ("Jugend Flax", "text_layer")))  # written so: a text layer is what its writer typed
    docs.append(_doc("once.pdf", ("Praxisklasse 9/10", "text_layer")))
    docs.append(_doc("scan2.pdf", ("Praxisklasse 9/1O", "ocr")))  # the other name is held by one agreement only
    assert name_variants(docs, 2, 4) == {}
    docs.append(_doc("twice.pdf", ("Praxisklasse 9/10", "text_layer")))
    assert list(name_variants(docs, 2, 4).values()) == [[1]]


def test_two_spellings_held_alike_are_both_in_doubt() -> None:
    """'MIA' in two scans and 'MiA' in two others: which is right no count tells; every OCRed one is flagged."""
    docs = [_doc(f"{i}.pdf", ("MiA – Migrantinnen in Arbeit", "ocr")) for i in range(2)]
    docs += [_doc(f"caps{i}.pdf", ("MIA – Migrantinnen in Arbeit", "ocr")) for i in range(2)]
    assert sorted(name_variants(docs, 2, 4)) == sorted(d.agreements[0].agreement_id for d in docs)
    docs = [_doc(f"{i}.pdf", ("MiA – Migrantinnen in Arbeit", "ocr")) for i in range(3)] + [_doc("caps.pdf", ("MIA – Migrantinnen in Arbeit", "ocr"))]
    assert list(name_variants(docs, 2, 4)) == [docs[3].agreements[0].agreement_id]  # the rarer spelling alone


def test_an_ocred_name_with_the_letters_of_a_commoner_one_and_other_marks_is_flagged() -> None:
    """'BRIDGE' where two agreements hold 'B.R.I.D.G.E.': OCR lost the dots (six edits, one shape)."""
    docs = [_doc(f"{i}.pdf", ("B.R.I.D.G.E.", "text_layer")) for i in range(2)] + [_doc("scan.pdf", ("BRIDGE", "ocr"))]
    assert list(name_variants(docs, 2, 4).values()) == [[1]]
    docs = [_doc("once.pdf", ("B.R.I.D.G.E.", "text_layer")), _doc("scan.pdf", ("BRIDGE", "ocr"))]
    assert name_variants(docs, 2, 4) == {}  # held once: no evidence which is right


def test_an_ocred_name_with_two_letters_ocr_reads_for_one_is_a_variant() -> None:
    """'RESA Bildurigsfonds': 'ri' read for 'n' in a name two other agreements hold as 'RESA
    Bildungsfonds' (two edits, but one misread letter). Without the pair listed it is not found."""
    pairs = (("ri", "n"), ("rn", "m"))
    docs = [_doc("a.pdf", ("RESA Bildungsfonds", "ocr")), _doc("b.pdf", ("RESA Bildungsfonds", "text_layer")),
            _doc("c.pdf", ("RESA Bildurigsfonds", "ocr"))]
    assert name_variants(docs, 2, 4, pairs) == {docs[2].agreements[0].agreement_id: [1]}
    assert name_variants(docs, 2, 4) == {}
    kept = [_doc("a.pdf", ("Berufsorientierung", "ocr")), _doc("b.pdf", ("Berufsorientierung", "ocr"))]
    assert name_variants(kept, 2, 4, pairs) == {}  # a name's own 'ri' alike in every agreement: nothing to flag
