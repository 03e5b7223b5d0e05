"""Normalize stage: OCR repairs, de-hyphenation, quotes and dashes, running headers; and that nothing is invented."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from extract.extraction.normalize import normalize_text
from extract.model import BBox, Document, Line, Page, Word
from helpers import document_text, pages_to_document, rules, seed_text, text_to_document


def normalized(text: str) -> str:
    return normalize_text(text, rules())


def letter_words(text: str) -> Counter[str]:
    """Every run of letters, case-sensitive: what normalization must not change on clean text."""
    return Counter(re.findall(r"[^\W\d_]+", text))


# --- OCR repairs on the scanned seed ---------------------------------------------------------------


@pytest.fixture(scope="module")
def seed0() -> str:
    return normalized(seed_text(0))


@pytest.mark.parametrize(
    ("broken", "repaired"),
    [
        ("Ausbildunqscoaching", "Ausbildungscoaching"),
        ("Ausbildungsvorbereitunq", "Ausbildungsvorbereitung"),
        ("Ausbildunqsberufen", "Ausbildungsberufen"),
        ("Fachkräftesicherunq", "Fachkräftesicherung"),
        ("Weiterbildunqsmaßnahmen", "Weiterbildungsmaßnahmen"),
        ("Benachteiliqte", "Benachteiligte"),
        ("AsyIbLG", "AsylbLG"),
        ("Arbeitsmarkfförderung", "Arbeitsmarktförderung"),
    ],
)
def test_seed0_ocr_word_is_repaired(seed0: str, broken: str, repaired: str) -> None:
    assert broken in seed_text(0)
    assert broken not in seed0
    assert repaired in seed0


def test_seed0_roman_numerals_are_repaired(seed0: str) -> None:
    assert "SGB II, Ill" in seed_text(0)
    assert "Ill" not in seed0
    assert seed0.count("SGB II, III,") == 2


def test_seed0_quotes_are_unified(seed0: str) -> None:
    assert '"' not in seed0
    assert "„Bündnis für Ausbildung für die Jahre 2020 bis 2024“" in seed0
    assert "„Arbeitswelt\nHessen“" in seed0
    assert "„Servicestelle Teilzeit-Ausbildung“" in seed0
    assert seed0.count("„") == seed0.count("“") == 4


def test_seed0_dashes_are_unified(seed0: str) -> None:
    assert "—" in seed_text(0)
    assert "—" not in seed0
    assert "alle Zielgruppen – inklusive der sog. Stillen Reserve – und" in seed0


def test_seed0_compound_broken_at_line_end_is_joined_with_its_hyphen(seed0: str) -> None:
    assert "UN-\nBehindertenrechtskonvention" in seed_text(0)
    assert "der UN-Behindertenrechtskonvention verpflichtet" in seed0


def test_seed0_whitespace_is_tidied(seed0: str) -> None:
    assert not re.search(r"[ \t]+$", seed0, re.M), "trailing spaces left"
    assert not re.search(r"^[ \t]+", seed0, re.M), "leading spaces left"
    assert "\n\n\n" not in seed0
    assert "  " not in seed0


# --- single features on small texts ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Fachkräfte-\nsicherung", "Fachkräftesicherung"),
        ("die Arbeitsmarkt-\nintegration", "die Arbeitsmarktintegration"),
        ("Ausbildungs-\nund Qualifizierungsbudget", "Ausbildungs-\nund Qualifizierungsbudget"),
        ("Arbeitsmarkt-\noder Ausbildungspolitik", "Arbeitsmarkt-\noder Ausbildungspolitik"),
        ("Sprach-\nbzw. Qualifizierungskurse", "Sprach-\nbzw. Qualifizierungskurse"),
        ("Teilzeit-\nAusbildung", "Teilzeit-Ausbildung"),
        ("OloV-\nSteuerungsgruppen", "OloV-Steuerungsgruppen"),
        ("Aus\u00adbildung", "Ausbildung"),
        ("Aus\u00ad\nbildung", "Ausbildung"),
    ],
)
def test_dehyphenation(source: str, expected: str) -> None:
    assert normalized(source) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('dem "Bündnis für Ausbildung"', "dem „Bündnis für Ausbildung“"),
        ("dem “Bündnis” und", "dem „Bündnis“ und"),
        ("«Jugend Flex»", "„Jugend Flex“"),
        ("alle — inklusive", "alle – inklusive"),
        ("alle ― inklusive", "alle – inklusive"),
        ("2020 − 2024", "2020 – 2024"),
        ("Schule‐Beruf", "Schule-Beruf"),
        ("Schule‑Beruf", "Schule-Beruf"),
        ("geht`s", "geht’s"),
    ],
)
def test_quotes_and_dashes(source: str, expected: str) -> None:
    assert normalized(source) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("(„Fit für die Zukunft“)", "(„Fit für die Zukunft“)"),
        ('dem Fachkonzept ("Arbeitswelt Hessen")', "dem Fachkonzept („Arbeitswelt Hessen“)"),
        ("Schule/„Beruf“", "Schule/„Beruf“"),
    ],
)
def test_opening_quote_after_a_bracket_stays_an_opening_quote(source: str, expected: str) -> None:
    assert normalized(source) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("die in $ 4 genannten", "die in § 4 genannten"),
        ("$5", "§ 5"),
        ("SGB Il, III", "SGB II, III"),
        ("im Jahr 2O25", "im Jahr 2025"),
        ("Wiesbaden, den 2.l0.2025", "Wiesbaden, den 2.10.2025"),
        ("1.341.\n400 Euro", "1.341.400 Euro"),
    ],
)
def test_ocr_character_repairs(source: str, expected: str) -> None:
    assert normalized(source) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("a\u00a0b\u202fc\td", "a b c\td"),  # a tab is a table cell break and stays
        ("Zu\u0308sammen", "Züsammen"),  # NFC: a decomposed umlaut becomes one character, and is not repaired away
        ("a\r\nb\rc", "a\nb\nc"),
        ("\n\nText\n\n", "Text"),
        ("Text\n- 2 -\nmehr", "Text\nmehr"),
        ("Text\nSeite 2 von 4\nmehr", "Text\nmehr"),
    ],
)
def test_whitespace_and_layout(source: str, expected: str) -> None:
    assert normalized(source) == expected


@pytest.mark.parametrize(
    "word",
    [
        "Arbeitsmarkfpolitik",  # a confusion, but not of a lexicon word: left as read
        "Qualität",
        "Quote",
        "Personalentwicklung",
        "Landräte",
        "Kreise",
    ],
)
def test_words_outside_the_lexicon_are_left_alone(word: str) -> None:
    assert normalized(f"die {word} im") == f"die {word} im"


# --- nothing is invented --------------------------------------------------------------------------


# The one change normalization makes to the clean seed: a word split by a stray space is joined
# again because the joined word is in the domain lexicon (repair_lexicon_words).
SPLIT_IN_SEED_1 = Counter({"Fachkräfte": 1, "sicherung": 1})
JOINED_IN_SEED_1 = Counter({"Fachkräftesicherung": 1})


def test_clean_seed_keeps_every_word() -> None:
    raw = seed_text(1)
    assert letter_words(normalized(raw)) == letter_words(raw) - SPLIT_IN_SEED_1 + JOINED_IN_SEED_1


def test_clean_seed_changes_only_whitespace_quotes_and_dashes() -> None:
    raw = seed_text(1)
    out = normalized(raw)
    allowed = re.compile(r"[\s\"„“”«»‚‘’'`´\-–—‐‑‒―−]")
    assert allowed.sub("", out) == allowed.sub("", raw)


def test_clean_seed_through_a_document_keeps_every_word() -> None:
    raw = seed_text(1)
    text = document_text(text_to_document(raw))
    assert letter_words(text.value) == letter_words(raw) - SPLIT_IN_SEED_1 + JOINED_IN_SEED_1


def test_ocr_seed_changes_only_the_repaired_words() -> None:
    raw = seed_text(0)
    removed = letter_words(raw) - letter_words(normalized(raw))
    added = letter_words(normalized(raw)) - letter_words(raw)
    assert set(removed) == {
        "Ill", "AsyIbLG", "Ausbildungsvorbereitunq", "Ausbildunqscoaching", "Ausbildunqsberufen",
        "Fachkräftesicherunq", "Weiterbildunqsmaßnahmen", "Benachteiliqte", "Arbeitsmarkfförderung",
    }
    assert sum(added.values()) == sum(removed.values())


# --- running headers and footers ------------------------------------------------------------------

HEADER = "Zielvereinbarung AQB 2025 – Landkreis Fulda"


WORDS = ["Ausbildung", "Qualifizierung", "Integration", "Beratung", "Begleitung", "Vermittlung", "Sprachförderung", "Teilzeit"]


def _body(n: int) -> str:
    """Six lines that differ from every other page's even with their digits masked."""
    return "\n".join(f"{WORDS[(n + i) % len(WORDS)]} im Absatz {n} Nummer {i} ({'x' * (n * 6 + i)})." for i in range(6))


