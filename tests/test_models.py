"""The rule assets in models/: every documented example holds, broken assets are refused, the gazetteer is complete."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from extract.errors import RulesError
from extract.rules import load_rules
from helpers import rules

MODELS = Path(__file__).resolve().parent.parent / "models"


def _rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (MODELS / name).read_text(encoding="utf-8").splitlines() if line.strip()]


# Examples in models/ that the rules themselves contradict: (rule id, kind, example) -> reason.
KNOWN_BAD_EXAMPLES: dict[tuple[str, str, str], str] = {}


def _regex_cases() -> list:
    cases = []
    for row in _rows("regexes.jsonl"):
        examples = row.get("examples", {})
        for kind in ("match", "no_match"):
            for example in examples.get(kind, []):
                reason = KNOWN_BAD_EXAMPLES.get((row["id"], kind, example))
                marks = [pytest.mark.xfail(reason=reason, strict=True, raises=AssertionError)] if reason else []
                cases.append(pytest.param(row["id"], kind, example, id=f"{row['id']}-{kind}-{example}", marks=marks))
    return cases


@pytest.mark.parametrize(("rule_id", "kind", "example"), _regex_cases())
def test_regex_example(rule_id: str, kind: str, example: str) -> None:
    found = rules().regex(rule_id).search(example)
    if kind == "match":
        assert found, f"{rule_id} should match {example!r}"
    else:
        assert found is None, f"{rule_id} should not match {example!r} (matched {found.group(0)!r})"


def test_every_regex_has_match_examples() -> None:
    without = [row["id"] for row in _rows("regexes.jsonl") if not row.get("examples", {}).get("match")]
    assert without == []


def _charset_cases() -> list:
    return [
        pytest.param(row["id"], kind, example, id=f"{row['id']}-{kind}-{example}")
        for row in _rows("charsets.jsonl")
        for kind in ("match", "no_match")
        for example in row["examples"].get(kind, [])
    ]


@pytest.mark.parametrize(("rule_id", "kind", "example"), _charset_cases())
def test_charset_example(rule_id: str, kind: str, example: str) -> None:
    held = rules().charset(rule_id).holds(example)
    assert held is (kind == "match"), f"{rule_id} should {'' if kind == 'match' else 'not '}hold {example!r}"


def test_every_charset_has_examples_both_ways() -> None:
    rows = _rows("charsets.jsonl")
    assert rows and [row["id"] for row in rows if not (row["examples"].get("match") and row["examples"].get("no_match"))] == []


def _normalize_cases() -> list:
    return [
        pytest.param(row["id"], source, expected, id=f"{row['id']}-{i}")
        for row in _rows("normalize.jsonl")
        for i, (source, expected) in enumerate(row.get("examples", []))
    ]


@pytest.mark.parametrize(("rule_id", "source", "expected"), _normalize_cases())
def test_normalize_example(rule_id: str, source: str, expected: str) -> None:
    rule = next(r for r in rules().normalize if r.id == rule_id)
    assert rule.regex.sub(rule.replacement, source) == expected


def test_normalize_rules_keep_file_order() -> None:
    assert [r.id for r in rules().normalize] == [row["id"] for row in _rows("normalize.jsonl")]


def test_normalize_rules_apply_only_in_their_scope() -> None:
    """A document's text is not rewritten by the place rules (a parenthesis stays in the text),
    and a place is not rewritten by the text rules."""
    text_ids = {r.id for r in rules().rewrites("text")}
    place_ids = {r.id for r in rules().rewrites("place")}
    ocr_ids = {r.id for r in rules().rewrites("ocr")}
    joined_ids = {r.id for r in rules().rewrites("joined")}
    assert "place.parenthesis" in place_ids and "place.parenthesis" not in text_ids
    assert text_ids | place_ids | ocr_ids | joined_ids == {r.id for r in rules().normalize} and not text_ids & place_ids
    assert not ocr_ids & (text_ids | place_ids) and not joined_ids & (text_ids | place_ids | ocr_ids)


def _pattern_cases() -> list:
    return [
        pytest.param(row["id"], row["label"], text, span, id=f"{row['id']}-{i}")
        for row in _rows("patterns.jsonl")
        for i, (text, span) in enumerate(row.get("examples", []))
    ]


@pytest.mark.parametrize(("rule_id", "label", "text", "span"), _pattern_cases())
def test_pattern_example(rule_id: str, label: str, text: str, span: str) -> None:
    """Each example is found by its pattern among the matches of the pattern's label (as the extraction asks for them)."""
    loaded = rules()
    doc = loaded.nlp(text)
    found = [doc[start:end].text for rule, start, end in loaded.matches(doc, label) if rule == rule_id]
    assert found == [span]


