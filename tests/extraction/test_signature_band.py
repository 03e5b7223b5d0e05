"""Signing lines lost under a seal or signature, read again from the signing band of the page image:
a line's place is kept only when it is a known place, its date only when it is a real date in the
budget year's window; the readings vote, the winning reading is named in provenance, and what no
reading validates stays missing and flagged."""

from __future__ import annotations

from dataclasses import replace

from extract.extraction.context import build_context
from extract.extraction.segment import text_to_sections
from extract.extraction.signature_band import expected_place
from extract.extraction.signatures import extract_signatures
from extract.extraction.signing_bands import signing_bands
from extract.model import BBox, Document, Line, Word
from extract.reading.band import BAND_READINGS
from extract.settings import Settings
from helpers import agreement_text, document_text, pages_to_document, rules

HOCHTAUNUS = {"district": "dem Landkreis Hochtaunuskreis", "district_genitive": "des Landkreises Hochtaunuskreis"}
SEAT = "Bad Homburg v. d. Höhe"
# the page's OCR lost the signing line under the seals: strokes read as letters where it stands
LOST = "N \\ )\n\nDr. Anna Muster\tKlaus Beispiel\n\nStaatsministerin\tKreisbeigeordneter"


def band_line(*cells: str, conf: float = 90.0, starts: tuple[float, ...] = (0.1, 0.55), y: float = 0.70) -> Line:
    """A line read again at height y: each cell's words from x = starts[cell], in page fractions (12 thousandths a letter)."""
    words, columns = [], []
    for column, cell in enumerate(cells):
        x = starts[column]
        for token in cell.split():
            words.append(Word(token, BBox(x, y, x + 0.012 * len(token), y + 0.005), conf))
            columns.append(column)
            x += 0.012 * len(token) + 0.01
    return Line(tuple(words), columns=tuple(columns) if len(cells) > 1 else ())


class StubBandReader:
    """Answers the signing band's readings with fixed lines (one tuple of lines per reading)."""

    def __init__(self, *readings: tuple[Line, ...]) -> None:
        self.settings = Settings()
        self.readings = readings
        self.asked: list[tuple[int, BBox]] = []

    def band(self, page: int, bbox: BBox):
        self.asked.append((page, bbox))
        yield from zip(BAND_READINGS, self.readings)

    def reread(self, page, bbox, kind, accept):  # a value's own region: nothing better read there
        return None


def _ocr_document(signatures: str) -> Document:
    """The agreement as OCRed pages (a form feed starts a page): words read with confidence 95, strokes
    read as letters ('N', '\\', ')') with 20."""
    document = pages_to_document(agreement_text(signatures=signatures, **HOCHTAUNUS).split("\f"), source="ocr")

    def read(line: Line) -> Line:
        return Line(tuple(replace(w, conf=20.0 if w.text in ("N", "\\", ")") else 95.0) for w in line.words), line.gap_before, line.columns)

    return replace(document, pages=tuple(replace(page, lines=tuple(map(read, page.lines))) for page in document.pages))


def _page_y(signatures: str, first_word: str) -> float:
    """The height on the page of the line the page's OCR read starting with `first_word` (for a band reading of the same line)."""
    line = next(line for line in _ocr_document(signatures).pages[0].lines if line.words[0].text == first_word)
    return line.words[0].bbox.y0


def _signed(signatures: str, reader: StubBandReader | None):
    document = _ocr_document(signatures)
    text = document_text(document)
    ctx = build_context(document, text, text_to_sections(text, rules()), rules(), reader=reader)
    return extract_signatures(ctx, SEAT, 2025)


def test_a_lost_signing_line_is_read_again_from_its_band_and_the_reading_named() -> None:
    reader = StubBandReader((band_line("Wiesbaden, den 2.8.2025", "Bad Homburg, den 13.10.2025"),))
    fields, reasons = _signed(LOST, reader)
    assert fields["ministry_signed_place"].value == "Wiesbaden"
    assert fields["ministry_signed_date"].value == "2025-08-02"
    assert fields["district_signed_place"].value == "Bad Homburg"
    assert fields["district_signed_date"].value == "2025-10-13"
    assert fields["ministry_signed_place"].provenance.reading == BAND_READINGS[0].code
    assert fields["district_signed_date"].provenance.bbox.x0 >= 0.55  # the words it was read from
    assert not any("missing" in r for r in reasons)
    page, bbox = reader.asked[0]
    assert page == 1 and bbox.y1 <= fields["ministry_signed_place"].provenance.bbox.y1 + 1  # a band, asked once


