"""The budget heatmap of the report: a district without an agreement in a year is a blank cell, not "nan"."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from extract.review.report import _charts


def test_budget_heatmap_leaves_a_missing_year_blank(tmp_path: Path) -> None:
    agreements = pd.DataFrame([
        {"district_name": "Hochtaunuskreis", "year": 2024, "amount_eur": "965950.00"},
        {"district_name": "Landkreis Kassel", "year": 2025, "amount_eur": "1234567.00"},
    ])
    _charts(agreements, pd.DataFrame(columns=["measure_type"]), tmp_path)
    labels = re.findall(r"<!-- (.*?) -->", (tmp_path / "budget.svg").read_text(encoding="utf-8"))  # matplotlib names each text
    assert "0.97" in labels and "1.23" in labels
    assert not [label for label in labels if "nan" in label.lower()], labels
