"""Self-checks of project names: list markers, headings and column titles, page furniture, prose,
cut names, duplicates and low OCR confidence. Flags only; the names stay as extracted."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from extract.extraction.context import Context
from extract.model import Flag, Project, ReviewReason
from extract.settings import Settings


def _edge_lines(ctx: Context) -> set[str]:
    """Lines that repeat at the top or bottom of several pages (running headers and footers)."""
    seen: dict[str, int] = {}
    for page in ctx.document.pages:
        lines = [" ".join(line.text.split()) for line in page.lines if line.text.strip()]
        for text in set(lines[:2] + lines[-2:]):
            key = re.sub(r"\d+", "#", text.lower())
            seen[key] = seen.get(key, 0) + 1
    return {key for key, count in seen.items() if count >= 2 and len(key) >= 6}


def _is_heading(name: str, ctx: Context) -> bool:
    lowered = name.lower().strip(" :")
    if lowered in {w.lower() for w in ctx.rules.words("projects.table_header")}:
        return True
    if lowered in {w.lower() for w in ctx.rules.words("check.name.heading_words")}:
        return True
    return any(fuzz.ratio(lowered, example.lower()) >= 92 for m in ctx.rules.measure_types for example in m.examples)


def name_flags(name: str, ctx: Context, furniture_lines: set[str]) -> list[ReviewReason]:
    """The reasons a project name does not look like a name (without duplicates and confidence)."""
    rules = ctx.rules
    reasons: list[ReviewReason] = []
    words = name.split()
    lowered = [w.lower().strip(",.;:") for w in words]
    if rules.regex("check.name.marker").search(name):
        reasons.append(ReviewReason.PROJECT_NAME_MARKER)
    if _is_heading(name, ctx):
        reasons.append(ReviewReason.PROJECT_NAME_HEADING)
    key = re.sub(r"\d+", "#", " ".join(words).lower())
    if rules.regex("check.name.furniture").search(name) or any(line in key for line in furniture_lines):
        reasons.append(ReviewReason.PROJECT_NAME_FURNITURE)
    verbs = set(rules.words("check.name.verbs"))
    if len(words) > int(rules.threshold("project.max_words")) or any(w in verbs for w in lowered) or (
            len(words) >= 5 and name.rstrip().endswith(".")):
        reasons.append(ReviewReason.PROJECT_NAME_PROSE)
    if lowered and (lowered[-1] in set(rules.words("check.name.connectors")) or name.rstrip()[-1:] in "-–/,(&+"):
        reasons.append(ReviewReason.PROJECT_NAME_CONNECTOR_END)
    if rules.regex("check.name.garbled").search(name):
        reasons.append(ReviewReason.PROJECT_NAME_GARBLED)
    letters = sum(c.isalpha() for c in name)
    first = next((c for c in name if c.isalpha()), "")
    if letters < 3 or first.islower():
        reasons.append(ReviewReason.PROJECT_NAME_FRAGMENT)
    return reasons


def check_project_names(ctx: Context, projects: tuple[Project, ...], settings: Settings) -> list[Flag]:
    flags: list[Flag] = []
    furniture = _edge_lines(ctx)
    seen: dict[str, int] = {}
    for project in projects:
        position = str(project.position)
        for reason in name_flags(project.project_name, ctx, furniture):
            flags.append(Flag(reason, position))
        key = " ".join(project.project_name.lower().split())
        if key in seen:
            flags += [Flag(ReviewReason.PROJECT_NAME_DUPLICATE, str(seen[key])), Flag(ReviewReason.PROJECT_NAME_DUPLICATE, position)]
        seen.setdefault(key, project.position)
        confidence = project.provenance.confidence
        if confidence is not None and confidence < float(ctx.rules.threshold("project.min_confidence")):
            flags.append(Flag(ReviewReason.PROJECT_NAME_LOW_CONFIDENCE, position))
    return list(dict.fromkeys(flags))
