"""End to end on the scanned samples: what the reading stage recovers shows in the dataset."""

from __future__ import annotations

import re

import pytest
from PIL import ImageOps
from rapidfuzz import fuzz

from conftest import SAMPLES, SampleRun, read_csv
from extract.reading.ocr import page_to_image, read_data
from extract.reading.prepare import as_read
from extract.settings import Settings

pytestmark = pytest.mark.e2e


def test_the_district_signature_between_two_seals_is_in_the_dataset(sample_run: SampleRun) -> None:
    row = sample_run.agreements["2013_06440_scan.pdf"]
    assert (row["district_signed_place"], row["district_signed_date"]) == ("Friedberg (Hessen)", "2013-02-26")
    assert "district_signed" not in row["review_reasons"]
    pages = [p for p in read_csv(sample_run.out / "pages.csv") if p["agreement_id"] == row["agreement_id"]]
    assert "read inside regions the layout analysis took for pictures" in pages[-1]["reason"]


# --- provenance: a value's box is where it was read ---------------------------------------------

MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember")
BOX_FIELDS = ("district_name_raw", "amount_eur", "ministry_signed_place", "ministry_signed_date",
              "district_signed_place", "district_signed_date")
PROVENANCE_KEY = {"district_name_raw": "district"}


def _shows(field: str, value: str, text: str) -> bool:
    """Whether OCR text of a crop shows the value of a field (as it is written on the page)."""
    if field == "amount_eur":
        return value.split(".")[0] in re.sub(r"\D", "", text)
    if field.endswith("_date"):
        year, month, day = (int(part) for part in value.split("-"))
        pattern = rf"\b0?{day}\.\s*(0?{month}\.|{MONTHS[month - 1]})\s*(20)?{year % 100:02d}"
        return re.search(pattern, text) is not None
    return fuzz.partial_ratio(value, " ".join(text.split())) >= 90


def _crops(run: SampleRun):
    """(file, field, value, page, bbox, crop texts) of every located value of the scanned samples:
    the page image as OCR read it, cut at the value's box (the review report adds a margin of
    context), read as a block and as sparse text."""
    settings = Settings()
    turned = {(p["agreement_id"], int(p["page"])): (int(p["rotation"]), float(p["deskew"])) for p in read_csv(run.out / "pages.csv")}
    for name, truth in run.expected.items():
        if truth["kind"] != "scan" or not truth.get("is_agreement", True) or name not in run.agreements:
            continue
        row = run.agreements[name]
        located = {p["field"]: {"page": int(p["page"]), "bbox": [float(p[k]) for k in ("x0", "y0", "x1", "y1")] if p["x0"] else None}
                   for p in read_csv(run.out / "provenance.csv") if p["agreement_id"] == row["agreement_id"] and p["page"]}
        for field in BOX_FIELDS:
            prov = located.get(PROVENANCE_KEY.get(field, field), {})
            if not row[field] or not prov.get("bbox"):
                continue
            image = page_to_image(SAMPLES / name, prov["page"], settings).image
            angle, deskew = turned[(row["agreement_id"], prov["page"])]
            image = as_read(image, deskew, angle)  # turned as it was for OCR
            x0, y0, x1, y1 = prov["bbox"]
            pad = 0.004
            crop = image.crop((int((x0 - pad) * image.width), int((y0 - pad) * image.height),
                               int((x1 + pad) * image.width), int((y1 + pad) * image.height)))
            crop = ImageOps.expand(crop, 30, 255)
            texts = [" ".join(t for t in read_data(crop, settings, f"--psm {psm}")["text"] if t and t.strip()) for psm in (6, 11)]
            yield name, field, row[field], prov["page"], prov["bbox"], texts


def test_the_crop_of_each_value_shows_the_value(sample_run: SampleRun) -> None:
    crops = list(_crops(sample_run))
    assert len(crops) >= 20
    wrong = [(name, field, value, texts) for name, field, value, _page, _bbox, texts in crops
             if not any(_shows(field, value, text) for text in texts)]
    assert wrong == []


def test_a_signing_place_is_located_on_the_line_of_its_date(sample_run: SampleRun) -> None:
    boxes = {(name, field): (page, bbox) for name, field, _value, page, bbox, _text in _crops(sample_run)}
    pairs = [(name, party) for name, field in boxes for party in ("ministry", "district")
             if field == f"{party}_signed_place" and (name, f"{party}_signed_date") in boxes]
    assert len(pairs) >= 5
    for name, party in pairs:
        (page_p, place), (page_d, date) = boxes[(name, f"{party}_signed_place")], boxes[(name, f"{party}_signed_date")]
        overlap = min(place[3], date[3]) - max(place[1], date[1])
        assert page_p == page_d and overlap > 0.5 * min(place[3] - place[1], date[3] - date[1]), (name, party, place, date)
