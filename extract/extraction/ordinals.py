"""What a list's ordinals count: the number of an ordinal of its family ('iv' -> 4, 'c' -> 3, '2.3'
-> 3), and whether the ordinals of an outline's levels count on one by one, allowing for ordinals
OCR misread on nodes that are there (a skip or a restart is a break: an item or a heading lost)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from extract.extraction.outline import Node

_ROMAN = {"i": 1, "v": 5, "x": 10}


def ordinal_value(ordinal: str, family: str) -> int | None:
    """The number an ordinal of its family counts: '3' and '2.3' -> 3, 'c' and 'C' -> 3, 'iv' and 'IV'
    -> 4; None when there is none (bullets)."""
    last = ordinal.split(".")[-1].strip().lower()
    if last.isdigit():
        return int(last)
    if family.startswith("roman") and last and all(c in _ROMAN for c in last):
        values = [_ROMAN[c] for c in last]
        return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    if len(last) == 1 and last.isalpha():
        return ord(last) - ord("a") + 1
    return None


def ordinal_text(value: int, family: str, prefix: str = "") -> str | None:
    """The ordinal of its family that counts `value` (3 -> '3', 'c', 'C', 'iii', 'III'; a multi-level
    number under `prefix`: '2.3'); None where the family counts nothing."""
    if family.startswith("arabic") or family.startswith("multilevel"):
        return f"{prefix}.{value}" if prefix else str(value)
    if family.startswith("roman") and 0 < value < 40:
        tens, ones = divmod(value, 10)
        numeral = "x" * tens + ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"][ones]
        return numeral.upper() if family == "roman_upper" else numeral
    if family in ("lower_letter", "upper_letter") and 0 < value <= 26:
        return chr((ord("a") if family == "lower_letter" else ord("A")) + value - 1)
    return None


def numbering_breaks(nodes: list[Node]) -> bool:
    """Whether the ordinals of some node's children (or of the top level) of one family do not count
    on one by one (1, 2, 4; i, i, iii): an ordinal misread, an item lost, or a line taken for the
    wrong level."""
    groups: dict[tuple[int, str], list[int]] = {}
    for node in nodes:
        value = ordinal_value(node.ordinal, node.family)
        if value is not None:
            groups.setdefault((id(node.parent), node.family), []).append(value)
    return not all(counts_on(values) for values in groups.values())


def counts_on(values: list[int]) -> bool:
    """Whether ordinals count on one by one from the first, but for ordinals OCR misread on nodes
    that are there: the count goes on after one as if it had been right (i, i, iii; 1, 2, 7, 4), the
    last repeats the one before it, past the first (I, II, II for I, II, III), or the last is where
    the count must end and none before it runs ahead (i, i, ii, iv: strokes of roman numerals lost).
    A skip (1, 2, 4; 1, 2, 4, 5), a restart (1, 2, 1, 2: a heading lost) or a first repeated at the
    end (1, 1) is a break."""
    if len(values) > 2 and values[-1] == values[0] + len(values) - 1 and all(v <= values[0] + i for i, v in enumerate(values)):
        return True
    for i, value in enumerate(values):
        expected = values[0] + i
        if value == expected:
            continue
        if i + 1 < len(values) and values[i + 1] == expected + 1:
            continue
        if i + 1 == len(values) and value == values[i - 1] == expected - 1 and value > values[0]:
            continue
        return False
    return True