def test_matches_are_chosen_by_label() -> None:
    loaded = rules()
    doc = loaded.nlp("Die Zielvereinbarung 2025 stellt im Jahr 2025 Mittel in Höhe von 1.341.400 Euro bereit.")
    amounts, years = loaded.matches(doc, "AMOUNT"), loaded.matches(doc, "YEAR")
    assert amounts and years
    assert {loaded.pattern_labels[rule] for rule, _, _ in amounts} == {"AMOUNT"}
    assert {loaded.pattern_labels[rule] for rule, _, _ in years} == {"YEAR"}
    with pytest.raises(RulesError, match="no Matcher pattern has the label"):
        loaded.matches(doc, "NOTHING")


def test_every_pattern_has_an_example() -> None:
    assert [row["id"] for row in _rows("patterns.jsonl") if not row.get("examples")] == []


# --- broken assets are refused -------------------------------------------------------------------


@pytest.fixture
def models_copy(tmp_path: Path) -> Path:
    target = tmp_path / "models"
    shutil.copytree(MODELS, target)
    return target


def _edit(path: Path, change: Callable[[str], str]) -> None:
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def test_an_unbroken_copy_loads(models_copy: Path) -> None:
    loaded = load_rules(models_copy)
    assert len(loaded.districts) == 26
    assert "segment.header" in loaded.regexes


def _first_line_duplicated(text: str) -> str:
    return text.splitlines()[0] + "\n" + text


def _row_edit(rule_id: str, edit: Callable[[dict], None]) -> Callable[[str], str]:
    """Change one row of a JSONL asset in place, keeping the file valid JSONL."""

    def change(text: str) -> str:
        rows = [json.loads(line) for line in text.splitlines() if line.strip()]
        edit(next(r for r in rows if r["id"] == rule_id))
        return "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n"

    return change


def _set(rule_id: str, key: str, value: object) -> Callable[[str], str]:
    return _row_edit(rule_id, lambda row: row.__setitem__(key, value))


def _drop(rule_id: str, key: str) -> Callable[[str], str]:
    return _row_edit(rule_id, lambda row: row.pop(key))


def _pattern_token(rule_id: str, index: int, token: dict) -> Callable[[str], str]:
    return _row_edit(rule_id, lambda row: row["pattern"].__setitem__(index, token))


BREAKAGES = {
    "invalid JSON": ("regexes.jsonl", lambda t: t + '{"id": "broken", "pattern": \n', "invalid JSON"),
    "duplicate id": ("normalize.jsonl", _first_line_duplicated, "duplicate id"),
    "invalid regex": ("regexes.jsonl", _set("segment.header", "pattern", "^(?P<mark>§"), "invalid regex"),
    "invalid normalize regex": ("normalize.jsonl", _set("ws.runs", "pattern", "([ ]{2,}"), "invalid regex"),
    "unknown @regex ref": (
        "patterns.jsonl", _pattern_token("amount.number_currency", 0, {"TEXT": {"REGEX": "@amount.nonexistent"}}), "unknown regex"
    ),
    "unknown @@wordlist ref": (
        "patterns.jsonl", _pattern_token("amount.number_currency", 1, {"LOWER": {"IN": "@@amount.nonexistent"}}), "unknown word list"
    ),
    "missing key": ("ministries.jsonl", _drop("ministry.hsm", "abbreviation"), "missing keys"),
    "unknown regex flag": ("regexes.jsonl", _set("segment.praeambel", "flags", "q"), "unknown regex flag"),
    "unknown normalize scope": ("normalize.jsonl", _set("place.parenthesis", "scope", "street"), "scope must be one of"),
    "bad AGS": ("districts.jsonl", _set("district.06411", "ags", "6411"), "bad type or AGS"),
    "bad district type": ("districts.jsonl", _set("district.06411", "type", "Stadtkreis"), "bad type or AGS"),
    "unknown charset place": ("charsets.jsonl", _set("check.name.open_ends", "at", "middle"), "at must be one of"),
    "charset with white space": ("charsets.jsonl", _set("outline.continuation_starts", "chars", "( /"), "chars must be distinct"),
    "charset with a repeated character": ("charsets.jsonl", _set("outline.continuation_starts", "chars", "(/("), "chars must be distinct"),
    "bad pattern label": ("patterns.jsonl", _set("year.title", "label", "year"), "label must be an upper-case name"),
    "invalid Matcher pattern": (
        "patterns.jsonl", _pattern_token("year.title", 1, {"LOWER": "für", "OP": "?!"}), "invalid Matcher pattern"
    ),
}


