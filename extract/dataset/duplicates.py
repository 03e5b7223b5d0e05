"""Dataset-level check: the same district and year twice (a born-digital file and its scan, a
re-issued copy) -> both rows flagged duplicate_agreement, each naming the other file in duplicate_of."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from extract.model import ReviewReason


def flag_duplicates(documents: list[dict[str, list[dict[str, Any]]]]) -> int:
    """Flag every agreement row whose district and year another row has; returns how many were flagged."""
    groups: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    for rows in documents:
        for row in rows.get("agreements", []):
            row["duplicate_of"] = None
            if row.get("district_ags") and row.get("year") is not None:
                groups[(str(row["district_ags"]), int(row["year"]))].append(row)
    flagged = 0
    for rows in groups.values():
        if len(rows) < 2:
            continue
        for row in rows:
            row["duplicate_of"] = ";".join(sorted(other["source_file"] for other in rows if other is not row))
            reasons = [r for r in (row.get("review_reasons") or "").split(";") if r]
            if ReviewReason.DUPLICATE_AGREEMENT.value not in reasons:
                reasons.append(ReviewReason.DUPLICATE_AGREEMENT.value)
            row["review_reasons"] = ";".join(reasons)
            row["needs_review"] = True
            flagged += 1
    return flagged
