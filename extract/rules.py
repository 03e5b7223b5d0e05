"""Rule assets from models/: loaded, validated and compiled once per process.

Every regex, word list, gazetteer entry and Matcher pattern lives in models/*.jsonl with an id.
Patterns may refer to a regex by "@regex.id" and to a word list by "@@wordlist.id".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extract.errors import RulesError

if TYPE_CHECKING:  # spaCy is imported where the pipeline is built, not by every `aqb` command
    from spacy.language import Language
    from spacy.matcher import Matcher
    from spacy.tokens import Doc

_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL}
NORMALIZE_SCOPES = ("text", "ocr", "place", "joined")


@dataclass(frozen=True)
class NormalizeRule:
    id: str
    regex: re.Pattern[str]
    replacement: str
    # what it rewrites: "text" (every document's text), "ocr" (the text of OCRed pages, after the text
    # rules) or "place" (a signing place before the gazetteer lookup)
    scope: str = "text"


@dataclass(frozen=True)
class DistrictEntry:
    id: str
    ags: str
    name: str
    type: str
    seat: str
    surface_forms: tuple[str, ...]  # every written form the EntityRuler matches


@dataclass(frozen=True)
class MinistryEntry:
    id: str
    name: str
    abbreviation: str
    years: tuple[int, int]


@dataclass(frozen=True)
class MeasureType:
    id: str
    code: str
    order: int
    keywords: tuple[str, ...]
    examples: tuple[str, ...]
    label: str = ""  # German name, the code list's label in the dataset


@dataclass(frozen=True)
class SectionTitle:
    """A section title these agreements share (with its drift over the years): an anchor for segmentation."""

    id: str
    role: str  # programme, duties, crpd, budget, goals, steering, improvement, term
    titles: tuple[str, ...]
    prefix: bool  # the title may go on after these words ('Ziele für die Umsetzung des Landkreises X')


@dataclass(frozen=True)
class ReasonCode:
    id: str  # the ReviewReason value
    fields: tuple[str, ...]  # the fields a correction of which settles it ('{field}'/'{party}' from the detail)
    detail: str  # what the detail after ':' names: '', 'field', 'position' or 'party'
    meaning: str


@dataclass(frozen=True)
class Municipality:
    id: str
    name: str
    kreis_ags: str  # the 5-digit key of its district (the city's own key for a kreisfreie Stadt)
    aliases: tuple[str, ...]


CHARSET_PLACES = ("start", "end", "edges")


@dataclass(frozen=True)
class Charset:
    """Characters that tell something of a text at its start or its end (models/charsets.jsonl)."""

    id: str
    chars: str
    at: str  # "start": the text's first character; "end": its last, trailing white space left out; "edges": either

    def holds(self, text: str) -> bool:
        """Whether the text's character at `at` is one of the set (an empty text has '', which every set holds)."""
        if self.at == "edges":
            return text.strip()[:1] in self.chars or text.rstrip()[-1:] in self.chars
        return (text[:1] if self.at == "start" else text.rstrip()[-1:]) in self.chars

    def strip(self, text: str) -> str:
        """The text without the set's characters (and white space) at its edges."""
        return text.strip(self.chars + " \t\n")


