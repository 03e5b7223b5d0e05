"""The rule assets of classification, segmentation and the self-checks: section-title examples hold,
the review reason list matches the enum, thresholds are documented, a broken asset is refused."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from extract.errors import RulesError
from extract.extraction.segment import anchor_of
from extract.model import ReviewReason
from extract.rules import load_rules
from helpers import rules

MODELS = Path(__file__).resolve().parents[2] / "models"


def _rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (MODELS / name).read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("row", _rows("sections.jsonl"), ids=lambda r: r["id"])
def test_section_title_examples(row: dict) -> None:
    for example in row["examples"]["match"]:
        assert anchor_of(example, rules())[0] == row["role"], example
    for example in row["examples"]["no_match"]:
        assert anchor_of(example, rules())[0] != row["role"], example


def test_review_reason_list_is_the_enum() -> None:
    assert [r.id for r in rules().reason_codes] and {r.id for r in rules().reason_codes} == {r.value for r in ReviewReason}
    assert all(r.meaning and r.detail in ("", "field", "position", "party") for r in rules().reason_codes)


def test_every_threshold_is_documented() -> None:
    assert all(row["doc"] for row in _rows("checks.jsonl"))


@pytest.mark.parametrize(("name", "change"), [
    ("review_reasons.jsonl", lambda text: text + '{"id": "made_up", "fields": [], "detail": "", "meaning": "x"}\n'),
    ("municipalities.jsonl", lambda text: text + '{"id": "gemeinde.x", "name": "X", "kreis_ags": "09162"}\n'),
])
def test_a_broken_trust_asset_is_refused(tmp_path: Path, name: str, change) -> None:
    copy = tmp_path / "models"
    shutil.copytree(MODELS, copy)
    (copy / name).write_text(change((copy / name).read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(RulesError):
        load_rules(copy)
