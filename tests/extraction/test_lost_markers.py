"""Bullets OCR lost or garbled, told from the list's sibling items (extract/extraction/lost_markers.py)."""

from __future__ import annotations

from dataclasses import replace

from extract.extraction.ordinals import numbering_breaks
from extract.extraction.outline import ListLine, lines_to_outline
from extract.model import BBox, Line, Word
from helpers import rules

MARGIN = 0.88  # the right edge of the page's text


def _line(offset: int, text: str, x: float, y: float) -> ListLine:
    """A list line read on an OCRed page from x on, 12 thousandths of the page's width a letter, a space 10."""
    words = []
    for token in text.split():
        words.append(Word(token, BBox(x, y, x + 0.012 * len(token), y + 0.01), 90.0))
        x += 0.012 * len(token) + 0.01
    return ListLine(offset, text, False, words[0].bbox.x0, right=words[-1].bbox.x1, first_width=words[0].bbox.x1 - words[0].bbox.x0,
                    margin=MARGIN, source=Line(tuple(words)))


def _lines(rows: list[tuple[str, float]]) -> list[ListLine]:
    """The list's lines read from `rows` (text, x), one under the other."""
    lines, offset = [], 0
    for i, (text, x) in enumerate(rows):
        lines.append(_line(offset, text, x, 0.3 + 0.02 * i))
        offset += len(text) + 1
    return lines


def _names(*rows: tuple[str, float]) -> list[str]:
    lines = _lines(list(rows))
    return [node.text for node in lines_to_outline(lines, rules())]


def test_a_bullet_not_read_before_a_line_at_its_siblings_text_start_is_a_bullet() -> None:
    """'- AusbildungsFIT' did not fill its line: '„Fit für die Zukunft“' below, where the items' text
    starts, is an item whose dash OCR lost, not the rest of the name above."""
    assert _names(("- AusbildungsFIT", 0.12), ("„Fit für die Zukunft“", 0.142), ("- B.R.I.D.G.E.", 0.12),
                  ("RESA Bildungsfonds", 0.142)) == ["AusbildungsFIT", "„Fit für die Zukunft“", "B.R.I.D.G.E.", "RESA Bildungsfonds"]


def test_a_full_line_goes_on_below_its_text() -> None:
    """The item's line was full (the next line's first word would not have fitted): its name goes on."""
    first = "- Qualifizierung und Begleitung von Alleinerziehenden im Leistungsbezug"
    assert _names((first, 0.12), ("Teilzeitausbildung", 0.142), ("- B.R.I.D.G.E.", 0.12)) == \
        [first[2:] + " Teilzeitausbildung", "B.R.I.D.G.E."]


def test_a_line_after_a_connector_goes_on() -> None:
    assert _names(("- Qualifizierung in der", 0.12), ("Kindertagespflege", 0.142), ("- FAKT", 0.12)) == \
        ["Qualifizierung in der Kindertagespflege", "FAKT"]


def test_a_line_after_a_blank_line_at_the_items_text_start_is_an_item() -> None:
    """OCR set a paragraph break before 'RESA Bildungsfonds' and lost its dash: no wrapped name has a blank line inside."""
    lines = [_line(0, "- B.R.I.D.G.E.", 0.12, 0.3), replace(_line(15, "RESA Bildungsfonds", 0.142, 0.33), gap_before=True),
             _line(34, "- FAKT", 0.12, 0.35)]
    assert [(node.depth, node.text) for node in lines_to_outline(lines, rules())] == [(0, "B.R.I.D.G.E."), (0, "RESA Bildungsfonds"), (0, "FAKT")]


def test_a_text_layer_keeps_its_bullets_so_a_line_below_an_item_goes_on() -> None:
    """A text layer loses no bullet: 'Ausbildungsbegleitung' / '„Dranbleiben“' is one name broken by its writer."""
    lines = [_line(0, "- Ausbildungsbegleitung", 0.12, 0.3), _line(24, "„Dranbleiben“", 0.142, 0.32), _line(38, "- FAKT", 0.12, 0.34)]
    layer = [replace(line, source=Line(tuple(replace(w, conf=None) for w in line.source.words))) for line in lines if line.source]
    assert [node.text for node in lines_to_outline(layer, rules())] == ["Ausbildungsbegleitung „Dranbleiben“", "FAKT"]


