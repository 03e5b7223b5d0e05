"""Measure-type headings: which of models/measure_types.jsonl a heading line names, and how sure."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from extract.rules import MeasureType, Rules


@dataclass(frozen=True)
class HeadingMatch:
    code: str
    similarity: float  # best token-sort similarity to the known headings of that type, 0-100
    at_start: bool  # the keyword sits in the first word, as in 'Ausbildung und ...'


def without_misread_marker(text: str, rules: Rules) -> str:
    """A heading without the list marker OCR misread before it ('1 Ausbildungsvorbereitung' for '1.',
    'S! Qualifizierungsprojekte …' for '3.'; projects.heading_marker_misread) and without a speck
    read after it ('Sonstiges j'; projects.heading_speck_after) when the rest names a measure type;
    the text as it is otherwise."""
    return _behind_marker(text, rules)[0]


def _behind_marker(text: str, rules: Rules) -> tuple[str, HeadingMatch | None]:
    """The heading's text (without a misread marker and a trailing speck where the rest names a
    type, the same as with the speck) and its match."""
    found = rules.regex("projects.heading_marker_misread").match(text)
    rest, match = text, None
    if found is not None:
        match = _match(text[found.end():], rules)
        rest = text[found.end():] if match is not None else text
    if match is None:
        match = _match(text, rules)
    speck = rules.regex("projects.heading_speck_after").search(rest)
    if speck is not None and match is not None:
        trimmed = _match(rest[:speck.start()], rules)
        if trimmed is not None and trimmed.code == match.code:
            return rest[:speck.start()], trimmed
    return rest, match


def heading_to_measure_type(text: str, rules: Rules) -> HeadingMatch | None:
    """Map a heading line to a measure-type code by its keywords (first match in models/ order), also
    behind a list marker OCR misread (without_misread_marker)."""
    return _behind_marker(text.strip(), rules)[1]


def _match(text: str, rules: Rules) -> HeadingMatch | None:
    text = text.strip().rstrip(":").strip()
    if not 4 <= len(text) <= 260 or not text[0].isupper() or text.endswith("."):
        return None
    lowered = text.lower()
    first_word = lowered.split()[0]
    for measure in rules.measure_types:
        hits = [keyword for keyword in measure.keywords if keyword in lowered]
        if hits:
            at_start = any(keyword in first_word or lowered.startswith(keyword) for keyword in hits)
            return HeadingMatch(measure.code, _similarity(text, measure), at_start)
    return None


def heading_code(text: str, rules: Rules) -> str:
    """The code of the measure type a heading names; '' when it names none."""
    match = heading_to_measure_type(text, rules)
    return match.code if match else ""


def _similarity(text: str, measure: MeasureType) -> float:
    return max(fuzz.token_sort_ratio(text.lower(), example.lower()) for example in measure.examples)


def is_heading(match: HeadingMatch | None, bulleted_line: bool, items_bulleted: bool, rules: Rules) -> bool:
    """How sure we must be depends on the list: where items carry bullets, any unbulleted line with a
    type keyword is a heading; in an unmarked list a project name may hold a keyword too."""
    if match is None:
        return False
    if bulleted_line:
        return bool(match.similarity >= rules.threshold("headings.bulleted_similarity"))
    if items_bulleted:
        return True
    return bool((match.at_start and match.similarity >= rules.threshold("headings.unmarked_at_start_similarity")) or (
        match.similarity >= rules.threshold("headings.unmarked_similarity")))


OPENING_QUOTES, CLOSING_QUOTES = "„‚", "“‘"


def without_ocr_specks(text: str, rules: Rules) -> str:
    """An OCRed heading without the specks OCR read between or around its words ('Il Berufsorientierung
    und i Ausbildungsvorbereitung', 'Ausbildung und Ausbildungscoaching - in anerkannten …', '‚de Maßnahmen
    zur …', '… im Kontext der -rF Arbeitsmarktförderung'): tokens with no letter or digit, and tokens of
    one or two letters in mixed or lower case (no acronym, roman numeral or number; marks at their
    edges aside) that no known heading of its type holds, opening quotes glued to a word where the
    heading closes none, and marks glued to a word of the type's known headings (_unglued); kept only
    when the rest names a type and is closer to its known headings.
    The text as it is otherwise."""
    marks = rules.charset("ocr.speck_marks")  # what a speck token may carry at its edges

    def speck(token: str, known: set[str]) -> bool:
        core = marks.strip(token)
        if not any(c.isalnum() for c in core):
            return True
        return len(core) <= 2 and not core.isupper() and not core.isdigit() and core.lower() not in known

    def unquoted(token: str) -> str:  # a quote glued to a word, where the heading closes none ('„Weiterbildungsmaßnahmen')
        return token if any(mark in text for mark in CLOSING_QUOTES) else token.lstrip(OPENING_QUOTES)

    rest = [unquoted(token) for token in text.split() if not speck(token, set())]  # before the type is known: no short word kept
    match = heading_to_measure_type(" ".join(rest), rules) if rest else None
    if match is None:
        return text
    measure = next(m for m in rules.measure_types if m.code == match.code)
    known = {w.strip(",.;:").lower() for example in measure.examples for w in example.split()}
    tokens = [unquoted(token) for token in text.split() if not speck(token, known)]
    score = _similarity(" ".join(tokens), measure) if tokens else 0.0
    for i in range(len(tokens)):  # marks glued to a word ('Ausbildungsvorbereitung-', 'Fachkräftesicherung;'), one at a time
        for variant in _unglued(tokens[i], marks.chars.replace(":", ""), known):  # a colon is the writer's ('Weitere Maßnahmen: U 25')
            trial = [*tokens[:i], variant, *tokens[i + 1:]]
            if (better := _similarity(" ".join(trial), measure)) > score:
                tokens, score = trial, better
                break
    kept = " ".join(tokens)
    if not kept or kept == " ".join(text.split()):
        return text
    return kept if score > _similarity(text, measure) else text


def _unglued(token: str, marks: str, known: set[str]) -> list[str]:
    """A heading's word without the marks OCR glued to it where the word without them is a word of
    the type's known headings ('Ausbildungsvorbereitung-', 'Qualifizierung,'), or split at a hyphen
    between two such words where OCR lost the space ('anerkannten-Ausbildungsberufen')."""
    out = [core for core in (token.rstrip(marks), token.lstrip(marks), token.strip(marks))
           if core and core != token and core.lower() in known]
    head, hyphen, tail = token.partition("-")
    if hyphen and head[-1:].islower() and tail[:1].isupper() and head.lower() in known and tail.strip(",.;:").lower() in known:
        out.append(f"{head} {tail}")
    return list(dict.fromkeys(out))


def completes_type(cell: str, first: str, rules: Rules) -> bool:
    """Whether `first` completes the type cell `cell`: together they name its measure type better by
    tables.type_wrap_gain ('… in der fachlichen' / 'Verantwortung für Benachteiligte …')."""
    alone, joined = heading_to_measure_type(cell, rules), heading_to_measure_type(f"{cell} {first}", rules)
    gain = rules.threshold("tables.type_wrap_gain")
    return alone is not None and joined is not None and joined.code == alone.code and joined.similarity >= alone.similarity + gain
