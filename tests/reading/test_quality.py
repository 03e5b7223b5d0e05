"""A text layer is judged by its words (extract/reading/quality.py): German prose passes, a scanner's
garbled invisible OCR is read again, and pages.csv says why with the score."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES, read_csv
from extract.ingest.pipeline import run
from extract.reading.load import pdf_to_text_layer_pages, text_to_layer_verdict
from extract.reading.quality import garbled, in_dictionary, layer_rules, poor, text_to_quality
from extract.settings import Settings

sys.path.insert(0, str(ROOT / "samples"))
from generator.hidden_layer import misread, scan_with_layer  # noqa: E402

PROSE = ("Das Hessische Ministerium für Soziales und Integration stellt dem Landkreis für das Jahr 2016 Mittel "
         "in Höhe von 935.200,00 Euro zur Verfügung. Die Mittel werden für die folgenden Maßnahmen eingesetzt. "
         "Der Landkreis berichtet über die Umsetzung der Projekte und legt den Verwendungsnachweis bis zum "
         "31. März des folgenden Jahres vor. Die Zielvereinbarung tritt mit der Unterzeichnung in Kraft.")
SEED_TEXTS = sorted((SAMPLES / "generator" / "seed_texts").glob("*.txt"))  # two real agreements


@pytest.fixture(scope="module")
def rules():
    return layer_rules(Settings().models_dir)


@pytest.mark.parametrize(("word", "known"), [
    ("der", True), ("Maßnahmen", True), ("Ausbildungsbudget", True), ("Zielvereinbarungen", True),
    ("Zlelvere1nbarnng", False), ("Qxvtrp", False), ("clas", False)])
def test_a_word_is_german_as_listed_inflected_or_as_the_end_of_a_compound(rules, word: str, known: bool) -> None:
    assert in_dictionary(word, rules) is known


@pytest.mark.parametrize(("word", "bad"), [
    ("Z1elvereinbarung", True), ("zwIschen", True), ("Hau$halt", True), ("rnrnt", True), ("ltzb", True),
    ("GmbH", False), ("JobCenter", False), ("2016/17", False), ("AQB-Mittel", False), ("HMSI", False), ("§4", False),
    ("935.200,00", False)])
def test_a_word_is_garbled_when_its_characters_do_not_go_together(rules, word: str, bad: bool) -> None:
    assert garbled(word, rules) is bad


def test_german_prose_is_a_good_layer_and_its_misreading_a_poor_one(rules) -> None:
    good = text_to_quality(PROSE, rules)
    assert good.words >= rules.min_words and good.score >= 0.5 and not poor(good, rules)
    bad = text_to_quality(misread(PROSE, 0.3, random.Random(3)), rules)
    assert bad.score < rules.min_quality and poor(bad, rules)


@pytest.mark.parametrize("path", SEED_TEXTS, ids=lambda p: p.name[:3])
def test_the_real_agreements_are_good_layers(rules, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    quality = text_to_quality(text, rules)
    assert quality.score >= 1.5 * rules.min_quality, quality.describe()


def test_a_short_page_is_not_judged_by_its_dictionary_rate(rules) -> None:
    """A signature page or a title page has too few words for a rate: the letter checks decide."""
    text = "Wiesbaden, den 27.04.2016 Lauterbach, den 04.06.2016 Landrat Staatsminister Unterschrift"
    quality = text_to_quality(text, rules)
    assert quality.words < rules.min_words and not poor(quality, rules)
    assert text_to_layer_verdict(text, Settings()).usable


def test_the_verdict_of_a_poor_layer_names_its_score() -> None:
    verdict = text_to_layer_verdict(misread(PROSE * 2, 0.3, random.Random(5)), Settings())
    assert not verdict.usable
    assert verdict.reason.startswith("poor text layer (quality 0.") and "dictionary words" in verdict.reason


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*_digital.pdf")))
def test_every_born_digital_sample_page_is_a_good_layer(name: str) -> None:
    for page in pdf_to_text_layer_pages(SAMPLES / name, Settings()):
        assert page.verdict.usable, (page.number, page.verdict.reason)


@pytest.mark.e2e
def test_a_scan_with_a_garbled_layer_is_ocred_and_a_good_layer_is_kept(tmp_path: Path) -> None:
    """The same agreement scanned twice, once with a scanner's poor invisible OCR under it and once
    with a faithful one: the poor layer's pages are OCRed (pages.csv says why) and give the values;
    the good layer is read as it is, without OCR."""
    source = SAMPLES / "2016_06535_digital.pdf"
    truth = read_truth(source)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "garbled.pdf").write_bytes(scan_with_layer(source.read_bytes(), 0.25, seed=11))
    (folder / "faithful.pdf").write_bytes(scan_with_layer(source.read_bytes(), 0.0, seed=11))
    run([folder], tmp_path / "out", jobs=2)
    rows = {row["source_file"]: row for row in read_csv(tmp_path / "out" / "agreements.csv")}
    pages = read_csv(tmp_path / "out" / "pages.csv")
    for name, source_kind in (("garbled.pdf", "ocr"), ("faithful.pdf", "text_layer")):
        row = rows[name]
        mine = [p for p in pages if p["agreement_id"] == row["agreement_id"]]
        assert len(mine) == 3 and {p["source"] for p in mine} == {source_kind}, mine
        for field in ("year", "district_ags", "amount_eur", "ministry_signed_date", "district_signed_place", "district_signed_date"):
            assert row[field] == str(truth[field]), (name, field)
    garbled_pages = [p for p in pages if p["agreement_id"] == rows["garbled.pdf"]["agreement_id"]]
    assert all(p["reason"].startswith("OCR: poor text layer (quality 0.") for p in garbled_pages)


def read_truth(pdf: Path) -> dict:
    return json.loads(pdf.with_name(pdf.stem + ".expected.json").read_text(encoding="utf-8"))["agreement"]
