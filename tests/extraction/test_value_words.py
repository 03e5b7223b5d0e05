"""Which of a span's words a value was read from (value_words.py)."""

from extract.extraction.value_words import value_to_words
from extract.model import BBox, Word


def _words(spec: list[tuple[str, float]]) -> list[Word]:
    return [Word(text, BBox(0.01 * i, 0.0, 0.01 * i + 0.008, 0.01), conf) for i, (text, conf) in enumerate(spec)]


# a table row as a scan's text holds it: the type cell's lines, specks read as marks, then the project cell
ROW = _words([("Ausbildung", 96), ("und", 96), ("«", 8), ("Ausbildungsbegleitung", 91), ("„Dranbleiben“", 91),
              ("Ausbildungscoaching", 91), ("in", 96), ("°", 0), ("Begleitete", 91), ("Ausbildung", 96),
              ("anerkannten", 93), ("Ausbildungsberufen.", 91), ("+", 59), ("Ausbildung", 96), ("in", 96),
              ("der", 93), ("Altenpflegehilfe", 91), ("mit", 96), ("Sprachförderung", 96)])


def test_specks_read_as_marks_are_not_the_values():
    got = value_to_words("Ausbildungsbegleitung „Dranbleiben“", ROW, 60)
    assert [w.text for w in got] == ["Ausbildungsbegleitung", "„Dranbleiben“"]
    assert min(w.conf for w in got if w.conf is not None) == 91


def test_the_compact_reading_wins_over_equal_words_lines_above():
    got = value_to_words("Ausbildung in der Altenpflegehilfe mit Sprachförderung", ROW, 60)
    assert [w.text for w in got] == ["Ausbildung", "in", "der", "Altenpflegehilfe", "mit", "Sprachförderung"]
    assert got[0] is ROW[13]  # the name's own first word, not the type cell's 'Ausbildung'


def test_a_neighbour_cells_word_between_the_values_words_is_left_out():
    words = _words([("WIR", 95), ("–", 90), ("Wege", 95), ("in", 96), ("den", 96), ("Jobcenter", 93), ("Regelarbeitsmarkt", 94)])
    got = value_to_words("WIR – Wege in den Regelarbeitsmarkt", words, 60)
    assert "Jobcenter" not in [w.text for w in got] and len(got) == 6


def test_any_dash_aligns_with_any_dash_and_other_marks_only_with_themselves():
    words = _words([("Frauen", 96), ("in", 96), ("Arbeit", 92), ("—", 83), ("FiA", 91), ("®", 0)])
    assert [w.text for w in value_to_words("Frauen in Arbeit – FiA", words, 60)] == ["Frauen", "in", "Arbeit", "—", "FiA"]
    assert [w.text for w in value_to_words("Sprache & Beruf", _words([("Sprache", 90), ("&", 70), ("Beruf", 90)]), 60)] \
        == ["Sprache", "&", "Beruf"]


def test_a_word_normalization_repaired_is_still_the_values_and_a_split_word_keeps_both_halves():
    got = value_to_words("WIR Regelarbeitsmarkt", _words([("WIR", 90), ("Recgelarbeitsmarkt", 50)]), 60)
    assert [w.conf for w in got] == [90, 50]
    split = value_to_words("Qualifizierung heute", _words([("Qualifi-", 80), ("zierung", 40), ("heute", 90)]), 60)
    assert [w.text for w in split] == ["Qualifi-", "zierung", "heute"]


def test_no_word_alike_gives_none():
    assert value_to_words("Jugend Flex", _words([("Kreis", 90), ("°", 0)]), 60) == []
    assert value_to_words("", ROW, 60) == []
