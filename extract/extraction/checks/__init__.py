"""Validate stage: every extracted value is read again against what it must look like, and a value
that does not look right is flagged with a precise reason code (models/review_reasons.jsonl).
The checks never change a value: they only add review flags."""

from __future__ import annotations

from extract.extraction.checks.amount import check_amount
from extract.extraction.checks.names import check_project_names
from extract.extraction.checks.parties import check_district, check_signatures, check_year
from extract.extraction.context import Context
from extract.model import Field, Flag, Project
from extract.settings import Settings


def validate(ctx: Context, fields: dict[str, Field], projects: tuple[Project, ...], settings: Settings) -> list[Flag]:
    """The review flags of every self-check, in a stable order."""
    return [
        *check_year(ctx, fields),
        *check_district(ctx, fields),
        *check_amount(ctx, fields),
        *check_signatures(ctx, fields),
        *check_project_names(ctx, projects, settings),
    ]