def test_a_first_letter_after_a_later_one_at_the_same_indentation_is_the_next_one_misread() -> None:
    """'a)' for 'd)' after 'c)', set exactly as far in: the next item (the numbering check flags it), not a
    sub-list under 'c)' (which would drop it)."""
    rows = [("a) RESA Bildungsfonds", 0.12), ("b) JobStart", 0.12), ("c) Sprungbrett Ausbildung 2025", 0.12),
            ("a) Einstiegsqualifizierung begleitet (EQ plus)", 0.12)]
    lines = [_line(sum(len(t) + 1 for t, _ in rows[:i]), text, x, 0.3 + 0.02 * i) for i, (text, x) in enumerate(rows)]
    nodes = lines_to_outline(lines, rules())
    assert [node.depth for node in nodes] == [0, 0, 0, 0]
    assert numbering_breaks(nodes)
    deeper = lines[:3] + [_line(lines[3].offset, rows[3][0], 0.16, 0.36)]  # set further in: a list under 'c)'
    assert [node.depth for node in lines_to_outline(deeper, rules())] == [0, 0, 0, 1]


def test_a_speck_wider_than_the_bullet_is_the_bullet_when_the_text_aligns_with_its_siblings() -> None:
    """'„= FAKT': a quote and a speck read for the dash, starting left of the siblings' dashes; its text
    starts where theirs does."""
    lines = [_line(0, "- Jugend Flex", 0.125, 0.3), _line(14, "„= FAKT", 0.103, 0.32), _line(22, "- Berufscamp", 0.125, 0.34)]
    lines[1] = replace(lines[1], source=Line((Word("„=", BBox(0.103, 0.32, 0.118, 0.33), 40.0), Word("FAKT", BBox(0.149, 0.32, 0.197, 0.33), 90.0))))
    assert [node.text for node in lines_to_outline(lines, rules())] == ["Jugend Flex", "FAKT", "Berufscamp"]


def test_a_speck_wider_than_the_bullet_first_under_a_heading_leaves_its_siblings_on_its_level() -> None:
    """'„= FAKT' first under its heading, its dashed siblings below it: the line takes the siblings'
    indentation, so they stay its siblings, not items under it (which would be dropped as sub-items)."""
    rows = [("Qualifizierungsprojekte zur Arbeitsmarktintegration, Fachkräftesicherung", 0.094), ("„= FAKT", 0.103),
            ("- Teilqualifizierung Lager und Logistik", 0.125), ("- Qualifizierung in der Kindertagespflege", 0.125)]
    lines = _lines(list(rows))
    lines[1] = replace(lines[1], source=Line((Word("„=", BBox(0.103, 0.34, 0.118, 0.35), 40.0), Word("FAKT", BBox(0.147, 0.34, 0.195, 0.35), 90.0))))
    assert [(node.depth, node.text) for node in lines_to_outline(lines, rules())] == [
        (0, rows[0][0]), (1, "FAKT"), (1, "Teilqualifizierung Lager und Logistik"), (1, "Qualifizierung in der Kindertagespflege")]


def _outline(*rows: tuple[str, float]) -> list[tuple[int, str]]:
    lines = _lines(list(rows))
    return [(node.depth, node.text) for node in lines_to_outline(lines, rules())]


def test_a_roman_one_read_as_an_arabic_one_is_the_first_heading() -> None:
    """'1. Ausbildungsvorbereitung' above 'II. Qualifizierung…' set as far in: OCR read 'I.' as '1.';
    the headings are siblings (not 'II.' a level under '1.'). With an arabic '2.' there, the '1.' is arabic."""
    rows = [("1. Ausbildungsvorbereitung", 0.12), ("a) Jugend Flex", 0.12), ("II. Qualifizierungsprojekte", 0.12),
            ("a) FAKT", 0.12), ("III. Sonstiges", 0.12), ("a) BASS 2025", 0.12)]
    assert [depth for depth, _ in _outline(*rows)] == [0, 1, 0, 1, 0, 1]
    arabic = rows[:2] + [("2. Ausbildung", 0.12), ("a) Berufscamp", 0.12)] + rows[2:]
    lines = [_line(sum(len(t) + 1 for t, _ in arabic[:i]), text, x, 0.3 + 0.02 * i) for i, (text, x) in enumerate(arabic)]
    assert lines_to_outline(lines, rules())[0].family == "arabic_dot"


