"""Signature block: place and date of each party; blank or illegible dates are left empty and reported."""

from __future__ import annotations

import datetime as dt

import pytest

from extract.extraction.signatures import date_text_to_date, extract_signatures
from helpers import agreement_of, agreement_text, context_of, seed_text

HOCHTAUNUS = {"district": "dem Landkreis Hochtaunuskreis", "district_genitive": "des Landkreises Hochtaunuskreis"}


def signed(signatures: str, **party: str) -> tuple[tuple, tuple, tuple[str, ...]]:
    """(ministry place, date), (district place, date) and the review reasons of an agreement with this signature block."""
    agreement = agreement_of(agreement_text(signatures=signatures, **(party or HOCHTAUNUS)))
    ministry = (agreement.value("ministry_signed_place"), agreement.value("ministry_signed_date"))
    district = (agreement.value("district_signed_place"), agreement.value("district_signed_date"))
    return ministry, district, agreement.review_reasons


def test_seed1_stacked_block() -> None:
    agreement = agreement_of(seed_text(1))
    assert agreement.value("ministry_signed_place") == "Wiesbaden"
    assert agreement.value("ministry_signed_date") == "2025-08-02"
    assert agreement.value("district_signed_place") == "Bad Homburg"
    assert agreement.value("district_signed_date") == "2025-10-13"
    assert agreement.fields["district_signed_date"].raw == "13.10.2025"


def test_seed0_garbled_dates_are_illegible_not_guessed() -> None:
    agreement = agreement_of(seed_text(0))
    assert agreement.value("ministry_signed_place") == "Wiesbaden"
    assert agreement.value("district_signed_place") == "Dietzenbach"
    assert agreement.value("ministry_signed_date") is None
    assert agreement.value("district_signed_date") is None
    assert agreement.fields["ministry_signed_date"].raw == "A i 2c) 2 y"
    assert agreement.fields["district_signed_date"].raw == "ea 10. 2024"
    assert "ministry_signed_date_illegible" in agreement.review_reasons
    assert "district_signed_date_illegible" in agreement.review_reasons


def test_seed0_signature_line_on_its_own() -> None:
    ministry, district, reasons = signed(
        "Wiesbaden, den A i 2c) 2 y Dietzenbach, den  ea 10. 2024\n\nStaatsministerin",
        district="dem Landkreis Offenbach",
        district_genitive="des Landkreises Offenbach",
    )
    assert (ministry, district) == (("Wiesbaden", None), ("Dietzenbach", None))
    assert {"ministry_signed_date_illegible", "district_signed_date_illegible"} <= set(reasons)


