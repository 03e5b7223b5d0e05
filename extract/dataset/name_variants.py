"""Dataset-level check: an OCRed project name one letter away from a name other agreements of the
dataset write ('TAfaA' where others have 'TAfA', 'B.R..D.G.E.' for 'B.R.I.D.G.E.', 'MIA' for 'MiA').

Projects recur: the same measure is funded in several districts and year after year. OCR misreads a
letter with confidence, and no check of one document can tell 'Teilzeitausbildung für
Alleinerziehende (TAfaA)' from a real name; the dataset can. An OCRed name is flagged
(project_name_variant, with the project's position) when one edit (a letter inserted, dropped or
read as another, case counts) turns it into a name that as many agreements hold or more, at least
dataset.variant_min_support of them, or such a name spells the same letters with other marks ('BRIDGE'
for 'B.R.I.D.G.E.': OCR lost the dots), or spells it but for two letters OCR reads for one
('Bildurigsfonds' for 'Bildungsfonds': models/wordlists.jsonl dataset.ocr_letter_pairs) (two
spellings held alike are both in doubt: 'MIA' and 'MiA' twice each). A digit read as another,
added or dropped is left alone ('BASS 2017', 'BASS 2018' are two years of one measure), and so
are names of a text layer or corrected by a person, which are what was written. Flagged, never
changed: which spelling is right is for a person to see."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from rapidfuzz import process
from rapidfuzz.distance import Editop, Levenshtein

from extract.dataset.duplicates import with_reasons
from extract.dataset.schema import DocumentRows
from extract.model import Flag, ReviewReason


def _support(documents: list[DocumentRows]) -> dict[str, set[str]]:
    """By project name, the agreements that hold it."""
    holders: dict[str, set[str]] = defaultdict(set)
    for rows in documents:
        for project in rows.projects:
            holders[project.project_name].add(project.agreement_id)
    return holders


def _letter_edit(name: str, other: str) -> bool:
    """Whether `name` becomes `other` by one edit that is not about digits alone: a digit read as
    another, added or dropped is another number ('2017', '2018'); a letter for a digit is OCR ('9/1O')."""
    ops = list(Levenshtein.editops(name, other))
    if len(ops) != 1:
        return False
    op: Editop = ops[0]
    touched = (name[op.src_pos] if op.tag != "insert" else "") + (other[op.dest_pos] if op.tag != "delete" else "")
    return not all(c.isdigit() for c in touched)


def _letters(name: str) -> str:
    """A name's letters and digits, as written (case counts): 'BRIDGE' for 'B.R.I.D.G.E.'."""
    return "".join(c for c in name if c.isalnum())


def _pairs_read(name: str, pairs: tuple[tuple[str, str], ...]) -> set[str]:
    """The name with one pair of letters OCR reads for one letter put back as that letter, each way it
    holds one ('Bildurigsfonds' with ('ri', 'n'): 'Bildungsfonds')."""
    out = set()
    for read, meant in pairs:
        at = name.find(read)
        while at >= 0:
            out.add(name[:at] + meant + name[at + len(read):])
            at = name.find(read, at + 1)
    return out


def name_variants(documents: list[DocumentRows], min_support: int, min_letters: int,
                  pairs: tuple[tuple[str, str], ...] = ()) -> dict[str, list[int]]:
    """By agreement id, the positions of its OCRed projects whose name is one letter away from a name
    held by as many agreements or more, and by at least `min_support` (or one of `pairs`, two letters
    OCR reads for one, away from it)."""
    holders = _support(documents)
    common = [name for name, ids in holders.items() if len(ids) >= min_support]
    spelled: dict[str, list[str]] = defaultdict(list)  # the common names by their letters and digits alone
    for name in common:
        spelled[_letters(name)].append(name)
    known = set(common)
    found: dict[str, list[int]] = defaultdict(list)
    for rows in documents:
        for project in rows.projects:
            name = project.project_name
            if project.source != "ocr" or sum(c.isalpha() for c in name) < min_letters:
                continue
            support = len(holders[name])
            near = process.extract(name, common, scorer=Levenshtein.distance, score_cutoff=1, limit=None)
            marks = any(other != name and len(holders[other]) >= support for other in spelled[_letters(name)])
            marks = marks or any(other in known and len(holders[other]) >= support for other in _pairs_read(name, pairs))
            if marks or any(distance == 1 and len(holders[other]) >= support and _letter_edit(name, other) for other, distance, _ in near):
                found[project.agreement_id].append(project.position)
    return found


def flag_name_variants(documents: list[DocumentRows], min_support: int, min_letters: int,
                       pairs: tuple[tuple[str, str], ...] = ()) -> tuple[list[DocumentRows], int]:
    """The documents with every agreement row flagged that holds an OCRed name one letter away from a
    commoner one (see name_variants), and how many rows were flagged."""
    found = name_variants(documents, min_support, min_letters, pairs)
    result: list[DocumentRows] = []
    flagged = 0
    for rows in documents:
        if not any(row.agreement_id in found for row in rows.agreements):
            result.append(rows)
            continue
        agreements = tuple(with_reasons(row, [str(Flag(ReviewReason.PROJECT_NAME_VARIANT, str(p))) for p in found[row.agreement_id]])
                           if row.agreement_id in found else row for row in rows.agreements)
        flagged += sum(row.agreement_id in found for row in rows.agreements)
        result.append(replace(rows, agreements=agreements))
    return result, flagged