def test_a_bullet_read_as_a_lone_digit_on_every_item_is_a_bullet() -> None:
    """'➢' read as '4' before every item, set as far in as the numbered headings: the items of the
    headings, without the '4'. A heading read without its dot ('2 Ausbildung …') stays a heading."""
    rows = [("1. Maßnahmen zur Ausbildungsvorbereitung:", 0.12), ("4 Lernwerkstatt „Zukunft gestalten“", 0.12),
            ("4 Berufscamp", 0.12), ("2 Ausbildung in anerkannten Ausbildungsberufen:", 0.12), ("4 BASS Studiengang 2017", 0.12)]
    outline = _outline(*rows)
    assert ("Lernwerkstatt „Zukunft gestalten“" in [text for _, text in outline]) and ("Berufscamp" in [text for _, text in outline])
    assert not any(text.startswith("4 ") for _, text in outline)
    assert any(text.startswith("2 Ausbildung") or text.startswith("Ausbildung in anerkannten") for _, text in outline)


def test_a_bullet_read_as_a_lone_capital_beside_dashed_siblings_is_a_dash() -> None:
    rows = [("A) Maßnahmen zur Ausbildungsvorbereitung:", 0.12), ("- Schulverweigerung – Die 2. Chance", 0.12),
            ("I Startklar – Berufsorientierung für junge Mütter", 0.12)]
    assert [text for _, text in _outline(*rows)][-1] == "Startklar – Berufsorientierung für junge Mütter"
    single = [("A) Maßnahmen zur Ausbildungsvorbereitung:", 0.12), ("I Startklar – Berufsorientierung für junge Mütter", 0.12)]
    assert [text for _, text in _outline(*single)][-1].startswith("I Startklar")  # no sibling tells: left as read


def test_a_text_layer_keeps_a_lone_letter_before_a_name() -> None:
    rows = [("- Schulverweigerung", 0.12), ("I Startklar", 0.12)]
    lines = [_line(sum(len(t) + 1 for t, _ in rows[:i]), text, x, 0.3 + 0.02 * i) for i, (text, x) in enumerate(rows)]
    layer = [replace(line, source=Line(tuple(replace(w, conf=None) for w in line.source.words))) for line in lines if line.source]
    assert "I Startklar" in lines_to_outline(layer, rules())[-1].text  # its letter kept (here a wrap of the item above)


def test_one_bullet_read_as_different_glyphs_with_a_symbol_is_a_bullet_on_every_item() -> None:
    """'➢' read as '4%', '%', '%4' and '4' on the items of one list: the glyphs differ, but each holds a
    symbol no word has (or repeats another line's): the items' bullets, left out of the names."""
    rows = [("1. Maßnahmen zur Ausbildungsvorbereitung", 0.12), ("4% Werkstattjahr Plus", 0.12), ("% PerspektivWerkstatt", 0.12),
            ("2. Ausbildung in anerkannten Ausbildungsberufen", 0.12), ("%4 Verbundausbildung Metall", 0.12)]
    texts = [text for _, text in _outline(*rows)]
    assert {"Werkstattjahr Plus", "PerspektivWerkstatt", "Verbundausbildung Metall"} <= set(texts)


def test_a_heading_whose_marker_ocr_read_in_lower_case_left_of_the_items_is_a_heading() -> None:
    """'in. Qualifizierung …' (OCR's 'III.') set where the headings stand, left of the bulleted items
    above: the next heading, not a wrap of the last item (a line in lower case set under an item's
    text is one)."""
    rows = [("II. Ausbildung in anerkannten Ausbildungsberufen", 0.12), ("> Begleitete Ausbildung", 0.16),
            ("in. Qualifizierung zur Arbeitsmarktintegration und Fachkräftesicherung", 0.12), ("> FAKT", 0.16)]
    outline = _outline(*rows)
    assert [depth for depth, _ in outline] == [0, 1, 0, 1]
    wrapped = [("II. Ausbildung in anerkannten Ausbildungsberufen", 0.12), ("> Begleitete Ausbildung im", 0.16),
               ("in Gastgewerbe und Handel", 0.18)]
    assert [text for _, text in _outline(*wrapped)][-1] == "Begleitete Ausbildung im in Gastgewerbe und Handel"


def _faint_outline(rows: list[tuple[str, float]], confidence: float) -> list[str]:
    """The outline's texts, the first word of every line but the first (the heading) read with `confidence`."""
    lines = [_line(sum(len(t) + 1 for t, _ in rows[:i]), text, x, 0.3 + 0.02 * i) for i, (text, x) in enumerate(rows)]
    lines = [line if i == 0 or line.source is None else replace(line, source=Line(
        (replace(line.source.words[0], conf=confidence), *line.source.words[1:]))) for i, line in enumerate(lines)]
    return [node.text for node in lines_to_outline(lines, rules())]


