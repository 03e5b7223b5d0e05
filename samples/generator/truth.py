"""The NAME.expected.json records."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .districts import District


@dataclass
class ProjectTruth:
    measure_type: str
    measure_type_raw: str
    project_name: str


@dataclass
class AgreementTruth:
    year: int
    district: District
    district_name_raw: str
    ministry: str
    amount: Decimal
    ministry_place: str
    ministry_date: dt.date | None
    district_place: str
    district_date: dt.date | None
    projects: list[ProjectTruth]

    def as_dict(self) -> dict:
        return {
            "year": self.year,
            "district_ags": self.district.ags,
            "district_name": self.district.name,
            "district_type": self.district.type,
            "district_name_raw": self.district_name_raw,
            "ministry": self.ministry,
            "amount_eur": f"{self.amount:.2f}",
            "ministry_signed_place": self.ministry_place,
            "ministry_signed_date": self.ministry_date.isoformat() if self.ministry_date else None,
            "district_signed_place": self.district_place,
            "district_signed_date": self.district_date.isoformat() if self.district_date else None,
            "project_count": len(self.projects),
        }


def expected(file: str, kind: str, text: str | None, agreement: AgreementTruth | None,
             axes: dict[str, str] | None = None) -> dict:
    record: dict = {"file": file, "kind": kind, "is_agreement": agreement is not None}
    record["agreement"] = agreement.as_dict() if agreement else None
    record["projects"] = [
        {"position": i, "measure_type": p.measure_type, "measure_type_raw": p.measure_type_raw,
         "project_name": p.project_name}
        for i, p in enumerate(agreement.projects if agreement else [], start=1)
    ]
    record["truth_text"] = text
    if axes is not None:  # wide profile only (generate.py --variety)
        record["axes"] = axes
    return record


def write_expected(pdf_path: Path, record: dict) -> Path:
    path = pdf_path.with_name(pdf_path.stem + ".expected.json")
    path.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