@pytest.mark.parametrize(
    ("block", "ministry", "district"),
    [
        pytest.param(
            "Wiesbaden, den 2.8.2025\n\nHeike Hofmann\nStaatsministerin\n\n"
            "Bad Homburg, den 13.10.2025\n\nAntje van der Heide\nKreisbeigeordnete",
            ("Wiesbaden", "2025-08-02"), ("Bad Homburg", "2025-10-13"), id="stacked",
        ),
        pytest.param(
            "Wiesbaden, den 2.8.2025 Bad Homburg, den 13.10.2025\n\nStaatsministerin Kreisbeigeordnete",
            ("Wiesbaden", "2025-08-02"), ("Bad Homburg", "2025-10-13"), id="two columns",
        ),
        pytest.param(
            "Für das Land Hessen:\nWiesbaden, den 2.8.2025\ngez. Heike Hofmann\n\n"
            "Für den Hochtaunuskreis:\nBad Homburg v.d.Höhe, den 13.10.2025\ngez. Ulrich Krebs\nLandrat",
            ("Wiesbaden", "2025-08-02"), ("Bad Homburg v.d.Höhe", "2025-10-13"), id="abbreviations glued to the place",
        ),
        pytest.param(
            "Wiesbaden, den 2. August 2025\n\nBad Homburg, den 13. Oktober 2025",
            ("Wiesbaden", "2025-08-02"), ("Bad Homburg", "2025-10-13"), id="month names",
        ),
        pytest.param(
            "Wiesbaden, den 02.08.25\n\nBad Homburg, den 13.10.25",
            ("Wiesbaden", "2025-08-02"), ("Bad Homburg", "2025-10-13"), id="two-digit years",
        ),
        pytest.param(
            "Wiesbaden, am 2.8.2025\n\nBad Homburg, 13.10.2025",
            ("Wiesbaden", "2025-08-02"), ("Bad Homburg", "2025-10-13"), id="am, and no word",
        ),
        pytest.param(
            "Wiesbaden, den\n2.8.2025\n\nBad Homburg, den\n13.10.2025",
            ("Wiesbaden", "2025-08-02"), ("Bad Homburg", "2025-10-13"), id="date on the next line",
        ),
        pytest.param(
            "Wiesbaden, den 13. 10. 2025\n\nBad Homburg, den 3. März 2025",
            ("Wiesbaden", "2025-10-13"), ("Bad Homburg", "2025-03-03"), id="spaced date, März",
        ),
        pytest.param(
            "Wiesbaden, den 2.8.2025\n\nBad Homburg v. d. Höhe, den 13.10.2025",
            ("Wiesbaden", "2025-08-02"), ("Bad Homburg v. d. Höhe", "2025-10-13"), id="Bad Homburg v. d. Höhe",
        ),
    ],
)
def test_signature_blocks(block: str, ministry: tuple, district: tuple) -> None:
    got_ministry, got_district, reasons = signed(block)
    assert (got_ministry, got_district) == (ministry, district)
    assert not [r for r in reasons if "sign" in r]


def test_place_names_with_connectors() -> None:
    ministry, district, _ = signed(
        "Wiesbaden, den 2.8.2025\n\nFrankfurt am Main, den 13.10.2025",
        district="der Stadt Frankfurt am Main",
        district_genitive="der Stadt Frankfurt am Main",
    )
    assert district == ("Frankfurt am Main", "2025-10-13")


@pytest.mark.parametrize("blank", ["____________", "..........", "", "__.__.____"])
def test_blank_date(blank: str) -> None:
    ministry, district, reasons = signed(f"Wiesbaden, den {blank}\n\nStaatsministerin\n\nBad Homburg, den 13.10.2025")
    assert ministry == ("Wiesbaden", None)
    assert district == ("Bad Homburg", "2025-10-13")
    assert "ministry_signed_date_blank" not in reasons  # certain in a text layer; flagged in a scan (test_checks.py)
    assert "ministry_signed_date_illegible" not in reasons


def test_invalid_date_is_not_guessed() -> None:
    ministry, district, reasons = signed("Wiesbaden, den 31.02.2025\n\nBad Homburg, den 13.10.2025")
    assert ministry == ("Wiesbaden", None)
    assert "ministry_signed_date_illegible" in reasons


def test_only_the_district_signed() -> None:
    ministry, district, reasons = signed("Bad Homburg, den 13.10.2025\n\nKreisbeigeordnete")
    assert ministry == (None, None)
    assert district == ("Bad Homburg", "2025-10-13")
    assert "ministry_signature_missing" in reasons


def test_only_the_ministry_signed() -> None:
    ministry, district, reasons = signed("Wiesbaden, den 2.8.2025\n\nStaatsministerin")
    assert ministry == ("Wiesbaden", "2025-08-02")
    assert district == (None, None)
    assert "district_signature_missing" in reasons


def test_both_sign_in_wiesbaden() -> None:
    wiesbaden = {"district": "der Landeshauptstadt Wiesbaden", "district_genitive": "der Landeshauptstadt Wiesbaden"}
    ministry, district, _ = signed("Wiesbaden, den 2.8.2025\n\nWiesbaden, den 13.10.2025", **wiesbaden)
    assert ministry == ("Wiesbaden", "2025-08-02")
    assert district == ("Wiesbaden", "2025-10-13")


def test_no_signature_block() -> None:
    ministry, district, reasons = signed("Staatsministerin\n\nKreisbeigeordnete")
    assert (ministry, district) == ((None, None), (None, None))
    assert {"ministry_signature_missing", "district_signature_missing"} <= set(reasons)