def test_a_square_bullet_read_as_faint_letters_on_every_item_is_a_bullet() -> None:
    """'▪' read as 'EM', 'MB', 'M' (at confidence 20-47) before the items: the bullets, left out of the names.
    Letters read with confidence ('IT', 'EU') are words and stay."""
    rows = [("1. Maßnahmen zur Ausbildungsvorbereitung", 0.12), ("EM Produktionsschule Nordhessen", 0.14),
            ("MB Startklar – Berufsorientierung für junge Mütter", 0.14), ("M Praxisklasse 9/10", 0.14)]
    assert {"Produktionsschule Nordhessen", "Startklar – Berufsorientierung für junge Mütter", "Praxisklasse 9/10"} <= set(
        _faint_outline(rows, 33.0))
    read = _faint_outline(rows, 95.0)
    assert not {"Produktionsschule Nordhessen", "Praxisklasse 9/10"} & set(read)
    assert any("EM Produktionsschule" in text for text in read)


def test_one_line_of_faint_letters_without_a_sibling_keeps_them() -> None:
    rows = [("1. Maßnahmen zur Ausbildungsvorbereitung", 0.12), ("EM Produktionsschule Nordhessen", 0.14)]
    assert any("EM Produktionsschule" in text for text in _faint_outline(rows, 33.0))


def test_a_dash_ocr_read_as_a_hyphen_still_shows_where_the_items_text_starts() -> None:
    """The page's word is '-', the list's normalized text has '–': the bullet is the first word all the
    same, so the line below without a dash, where the items' text starts, is an item."""
    lines, offset = [], 0
    for i, (text, x, word) in enumerate([("– „Fit für die Zukunft“", 0.12, "-"), ("AusbildungsFIT", 0.142, None),
                                         ("– BOJE", 0.12, "-")]):
        line = _line(offset, text, x, 0.3 + 0.02 * i)
        if word is not None:
            words = line.source.words
            line = replace(line, source=Line((replace(words[0], text=word), *words[1:])))
        lines.append(line)
        offset += len(text) + 1
    assert [node.text for node in lines_to_outline(lines, rules())] == ["„Fit für die Zukunft“", "AusbildungsFIT", "BOJE"]


def test_a_line_at_the_items_text_start_after_a_full_line_is_in_doubt_where_bullets_were_lost() -> None:
    """A bullet was lost ('AusbildungsFIT'), and 'Lernwerkstatt …' below a full item's line may be that
    name's rest or the next item whose bullet was lost too: read as the rest, and flagged. Where no bullet
    was lost, a full line's rest is no doubt."""
    from extract.extraction.lost_markers import wraps_in_doubt

    full = "- BOJE – Berufsorientierung für Jugendliche mit erhöhtem Förderbedarf"
    rows = [("- „Fit für die Zukunft“", 0.12), ("AusbildungsFIT", 0.142), (full, 0.12), ("Lernwerkstatt", 0.142)]
    lines = _lines(list(rows))
    assert [node.text for node in lines_to_outline(lines, rules())] == ["„Fit für die Zukunft“", "AusbildungsFIT", full[2:] + " Lernwerkstatt"]
    assert wraps_in_doubt(lines, rules())
    assert not wraps_in_doubt([lines[0], replace(lines[2], offset=lines[1].offset), replace(lines[3], offset=lines[2].offset)], rules())


def test_a_name_like_a_types_heading_after_the_letter_its_siblings_bullet_was_read_as_is_an_item() -> None:
    """'▪' read as 'm' before every item: 'm Qualifizierung in der Kindertagespflege' resembles a
    type's heading, but its letter is the bullet of the lines beside it, and the name is no heading
    among bulleted lines: an item, not the rest of the item above."""
    rows = [("Qualifizierungsprojekte zur Arbeitsmarktintegration, Fachkräftesicherung:", 0.12),
            ("m Fahrerlaubnis C/CE mit Berufskraftfahrer-Qualifikation", 0.12), ("m Qualifizierung in der Kindertagespflege", 0.12),
            ("m Frauen in Arbeit – FiA", 0.12)]
    assert [text for depth, text in _outline(*rows) if depth == 1] == [
        "Fahrerlaubnis C/CE mit Berufskraftfahrer-Qualifikation", "Qualifizierung in der Kindertagespflege", "Frauen in Arbeit – FiA"]