def test_running_header_on_every_page_is_dropped() -> None:
    pages = [f"{HEADER}\n\n{_body(n)}\n\nSeite {n} von 4" for n in range(1, 5)]
    text = document_text(pages_to_document(pages))
    assert HEADER not in text.value
    assert "Seite" not in text.value
    assert text.value.count("Absatz") == 24  # every body line kept
    assert len(text.value.split("\f")) == 4


def test_running_header_on_half_the_pages_is_dropped() -> None:
    pages = [f"{HEADER}\n{_body(1)}", _body(2), f"{HEADER}\n{_body(3)}", _body(4)]
    text = document_text(pages_to_document(pages))
    assert HEADER not in text.value


def test_running_footer_with_changing_numbers_is_dropped() -> None:
    pages = [f"{_body(n)}\nAQB-Zielvereinbarung {2020 + n} / Stand 0{n}.0{n}.2025" for n in range(1, 5)]
    text = document_text(pages_to_document(pages))
    assert "AQB-Zielvereinbarung" not in text.value


def test_a_line_repeated_on_one_page_only_is_kept() -> None:
    pages = [f"{HEADER}\n{_body(1)}", _body(2), _body(3), _body(4)]
    text = document_text(pages_to_document(pages))
    assert HEADER in text.value


def test_running_header_of_a_two_page_document_is_dropped() -> None:
    pages = [f"{HEADER}\n{_body(1)}", f"{HEADER}\n{_body(2)}"]
    assert document_text(pages_to_document(pages)).value.count(HEADER) == 0


