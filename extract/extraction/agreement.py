"""Extraction of one read document: normalize -> segment -> fields, signatures, projects -> Agreement."""

from __future__ import annotations

from extract.errors import NotAnAgreementError
from extract.extraction.context import build_context
from extract.extraction.fields import extract_amount, extract_district, extract_ministry, extract_year, is_agreement
from extract.extraction.normalize import document_to_text
from extract.extraction.projects import extract_projects
from extract.extraction.segment import text_to_sections
from extract.extraction.signatures import extract_signatures
from extract.model import Agreement, Document, Field
from extract.rules import Rules
from extract.settings import Settings

FIELD_ORDER = (
    "year", "district", "ministry", "amount_eur",
    "ministry_signed_place", "ministry_signed_date", "district_signed_place", "district_signed_date",
)



def _review(fields: dict[str, Field], settings: Settings) -> list[str]:
    reasons: list[str] = []
    for name in ("year", "district", "ministry", "amount_eur"):
        if fields[name].value is None:
            reasons.append(f"{name}_missing")
    for name in FIELD_ORDER:
        prov = fields[name].provenance
        if fields[name].value is not None and prov and prov.confidence is not None and prov.confidence < settings.low_confidence:
            reasons.append(f"low_confidence:{name}")
    return reasons


def document_to_agreement(document: Document, rules: Rules, settings: Settings) -> tuple[Agreement, tuple]:
    text = document_to_text(document, rules)
    sections = text_to_sections(text, rules)
    ctx = build_context(document, text, sections, rules, settings.extraction)
    ok, why = is_agreement(ctx)
    if not ok:
        raise NotAnAgreementError(why)
    reasons: list[str] = []
    year, split = extract_year(ctx)
    if split:
        reasons.append("year_ambiguous")
    district, district_reasons = extract_district(ctx)
    reasons += district_reasons
    seat = rules.district(str(district.value)).seat if district.value else None
    fields: dict[str, Field] = {
        "year": year,
        "district": district,
        "ministry": extract_ministry(ctx),
        "amount_eur": extract_amount(ctx),
    }
    signature_fields, signature_reasons = extract_signatures(ctx, seat)
    fields.update(signature_fields)
    reasons += signature_reasons
    projects, project_reasons = extract_projects(ctx)
    reasons += project_reasons
    reasons = _review(fields, settings) + reasons
    agreement = Agreement(
        agreement_id=document.sha256[:16],
        source_file=document.source_file,
        source_sha256=document.sha256,
        page_count=len(document.pages),
        text_source=document.text_source,
        fields=fields,
        projects=projects,
        review_reasons=tuple(dict.fromkeys(reasons)),
    )
    return agreement, sections