def test_a_number_read_as_a_lone_glyph_between_its_siblings_is_the_number_between_theirs() -> None:
    """'3.2' read as 'I' between '3.1 …' and '3.3 …' at the same indentation: the item '3.2', not the
    rest of the item above. A glyph where the numbers do not skip one is left as read."""
    rows = [("3. Qualifizierung zur Arbeitsmarktintegration und Fachkräftesicherung", 0.1),
            ("3.1 Teilqualifizierung Lager und Logistik (TQ 1–3),", 0.12), ("I Sprache & Beruf,", 0.12),
            ("3.3 Digitale Grundkompetenzen für Langzeitarbeitslose", 0.12)]
    assert [text for depth, text in _outline(*rows) if depth == 1] == [
        "Teilqualifizierung Lager und Logistik (TQ 1–3),", "Sprache & Beruf,", "Digitale Grundkompetenzen für Langzeitarbeitslose"]
    kept = rows[:3] + [("3.2 Digitale Grundkompetenzen für Langzeitarbeitslose", 0.12)]
    assert not any(text == "Sprache & Beruf," for _, text in _outline(*kept))


def test_a_bullet_lost_on_the_first_item_under_a_heading_is_found_by_its_siblings_text_start() -> None:
    """'„Fit für die Zukunft“' right under '(1) Berufsorientierung …', set where the text of the
    bulleted items below starts: OCR lost its dash. An item of the heading, not the heading's rest."""
    rows = [("(1) Berufsorientierung und Ausbildungsvorbereitung", 0.10), ("„Fit für die Zukunft“", 0.142),
            ("– Praxisklasse 9/10", 0.12), ("(2) Ausbildung in anerkannten Ausbildungsberufen", 0.10),
            ("– Assistierte Ausbildung flex", 0.12)]
    assert [text for depth, text in _outline(*rows) if depth == 1] == [
        "„Fit für die Zukunft“", "Praxisklasse 9/10", "Assistierte Ausbildung flex"]
    hanging = [("(1) Berufsorientierung und Ausbildungsvorbereitung", 0.10), ("Fortbildung", 0.10), ("– Praxisklasse 9/10", 0.12)]
    assert "Fortbildung" not in [text for depth, text in _outline(*hanging) if depth == 1]  # not where the items' text starts


def test_an_ordinal_ocr_garbled_between_siblings_that_skip_it_is_the_ordinal_between() -> None:
    """'IT)' between 'i)' and 'iii)': the item 'ii)', not the rest of the item above. A token that
    closes with another mark than the siblings' is left as read."""
    rows = [("B) Qualifizierung zur Arbeitsmarktintegration und Fachkräftesicherung", 0.1), ("i) Job-Perspektive 50plus,", 0.12),
            ("IT) Teilqualifizierung Lager und Logistik (TQ 1–3),", 0.12), ("iii) Pflegehelfer/-in Plus.", 0.12)]
    assert [text for depth, text in _outline(*rows) if depth == 1] == [
        "Job-Perspektive 50plus,", "Teilqualifizierung Lager und Logistik (TQ 1–3),", "Pflegehelfer/-in Plus."]
    other = rows[:2] + [("IT. Teilqualifizierung Lager und Logistik (TQ 1–3),", 0.12)] + rows[3:]
    assert not any(text.startswith("Teilqualifizierung") for _, text in _outline(*other))


def test_the_ordinal_of_a_family_that_counts_a_value() -> None:
    from extract.extraction.ordinals import ordinal_text, ordinal_value

    for family, want in [("arabic_dot", "14"), ("lower_letter", "n"), ("upper_letter", "N"), ("roman_lower", "xiv"), ("roman_upper", "XIV")]:
        assert ordinal_text(14, family) == want and ordinal_value(want, family) == 14
    assert ordinal_text(2, "multilevel:2", "3") == "3.2"
    assert ordinal_text(2, "bullet") is None


