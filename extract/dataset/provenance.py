"""The provenance table: one row per value of an agreement (field) or project, where and how it was
read — made on export from the provenance the state store keeps with the agreement and project rows,
so the main tables hold no JSON."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from extract.dataset.schema import DocumentRows, ProvenanceRow
from extract.model import Project

PROJECT = "project"  # the `field` of a project's provenance row


def project_provenance(project: Project) -> str:
    """The stored JSON form of what a project row does not show of its provenance: rule and box, and the
    name's pieces where it may be several projects (Project.pieces, weighed on export: cell_pieces.py)."""
    box = project.provenance.bbox
    stored: dict[str, Any] = {"rule": project.provenance.rule,
                              "bbox": None if box is None else [round(v, 4) for v in (box.x0, box.y0, box.x1, box.y1)]}
    if project.pieces:
        stored["pieces"] = list(project.pieces)
    return json.dumps(stored, ensure_ascii=False)


def _box(bbox: Any) -> tuple[float | None, float | None, float | None, float | None]:
    if isinstance(bbox, list) and len(bbox) == 4:
        return float(bbox[0]), float(bbox[1]), float(bbox[2]), float(bbox[3])
    return None, None, None, None


def provenance_rows(documents: Iterable[DocumentRows]) -> list[ProvenanceRow]:
    """The provenance rows of the documents: agreement fields in name order, then the projects by position."""
    rows: list[ProvenanceRow] = []
    for document in documents:
        for agreement in document.agreements:
            located: dict[str, dict[str, Any]] = json.loads(agreement.provenance or "{}")
            for field in sorted(located):
                item = located[field]
                rows.append(ProvenanceRow(
                    agreement.agreement_id, field, None, item.get("page"), *_box(item.get("bbox")), item.get("source") or "",
                    item.get("confidence"), item.get("rule"), item.get("previous"), item.get("author") or None,
                    item.get("date") or None, item.get("note") or None, item.get("reading") or "page",
                ))
        for project in document.projects:
            stored: dict[str, Any] = json.loads(project.provenance or "{}")
            rows.append(ProvenanceRow(
                project.agreement_id, PROJECT, project.position, project.page, *_box(stored.get("bbox")), project.source,
                project.confidence, stored.get("rule"), None, None, None, None, "page",
            ))
    return rows
