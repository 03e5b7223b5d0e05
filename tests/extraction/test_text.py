"""The text mechanics shared by the extraction stages (extract/extraction/text.py)."""

from __future__ import annotations

from extract.extraction.text import (
    alnum_key,
    digit_key,
    fold,
    has_any_word,
    lines_with_offsets,
    split_keep_ends,
    split_lines,
    strip_punct,
    tokens,
)


def test_lines_keep_their_breaks_and_offsets() -> None:
    text = "§ 1 Ziel\nText\fSeite 2\n"
    assert "".join(split_keep_ends(text)) == text
    assert split_keep_ends(text) == ["§ 1 Ziel\n", "Text\f", "Seite 2\n", ""]
    assert split_lines(text) == ["§ 1 Ziel", "Text", "Seite 2", ""]
    for offset, line in lines_with_offsets(text):
        assert text[offset : offset + len(line)] == line
    assert [line for _, line in lines_with_offsets(text)] == ["§ 1 Ziel", "Text", "Seite 2", ""]


def test_tokens_carry_offsets() -> None:
    found = tokens("  Wiesbaden,  den 2.8.2025")
    assert [t.group(0) for t in found] == ["Wiesbaden,", "den", "2.8.2025"]
    assert found[1].start() == 14


def test_keys() -> None:
    assert digit_key("  Seite 12  von 14 ") == digit_key("Seite 3 von 14") == "seite # von #"
    assert fold("Hofheim am Taunus, (Main-Taunus-Kreis)") == "hofheim am taunus main-taunus-kreis"
    assert alnum_key("B.R.I.D.G.E. – 2") == "bridge2"
    assert strip_punct("„Zielvereinbarung“:") == "Zielvereinbarung"


def test_a_word_of_a_list_counts_only_as_a_whole_word() -> None:
    words = ("davon", "vorjahr")
    assert has_any_word("im vorjahr standen", words)
    assert has_any_word("davon: 1.000 euro", words)
    assert not has_any_word("vorjahres", words)  # another word that begins like one of the list
    assert not has_any_word("anything", ())
