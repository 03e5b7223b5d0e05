"""Extraction of one read document: normalize -> segment -> classify -> fields, signatures, projects
-> self-checks -> Agreement with its review flags."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from extract.errors import AqbError, NotAnAgreementError
from extract.extraction.checks import validate
from extract.extraction.checks.names import name_flags
from extract.extraction.classify import classify
from extract.extraction.context import build_context, reread_projects
from extract.extraction.fields import extract_amount, extract_district, extract_ministry, extract_year
from extract.extraction.normalize import document_to_text
from extract.extraction.projects import extract_projects
from extract.extraction.segment import text_to_sections
from extract.extraction.signatures import BLANK_CONFIRMED, extract_signatures
from extract.model import Agreement, Document, Field, Flag, Project, ReviewReason, Section
from extract.reading.reread import page_reader
from extract.rules import Rules
from extract.settings import Settings

log = logging.getLogger(__name__)
T = TypeVar("T")

FIELD_ORDER = (
    "year", "district", "ministry", "amount_eur",
    "ministry_signed_place", "ministry_signed_date", "district_signed_place", "district_signed_date",
)
_MISSING = {"year": ReviewReason.YEAR_MISSING, "district": ReviewReason.DISTRICT_MISSING,
            "ministry": ReviewReason.MINISTRY_MISSING, "amount_eur": ReviewReason.AMOUNT_MISSING}


_BLANK = {ReviewReason.MINISTRY_DATE_BLANK: "ministry_signed_date", ReviewReason.DISTRICT_DATE_BLANK: "district_signed_date"}


def _needs_a_look(flag: Flag, fields: dict[str, Field]) -> bool:
    """A date left blank in a text layer is certain (nothing was typed there): no review. In a scan a
    blank may be a handwritten date that OCR could not read, so it stays flagged unless the page image
    showed its slot empty (signatures.BLANK_CONFIRMED)."""
    if flag.code not in _BLANK:
        return True
    prov = fields[_BLANK[flag.code]].provenance
    return prov is None or (prov.source != "text_layer" and prov.rule != BLANK_CONFIRMED)


def _review(fields: dict[str, Field], settings: Settings, rules: Rules) -> list[Flag]:
    """Missing values, and values read by OCR below Settings.low_confidence but for those a rule of
    review.spelled_whole_rules found spelled letter for letter as a long name of a gazetteer
    ('Hessischen' read at 51 in 'Hessischen Ministerium für Soziales und Integration': no misread
    letter spells a known ministry)."""
    flags = [Flag(code) for name, code in _MISSING.items() if fields[name].value is None]
    whole = set(rules.words("review.spelled_whole_rules"))
    for name in FIELD_ORDER:
        prov = fields[name].provenance
        if prov is not None and prov.rule in whole:
            continue
        if fields[name].value is not None and prov and prov.confidence is not None and prov.confidence < settings.low_confidence:
            flags.append(Flag(ReviewReason.LOW_CONFIDENCE, name))
    return flags


def _guarded(part: str, run: Callable[[], T], fallback: T, found: list[str], document: Document) -> T:
    """`run()`, or, when it fails on a fault of aqb's own (not the document's, not a missing program),
    `fallback` and the reason `extraction_failed:<part>`: a fault in one extractor costs the values it
    gives, never the agreement. The traceback is logged for a bug report."""
    try:
        return run()
    except (AqbError, MemoryError):
        raise
    except Exception:  # noqa: BLE001 - recorded as a review reason and logged with its traceback
        log.exception("%s: extracting %s failed; the agreement is kept and flagged", document.source_file, part)
        found.append(f"{ReviewReason.EXTRACTION_FAILED.value}:{part}")
        return fallback


def _no_signatures() -> tuple[dict[str, Field], list[str]]:
    names = (f"{party}_signed_{what}" for party in ("ministry", "district") for what in ("place", "date"))
    return {name: Field(name, None) for name in names}, []


def _no_field(name: str) -> tuple[Field, list[str]]:
    return Field(name, None), []


def _no_projects() -> tuple[tuple[Project, ...], list[str]]:
    return (), []


def _no_flags() -> list[Flag]:
    return []


def document_to_agreement(document: Document, rules: Rules, settings: Settings) -> tuple[Agreement, tuple[Section, ...]]:
    text = document_to_text(document, rules)
    sections = text_to_sections(text, rules)
    ctx = build_context(document, text, sections, rules, settings.extraction, page_reader(document, settings))
    verdict = classify(ctx)
    if not verdict.is_agreement:
        raise NotAnAgreementError(verdict.reason)
    found: list[str] = []  # the extractors' reasons, each a ReviewReason value (checked by Flag.parse)
    year, split = _guarded("year", lambda: extract_year(ctx), (Field("year", None), False), found, document)
    if split:
        found.append(ReviewReason.YEAR_AMBIGUOUS.value)
    district, district_reasons = _guarded("district", lambda: extract_district(ctx), _no_field("district"), found, document)
    found += district_reasons
    seat = rules.district(str(district.value)).seat if district.value else None
    fields: dict[str, Field] = {
        "year": year,
        "district": district,
        "ministry": _guarded("ministry", lambda: extract_ministry(ctx), Field("ministry", None), found, document),
        "amount_eur": _guarded("amount_eur", lambda: extract_amount(ctx), Field("amount_eur", None), found, document),
    }
    budget_year = year.value if isinstance(year.value, int) else None
    signature_fields, signature_reasons = _guarded("signatures", lambda: extract_signatures(ctx, seat, budget_year), _no_signatures(),
                                                   found, document)
    fields.update(signature_fields)
    found += signature_reasons
    projects, project_reasons = _guarded("projects", lambda: extract_projects(ctx), _no_projects(), found, document)
    read = projects
    projects = _guarded("projects", lambda: reread_projects(ctx, read, lambda name: not name_flags(name, ctx, set())), read, found,
                        document)
    found += project_reasons
    checked = _guarded("checks", lambda: validate(ctx, fields, projects, settings), _no_flags(), found, document)
    flags = [*verdict.flags, *_review(fields, settings, rules), *(f for f in map(Flag.parse, found) if _needs_a_look(f, fields)), *checked]
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