def test_inline_comma_dates_in_the_body_are_not_signatures() -> None:
    block = "Gemäß Erlass, den wir am 1.2.2025 erhielten, gilt dies.\n\nWiesbaden, den 2.8.2025\n\nBad Homburg, den 13.10.2025"
    ministry, district, _ = signed(block)
    assert (ministry, district) == (("Wiesbaden", "2025-08-02"), ("Bad Homburg", "2025-10-13"))


def test_signature_provenance() -> None:
    ctx = context_of(agreement_text(signatures="Wiesbaden, den 2.8.2025\n\nBad Homburg, den 13.10.2025", **HOCHTAUNUS))
    fields, _ = extract_signatures(ctx, "Bad Homburg v. d. Höhe")
    place = fields["district_signed_place"]
    assert place.provenance is not None
    assert place.provenance.snippet == "Bad Homburg"
    assert ctx.text.value[ctx.text.value.index("Bad Homburg, den") :].startswith(place.provenance.snippet)
    assert fields["district_signed_date"].raw == "13.10.2025"


@pytest.mark.parametrize(
    "block",
    ["Wiesbaden, den 2.8.2025\n\nBad Homburg, den 13.10.2025", "Wiesbaden, den 2.8.2025\n\nBad Homburg, den\n13.10.2025"],
    ids=["same line", "next line"],
)
def test_signature_date_provenance_points_at_the_date(block: str) -> None:
    ctx = context_of(agreement_text(signatures=block, **HOCHTAUNUS))
    fields, _ = extract_signatures(ctx, "Bad Homburg v. d. Höhe")
    date = fields["district_signed_date"]
    assert date.provenance is not None
    assert date.provenance.snippet == "13.10.2025"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2.8.2025", dt.date(2025, 8, 2)),
        ("02.08.2025", dt.date(2025, 8, 2)),
        ("02.08.25", dt.date(2025, 8, 2)),
        ("13. 10. 2025", dt.date(2025, 10, 13)),
        ("13. Oktober 2025", dt.date(2025, 10, 13)),
        ("1. Jänner 2020", dt.date(2020, 1, 1)),
        ("3. Maerz 2019", dt.date(2019, 3, 3)),
        ("29.02.2024", dt.date(2024, 2, 29)),
        ("31.02.2025", None),
        ("29.02.2025", None),
        ("13.13.2025", None),
        ("ea 10. 2024", None),
        ("A i 2c) 2 y", None),
        ("", None),
        ("Oktober 2025", None),
        ("den ‚i4. Mai 2018", None),  # OCR's 'i4.' for '14.' (a seal's stroke over the 1): no date of the 4th
        ("l4.05.2018", None),
        ("den14.05.2018", dt.date(2018, 5, 14)),  # 'den' glued to the day: still the date
    ],
)
def test_date_text_to_date(raw: str, expected: dt.date | None) -> None:
    assert date_text_to_date(raw, context_of(agreement_text())) == expected


def test_place_with_a_bracketed_part() -> None:
    schwalm_eder = {"district": "dem Schwalm-Eder-Kreis", "district_genitive": "des Schwalm-Eder-Kreises"}
    _, district, _ = signed("Wiesbaden, den 2.8.2025\n\nHomberg (Efze), den 13.10.2025", **schwalm_eder)
    assert district == ("Homberg (Efze)", "2025-10-13")


# --- parties by office and organisation, places of several words, date formats -------------------

MINISTRY_BLOCK = "Heike Hofmann\nStaatsministerin\nHessisches Ministerium für Arbeit, Integration, Jugend und Soziales"