def test_a_bullet_lost_after_an_item_ending_in_its_lists_separator_is_found() -> None:
    """Items written as one sentence ('(B2-Beruf),' … '(TQ 1–3) und' … 'FiA.'): the comma ends the
    item above, it connects nothing, so the line set where the items' text starts (its bullet lost) is
    the next item, not the rest of the one above."""
    rows = [("C) Qualifizierungsprojekte zur Arbeitsmarktintegration", 0.10), ("* Berufsbezogene Deutschförderung (B2-Beruf),", 0.12),
            ("Teilqualifizierung Lager und Logistik (TQ 1–3) und", 0.142), ("* Frauen in Arbeit – FiA.", 0.12)]
    assert [text for depth, text in _outline(*rows) if depth == 1] == [
        "Berufsbezogene Deutschförderung (B2-Beruf),", "Teilqualifizierung Lager und Logistik (TQ 1–3) und", "Frauen in Arbeit – FiA."]
    plain = [rows[0], ("* Berufsbezogene Deutschförderung für Geflüchtete,", 0.12), ("Sprachkurs B2", 0.142), ("* Frauen in Arbeit", 0.12)]
    assert "Sprachkurs B2" not in [text for _, text in _outline(*plain)]  # no list written as a sentence: the comma goes on


def test_a_speck_read_as_a_dash_before_the_rest_of_an_item_ending_in_a_connector_is_no_sub_item() -> None:
    """'• Qualifizierung … von Alleinerziehenden im' cannot end there: the next line's dash, another
    glyph than the items' bullets, is a speck OCR read before the item's rest ('- SGB-II-…'). On a
    text layer, and after an item that is finished, a dash there opens a sub-item."""
    rows = [("B) Qualifizierung zur Arbeitsmarktintegration und Fachkräftesicherung", 0.10), ("• MiA – Migrantinnen in Arbeit;", 0.12),
            ("• Qualifizierung und Begleitung von Alleinerziehenden im", 0.12), ("- SGB-II-Leistungsbezug zur Vorbereitung", 0.12),
            ("• SPRINT Frauen 2.0.", 0.12)]
    assert _outline(*rows) == [(0, "Qualifizierung zur Arbeitsmarktintegration und Fachkräftesicherung"), (1, "MiA – Migrantinnen in Arbeit;"),
                               (1, "Qualifizierung und Begleitung von Alleinerziehenden im SGB-II-Leistungsbezug zur Vorbereitung"),
                               (1, "SPRINT Frauen 2.0.")]
    finished = rows[:2] + [("• Qualifizierung von Alleinerziehenden", 0.12)] + rows[3:]
    assert (2, "SGB-II-Leistungsbezug zur Vorbereitung") in _outline(*finished)
    lines = [_line(sum(len(t) + 1 for t, _ in rows[:i]), text, x, 0.3 + 0.02 * i) for i, (text, x) in enumerate(rows)]
    layer = [replace(line, source=Line(tuple(replace(w, conf=None) for w in line.source.words))) for line in lines if line.source]
    assert any(node.depth == 2 for node in lines_to_outline(layer, rules()))


def test_a_sub_number_whose_second_digit_ocr_read_as_a_letter_is_the_headings_next_sub_number() -> None:
    """'1.E B.R.I.D.G.E.' for '1.1. B.R.I.D.G.E.' under '1.': the first sub-number, so '12.' below it is
    '1.2' (a dot lost) and the list keeps its two levels. Nowhere but as a heading's next sub-number."""
    rows = [("1. Maßnahmen zur Ausbildungsvorbereitung", 0.12), ("1.E B.R.I.D.G.E.", 0.16), ("12. Startklar", 0.16),
            ("1.3. JobStart", 0.16), ("2. Ausbildung in anerkannten Ausbildungsberufen", 0.12), ("2.1. ProAbschluss Jugend", 0.16)]
    assert _outline(*rows) == [(0, "Maßnahmen zur Ausbildungsvorbereitung"), (1, "B.R.I.D.G.E."), (1, "Startklar"), (1, "JobStart"),
                               (0, "Ausbildung in anerkannten Ausbildungsberufen"), (1, "ProAbschluss Jugend")]
    assert (0, "Maßnahmen zur Ausbildungsvorbereitung 3.E B.R.I.D.G.E.") in _outline(rows[0], ("3.E B.R.I.D.G.E.", 0.16))


