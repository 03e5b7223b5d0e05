"""Dataset-level check: the same district and year twice (a born-digital file and its scan, a
re-issued copy) -> both rows flagged duplicate_agreement, each naming the other file in duplicate_of."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from extract.dataset.schema import AgreementRow, DocumentRows
from extract.model import ReviewReason


def with_reasons(row: AgreementRow, added: list[str]) -> AgreementRow:
    """The row with these review reasons added (each once) and needs_review set: a dataset-level check's flag."""
    reasons = [r for r in row.review_reasons.split(";") if r]
    reasons += [reason for reason in dict.fromkeys(added) if reason not in reasons]
    return replace(row, review_reasons=";".join(reasons), needs_review=True)


def _flagged(row: AgreementRow, others: list[str]) -> AgreementRow:
    return replace(with_reasons(row, [ReviewReason.DUPLICATE_AGREEMENT.value]), duplicate_of=";".join(sorted(others)))


def flag_duplicates(documents: list[DocumentRows]) -> tuple[list[DocumentRows], int]:
    """The documents with every agreement row flagged whose district and year another row has, and
    how many were flagged."""
    groups: dict[tuple[str, int], list[str]] = defaultdict(list)
    for rows in documents:
        for row in rows.agreements:
            if row.district_ags and row.year is not None:
                groups[(row.district_ags, row.year)].append(row.source_file)
    flagged = 0
    result: list[DocumentRows] = []
    for rows in documents:
        agreements = []
        for row in rows.agreements:
            names = groups.get((row.district_ags or "", row.year if row.year is not None else -1), [])
            if len(names) > 1:
                others = [name for name in names if name != row.source_file]
                row = _flagged(row, others)
                flagged += 1
            else:
                row = replace(row, duplicate_of=None)
            agreements.append(row)
        result.append(replace(rows, agreements=tuple(agreements)) if rows.agreements else rows)
    return result, flagged