@dataclass(frozen=True)
class Rules:
    models_dir: Path
    regexes: dict[str, re.Pattern[str]]
    normalize: tuple[NormalizeRule, ...]
    wordlists: dict[str, tuple[str, ...]]
    districts: tuple[DistrictEntry, ...]
    ministries: tuple[MinistryEntry, ...]
    measure_types: tuple[MeasureType, ...]
    pattern_weights: dict[str, int]
    pattern_labels: dict[str, str]  # Matcher pattern id -> what it finds (AMOUNT, YEAR, ...)
    nlp: Language
    matcher: Matcher
    section_titles: tuple[SectionTitle, ...] = ()
    reason_codes: tuple[ReasonCode, ...] = ()
    municipalities: tuple[Municipality, ...] = ()
    # thresholds.jsonl (numbers) and checks.jsonl (the self-checks' limits: numbers or ranges), by id
    thresholds: dict[str, Any] = field(default_factory=dict)
    charsets: dict[str, Charset] = field(default_factory=dict)

    def rewrites(self, scope: str) -> tuple[NormalizeRule, ...]:
        """The normalize rules of one scope, in file order."""
        return tuple(rule for rule in self.normalize if rule.scope == scope)

    def regex(self, rule_id: str) -> re.Pattern[str]:
        try:
            return self.regexes[rule_id]
        except KeyError as e:
            raise RulesError(f"unknown regex id {rule_id!r}") from e

    def words(self, list_id: str) -> tuple[str, ...]:
        try:
            return self.wordlists[list_id]
        except KeyError as e:
            raise RulesError(f"unknown word list id {list_id!r}") from e

    def charset(self, charset_id: str) -> Charset:
        try:
            return self.charsets[charset_id]
        except KeyError as e:
            raise RulesError(f"unknown character set id {charset_id!r}") from e

    def threshold(self, threshold_id: str) -> Any:
        try:
            return self.thresholds[threshold_id]
        except KeyError as e:
            raise RulesError(f"unknown threshold id {threshold_id!r}") from e

    def matches(self, doc: Doc, label: str) -> list[tuple[str, int, int]]:
        """The Matcher's matches of the patterns with this label: (pattern id, start token, end token)."""
        if label not in self.pattern_labels.values():
            raise RulesError(f"no Matcher pattern has the label {label!r}")
        found = []
        for match_id, start, end in self.matcher(doc):
            rule = self.nlp.vocab.strings[match_id]
            if self.pattern_labels[rule] == label:
                found.append((rule, start, end))
        return found

    def district(self, ags: str) -> DistrictEntry:
        for entry in self.districts:
            if entry.ags == ags:
                return entry
        raise RulesError(f"unknown district key {ags!r}")


def read_jsonl(path: Path, required: tuple[str, ...]) -> list[dict[str, Any]]:
    """Read a JSONL asset; every row must be an object with an unique 'id' and the required keys."""
    if not path.is_file():
        raise RulesError(f"rule asset missing: {path}")
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            raise RulesError(f"{path.name}:{number}: invalid JSON: {e}") from e
        missing = [key for key in ("id", *required) if key not in row]
        if missing:
            raise RulesError(f"{path.name}:{number}: missing keys {missing}")
        if row["id"] in seen:
            raise RulesError(f"{path.name}:{number}: duplicate id {row['id']!r}")
        seen.add(row["id"])
        rows.append(row)
    return rows


def compile_regex(pattern: str, flags: str, where: str) -> re.Pattern[str]:
    value = 0
    for flag in flags:
        if flag not in _FLAGS:
            raise RulesError(f"{where}: unknown regex flag {flag!r}")
        value |= _FLAGS[flag]
    try:
        return re.compile(pattern, value)
    except re.error as e:
        raise RulesError(f"{where}: invalid regex: {e}") from e


def _resolve_refs(node: Any, regexes: dict[str, re.Pattern[str]], wordlists: dict[str, tuple[str, ...]], where: str) -> Any:
    """Replace "@regex.id" and "@@wordlist.id" references inside a Matcher pattern."""
    if isinstance(node, dict):
        return {k: _resolve_refs(v, regexes, wordlists, where) for k, v in node.items()}
    if isinstance(node, list):
        return [_resolve_refs(v, regexes, wordlists, where) for v in node]
    if isinstance(node, str) and node.startswith("@@"):
        if node[2:] not in wordlists:
            raise RulesError(f"{where}: unknown word list {node[2:]!r}")
        return list(wordlists[node[2:]])
    if isinstance(node, str) and node.startswith("@"):
        if node[1:] not in regexes:
            raise RulesError(f"{where}: unknown regex {node[1:]!r}")
        return regexes[node[1:]].pattern
    return node


def district_surface_forms(row: dict[str, Any], prefixes: tuple[str, ...]) -> tuple[str, ...]:
    forms = [f"{prefix} {core}" for prefix in prefixes for core in row["core"]]
    forms += list(row.get("bare", [])) + list(row.get("aliases", []))
    forms += [form + "es" for form in forms if form.lower().endswith("kreis")]  # genitive: des Vogelsbergkreises
    return tuple(dict.fromkeys(forms))