def test_specks_before_a_sub_number_and_a_garbled_heading_number_keep_a_flush_lists_levels() -> None:
    """A flush list on a scan (headings and items start alike): '- „1.1 Startklar' (a dash and a quote
    read before the number, left of it) is the heading's first item, set where its number stands; 'Br'
    for '2.' between '1.' and '3.' before a measure type's name is the heading numbered 2."""
    rows = [("1. Ausbildungsvorbereitung:", 0.139), ("- „1.1 Startklar – Berufsorientierung", 0.117),
            ("Br Ausbildung und Ausbildungscoaching in anerkannten Ausbildungsberufen:", 0.139), ("2.1 Verbundausbildung Metall.", 0.139),
            ("3. Qualifizierungsprojekte zur Arbeitsmarktintegration, Fachkräftesicherung:", 0.139), ("3.1 Job-Perspektive 50plus", 0.139)]
    assert [depth for depth, _ in _outline(*rows)] == [0, 1, 0, 1, 0, 1]
    assert _outline(*rows)[1] == (1, "Startklar – Berufsorientierung")
    assert _outline(*rows)[2] == (0, "Ausbildung und Ausbildungscoaching in anerkannten Ausbildungsberufen:")
    prose = rows[:2] + [("Br Text ohne Maßnahmenart hier", 0.139)] + rows[3:]  # no measure type after the token: no guess
    assert (0, "Br Text ohne Maßnahmenart hier") not in _outline(*prose)


def test_items_of_the_lists_item_family_under_a_heading_whose_letter_ocr_lost_are_its_items() -> None:
    """'A.' with '1)' items, then 'Fortbildung des kommunalen Fachpersonals:' whose 'D.' OCR lost: the
    '1)' and '2)' below it are its items (the list sets that family as items), not a new top level."""
    rows = [("A. Maßnahmen zur Ausbildungsvorbereitung:", 0.10), ("1) Sprungbrett Ausbildung 2013,", 0.102),
            ("2) RESA Bildungsfonds.", 0.102), ("Fortbildung des kommunalen Fachpersonals:", 0.144),
            ("1) Fachtag Übergang Schule-Beruf 2013 und", 0.108), ("2) Zertifikatskurs Fallmanagement.", 0.108)]
    assert [depth for depth, _ in _outline(*rows)] == [0, 1, 1, 0, 1, 1]


def test_a_heading_number_and_its_sub_numbers_whose_digit_ocr_read_as_a_letter_count_on() -> None:
    """'A.' for '4.' after '3.', and 'A.1' for '4.1' under it: the fourth heading and its item, not a
    level of letters under the third (whose item was then lost). Where letters are the list's own
    headings, 'A.' stays a letter."""
    rows = [("3. Qualifizierung zur Arbeitsmarktintegration und Fachkräftesicherung:", 0.086), ("3.1 FAKT", 0.086),
            ("A. Weiterbildungsmaßnahmen für Personal der Landkreise", 0.086), ("A.1 Zertifikatskurs Fallmanagement", 0.085),
            ("4.2 BASS Studiengang 2015", 0.085)]
    assert _outline(*rows) == [(0, "Qualifizierung zur Arbeitsmarktintegration und Fachkräftesicherung:"), (1, "FAKT"),
                               (0, "Weiterbildungsmaßnahmen für Personal der Landkreise"), (1, "Zertifikatskurs Fallmanagement"),
                               (1, "BASS Studiengang 2015")]
    letters = [("A. Maßnahmen zur Ausbildungsvorbereitung", 0.08), ("1. Jugend Flex", 0.1), ("B. Ausbildung", 0.08), ("1. FAKT", 0.1)]
    assert [depth for depth, _ in _outline(*letters)] == [0, 1, 0, 1]
    items = [("3. Qualifizierung zur Arbeitsmarktintegration und Fachkräftesicherung", 0.086), ("A. Jugend Flex", 0.12),
             ("B. Berufscamp", 0.12)]  # items lettered under a numbered heading: 'A.' names no type, it stays a letter
    assert [depth for depth, _ in _outline(*items)] == [0, 1, 1]