def test_two_page_document_keeps_a_line_repeated_away_from_the_edges() -> None:
    middle = _body(2).split("\n")
    pages = [f"{HEADER}\n{_body(1)}", "\n".join(middle[:3] + [HEADER] + middle[3:])]
    assert document_text(pages_to_document(pages)).value.count(HEADER) == 2


@pytest.mark.parametrize("number", ["- 2 -", "– 2 –", "Seite 2", "Seite 2 von 3", "2/3", "2", "S. 2"])
def test_page_numbers_at_the_edge_are_dropped(number: str) -> None:
    pages = [_body(1), f"{number}\n{_body(2)}", f"{_body(3)}\n{number}"]
    text = document_text(pages_to_document(pages)).value
    assert [line for line in text.replace("\f", "\n").split("\n") if "Absatz" not in line] == []


def test_running_footer_glued_to_a_list_across_the_page_break_is_dropped() -> None:
    footer = "K.O.M.P.A.S. AQB 2015"
    pages = [f"{_body(1)}\n• Jugend Flex\n{footer}", f"• Berufscamp\n{_body(2)}\n{footer}", f"{_body(3)}\n{footer}"]
    text = document_text(pages_to_document(pages)).value
    assert footer not in text
    assert "• Jugend Flex\f• Berufscamp" in text


