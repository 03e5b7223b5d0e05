"""Dataset-level trust: the same district and year twice, review reasons settled by corrections through
their codes, the code list in datapackage.json."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from extract.dataset.corrections import settles
from extract.dataset.duplicates import flag_duplicates
from extract.dataset.schema import AgreementRow, DocumentRows, datapackage, review_reasons_pattern
from extract.model import ReviewReason


def _row(name: str, ags: str, year: int, reasons: str = "") -> AgreementRow:
    return AgreementRow(
        agreement_id=name[:16], source_file=name, source_sha256="0" * 64, page_count=1, text_source="text_layer", year=year,
        district_ags=ags, district_name=None, district_type=None, district_name_raw=None, ministry=None, amount_eur=None,
        ministry_signed_place=None, ministry_signed_date=None, district_signed_place=None, district_signed_date=None,
        project_count=0, needs_review=bool(reasons), review_reasons=reasons, ocr_confidence=None, provenance="{}",
        source_present=True)


def test_same_district_and_year_twice_flags_both_and_names_the_other() -> None:
    docs = [DocumentRows(agreements=(_row("a_digital.pdf", "06434", 2025),)),
            DocumentRows(agreements=(_row("a_scan.pdf", "06434", 2025, "low_confidence:year"),)),
            DocumentRows(agreements=(_row("b.pdf", "06434", 2024),))]
    docs, flagged = flag_duplicates(docs)
    assert flagged == 2
    first, second, other = (d.agreements[0] for d in docs)
    assert first.duplicate_of == "a_scan.pdf" and second.duplicate_of == "a_digital.pdf"
    assert first.review_reasons == "duplicate_agreement" and first.needs_review
    assert second.review_reasons == "low_confidence:year;duplicate_agreement"
    assert other.duplicate_of is None and not other.needs_review


def test_settles_reads_the_codes() -> None:
    assert settles("amount_eur", "low_confidence:amount_eur")
    assert not settles("year", "low_confidence:amount_eur")
    assert settles("district", "district_title_body_mismatch")
    assert settles("district_signed_place", "signed_place_unknown:district")
    assert not settles("ministry_signed_place", "signed_place_unknown:district")
    assert settles("ministry_signed_date", "ministry_signed_date_illegible")
    assert settles("project_name", "project_name_marker:3", "3") and not settles("project_name", "project_name_marker:3", "2")
    assert not settles("year", "duplicate_agreement") and not settles("year", "not_a_code")


def test_datapackage_lists_every_code_and_constrains_the_column() -> None:
    fields = datapackage("x")["resources"][0]["schema"]["fields"]
    column = next(f for f in fields if f["name"] == "review_reasons")
    assert {c["code"] for c in column["reviewReasons"]} == {r.value for r in ReviewReason}
    assert all(c["meaning"] for c in column["reviewReasons"])
    pattern = re.compile(column["constraints"]["pattern"])
    assert pattern.fullmatch("ministry_signed_date_illegible;low_confidence:amount_eur;project_name_marker:2")
    assert not pattern.fullmatch("made_up_reason")
    assert review_reasons_pattern() == column["constraints"]["pattern"]
    assert any(f["name"] == "duplicate_of" for f in fields)


def test_report_budget_chart_counts_an_agreement_once(tmp_path) -> None:
    from extract.review.report import _charts

    agreements = pd.DataFrame([
        {"district_name": "Hochtaunuskreis", "year": 2025, "amount_eur": "965950.00"},
        {"district_name": "Hochtaunuskreis", "year": 2025, "amount_eur": "965950.00"},
    ])
    _charts(agreements, pd.DataFrame(columns=["measure_type"]), tmp_path)
    svg = (tmp_path / "budget.svg").read_text()
    assert "0.97" in svg and "1.93" not in svg


@pytest.mark.e2e  # the whole samples run, scans OCRed by the real Tesseract
def test_the_samples_born_digital_and_scanned_twins_name_each_other(sample_run) -> None:
    rows = sample_run.agreements
    assert rows["seed_000_digital.pdf"]["duplicate_of"] == "seed_000_scan.pdf"
    assert rows["seed_000_scan.pdf"]["duplicate_of"] == "seed_000_digital.pdf"
    assert "duplicate_agreement" in rows["seed_001_scan.pdf"]["review_reasons"].split(";")
    singles = [r for r in rows.values() if not r["duplicate_of"]]
    assert singles and all("duplicate_agreement" not in r["review_reasons"] for r in singles)