@pytest.mark.parametrize(
    ("block", "ministry", "district"),
    [
        pytest.param(f"Wiesbaden, den 2.8.2025\n\n{MINISTRY_BLOCK}\n\nHofheim am Taunus, den 13.10.2025\n\nMichael Cyriax\nLandrat",
                     ("Wiesbaden", "2025-08-02"), ("Hofheim am Taunus", "2025-10-13"), id="ministry first"),
        pytest.param(f"Hofheim am Taunus, den 13.10.2025\n\nMichael Cyriax\nLandrat\n\nWiesbaden, den 2.8.2025\n\n{MINISTRY_BLOCK}",
                     ("Wiesbaden", "2025-08-02"), ("Hofheim am Taunus", "2025-10-13"), id="district first"),
        pytest.param("Für den Main-Taunus-Kreis:\nHofheim am Taunus, 13.10.2025\nMichael Cyriax\n\n"
                     "Für das Land Hessen:\nWiesbaden, 2.8.2025\nHeike Hofmann",
                     ("Wiesbaden", "2025-08-02"), ("Hofheim am Taunus", "2025-10-13"), id="party lines above, district first"),
        pytest.param("Hofheim am Taunus, den 13.10.2025\tWiesbaden, den 2.8.2025\n\n"
                     "Michael Cyriax\tHeike Hofmann\nLandrat\tStaatsministerin",
                     ("Wiesbaden", "2025-08-02"), ("Hofheim am Taunus", "2025-10-13"), id="side by side, district left"),
    ],
)
def test_parties_by_office_not_by_position(block: str, ministry: tuple, district: tuple) -> None:
    party = {"district": "dem Main-Taunus-Kreis", "district_genitive": "des Main-Taunus-Kreises"}
    got_ministry, got_district, _ = signed(block, **party)
    assert (got_ministry, got_district) == (ministry, district)


@pytest.mark.parametrize("place", ["Hofheim am Taunus", "Homberg (Efze)", "Homberg/Efze", "Bad Hersfeld", "Friedberg (Hessen)"])
def test_places_of_several_words(place: str) -> None:
    block = f"Wiesbaden, den 2.8.2025\n\n{MINISTRY_BLOCK}\n\n{place}, den 13.10.2025\n\nLandrat"
    _, district, _ = signed(block)
    assert district == (place, "2025-10-13")


@pytest.mark.parametrize("written", ["26.02.2013", "26.2.2013", "26. Februar 2013", "26.02.13", "26. Feb. 2013", "26.Februar 2013"])
def test_date_formats(written: str) -> None:
    block = f"Wiesbaden, den {written}\n\n{MINISTRY_BLOCK}\n\nBad Hersfeld, den 13.10.2025\n\nLandrat"
    ministry, _, _ = signed(block)
    assert ministry == ("Wiesbaden", "2013-02-26")


@pytest.mark.parametrize(
    "block",
    [
        pytest.param("Wiesbaden, ______________\tHofheim am Taunus, ______________\n\nKai Klose\tNicole Becker\n"
                     "Staatsminister\tKreisbeigeordnete", id="blank lines side by side"),
        pytest.param("Hofheim am Taunus, ______________\n\nNicole Becker\nKreisbeigeordnete\n\nWiesbaden, ...........\n\n"
                     "Kai Klose\nStaatsminister", id="blank lines stacked, district first"),
    ],
)
def test_a_place_before_a_line_left_blank_for_the_date(block: str) -> None:
    ministry, district, reasons = signed(block)
    assert (ministry, district) == (("Wiesbaden", None), ("Hofheim am Taunus", None))
    assert not [r for r in reasons if "missing" in r]


def test_blocks_in_table_cells_on_different_lines_are_read_by_column() -> None:
    """Centred cells put the two blocks on different lines: each block is its own column's cells."""
    block = ("Wiesbaden, 28.03.18\nOrt, Datum\tFulda, 28.03.18\n\tOrt, Datum\n\nStefan Grüttner\nStaatsminister\tLandrätin\n"
             "Hessisches Ministerium für\tdes Landkreises Fulda\nSoziales und Integration")
    ministry, district, _ = signed(block)
    assert (ministry, district) == (("Wiesbaden", "2018-03-28"), ("Fulda", "2018-03-28"))


