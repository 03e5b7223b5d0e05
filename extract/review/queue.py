"""The review queue of the report's overview: what needs a person, one entry per flagged field,
project or document-wide reason, each with the `aqb correct` command that settles it."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import Any

from extract.dataset.corrections import settles


@dataclass(frozen=True)
class QueueEntry:
    agreement_id: str
    source_file: str
    item: str  # the field's label, "project N", or "document"
    reason: str
    confidence: float | None  # OCR confidence of the value (empty: not found, text layer or document-wide)
    page: int | None
    command: str  # the `aqb correct` command, ready to copy (empty when no single value settles it)


def correct_command(out: str, source_file: str, column: str, value: str, position: int | None = None) -> str:
    """`aqb correct` for one value, its current value (or a placeholder) as the value to edit."""
    words = ["aqb", "correct", out, source_file, column, value or "VALUE"]
    if position is not None:
        words += ["--position", str(position)]
    return " ".join(shlex.quote(w) for w in words) + " --note " + shlex.quote("what the document shows")


def queue_entries(doc: dict[str, Any]) -> list[QueueEntry]:
    """The entries of one report document (see report._document_page): flagged fields, projects read with
    low confidence, and the review reasons no single field settles."""
    entries: list[QueueEntry] = []
    reasons: list[str] = doc["reasons"]
    covered: set[str] = set()
    for view in doc["fields"]:
        if not view.review:
            continue
        own = [r for r in reasons if settles(view.key, r) or r == f"{view.key.split('_')[0]}_signature_missing"]
        covered.update(own)
        entries.append(QueueEntry(doc["agreement_id"], doc["source_file"], view.label, "; ".join(own) or "needs review",
                                  view.confidence, view.page, view.command))
    for project in doc["projects"]:
        if project.review:
            entries.append(QueueEntry(doc["agreement_id"], doc["source_file"], f"project {project.position}", "low_confidence:project",
                                      project.confidence, project.page, project.command))
    for reason in reasons:
        if reason not in covered:
            entries.append(QueueEntry(doc["agreement_id"], doc["source_file"], "document", reason, None, None, ""))
    return entries