def test_a_place_no_reading_gives_as_a_known_place_stays_empty_and_flagged() -> None:
    """'Mekpaden' (a stroke through the 'W', a seal's ring through 'ies') is no known place, not even
    with one misread letter: only the date, which validates, is taken."""
    reader = StubBandReader((band_line("Mekpaden, den 2.8.2025", "Bad Homburg, den 13.10.2025"),))
    fields, reasons = _signed(LOST, reader)
    assert fields["ministry_signed_place"].value is None
    assert fields["ministry_signed_date"].value == "2025-08-02"
    assert "signed_place_illegible:ministry" in reasons


def test_a_date_outside_the_budget_years_window_is_not_taken() -> None:
    reader = StubBandReader((band_line("Wiesbaden, den 28.7.2629", "Bad Homburg, den 13.10.2025"),))
    fields, reasons = _signed(LOST, reader)
    assert fields["ministry_signed_place"].value == "Wiesbaden"
    assert fields["ministry_signed_date"].value is None
    assert "ministry_signed_date_illegible" in reasons


def test_the_readings_vote_on_a_date() -> None:
    """A misread date that happens to be a date (9.02 for 27.02) loses to the one more readings give."""
    readings = (
        (band_line("Wiesbaden, den 9.2.2025", "Bad Homburg, den 13.10.2025", conf=20.0),),
        (band_line("Wiesbaden, den 27.2.2025", "Bad Homburg, den 13.10.2025"),),
        (band_line("Wiesbaden, den 27.2.2025", "Bad Homburg, den 13.10.2025"),),
    )
    fields, _ = _signed(LOST, StubBandReader(*readings))
    assert fields["ministry_signed_date"].value == "2025-02-27"


def test_strokes_that_validate_nowhere_leave_the_signatures_missing() -> None:
    reader = StubBandReader((band_line("NT Weipkakn, dey 97.02.29", "Anymdin, dn"),), (band_line("/ \\ ) N"),))
    fields, reasons = _signed(LOST, reader)
    assert all(fields[f"{p}_signed_{w}"].value is None for p in ("ministry", "district") for w in ("place", "date"))
    assert "ministry_signature_missing" in reasons and "district_signature_missing" in reasons


def test_signatures_the_page_read_are_not_read_again() -> None:
    reader = StubBandReader((band_line("Wiesbaden, den 1.1.2025"),))
    fields, _ = _signed("Wiesbaden, den 2.8.2025\n\nStaatsministerin\n\nBad Homburg, den 13.10.2025\n\nKreisbeigeordnete", reader)
    assert fields["ministry_signed_date"].value == "2025-08-02" and fields["ministry_signed_date"].provenance.reading == "page"
    assert reader.asked == []


def _band(signatures: str):  # type: ignore[no-untyped-def]
    """The one signing band of an OCRed agreement with these signatures: its page, its box, and the top
    of the page's first line that starts with a given word."""
    document = _ocr_document(signatures)
    text = document_text(document)
    ctx = build_context(document, text, text_to_sections(text, rules()), rules(), reader=StubBandReader())
    [(page, bbox)] = signing_bands(ctx)

    def top_of(first_word: str) -> float:
        return next(line for line in document.pages[0].lines if line.words[0].text == first_word).words[0].bbox.y0
    return page, bbox, top_of


def test_the_band_lies_between_the_agreements_text_and_the_signatories_names() -> None:
    page, bbox, top_of = _band(LOST)
    assert page == 1 and bbox.y0 < top_of("N") and bbox.y1 <= top_of("Dr.")


def test_a_lone_signature_given_to_the_wrong_party_is_set_right_by_the_band() -> None:
    """The page read only the district's line and the blocks gave it to the ministry; the band adds a
    line from Wiesbaden: the ministry's, and the other one is the district's."""
    signatures = "N \\ )\tBad Homburg, den 13.10.2025\n\nStaatsministerin\n\nKreisbeigeordneter"
    reader = StubBandReader((band_line("Wiesbaden, den 2.8.2025", "Bad Homburg, den 13.10.2025"),))
    fields, _ = _signed(signatures, reader)
    assert fields["ministry_signed_place"].value == "Wiesbaden"
    assert fields["district_signed_place"].value == "Bad Homburg"
    assert fields["district_signed_date"].value == "2025-10-13"


def test_a_place_with_strokes_through_its_letters_is_taken_for_the_agreements_own_place_flagged() -> None:
    """'Bad Hombarq' (two letters under a seal's ring) is more than one misread letter from any known
    place, but within signature.band_place_letters_per_edit of the district's seat: taken, and flagged."""
    reader = StubBandReader((band_line("Wiesbaden, den 2.8.2025", "Bad Hombarq, den 13.10.2025"),))
    fields, reasons = _signed(LOST, reader)
    assert fields["district_signed_place"].value == "Bad Homburg"
    assert fields["district_signed_place"].raw == "Bad Hombarq"
    assert "signed_place_ocr_repaired:district" in reasons