def test_ocr_running_header_with_a_misread_letter_is_dropped() -> None:
    pages = [f"{HEADER}\n{_body(1)}", f"{HEADER.replace('Fulda', 'FuIda')}\n{_body(2)}", f"{HEADER}\n{_body(3)}"]
    text = document_text(pages_to_document(pages, source="ocr")).value
    assert "Zielvereinbarung AQB" not in text


def test_ocr_lines_of_prose_alike_but_for_a_word_at_the_same_height_are_kept() -> None:
    """The title page's 'zwischen dem Hessischen Ministerium … und dem Landkreis' and, at the same
    height on the next page, 'Das Hessische Ministerium … und der Landkreis': 90 alike, but OCR does not
    add or drop words; both are the agreement's text (the title block lost its parties)."""
    first = "zwischen dem Hessischen Ministerium für Soziales und Integration und dem Landkreis"
    second = "Das Hessische Ministerium für Soziales und Integration und der Landkreis"
    pages = [f"Zielvereinbarung 2019\n{first}\n{_body(1)}", f"2. Verpflichtungen\n{second}\n{_body(2)}",
             f"7. Verbesserung\n{_body(3)}", f"Anlage\n{_body(4)}"]
    text = document_text(pages_to_document(pages, source="ocr")).value
    assert first in text and second in text


def test_section_headers_at_page_tops_are_kept() -> None:
    titles = ["Ziele des Landes", "Verpflichtungen der Vereinbarungspartner", "Haushaltsmittel und Eckdaten", "Zielsteuerung"]
    pages = [f"{HEADER}\n\n§ {n}\n\n{titles[n - 1]}\n\n{_body(n)}" for n in range(1, 5)]
    text = document_text(pages_to_document(pages))
    assert HEADER not in text.value
    for n in range(1, 5):
        assert f"§ {n}\n" in text.value


def test_section_headers_that_look_alike_without_their_numbers_are_kept() -> None:
    """'§ 2 Ziele' and '§ 3 Ziele' are the same line once digits are masked, like a running header."""
    pages = [f"{HEADER}\n§ {n} Ziele\n{_body(n)}" for n in range(1, 5)]
    text = document_text(pages_to_document(pages))
    assert HEADER not in text.value
    for n in range(1, 5):
        assert f"§ {n} Ziele" in text.value


def test_page_starts_point_at_each_page() -> None:
    pages = ["Erste Seite mit Text.", "Zweite Seite mit Text.", "Dritte Seite mit Text."]
    text = document_text(pages_to_document(pages))
    assert [text.value[start:].split("\n")[0].split("\f")[0] for start in text.page_starts] == pages
    assert [text.page_at(text.value.index(p)) for p in pages] == [1, 2, 3]


def test_running_header_text_in_the_middle_of_a_page_is_kept() -> None:
    title = (
        "Zielvereinbarung\n\n2024\n\nzwischen\n\ndem Hessischen Ministerium für Arbeit, Integration, Jugend und Soziales\n\n"
        "und dem\nLandkreis Offenbach\n\nzur Umsetzung des hessischen Ausbildungs- und Qualifizierungsbudgets\n\n"
        "Präambel\n\nText eins.\nText zwei.\nText drei."
    )
    pages = [title, f"Landkreis Offenbach\n\n§ 1\n\nZiele\n\n{_body(2)}", f"Landkreis Offenbach\n\n§ 2\n\nVerpflichtungen\n\n{_body(3)}"]
    text = document_text(pages_to_document(pages))
    assert "und dem\nLandkreis Offenbach\n" in text.value


def test_title_in_large_letters_split_before_its_last_letter_is_joined() -> None:
    assert normalized("Zielvereinbarun g 2020") == "Zielvereinbarung 2020"


