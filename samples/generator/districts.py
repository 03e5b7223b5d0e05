"""The district gazetteer (models/districts.jsonl) and the German forms a district takes in an agreement."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

GAZETTEER = Path(__file__).resolve().parents[2] / "models" / "districts.jsonl"


@dataclass(frozen=True)
class District:
    ags: str
    name: str  # canonical name from the gazetteer
    type: str  # "Landkreis" or "kreisfreie Stadt"
    seat: str
    aliases: tuple[str, ...]

    @property
    def is_city(self) -> bool:
        return self.type == "kreisfreie Stadt"


def load_districts(path: Path = GAZETTEER) -> list[District]:
    districts = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            districts.append(District(row["ags"], row["name"], row["type"], row["seat"], tuple(row["aliases"])))
    return districts


def district_by_ags(ags: str, path: Path = GAZETTEER) -> District:
    return next(d for d in load_districts(path) if d.ags == ags)


def title_names(district: District) -> list[str]:
    """Names usable after an article in a title block ("dem Landkreis Gießen", "der Stadt Kassel").

    Derived from the gazetteer: city names whose first word ends in "stadt"; county names that start
    with "Landkreis "/"Kreis " or are one "...kreis" word. Genitive aliases and bare names are skipped.
    """
    candidates = [district.name, *district.aliases]
    if district.is_city:
        names = [c for c in candidates if " " in c and c.split()[0].lower().endswith("stadt")]
    else:
        names = [
            c
            for c in candidates
            if c.split()[0] in ("Landkreis", "Kreis") or (" " not in c and c.lower().endswith("kreis"))
        ]
    return list(dict.fromkeys(names))  # unique, gazetteer order


@dataclass(frozen=True)
class DistrictForm:
    """One way of writing a district, with its article forms."""

    district: District
    raw: str  # as in the title block, without article: "Landkreis Hochtaunuskreis", "Stadt Kassel"

    @property
    def feminine(self) -> bool:
        return self.district.is_city

    @property
    def nominative(self) -> str:
        return f"{'die' if self.feminine else 'der'} {self.raw}"

    @property
    def dative(self) -> str:
        return f"{'der' if self.feminine else 'dem'} {self.raw}"

    @property
    def accusative(self) -> str:
        return f"{'die' if self.feminine else 'den'} {self.raw}"

    @property
    def genitive(self) -> str:
        if self.feminine:
            return f"der {self.raw}"
        head, _, rest = self.raw.partition(" ")
        if rest and head in ("Landkreis", "Kreis"):
            return f"des {head}es {rest}"
        return f"des {self.raw}es"

    @property
    def short(self) -> str:  # "Kassel", "Offenbach" for "Landkreises ..."-style mentions
        return self.raw.split(" ", 1)[-1]


def cap(text: str) -> str:
    """Capitalise the first letter (sentence start)."""
    return text[:1].upper() + text[1:]