def test_a_number_not_read_before_a_line_at_its_siblings_text_start_is_the_next_number() -> None:
    """'1. Qualifizierung …' wraps ('auf eine …', lower case) and ends with room to spare; 'Fahrerlaubnis …'
    and 'Berufsbezogene …' below, where the numbered items' text starts, are items 2 and 3 whose numbers
    OCR lost, not the rest of the name above; the numbering counts on, so nothing is said to break it."""
    rows = [("Qualifizierung zur Arbeitsmarktintegration und Fachkräftesicherung", 0.10), ("1. Jugend Flex", 0.14),
            ("2. Qualifizierung und Begleitung von Alleinerziehenden im SGB-II-Leistungsbezug", 0.14),
            ("auf eine Teilzeitausbildung (QuAli)", 0.164),
            ("Fahrerlaubnis C/CE", 0.164), ("Berufsbezogene Deutschförderung", 0.164), ("Weitere Maßnahmen", 0.10), ("1. FAKT", 0.14)]
    lines = _lines(list(rows))
    nodes = lines_to_outline(lines, rules())
    assert [(node.depth, node.ordinal, node.text) for node in nodes] == [
        (0, "", rows[0][0]), (1, "1", "Jugend Flex"),
        (1, "2", "Qualifizierung und Begleitung von Alleinerziehenden im SGB-II-Leistungsbezug auf eine Teilzeitausbildung (QuAli)"),
        (1, "3", "Fahrerlaubnis C/CE"), (1, "4", "Berufsbezogene Deutschförderung"), (0, "", "Weitere Maßnahmen"), (1, "1", "FAKT")]
    assert not numbering_breaks(nodes)


def test_a_line_at_the_numbered_items_text_start_after_a_full_line_is_in_doubt_where_numbers_were_lost() -> None:
    from extract.extraction.lost_markers import wraps_in_doubt

    full = "1. BOJE – Berufsorientierung für Jugendliche mit erhöhtem Förderbedarf"
    rows = [("2. Jugend Flex", 0.12), ("Berufscamp", 0.146), (full, 0.12), ("Lernwerkstatt", 0.146)]
    lines = _lines(list(rows))
    assert [node.text for node in lines_to_outline(lines, rules())] == ["Jugend Flex", "Berufscamp", full[3:] + " Lernwerkstatt"]
    assert wraps_in_doubt(lines, rules())
    layer = [replace(line, source=Line(tuple(replace(w, conf=None) for w in line.source.words))) for line in lines if line.source]
    assert [node.text for node in lines_to_outline(layer, rules())] == ["Jugend Flex Berufscamp", full[3:] + " Lernwerkstatt"]


def test_a_first_sub_number_ocr_garbled_under_its_heading_is_the_first_item() -> None:
    """'IS BRIDIGE' for '1.1. B.R.I.D.G.E.' between '1. Ausbildungsvorbereitung:' and '1.2. …', where the
    items stand: item 1.1, its token the number; '1.2.' and '1.3.' stay its siblings, not sub-items of it."""
    rows = [("1. Ausbildungsvorbereitung:", 0.109), ("IS BRIDIGE", 0.109), ("1.2. „Fit für die Zukunft“", 0.109),
            ("1.3. Werkstattjahr Plus", 0.108), ("2. Ausbildung und Ausbildungsbegleitung:", 0.107), ("2.1. ProAbschluss Jugend", 0.107)]
    assert _outline(*rows) == [(0, "Ausbildungsvorbereitung:"), (1, "BRIDIGE"), (1, "„Fit für die Zukunft“"), (1, "Werkstattjahr Plus"),
                               (0, "Ausbildung und Ausbildungsbegleitung:"), (1, "ProAbschluss Jugend")]
    unnumbered = [("Maßnahmen zur Ausbildungsvorbereitung", 0.109), ("IT Grundkurs", 0.109), ("1.2. Jugend Flex", 0.109)]
    assert (1, "Grundkurs") not in _outline(*unnumbered)  # no heading numbered 1 above: no sub-number of it


def test_a_bullet_lost_after_an_items_wrapped_line_is_found() -> None:
    """'– BOJE … Förderbedarf an' wraps ('Förderschulen', after a connector); '„Fit für die Zukunft“'
    below, where the items' text starts, after a line that did not fill its line, is the next item whose
    dash OCR lost, not more of BOJE's name; and the wrap after 'an' is no doubt."""
    from extract.extraction.lost_markers import wraps_in_doubt

    full = "– BOJE – Berufsorientierung für Jugendliche mit erhöhtem Förderbedarf an"
    rows = [("– Startklar", 0.12), (full, 0.12), ("Förderschulen", 0.142), ("„Fit für die Zukunft“", 0.142),
            ("Ausbildung und Ausbildungsbegleitung", 0.09), ("– FAKT", 0.12)]
    lines = _lines(list(rows))
    assert [node.text for node in lines_to_outline(lines, rules())][:3] == [
        "Startklar", full[2:] + " Förderschulen", "„Fit für die Zukunft“"]
    assert not wraps_in_doubt(lines, rules())
