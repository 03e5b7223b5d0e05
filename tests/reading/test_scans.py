"""End to end on the scanned samples: what the reading stage recovers shows in the dataset."""

from __future__ import annotations

import pytest

from conftest import SampleRun, read_csv

pytestmark = pytest.mark.e2e


def test_the_district_signature_between_two_seals_is_in_the_dataset(sample_run: SampleRun) -> None:
    row = sample_run.agreements["2013_06440_scan.pdf"]
    assert (row["district_signed_place"], row["district_signed_date"]) == ("Friedberg (Hessen)", "2013-02-26")
    assert "district_signed" not in row["review_reasons"]
    pages = [p for p in read_csv(sample_run.out / "pages.csv") if p["agreement_id"] == row["agreement_id"]]
    assert "read inside regions the layout analysis took for pictures" in pages[-1]["reason"]