def test_a_line_repeated_at_the_foot_of_one_page_and_the_head_of_the_next_is_body() -> None:
    """A running line stands at the same height on every page; a table's wrapped type cell that ends
    one page and starts the next does not."""
    first = "Maßnahmenart\tProjekt\nQualifizierung zur\tFAKT\nArbeitsmarktintegration und\n\tSprache & Beruf\nQualifizierung zur\tMiA\nArbeitsmarktintegration und"
    second = "Arbeitsmarktintegration und\nFachkräftesicherung\tBASS 2026\nFortbildung des\tFachtag\nkommunalen Fachpersonals\nSonstiges\tEvaluation\nEnde"
    text = document_text(pages_to_document([first, second])).value
    assert text.count("Arbeitsmarktintegration und") == 3


def test_a_running_title_on_the_second_of_two_pages_only_is_dropped() -> None:
    """Word's 'different first page': the running title stands once, over a list that crosses the break."""
    running = "Zielvereinbarung AQB 2013 – Kreis Bergstraße"
    pages = [f"{_body(1)}\n- Kompetenzfeststellung (KomPass);", f"{running}\n- Berufscamp.\n{_body(2)}"]
    text = document_text(pages_to_document(pages)).value
    assert running not in text
    assert "(KomPass);\f- Berufscamp." in text


@pytest.mark.parametrize(
    "first",
    [
        pytest.param("Zielvereinbarungen werden auf dem Internetportal des HMSI 2024 veröffentlicht.", id="a sentence"),
        pytest.param("Zielvereinbarung über die Umsetzung des Ausbildungs- und Qualifizierungsbudgets im Jahr 2015", id="a title"),
    ],
)
def test_a_later_page_starting_with_the_agreements_name_in_a_sentence_or_title_keeps_it(first: str) -> None:
    pages = [_body(1), f"{first}\n{_body(2)}"]
    assert first in document_text(pages_to_document(pages)).value


def test_a_large_title_at_the_top_of_a_later_page_is_no_running_title() -> None:
    """A cover letter first: the agreement's title opens page 2, in letters larger than the body."""
    title = "Zielvereinbarung AQB 2015"
    document = pages_to_document([_body(1), f"{title}\n{_body(2)}"])
    page = document.pages[1]
    big = tuple(Word(w.text, BBox(w.bbox.x0, w.bbox.y0, w.bbox.x1, w.bbox.y0 + 3 * (w.bbox.y1 - w.bbox.y0))) for w in page.lines[0].words)
    lines = (Line(big, page.lines[0].gap_before, page.lines[0].columns), *page.lines[1:])
    document = Document(document.path, document.source_file, document.sha256, (document.pages[0], Page(2, page.source, page.reason, lines)))
    assert title in document_text(document).value


@pytest.mark.parametrize(("read", "word"), [("Oualifizierungsprojekte", "Qualifizierungsprojekte"),
                                             ("Benachteiliste", "Benachteiligte"), ("Arbeitsmarktintegratiom", "Arbeitsmarktintegration"),
                                             ("Qualliizierungsvorbereitung", "Qualifizierungsvorbereitung")])
def test_ocr_repairs_a_long_lexicon_word_with_a_letter_or_two_misread(read: str, word: str) -> None:
    """Letters misread, added or lost in a long domain word (one per lexicon.ocr_letters_per_edit):
    restored on OCRed text only (a text layer keeps what its writer typed); a shorter word may have
    lexicon neighbours a letter apart, and an inflected lexicon word is a word."""
    assert normalize_text(f"die {read} im", rules(), ocr=True) == f"die {word} im"
    assert normalize_text(f"die {read} im", rules(), ocr=False) == f"die {read} im"
    assert normalize_text("die Landkreiz im", rules(), ocr=True) == "die Landkreiz im"
    assert normalize_text("die Ausbildungsvorbereitungen im", rules(), ocr=True) == "die Ausbildungsvorbereitungen im"
