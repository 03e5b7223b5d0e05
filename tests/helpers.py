"""Shared helpers for the unit tests: build a Document from plain text and run the text stages on it."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from extract.extraction.agreement import document_to_agreement
from extract.extraction.context import Context, build_context
from extract.extraction.normalize import document_to_text
from extract.extraction.segment import text_to_sections
from extract.model import Agreement, BBox, Document, Line, Page, Section, Text, Word
from extract.rules import Rules, get_rules
from extract.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
# The two seed texts (Tesseract OCR of a scanned 2024 agreement, a born-digital 2025 one). The sample
# generator keeps a copy inside the repository; the shared folder beside the repository has the originals.
SEED_DIRS = (ROOT / "samples" / "generator" / "seed_texts", ROOT.parent / "shared" / "seeds")
SEED_GLOBS = {0: ("seed_000.txt", "000_*.txt"), 1: ("seed_001.txt", "001_*.txt")}


def seed_text(number: int) -> str:
    """The raw text of seed 0 (scanned 2024, OCR errors) or seed 1 (born-digital 2025)."""
    for folder in SEED_DIRS:
        for pattern in SEED_GLOBS[number]:
            found = sorted(folder.glob(pattern))
            if found:
                return found[0].read_text(encoding="utf-8")
    pytest.fail(f"seed text {number} not found in any of {[str(d) for d in SEED_DIRS]}")


def rules() -> Rules:
    return get_rules(Settings().models_dir)


def settings() -> Settings:
    return Settings()


def text_to_lines(text: str) -> tuple[Line, ...]:
    """One Line of Words per non-blank text line; a blank line marks a gap before the next line.
    Tabs separate table columns (as layout marks them); a line or paragraph separator (U+2028, U+2029) stays inside its word,
    as in a ruled table's row (reading.tables)."""
    lines: list[Line] = []
    gap = False
    rows = text.split("\n")
    for number, raw in enumerate(rows):
        cells = [(col, token) for col, cell in enumerate(raw.split("\t")) for token in re.split(r"[^\S\u2028\u2029]+", cell) if token]
        if not cells:
            gap = bool(lines) or gap
            continue
        y0 = number / len(rows)
        y1 = y0 + 0.5 / len(rows)
        words = []
        x = 0.1
        for col, token in cells:
            x = max(x, 0.1 + 0.4 * col)
            width = 0.01 * len(token)
            words.append(Word(token, BBox(x, y0, min(x + width, 1.0), y1)))
            x += width + 0.01
        columns = tuple(col for col, _ in cells) if "\t" in raw else ()
        lines.append(Line(tuple(words), gap_before=gap, columns=columns))
        gap = False
    return tuple(lines)


def pages_to_document(pages: list[str], source: str = "text_layer", path: str = "test.pdf") -> Document:
    """A Document with one Page per string (page numbers 1..n)."""
    built = tuple(Page(i + 1, source, "test", text_to_lines(text)) for i, text in enumerate(pages))  # type: ignore[arg-type]
    sha = hashlib.sha256("\f".join(pages).encode()).hexdigest()
    return Document(path, Path(path).name, sha, built)


def text_to_document(text: str, source: str = "text_layer") -> Document:
    """A one-page Document; a form feed in `text` starts a new page."""
    return pages_to_document(text.split("\f"), source)


def document_text(document: Document) -> Text:
    return document_to_text(document, rules())


def sections_of(text: str) -> tuple[Section, ...]:
    return text_to_sections(document_text(text_to_document(text)), rules())


def context_of(text: str) -> Context:
    """The extract-stage context of a text (normalized, segmented, parsed)."""
    document = text_to_document(text)
    normalized = document_text(document)
    return build_context(document, normalized, text_to_sections(normalized, rules()), rules())


def agreement_of(text: str) -> Agreement:
    agreement, _ = document_to_agreement(text_to_document(text), rules(), settings())
    return agreement


def agreement_text(
    *,
    year: str = "2025",
    ministry: str = "dem Hessischen Ministerium für Arbeit, Integration, Jugend und Soziales",
    district: str = "dem Landkreis Hochtaunuskreis",
    district_genitive: str = "des Landkreises Hochtaunuskreis",
    amount: str = "965.950 Euro",
    amount_section: str | None = None,
    projects: str = "1. Ausbildungsvorbereitung\n- A.N.K.E.R.",
    signatures: str = "Wiesbaden, den 2.8.2025\n\nStaatsministerin\n\nBad Homburg, den 13.10.2025\n\nKreisbeigeordnete",
    extra_body: str = "",
) -> str:
    """A compact, well-formed Zielvereinbarung in the wording of the seeds, with the parts tests vary."""
    if amount_section is None:
        amount_section = (
            f"Das HMSI stellt {district} im Jahr {year} Haushaltsmittel in Höhe von insgesamt\n\n{amount}\n\n"
            f"aus dem Ausbildungs- und Qualifizierungsbudget {year} zur Verfügung."
        )
    return f"""Zielvereinbarung

{year}

zwischen

{ministry}

und {district}

zur Umsetzung des hessischen Ausbildungs- und Qualifizierungsbudgets

Präambel

Erfolgreiche Arbeitsmarktpolitik bindet die regionalen Akteure des Arbeitsmarktes ein.
{extra_body}
§ 1

Ausbildungs- und Qualifizierungsbudget

Das HMSI verfolgt mit dem Ausbildungs- und Qualifizierungsbudget {year} das Ziel, die
Ausbildungsfähigkeit von benachteiligten Menschen zu steigern.

§ 2

Verpflichtungen der Vereinbarungspartner

Die Vereinbarungspartner setzen ihre Kompetenzen dafür ein, dass die in § 5 vereinbarten Ziele erreicht werden.

§ 3

Umsetzung der UN-Behindertenrechtskonvention

Die Integration in das Erwerbsleben ist eine der vordringlichsten Maßnahmen.

§ 4

Haushaltsmittel und Eckdaten

{amount_section}

§ 5

Ziele für die Umsetzung {district_genitive}

Der Landkreis finanziert mit den Mitteln des Ausbildungs- und Qualifizierungsbudgets {year}
in den jeweiligen Maßnahmenarten folgende Projekte:

{projects}

Die Förderung der aufgeführten Maßnahmen erfolgt auf Basis und nach Maßgabe des Bescheides.

§ 6

Zielsteuerung

Unterjährige Abweichungen von den in § 4 genannten Haushaltsmitteln und Eckdaten werden berücksichtigt.

§ 7

Kontinuierlicher Verbesserungsprozess

Die Zielvereinbarungen werden auf dem Internetportal des HMSI „Arbeitswelt Hessen“ veröffentlicht.

{signatures}
"""
