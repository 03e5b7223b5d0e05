"""Dataset-level reading: a project table's cell whose lines may be one wrapped name or several
projects a line each, weighed against the names the dataset's other agreements hold.

A word processor wraps a long name where its next word does not fit; a writer listing projects in
one cell ends each line by hand. Where a line ends full and the next starts in upper case after a
line that ends a phrase, the page cannot tell the two apart (extraction joins the lines, keeps the
pieces, and flags project_cell_lines_joined with the project's position where the table's cells may
list projects; a table whose every line so joined was full keeps the pieces unflagged: three
names that each fill the cell's width read as one). Projects recur: the same
measure is funded in several districts and year after year. So on export:

- the whole name held by at least dataset.cell_split_min_support other agreements: one project, settled;
- else exactly one way to cut the pieces into consecutive names that each of them hold that often:
  those projects, settled (the other flags' project positions after it move on);
- else the project stays as read, flagged.

A project with another flag at its position is left alone (a person looks at it anyway), but for a
flag the join itself raises (JOIN_SYMPTOMS: more words than a name has), which goes with it when the
cell is cut. Corrections apply after this reading, to the positions the dataset shows; each keeps the
value it replaced, and one whose project reads otherwise is a conflict (corrections.py)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import replace

from extract.dataset.schema import AgreementRow, DocumentRows, ProjectRow
from extract.model import Flag, ReviewReason

RULE = "dataset.cell_pieces"  # the provenance rule of a project cut from a joined cell
# flags a name gets for being two names joined ('… Qualifikation Qualifizierung und Begleitung …': more words than a
# name has): they do not keep the cell from being cut, and go with the joined name
JOIN_SYMPTOMS = frozenset({ReviewReason.PROJECT_NAME_PROSE.value})
MAX_PIECES = 8  # more pieces than this are not weighed (2^(n-1) ways to cut them)


def _pieces(project: ProjectRow) -> tuple[str, ...]:
    stored = json.loads(project.provenance or "{}")
    pieces = tuple(stored.get("pieces") or ())
    return pieces if len(pieces) > 1 and " ".join(pieces) == project.project_name else ()


def _support(documents: list[DocumentRows]) -> dict[str, set[str]]:
    """By project name, the agreements that hold it as a name of its own (not a joined cell's)."""
    holders: dict[str, set[str]] = defaultdict(set)
    for rows in documents:
        for project in rows.projects:
            if not _pieces(project):
                holders[project.project_name].add(project.agreement_id)
    return holders


def _cuts(count: int) -> Iterator[list[tuple[int, int]]]:
    """Every way to cut `count` pieces into consecutive runs of at least two runs, as (start, end) pairs."""
    for mask in range(1, 2 ** (count - 1)):
        bounds = [0, *(i + 1 for i in range(count - 1) if mask >> i & 1), count]
        yield list(zip(bounds, bounds[1:]))


def weigh(pieces: tuple[str, ...], held: Callable[[str], int], min_support: int) -> tuple[str, ...] | None:
    """The names a joined cell holds: the whole when `held` (how many other agreements hold a name)
    says it is a name, else the one cut into names that each are; None when no cut or more than one is."""
    if held(" ".join(pieces)) >= min_support:
        return (" ".join(pieces),)
    if len(pieces) > MAX_PIECES:
        return None
    cuts = [tuple(" ".join(pieces[a:b]) for a, b in cut) for cut in _cuts(len(pieces))]
    found = [names for names in cuts if all(held(name) >= min_support for name in names)]
    return found[0] if len(found) == 1 else None


def _flag(reason: str) -> Flag | None:
    """The flag a review reason writes; None for a code this version does not know (rows kept from another)."""
    try:
        return Flag.parse(reason)
    except ValueError:
        return None


def _at(reason: str, position_codes: frozenset[str]) -> int | None:
    """The project position a review reason names, if its code names one."""
    flag = _flag(reason)
    return int(flag.detail) if flag is not None and flag.code.value in position_codes and flag.detail.isdigit() else None


def _shifted(reasons: list[str], position_codes: frozenset[str], after: int, by: int) -> list[str]:
    """The reasons with each project position after `after` moved on by `by`."""
    out = []
    for reason in reasons:
        at, flag = _at(reason, position_codes), _flag(reason)
        out.append(str(Flag(flag.code, str(at + by))) if at is not None and flag is not None and at > after else reason)
    return out


def _resolve(rows: DocumentRows, holders: dict[str, set[str]], min_support: int,
             position_codes: frozenset[str]) -> tuple[DocumentRows, int]:
    agreement: AgreementRow = rows.agreements[0]
    own = agreement.agreement_id

    def held(name: str) -> int:
        return len(holders.get(name, set()) - {own})

    reasons = [r for r in agreement.review_reasons.split(";") if r]
    projects: list[ProjectRow] = []
    settled = 0
    for project in rows.projects:
        position = len(projects) + 1  # where it stands once the projects before it are settled
        pieces = _pieces(project)
        flag = str(Flag(ReviewReason.PROJECT_CELL_LINES_JOINED, str(position)))
        here = [r for r in reasons if r != flag and _at(r, position_codes) == position]
        symptoms = [r for r in here if r.partition(":")[0] in JOIN_SYMPTOMS]
        names = None
        if pieces and len(here) == len(symptoms):  # joined in doubt (flagged), or softly where nothing raised a doubt
            names = weigh(pieces, held, min_support)
        if names is None:
            projects.append(replace(project, position=position))
            continue
        settled += 1
        gone = {flag, *symptoms} if len(names) > 1 else {flag}  # cut into names held elsewhere: no name too long is left
        reasons = _shifted([r for r in reasons if r not in gone], position_codes, position, len(names) - 1)
        stored = json.loads(project.provenance or "{}")
        stored.pop("pieces", None)
        if len(names) > 1:
            stored["rule"] = RULE
        provenance = json.dumps(stored, ensure_ascii=False)
        projects += [replace(project, position=position + k, project_name=name, provenance=provenance) for k, name in enumerate(names)]
    if not settled:
        return rows, 0
    agreement = replace(agreement, review_reasons=";".join(reasons), needs_review=bool(reasons), project_count=len(projects))
    return replace(rows, agreements=(agreement, *rows.agreements[1:]), projects=tuple(projects)), settled


def resolve_cell_pieces(documents: list[DocumentRows], min_support: int,
                        position_codes: frozenset[str]) -> tuple[list[DocumentRows], int]:
    """The documents with each joined cell (project_cell_lines_joined) the dataset settles read as it
    settles it (see the module), and how many were settled. `position_codes`: the review reason codes
    whose detail is a project position (models/review_reasons.jsonl)."""
    holders = _support(documents)
    result: list[DocumentRows] = []
    settled = 0
    for rows in documents:
        if len(rows.agreements) == 1 and any(_pieces(p) for p in rows.projects):
            rows, count = _resolve(rows, holders, min_support, position_codes)
            settled += count
        result.append(rows)
    return result, settled