def test_only_the_agreements_own_places_are_repaired_so() -> None:
    ctx_places = ("Wiesbaden", "Bad Homburg v. d. Höhe", "Bad Homburg")
    assert expected_place("Wekbaden, den", 8, ctx_places, 4).place == "Wiesbaden"
    assert expected_place("Mekpaden, den", 8, ctx_places, 4) is None  # four letters wrong
    assert expected_place("Wetzlar, den", 7, ctx_places, 4) is None  # another place, read right


def test_a_place_the_page_read_as_no_place_gives_way_to_its_band_reading() -> None:
    signatures = "Wiesbaden, den 2.8.2025\tNo Hombrg, den 13.10.2025\n\nStaatsministerin\tKreisbeigeordneter"
    y = _page_y(signatures, "Wiesbaden,")
    reader = StubBandReader((band_line("Wiesbaden, den 2.8.2025", "Bad Homburg, den 13.10.2025", y=y),))
    fields, reasons = _signed(signatures, reader)
    assert fields["district_signed_place"].value == "Bad Homburg"
    assert fields["district_signed_place"].provenance.reading == BAND_READINGS[0].code
    assert fields["district_signed_date"].value == "2025-10-13" and fields["district_signed_date"].provenance.reading == "page"


def test_a_block_that_begins_the_next_page_is_looked_for_at_that_pages_top() -> None:
    """The text's last line ends one page; the signatories' names begin the next: the band is the rest of
    the first page and the top of the next one, down to the names."""
    document = _ocr_document(LOST.replace("N \\ )\n\n", "N \\ )\f"))
    text = document_text(document)
    ctx = build_context(document, text, text_to_sections(text, rules()), rules(), reader=StubBandReader())
    bands = signing_bands(ctx)
    names = next(line for line in document.pages[1].lines if line.words[0].text == "Dr.")
    assert [page for page, _ in bands] == [1, 2]
    assert bands[1][1].y1 == names.words[0].bbox.y0


def test_a_place_read_only_as_the_end_of_the_seats_name_is_read_again() -> None:
    """The page read 'Höhe, den 13.10.2025' (the seat's first words under a seal): one reading of the band
    gives the same part, another the whole seat misread; the whole seat wins the vote, flagged."""
    signatures = "Wiesbaden, den 2.8.2025\tHöhe, den 13.10.2025\n\nStaatsministerin\tKreisbeigeordneter"
    # one comma on the page: 'Höhe,' ends where the page read it (x 0.55), however much of the name is read
    y = _page_y(signatures, "Wiesbaden,")
    readings = ((band_line("Wiesbaden, den 2.8.2025", "Höhe, den 13.10.2025", starts=(0.1, 0.5), y=y),),
                (band_line("Wiesbaden, den 2.8.2025", "Bad Homburg v. d. Hähe, den 13.10.2025", starts=(0.1, 0.29), y=y),))
    fields, reasons = _signed(signatures, StubBandReader(*readings))
    assert fields["district_signed_place"].value == "Bad Homburg v. d. Höhe"
    assert "signed_place_ocr_repaired:district" in reasons
    assert fields["district_signed_date"].value == "2025-10-13"


def test_a_part_of_the_signing_line_the_page_read_lies_inside_the_band() -> None:
    """The page read only '|den 1.8.2025' of the ministry's line: that line is in the band, not its end."""
    signatures = "N \\ )\n\n|den 1.8.2025\n\nDr. Anna Muster\tKlaus Beispiel\n\nStaatsministerin\tKreisbeigeordneter"
    _, bbox, top_of = _band(signatures)
    assert bbox.y0 < top_of("|den") and bbox.y1 == top_of("Dr.")


def test_signatures_one_above_the_other_stay_two() -> None:
    """The ministry's line above the district's, both at the left margin: two signing lines, not one
    place with the other's date."""
    reader = StubBandReader((band_line("Wiesbaden, den 13 94.2025", y=0.70), band_line("Bad Homburg, den 13.10.2025", y=0.76)),)
    fields, reasons = _signed(LOST, reader)
    assert fields["ministry_signed_place"].value == "Wiesbaden" and fields["ministry_signed_date"].value is None
    assert "ministry_signed_date_illegible" in reasons
    assert fields["district_signed_place"].value == "Bad Homburg" and fields["district_signed_date"].value == "2025-10-13"


def test_a_signing_line_read_as_strokes_in_columns_lies_inside_the_band() -> None:
    """Seals and signatures over both signing places: the page read the line as many words in two
    columns, most of them strokes. It is no prose split by the layout: the band begins above it."""
    garbled = "NV Wbnbaden, \\ den L VUN\tahoersar, Y dem\n\nDr. Anna Muster\tKlaus Beispiel\n\nStaatsministerin\tKreisbeigeordneter"
    page, bbox, top_of = _band(garbled)
    assert page == 1 and bbox.y0 < top_of("NV") and bbox.y1 <= top_of("Dr.")


