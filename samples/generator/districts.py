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
            aliases = tuple(row.get("aliases", []))
            districts.append(District(row["ags"], row["name"], row["type"], row["seat"], aliases))
    return districts


def district_by_ags(ags: str, path: Path = GAZETTEER) -> District:
    return next(d for d in load_districts(path) if d.ags == ags)


# Honorific city names used in official documents.
CITY_TITLES = {
    "Darmstadt": ["Wissenschaftsstadt Darmstadt", "Stadt Darmstadt"],
    "Wiesbaden": ["Landeshauptstadt Wiesbaden", "Stadt Wiesbaden"],
    "Kassel": ["Stadt Kassel", "documenta-Stadt Kassel"],
    "Offenbach am Main": ["Stadt Offenbach am Main", "Stadt Offenbach"],
    "Frankfurt am Main": ["Stadt Frankfurt am Main"],
}


def title_names(district: District) -> list[str]:
    """Names usable after an article in a title block ("dem Landkreis Gießen", "der Stadt Kassel").

    Built from the canonical name and type (plus gazetteer aliases of the same shape, if any):
    cities as "Stadt X" or an honorific ("Wissenschaftsstadt Darmstadt"); counties named
    "Landkreis X" also as "Kreis X"; one-word "...kreis" counties also as "Landkreis ...kreis".
    """
    name = district.name
    if district.is_city:
        names = CITY_TITLES.get(name, [f"Stadt {name}"])
        names += [a for a in district.aliases if " " in a and a.split()[0].lower().endswith("stadt")]
    elif name.startswith("Landkreis "):
        names = [name, "Kreis " + name.removeprefix("Landkreis ")]
    else:
        names = [name, f"Landkreis {name}"]
    return list(dict.fromkeys(names))  # unique, preferred first


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
