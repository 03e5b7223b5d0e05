"""Extraction of one read document: normalize -> segment -> classify -> fields, signatures, projects
-> self-checks -> Agreement with its review flags."""

from __future__ import annotations

from extract.errors import NotAnAgreementError
from extract.extraction.checks import validate
from extract.extraction.checks.names import name_flags
from extract.extraction.classify import classify
from extract.extraction.context import build_context, reread_projects
from extract.extraction.fields import extract_amount, extract_district, extract_ministry, extract_year
from extract.extraction.normalize import document_to_text
from extract.extraction.projects import extract_projects
from extract.extraction.segment import text_to_sections
from extract.extraction.signatures import extract_signatures
from extract.model import Agreement, Document, Field, Flag, ReviewReason, Section
from extract.reading.reread import page_reader
from extract.rules import Rules
from extract.settings import Settings

FIELD_ORDER = (
    "year", "district", "ministry", "amount_eur",
    "ministry_signed_place", "ministry_signed_date", "district_signed_place", "district_signed_date",
)
_MISSING = {"year": ReviewReason.YEAR_MISSING, "district": ReviewReason.DISTRICT_MISSING,
            "ministry": ReviewReason.MINISTRY_MISSING, "amount_eur": ReviewReason.AMOUNT_MISSING}


_BLANK = {ReviewReason.MINISTRY_DATE_BLANK: "ministry_signed_date", ReviewReason.DISTRICT_DATE_BLANK: "district_signed_date"}


def _needs_a_look(flag: Flag, fields: dict[str, Field]) -> bool:
    """A date left blank in a text layer is certain (nothing was typed there): no review. In a scan a
    blank may be a handwritten date that OCR could not read, so it stays flagged."""
    if flag.code not in _BLANK:
        return True
    prov = fields[_BLANK[flag.code]].provenance
    return prov is None or prov.source != "text_layer"


def _review(fields: dict[str, Field], settings: Settings) -> list[Flag]:
    flags = [Flag(code) for name, code in _MISSING.items() if fields[name].value is None]
    for name in FIELD_ORDER:
        prov = fields[name].provenance
        if fields[name].value is not None and prov and prov.confidence is not None and prov.confidence < settings.low_confidence:
            flags.append(Flag(ReviewReason.LOW_CONFIDENCE, name))
    return flags


def document_to_agreement(document: Document, rules: Rules, settings: Settings) -> tuple[Agreement, tuple[Section, ...]]:
    text = document_to_text(document, rules)
    sections = text_to_sections(text, rules)
    ctx = build_context(document, text, sections, rules, settings.extraction, page_reader(document, settings))
    verdict = classify(ctx)
    if not verdict.is_agreement:
        raise NotAnAgreementError(verdict.reason)
    found: list[str] = []  # the extractors' reasons, each a ReviewReason value (checked by Flag.parse)
    year, split = extract_year(ctx)
    if split:
        found.append(ReviewReason.YEAR_AMBIGUOUS.value)
    district, district_reasons = extract_district(ctx)
    found += district_reasons
    seat = rules.district(str(district.value)).seat if district.value else None
    fields: dict[str, Field] = {
        "year": year,
        "district": district,
        "ministry": extract_ministry(ctx),
        "amount_eur": extract_amount(ctx),
    }
    signature_fields, signature_reasons = extract_signatures(ctx, seat)
    fields.update(signature_fields)
    found += signature_reasons
    projects, project_reasons = extract_projects(ctx)
    projects = reread_projects(ctx, projects, lambda name: not name_flags(name, ctx, set()))
    found += project_reasons
    flags = [*verdict.flags, *_review(fields, settings), *(f for f in map(Flag.parse, found) if _needs_a_look(f, fields)),
             *validate(ctx, fields, projects, settings)]
    agreement = Agreement(
        agreement_id=document.sha256[:16],
        source_file=document.source_file,
        source_sha256=document.sha256,
        page_count=len(document.pages),
        text_source=document.text_source,
        fields=fields,
        projects=projects,
        review_reasons=tuple(dict.fromkeys(str(flag) for flag in flags)),
    )
    return agreement, sections