def test_a_signing_line_read_as_dates_and_words_in_columns_lies_inside_the_band() -> None:
    """The page read the signing line under seals and a signature's zigzag as words a prose line could
    hold ('2) Mai 2025 | ege, de %. 7 April AP 2025': ten words, most shaped as words), so it counts as
    the last line of text; being set in columns (a seal made the layout split it), the band takes it in."""
    garbled = "2) Mai 2025\tege, de %. 7 April AP 2025\n\nDr. Anna Muster\tKlaus Beispiel\n\nStaatsministerin\tKreisbeigeordneter"
    page, bbox, top_of = _band(garbled)
    assert page == 1 and bbox.y0 <= top_of("2)") and bbox.y1 <= top_of("Dr.")


def test_a_place_a_seal_took_a_third_of_the_letters_of_is_the_agreements_own() -> None:
    places, per_edit = ("Wiesbaden", "Darmstadt"), int(rules().threshold("signature.band_place_letters_per_edit"))
    assert expected_place("Defnstadt, den", 9, places, per_edit).place == "Darmstadt"  # 'arm' under the seal's ring
    assert expected_place("Mekpaden, den", 8, places, per_edit) is None  # four letters wrong


def test_a_known_place_with_signature_strokes_before_its_den_is_taken_on_the_page() -> None:
    """'Wiesbaden, EN x den' (a signature's strokes read as short words after the comma): the place is read; the date, strokes, stays empty."""
    fields, reasons = _signed("Wiesbaden, EN x den\tBad Homburg, den 13.10.2025\n\nStaatsministerin\tKreisbeigeordneter", None)
    assert fields["ministry_signed_place"].value == "Wiesbaden" and fields["ministry_signed_date"].value is None
    assert "ministry_signature_missing" not in reasons
    assert fields["district_signed_place"].value == "Bad Homburg"
    assert fields["ministry_signed_date"].raw == ""  # the strokes before 'den' are no part of the date
    assert "ministry_signed_date_blank" in reasons


def test_a_date_written_by_hand_read_as_strokes_after_a_known_place_leaves_the_date_illegible() -> None:
    """'Wiesbaden, MM' / 'Wetzlar, UNMEW' before the line's or cell's end (the date written by hand,
    read as strokes or a run of capitals): the known place is read; the strokes are the date as read,
    which no date validates: illegible and flagged, never a blank confirmed."""
    fields, reasons = _signed("Wiesbaden, MM\tBad Homburg, UNMEW\nOrt, Datum\tOrt, Datum\n\nStaatsministerin\tKreisbeigeordneter", None)
    assert fields["ministry_signed_place"].value == "Wiesbaden" and fields["ministry_signed_date"].value is None
    assert fields["district_signed_place"].value == "Bad Homburg" and fields["district_signed_date"].value is None
    assert "ministry_signed_date_illegible" in reasons and "district_signed_date_illegible" in reasons
    assert fields["ministry_signed_date"].raw == "MM"


def test_a_stacked_blocks_next_signing_line_is_looked_for_in_the_gap_between_the_blocks() -> None:
    """One party's block above the other's, the district's signing line lost under its seal: the gap
    between the ministry's names and the district's is a band too; lines set close together are none."""
    signatures = ("Wiesbaden, den 2.8.2025\n\nStaatsministerin Anna Muster\nHessisches Ministerium für Soziales\n\n\n\n\n\n\n"
                  "Kreisbeigeordneter Klaus Beispiel\nLandkreis Hochtaunuskreis")
    document = _ocr_document(signatures)
    text = document_text(document)
    ctx = build_context(document, text, text_to_sections(text, rules()), rules(), reader=StubBandReader())
    lines = document.pages[0].lines
    above = next(line for line in lines if line.words[0].text == "Hessisches").words[0].bbox
    below = next(line for line in lines if line.words[0].text == "Kreisbeigeordneter").words[0].bbox
    gaps = [bbox for _, bbox in signing_bands(ctx) if bbox.y0 >= above.y1 - 1e-9]
    assert len(gaps) == 1 and abs(gaps[0].y0 - above.y1) < 1e-9 and abs(gaps[0].y1 - below.y0) < 1e-9
    close = "Wiesbaden, den 2.8.2025\n\nStaatsministerin Anna Muster\nHessisches Ministerium für Soziales\n\nKreisbeigeordneter Klaus Beispiel"
    document = _ocr_document(close)
    text = document_text(document)
    ctx = build_context(document, text, text_to_sections(text, rules()), rules(), reader=StubBandReader())
    hessisches = next(line for line in document.pages[0].lines if line.words[0].text == "Hessisches").words[0].bbox
    assert [bbox for _, bbox in signing_bands(ctx) if bbox.y0 >= hessisches.y1 - 1e-9] == []
