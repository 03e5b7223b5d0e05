"""JSON forms of the records kept in the state store: pages (text and OCR words) and table rows."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from typing import Any

from extract.dataset.schema import TABLES, DocumentRows, row_from_dict
from extract.model import BBox, Line, Page, Word


def page_to_json(page: Page) -> dict[str, Any]:
    return {
        "number": page.number,
        "source": page.source,
        "reason": page.reason,
        "confidence": page.confidence,
        "rotation": page.rotation,
        "deskew": page.deskew,
        "lines": [
            {"gap": line.gap_before, "columns": list(line.columns),
             "words": [[w.text, w.bbox.x0, w.bbox.y0, w.bbox.x1, w.bbox.y1, w.conf] for w in line.words]}
            for line in page.lines
        ],
    }


def json_to_page(data: dict[str, Any]) -> Page:
    lines = tuple(
        Line(tuple(Word(w[0], BBox(w[1], w[2], w[3], w[4]), w[5]) for w in line["words"]), gap_before=line["gap"],
             columns=tuple(line.get("columns", ())))
        for line in data["lines"]
    )
    return Page(data["number"], data["source"], data["reason"], lines, data["confidence"], data["rotation"], data.get("deskew", 0.0))


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    raise TypeError(f"cannot serialise {type(value).__name__}")


def rows_to_json(rows: DocumentRows) -> str:
    """{table: [{column: value}]}, the tables in the order of the schema."""
    data = {name: [dataclasses.asdict(row) for row in getattr(rows, name)] for name in TABLES}
    return json.dumps(data, ensure_ascii=False, default=_default, sort_keys=True)


def json_to_rows(text: str) -> DocumentRows:
    data: dict[str, list[dict[str, Any]]] = json.loads(text)
    tables: dict[str, Any] = {name: tuple(row_from_dict(record, row) for row in data.get(name, [])) for name, record in TABLES.items()}
    return DocumentRows(**tables)
