"""Provenance: a value's box is the box of the words its text span was read from."""

from __future__ import annotations

from extract.extraction.context import page_text_owners, provenance
from extract.model import BBox, Line, Page, Word
from helpers import context_of, seed_text, text_to_lines


def test_page_text_owners_writes_the_page_text() -> None:
    page = Page(1, "text_layer", "test", text_to_lines("§ 1\n\nName\tWert 12\nzwei  Wörter\n\n\tnur rechts"))
    text, owners = page_text_owners(page)
    assert text == page.text
    words = [w.text for line in page.lines for w in line.words]
    assert len(owners) == len(text)
    for i, owner in enumerate(owners):
        if owner < 0:
            assert text[i].isspace()
        else:
            assert text[i] in words[owner]


def test_page_text_owners_of_columns_and_gaps() -> None:
    a, b, c = (Word(t, BBox(0.1 * i, 0.1, 0.1 * i + 0.05, 0.12)) for i, t in enumerate(("a", "b", "c")))
    page = Page(1, "ocr", "test", (Line((a,)), Line((b, c), gap_before=True, columns=(0, 2))))
    assert page_text_owners(page) == ("a\n\nb\t\tc", (0, -1, -1, 1, -1, -1, 2))


def test_a_value_repeated_on_the_page_gets_the_box_of_the_occurrence_it_was_read_from() -> None:
    text = "§ 6\nLaufzeit\nDie Stadt Frankfurt am Main und das Land vereinbaren.\n\nFrankfurt am Main, den 6.3.2018"
    ctx = context_of(text)
    start = ctx.text.value.index("Frankfurt am Main, den")
    prov = provenance(ctx, start, start + len("Frankfurt am Main"), "test")
    line = ctx.document.pages[0].lines[-1]
    assert prov.bbox == BBox.union([w.bbox for w in line.words[:3]])


def test_the_box_survives_normalization_of_the_text() -> None:
    """Hyphenated line breaks joined and quotes unified by the normalizer: the span still maps to its words."""
    text = "Das Land stellt Haushalts-\nmittel in Höhe von insgesamt „965.950 Euro“ bereit.\nHaushaltsmittel"
    ctx = context_of(text)
    start = ctx.text.value.index("965.950")
    prov = provenance(ctx, start, start + len("965.950 Euro"), "test")
    words = ctx.document.pages[0].lines[1].words
    amount = [w for w in words if "965.950" in w.text or "Euro" in w.text]
    assert prov.bbox == BBox.union([w.bbox for w in amount])
    joined = ctx.text.value.index("Haushaltsmittel")
    prov = provenance(ctx, joined, joined + len("Haushaltsmittel"), "test")
    first, second = ctx.document.pages[0].lines[0].words[-1], ctx.document.pages[0].lines[1].words[0]
    assert prov.bbox == BBox.union([first.bbox, second.bbox])  # the hyphenated word, not the later one


def test_every_span_of_a_seed_maps_to_words_holding_it() -> None:
    ctx = context_of(seed_text(1))
    words = [w.text for line in ctx.document.pages[0].lines for w in line.words]
    for token in ("Zielvereinbarung", "Hochtaunuskreis"):
        start = ctx.text.value.index(token)
        prov = provenance(ctx, start, start + len(token), "test")
        page_words = [w for line in ctx.document.pages[prov.page - 1].lines for w in line.words]
        inside = [w.text for w in page_words if prov.bbox and w.bbox == prov.bbox]
        assert inside and token in inside[0], (token, inside, words[:5])


def test_a_word_is_not_paired_with_its_twin_in_a_dropped_running_header() -> None:
    """The normalized text has no running header and repaired the OCR junk after the place: 'Limburg'
    of the signing place stays on its own line, not on the header's 'Limburg-Weilburg' (an edit script
    over the whole page pairs either at about the same cost)."""
    from extract.extraction.context import _aligned_owners

    raw = ("Zielvereinbarung AQB 2025 - Landkreis Limburg-Weilburg\n\nLimburg a. d. Lahn,\n\nDirk Zimmermanrj; 87 \\%\\\n"
           "des Erster Landkreises Kreisbeige en eier\nLimburg- -Weilburg\\ EN PR 2")
    page = Page(5, "ocr", "test", text_to_lines(raw))
    normalized = "Limburg a. d. Lahn,\nDirk Zimmermann"
    owners = _aligned_owners(normalized, page)
    words = [w for line in page.lines for w in line.words]
    assert {words[o].text for o in owners[:len("Limburg")] if o >= 0} == {"Limburg"}
    assert {words[o].bbox.y0 for o in owners[:len("Limburg a. d. Lahn")] if o >= 0} == {page.lines[1].words[0].bbox.y0}