def test_a_place_never_runs_across_a_cell_break() -> None:
    block = ("Gießen, 4.5.2026\tWiesbaden, 6.5.2026\n\nChristian Hoffmann\tStaatsministerin\nLandrat\tHessisches Ministerium für\n"
             "des Landkreises Gießen\tArbeit, Integration,\n\tJugend und Soziales")
    ministry, district, _ = signed(block)
    assert (ministry, district) == (("Wiesbaden", "2026-05-06"), ("Gießen", "2026-05-04"))


def test_a_month_read_with_a_dotless_i_is_no_crash() -> None:
    assert date_text_to_date("4. Julı 2024", context_of(agreement_text())) in (dt.date(2024, 7, 4), None)


def test_a_place_with_its_qualifier_after_a_slash_signs_with_a_bare_comma() -> None:
    """'Homberg/Efze,' with the date left blank, in the column of centred table cells."""
    block = ("Wiesbaden, 16.12.2016\n\tHomberg/Efze,\nOrt, Datum\n\tOrt, Datum\n\nStefan Grüttner\n\tJürgen Roth\n"
             "Staatsminister\n\tLandrat\nHessisches Ministerium für\n\tdes Schwalm-Eder-Kreises\nSoziales und Integration")
    ministry, district, reasons = signed(block, district="dem Schwalm-Eder-Kreis", district_genitive="des Schwalm-Eder-Kreises")
    assert (ministry, district) == (("Wiesbaden", "2016-12-16"), ("Homberg/Efze", None))
    assert not [r for r in reasons if "missing" in r or "unknown" in r]


@pytest.mark.parametrize(
    ("block", "ministry", "district"),
    [
        pytest.param("Hofheim am Taunus, den 13. Oktober\tWiesbaden, den 2. August 2025\n2025\n\n"
                     "Michael Cyriax\tHeike Hofmann\nLandrat\tStaatsministerin",
                     ("Wiesbaden", "2025-08-02"), ("Hofheim am Taunus", "2025-10-13"), id="left column wrapped"),
        pytest.param("Wiesbaden, den 2.8.2025\tHofheim am Taunus, den 13.\n\tOktober 2025\n\n"
                     "Heike Hofmann\tMichael Cyriax\nStaatsministerin\tLandrat",
                     ("Wiesbaden", "2025-08-02"), ("Hofheim am Taunus", "2025-10-13"), id="right column wrapped"),
        pytest.param("Wiesbaden, 2. August 2025\tHofheim am Taunus, 13.\n\tOktober 2025\n\n"
                     "Heike Hofmann\tMichael Cyriax\nStaatsministerin\tLandrat",
                     ("Wiesbaden", "2025-08-02"), ("Hofheim am Taunus", "2025-10-13"), id="no 'den', day left alone"),
    ],
)
def test_a_date_wrapped_inside_its_signing_column(block: str, ministry: tuple, district: tuple) -> None:
    """A narrow column wraps the signing line: the date's rest on the next line of the same column belongs to it."""
    party = {"district": "dem Main-Taunus-Kreis", "district_genitive": "des Main-Taunus-Kreises"}
    got_ministry, got_district, _ = signed(block, **party)
    assert (got_ministry, got_district) == (ministry, district)


def test_a_line_below_an_unreadable_date_is_not_taken_for_its_rest() -> None:
    """'den 13.' over 'Michael Cyriax' makes no date: the date stays illegible, nothing is guessed."""
    block = "Hofheim am Taunus, den 13.\tWiesbaden, den 2.8.2025\nMichael Cyriax\tHeike Hofmann\nLandrat\tStaatsministerin"
    party = {"district": "dem Main-Taunus-Kreis", "district_genitive": "des Main-Taunus-Kreises"}
    _, district, reasons = signed(block, **party)
    assert district == ("Hofheim am Taunus", None) and "district_signed_date_illegible" in reasons