def build_nlp(districts: tuple[DistrictEntry, ...], ministries: tuple[MinistryEntry, ...], adjectives: tuple[str, ...]) -> Language:
    """A blank German pipeline with an EntityRuler for districts (id = AGS) and ministries (their name
    after each declined form of its adjective, models/wordlists.jsonl ministry.adjective_forms)."""
    import spacy

    nlp = spacy.blank("de")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER", "validate": True})
    patterns: list[dict[str, Any]] = []
    for entry in districts:
        patterns += [{"label": "DISTRICT", "pattern": form, "id": entry.ags} for form in entry.surface_forms]
    for ministry in ministries:
        words = ministry.name.split(" ", 1)
        for adjective in adjectives:
            patterns.append({"label": "MINISTRY", "pattern": f"{adjective} {words[1]}", "id": ministry.id})
    ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    return nlp


def load_rules(models_dir: Path) -> Rules:
    models_dir = Path(models_dir)
    regexes = {
        row["id"]: compile_regex(row["pattern"], row.get("flags", ""), f"regexes.jsonl:{row['id']}")
        for row in read_jsonl(models_dir / "regexes.jsonl", ("pattern",))
    }
    normalize = tuple(
        NormalizeRule(row["id"], compile_regex(row["pattern"], row.get("flags", ""), f"normalize.jsonl:{row['id']}"), row["replacement"],
                      row.get("scope", "text"))
        for row in read_jsonl(models_dir / "normalize.jsonl", ("pattern", "replacement"))
    )
    for rule in normalize:
        if rule.scope not in NORMALIZE_SCOPES:
            raise RulesError(f"normalize.jsonl:{rule.id}: scope must be one of {', '.join(NORMALIZE_SCOPES)}")
    wordlists = {row["id"]: tuple(row["words"]) for row in read_jsonl(models_dir / "wordlists.jsonl", ("words",))}
    prefixes = {"Landkreis": wordlists.get("district.prefixes.landkreis", ()),
                "kreisfreie Stadt": wordlists.get("district.prefixes.stadt", ())}
    districts = []
    for row in read_jsonl(models_dir / "districts.jsonl", ("ags", "name", "type", "seat", "core")):
        if row["type"] not in prefixes or not re.fullmatch(r"06\d{3}", row["ags"]):
            raise RulesError(f"districts.jsonl:{row['id']}: bad type or AGS")
        forms = district_surface_forms(row, prefixes[row["type"]])
        districts.append(DistrictEntry(row["id"], row["ags"], row["name"], row["type"], row["seat"], forms))
    ministries = tuple(
        MinistryEntry(row["id"], row["name"], row["abbreviation"], (int(row["years"][0]), int(row["years"][1])))
        for row in read_jsonl(models_dir / "ministries.jsonl", ("name", "abbreviation", "years"))
    )
    measure_types = tuple(
        sorted(
            (
                MeasureType(row["id"], row["code"], row["order"], tuple(row["keywords"]), tuple(row["examples"]), row["label"])
                for row in read_jsonl(models_dir / "measure_types.jsonl", ("code", "label", "order", "keywords", "examples"))
            ),
            key=lambda m: m.order,
        )
    )
    nlp = build_nlp(tuple(districts), ministries, wordlists.get("ministry.adjective_forms", ()))
    from spacy.matcher import Matcher

    matcher = Matcher(nlp.vocab, validate=True)
    weights: dict[str, int] = {}
    labels: dict[str, str] = {}
    for row in read_jsonl(models_dir / "patterns.jsonl", ("label", "pattern")):
        if not isinstance(row["label"], str) or not re.fullmatch(r"[A-Z][A-Z_]*", row["label"]):
            raise RulesError(f"patterns.jsonl:{row['id']}: label must be an upper-case name, e.g. AMOUNT")
        labels[row["id"]] = row["label"]
        pattern = _resolve_refs(row["pattern"], regexes, wordlists, f"patterns.jsonl:{row['id']}")
        try:
            matcher.add(row["id"], [pattern])
        except (ValueError, KeyError) as e:
            raise RulesError(f"patterns.jsonl:{row['id']}: invalid Matcher pattern: {e}") from e
        weights[row["id"]] = int(row.get("weight", 1))
    thresholds: dict[str, Any] = {}
    for row in read_jsonl(models_dir / "thresholds.jsonl", ("value", "doc")):
        value = row["value"]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise RulesError(f"thresholds.jsonl:{row['id']}: value must be a number")
        thresholds[row["id"]] = float(value)
    titles, codes, places, checks = load_trust_assets(models_dir, {d.ags for d in districts})
    for key, value in checks.items():
        if key in thresholds:
            raise RulesError(f"checks.jsonl:{key}: the id is also in thresholds.jsonl")
        thresholds[key] = value
    return Rules(models_dir, regexes, normalize, wordlists, tuple(districts), ministries, measure_types, weights, labels, nlp, matcher,
                 titles, codes, places, thresholds, load_charsets(models_dir))