@pytest.mark.parametrize(("file_name", "change", "message"), list(BREAKAGES.values()), ids=list(BREAKAGES))
def test_a_broken_asset_is_refused(models_copy: Path, file_name: str, change: Callable[[str], str], message: str) -> None:
    path = models_copy / file_name
    before = path.read_text(encoding="utf-8")
    _edit(path, change)
    assert path.read_text(encoding="utf-8") != before, "the breakage did not apply: the fixture is stale"
    with pytest.raises(RulesError, match=re.escape(message)):
        load_rules(models_copy)


def test_a_missing_asset_is_refused(models_copy: Path) -> None:
    (models_copy / "wordlists.jsonl").unlink()
    with pytest.raises(RulesError, match="rule asset missing"):
        load_rules(models_copy)


# --- the district gazetteer ----------------------------------------------------------------------

OFFICIAL_KEYS = {
    "06411": "Darmstadt", "06412": "Frankfurt am Main", "06413": "Offenbach am Main", "06414": "Wiesbaden",
    "06431": "Bergstraße", "06432": "Darmstadt-Dieburg", "06433": "Groß-Gerau", "06434": "Hochtaunuskreis",
    "06435": "Main-Kinzig-Kreis", "06436": "Main-Taunus-Kreis", "06437": "Odenwaldkreis", "06438": "Offenbach",
    "06439": "Rheingau-Taunus-Kreis", "06440": "Wetteraukreis",
    "06531": "Gießen", "06532": "Lahn-Dill-Kreis", "06533": "Limburg-Weilburg", "06534": "Marburg-Biedenkopf",
    "06535": "Vogelsbergkreis",
    "06611": "Kassel",
    "06631": "Fulda", "06632": "Hersfeld-Rotenburg", "06633": "Kassel", "06634": "Schwalm-Eder-Kreis",
    "06635": "Waldeck-Frankenberg", "06636": "Werra-Meißner-Kreis",
}
CITIES = {"06411", "06412", "06413", "06414", "06611"}


def test_there_are_26_districts_with_unique_five_digit_keys() -> None:
    districts = rules().districts
    keys = [d.ags for d in districts]
    assert len(districts) == 26
    assert len(set(keys)) == 26
    assert all(re.fullmatch(r"\d{5}", key) for key in keys)
    assert len({d.id for d in districts}) == 26


def test_21_landkreise_and_5_kreisfreie_staedte() -> None:
    types = [d.type for d in rules().districts]
    assert types.count("Landkreis") == 21
    assert types.count("kreisfreie Stadt") == 5
    assert {d.ags for d in rules().districts if d.type == "kreisfreie Stadt"} == CITIES


def test_the_keys_are_the_official_ones() -> None:
    assert {d.ags for d in rules().districts} == set(OFFICIAL_KEYS)


@pytest.mark.parametrize(("ags", "core"), sorted(OFFICIAL_KEYS.items()))
def test_each_key_belongs_to_the_right_district(ags: str, core: str) -> None:
    entry = rules().district(ags)
    assert core in entry.name


def test_no_written_form_points_to_two_districts() -> None:
    owners: dict[str, set[str]] = {}
    for entry in rules().districts:
        for form in entry.surface_forms:
            owners.setdefault(form.lower(), set()).add(entry.ags)
    assert {form: keys for form, keys in owners.items() if len(keys) > 1} == {}


@pytest.mark.parametrize("ags", sorted(OFFICIAL_KEYS))
def test_every_written_form_is_recognised_as_its_district(ags: str) -> None:
    loaded = rules()
    entry = loaded.district(ags)
    for form in entry.surface_forms:
        doc = loaded.nlp(f"und {form} zur Umsetzung")
        found = [(ent.text, ent.ent_id_) for ent in doc.ents if ent.label_ == "DISTRICT"]
        assert found == [(form, ags)], form


def test_unknown_district_key_raises() -> None:
    with pytest.raises(RulesError, match="unknown district key"):
        rules().district("06999")


def test_ministries_cover_every_year_without_gaps() -> None:
    social = [m for m in rules().ministries if m.abbreviation in ("HSM", "HMSI")]
    covered = {year for m in social for year in range(m.years[0], m.years[1] + 1)}
    assert set(range(2000, 2050)) <= covered


def test_the_readme_lists_every_review_reason_code() -> None:
    """The data dictionary in the README has a row for each code of models/review_reasons.jsonl."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([a-z_]+)` \|", readme, flags=re.MULTILINE))
    assert [row["id"] for row in _rows("review_reasons.jsonl") if row["id"] not in listed] == []