@pytest.mark.parametrize(
    "block",
    [
        pytest.param("Heike Hofmann\nStaatsministerin\nWiesbaden, den 2.8.2025\n\nUlrich Krebs\nLandrat des Hochtaunuskreises\n"
                     "Bad Homburg, den 13.10.2025", id="stacked, ministry first"),
        pytest.param("Ulrich Krebs\nLandrat des Hochtaunuskreises\n\nBad Homburg, den 13.10.2025\n\nHeike Hofmann\n"
                     "Staatsministerin\nHessisches Ministerium für Arbeit,\nIntegration, Jugend und Soziales\n\nWiesbaden, den 2.8.2025",
                     id="stacked, district first"),
        pytest.param("Ulrich Krebs\tHeike Hofmann\nLandrat\tStaatsministerin\n\nBad Homburg, den 13.10.2025\tWiesbaden, den 2.8.2025",
                     id="side by side, district left"),
        pytest.param("Heike Hofmann\tLandrat\nStaatsministerin\tdes Hochtaunuskreises\nHessisches Ministerium für\n"
                     "\tBad Homburg, den 13.10.2025\nArbeit, Integration, Jugend und Soziales\n\nWiesbaden, den 2.8.2025",
                     id="side by side, columns of unequal height"),
    ],
)
def test_name_and_office_set_above_the_signing_line_give_the_party(block: str) -> None:
    """The place and date line under name and office: the block above names the party, not the one below."""
    ministry, district, reasons = signed(block)
    assert (ministry, district) == (("Wiesbaden", "2025-08-02"), ("Bad Homburg", "2025-10-13"))
    assert not [r for r in reasons if "place" in r]


def test_prose_above_the_signing_lines_does_not_name_a_party() -> None:
    """The last section's prose names both parties; with no block under or above the signing lines
    the ministry's city decides."""
    block = "Der Landkreis Hochtaunuskreis und das HMSI bleiben im Austausch.\n\nBad Homburg, den 13.10.2025\tWiesbaden, den 2.8.2025"
    ministry, district, _ = signed(block)
    assert (ministry, district) == (("Wiesbaden", "2025-08-02"), ("Bad Homburg", "2025-10-13"))


def test_when_the_district_signs_in_the_ministrys_city_its_place_does_not_decide() -> None:
    """Both sign in Wiesbaden and no block tells: the ministry signs first, and nothing is told by place."""
    block = "Wiesbaden, den 13.10.2025\tWiesbaden, den 2.8.2025"
    ministry, district, _ = signed(block, district="der Landeshauptstadt Wiesbaden", district_genitive="der Landeshauptstadt Wiesbaden")
    assert (ministry, district) == (("Wiesbaden", "2025-10-13"), ("Wiesbaden", "2025-08-02"))


def test_date_lines_the_layout_set_apart_from_their_columns_are_given_by_place() -> None:
    """Name and office side by side, the two date lines under them read one below the other without
    their columns (a word processor's table across a page break): the blocks above tell nothing
    sure, so the ministry's city gives the ministry's signature."""
    block = ("Stefan Grüttner\tDirk Weiß\nStaatsminister\tErster Kreisbeigeordneter\nHessisches Ministerium für\t"
             "des Main-Taunus-Kreises\nSoziales und Integration\n\nHofheim, 05. Oktober 2017\nWiesbaden, 14. November 2017")
    ministry, district, reasons = signed(block, district="dem Main-Taunus-Kreis", district_genitive="des Main-Taunus-Kreises")
    assert (ministry, district) == (("Wiesbaden", "2017-11-14"), ("Hofheim", "2017-10-05"))
    assert not [r for r in reasons if "place" in r]


def test_a_known_place_whose_comma_was_lost_before_den_still_signs() -> None:
    """'Wiesbaden den 26.7.2025': the comma under a signature's ink. After a known place (Wiesbaden, the
    district's seat) the line is a signing line; after any other word 'den' and a date are not."""
    ministry, district, _ = signed("Wiesbaden den 2.8.2025\n\nStaatsministerin\n\nBad Homburg, den 13.10.2025\n\nKreisbeigeordnete")
    assert ministry == ("Wiesbaden", "2025-08-02") and district == ("Bad Homburg", "2025-10-13")
    ministry, _, _ = signed("Berufscamp den 2.8.2025\n\nStaatsministerin\n\nBad Homburg, den 13.10.2025\n\nKreisbeigeordnete")
    assert ministry != ("Berufscamp", "2025-08-02")