def load_charsets(models_dir: Path) -> dict[str, Charset]:
    """The character sets (models/charsets.jsonl): a non-empty string of distinct characters, none of
    them white space, looked up at a text's start, its end or both."""
    charsets: dict[str, Charset] = {}
    for row in read_jsonl(models_dir / "charsets.jsonl", ("chars", "at", "doc")):
        chars = row["chars"]
        if not isinstance(chars, str) or not chars or len(set(chars)) != len(chars) or any(c.isspace() for c in chars):
            raise RulesError(f"charsets.jsonl:{row['id']}: chars must be distinct characters, none of them white space")
        if row["at"] not in CHARSET_PLACES:
            raise RulesError(f"charsets.jsonl:{row['id']}: at must be one of {', '.join(CHARSET_PLACES)}")
        charsets[row["id"]] = Charset(row["id"], chars, row["at"])
    return charsets


def load_reason_codes(models_dir: Path) -> tuple[ReasonCode, ...]:
    """The review reason code list (models/review_reasons.jsonl): what each code means and which
    corrected fields settle it; load_rules checks it against the enum."""
    return tuple(
        ReasonCode(row["id"], tuple(row["fields"]), row["detail"], row["meaning"])
        for row in read_jsonl(models_dir / "review_reasons.jsonl", ("fields", "detail", "meaning"))
    )


def load_trust_assets(models_dir: Path, district_keys: set[str]) -> tuple[Any, ...]:
    """Section-title anchors, review reason codes, the municipality gazetteer and check thresholds."""
    from extract.model import ReviewReason

    titles = tuple(
        SectionTitle(row["id"], row["role"], tuple(row["titles"]), bool(row.get("prefix", False)))
        for row in read_jsonl(models_dir / "sections.jsonl", ("role", "titles"))
    )
    codes = load_reason_codes(models_dir)
    listed, known = {c.id for c in codes}, {r.value for r in ReviewReason}
    if listed != known:
        raise RulesError(f"review_reasons.jsonl does not list exactly the review reasons: extra {sorted(listed - known)}, "
                         f"missing {sorted(known - listed)}")
    places = []
    for row in read_jsonl(models_dir / "municipalities.jsonl", ("name", "kreis_ags")):
        if row["kreis_ags"] not in district_keys:
            raise RulesError(f"municipalities.jsonl:{row['id']}: unknown district key {row['kreis_ags']!r}")
        places.append(Municipality(row["id"], row["name"], row["kreis_ags"], tuple(row.get("aliases", []))))
    thresholds = {row["id"]: row["value"] for row in read_jsonl(models_dir / "checks.jsonl", ("value", "doc"))}
    return titles, codes, tuple(places), thresholds


def get_rules(models_dir: Path) -> Rules:
    """The rules of a models folder, loaded once per process and again when a file in it changes."""
    folder = Path(models_dir)
    signature = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(folder.glob("*")) if p.is_file())
    return _cached_rules(folder, signature)


@lru_cache(maxsize=4)
def _cached_rules(models_dir: Path, signature: tuple[tuple[str, int, int], ...]) -> Rules:
    return load_rules(models_dir)
