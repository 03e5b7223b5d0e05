"""Pipeline settings as a validated, frozen dataclass."""

from __future__ import annotations

import hashlib
import json
from dataclasses import MISSING, asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from extract import __version__
from extract.errors import UsageError

PACKAGE_DIR = Path(__file__).resolve().parent


def default_models_dir(package_dir: Path = PACKAGE_DIR) -> Path:
    """The rule assets: shipped inside the installed package (extract/models, see pyproject.toml),
    at the top of the repository (models/) in a checkout."""
    packaged = package_dir / "models"
    return packaged if packaged.is_dir() else package_dir.parent / "models"


MODELS_DIR = default_models_dir()
# The code that decides how pages are read (its results are cached per page): whole subpackages and
# modules, so that a module added to one of them changes the key; the records the reading produces
# are in pages.py, apart from the extraction's (model.py: a new review reason must not re-OCR scans) ...
READING_CODE = ("reading", "pages.py")
# ... and the code that turns read pages into the dataset (re-run from the page cache when it changes).
EXTRACTION_CODE = ("extraction", "dataset", "model.py", "rules.py")


DPI_RANGE = (72, 600)  # rendering resolutions Settings.dpi accepts
PSM_CHOICES = (1, 3, 4, 6, 11, 12)  # Tesseract page segmentation modes that read a whole page


def default(record: type, name: str) -> Any:
    """The default of a dataclass field (for the command line: one place for every default)."""
    found = next(f for f in fields(record) if f.name == name)
    if found.default is MISSING:
        raise TypeError(f"{record.__name__}.{name} has no plain default")
    return found.default


def code_files(names: tuple[str, ...], package_dir: Path | None = None) -> list[Path]:
    """The Python files behind `names` (subpackages of the package, taken whole, or single modules)."""
    package_dir = package_dir or PACKAGE_DIR
    files: list[Path] = []
    for name in names:
        path = package_dir / name
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return files


def code_digest(names: tuple[str, ...], package_dir: Path | None = None) -> str:
    package_dir = package_dir or PACKAGE_DIR
    digest = hashlib.sha256()
    for path in code_files(names, package_dir):
        digest.update(path.relative_to(package_dir).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class ExtractionSettings:
    """The scores and cut-offs the field rules weigh candidates with (the patterns themselves are in models/)."""

    # A budget amount candidate scores its pattern's weight (patterns.jsonl), plus these:
    amount_title_bonus: int = 3  # in a section whose title names the budget (word list amount.section_titles)
    amount_context_bonus: int = 2  # a word of amount.context_good in the amount_context_chars before it
    amount_bad_context_penalty: int = 4  # subtracted: a word of amount.context_bad in the amount_bad_context_chars before it
    amount_bad_sentence_penalty: int = 3  # subtracted: such a word further back in the amount's own sentence
    amount_context_chars: int = 60
    amount_bad_context_chars: int = 40
    # Votes a year gets from each title line that names it (regex year.title_line); patterns vote their weight.
    year_title_line_votes: int = 3
    # rapidfuzz ratio (0-100) a title-block name needs to count as a district's written form when no form matched exactly.
    district_fuzzy_cutoff: float = 88.0
    # rapidfuzz ratio a generic ministry name needs to be taken as a known ministry's canonical name.
    ministry_fuzzy_cutoff: float = 90.0
    # rapidfuzz ratio the page's words need to be taken as where a value was found (its box and OCR confidence).
    provenance_min_ratio: float = 60.0

    def __post_init__(self) -> None:
        for name in ("district_fuzzy_cutoff", "ministry_fuzzy_cutoff", "provenance_min_ratio"):
            if not 0 <= getattr(self, name) <= 100:
                raise UsageError(f"invalid setting: {name} must be within [0, 100]")
        if min(self.amount_context_chars, self.amount_bad_context_chars) < 0:
            raise UsageError("invalid setting: the amount context windows must not be negative")


@dataclass(frozen=True)
class Settings:
    """Everything that changes what the pipeline produces from a given PDF."""

    dpi: int = 300  # rendering resolution for pages that are not a plain scan
    # A page that is one full-page scan is read from the scan itself when its resolution lies in this
    # range (no rendering, no resampling); outside it, or with None, the page is rendered at dpi.
    embedded_dpi: tuple[int, int] | None = (300, 400)
    lang: str = "deu"
    psm: int = 3
    ocr_timeout_s: float = 180.0
    # Text-layer usability: fewer letters than this means the page needs OCR.
    min_text_letters: int = 40
    # Share of replacement characters / (cid:NN) glyphs above which the layer is garbage.
    max_garbage_ratio: float = 0.02
    # Share of letters among non-space characters below which the layer is garbage.
    min_letter_ratio: float = 0.55
    # OCR word confidence (0-100) under which a field is flagged for review.
    low_confidence: float = 70.0
    # The orientation of an OCRed page is checked (and the page read again turned) when its mean confidence lies under this ...
    reorient_below: float = 55.0
    # ... or when this share (or more) of its words of three or more characters have boxes taller than
    # wide (a page fed sideways is read word by word with high confidence, each box standing upright) ...
    reorient_tall_share: float = 0.5
    # ... or when fewer than this share of its words are German words (models/dictionary.jsonl; pages of 5 words or more).
    reorient_min_dictionary: float = 0.15
    # Regions Tesseract's layout analysis calls pictures (seals, signatures, stamps) are read again as
    # one block; words found there are kept in runs of words each read with at least this confidence.
    picture_text_min_conf: float = 80.0
    # ... and holding at least this many letters or digits in a row (seal strokes read as '|l' are not text).
    picture_text_min_run: int = 3
    # Images with more pixels than this are refused as image bombs (an A4 scan at 600 dpi has 35 million).
    max_image_pixels: int = 150_000_000
    # A compressed (Flate) stream that inflates to more than this many MB is refused as a decompression bomb
    # before pdfium or pdfplumber inflates it (an A4 page image at 600 dpi in 24-bit colour is ~105 MB).
    max_stream_mb: int = 512
    # A scanned page slanted by at least this many degrees is turned level before OCR (reading/prepare.py;
    # 0 turns deskewing off). It pays on slanted scans (benchmarks/scans.py --seed 17, skew: char accuracy
    # 0.83 -> 0.99, project F1 0.87 -> 1.00). The angle is kept per page (Page.deskew, pages.csv), so word
    # boxes, review crops, re-reading and the archive's page images are all in the level page's frame ...
    deskew_min_degrees: float = 1.5
    # ... the slant is looked for within this many degrees either way (a page fed further askew is not measured).
    deskew_max_degrees: float = 5.0
    # A page whose ink summed along its rows is less uneven than this times summed along its columns has its
    # text lines running down the page (fed sideways): its orientation is detected before it is read, so it
    # is read once, turned (reading/orientation.py; 0 turns this off). Upright scans lie at 1.4 or more,
    # sideways ones at 0.4 or less (the scanned samples and benchmarks/scans.py --kinds sideways).
    sideways_profile_ratio: float = 0.8
    # On a colour scan, a pixel whose colour lies off the line from the paper's colour to the text's ink by
    # more than about this sine of an angle is other ink (a red seal, a blue signature) and is set to paper
    # before OCR (reading/prepare.py; 0 turns it off). Blue signatures over navy text lie near 0.23 ...
    ink_colour_tolerance: float = 0.2
    # ... and a page is cleaned so only when at least this share of its pixels is such other ink.
    ink_colour_min_share: float = 0.0005
    # A signing line lost under a seal or a signature is read again with the ink lighter than the print
    # set to paper (reading/inks.py): print is ink within this share of the way from the print's darkest
    # ink to the paper (stamp pad and pen ink scan lighter than toner) ...
    seal_core_share: float = 0.2
    # ... and the ink within this many pixels of print is kept (a printed stroke's soft edge).
    seal_reach_px: int = 2
    # Characters that, alone in an OCR word, are a table rule Tesseract read as text (the word is dropped).
    rule_glyphs: str = "|¦[]"
    # A ruled table cell's text line was ended by its writer (reading/tables.py: CELL_LINE_BREAK, a
    # project a line) when the room left on it, inside the cell's padding, exceeds the next line's first
    # word by more than this many line heights (a space and some slack); a word processor wraps a line
    # only when the next word does not fit, so less room is taken as its wrap (CELL_LINE_WRAP).
    cell_break_room: float = 0.6
    extraction: ExtractionSettings = field(default_factory=ExtractionSettings)
    models_dir: Path = field(default=MODELS_DIR)

    def __post_init__(self) -> None:
        checks = [
            (DPI_RANGE[0] <= self.dpi <= DPI_RANGE[1], f"dpi must be between {DPI_RANGE[0]} and {DPI_RANGE[1]}"),
            (self.embedded_dpi is None or 72 <= self.embedded_dpi[0] <= self.embedded_dpi[1] <= 1200,
             "embedded_dpi must be None or (low, high) with 72 <= low <= high <= 1200"),
            (self.psm in PSM_CHOICES, f"psm must be one of {', '.join(map(str, PSM_CHOICES))}"),
            (self.ocr_timeout_s > 0, "ocr_timeout_s must be positive"),
            (self.min_text_letters >= 0, "min_text_letters must be >= 0"),
            (0 <= self.max_garbage_ratio <= 1, "max_garbage_ratio must be within [0, 1]"),
            (0 <= self.min_letter_ratio <= 1, "min_letter_ratio must be within [0, 1]"),
            (0 <= self.low_confidence <= 100, "low_confidence must be within [0, 100]"),
            (0 <= self.reorient_below <= 100, "reorient_below must be within [0, 100]"),
            (0 < self.reorient_tall_share <= 1, "reorient_tall_share must be within (0, 1]"),
            (0 <= self.reorient_min_dictionary <= 1, "reorient_min_dictionary must be within [0, 1]"),
            (0 <= self.picture_text_min_conf <= 100, "picture_text_min_conf must be within [0, 100]"),
            (self.picture_text_min_run >= 1, "picture_text_min_run must be at least 1"),
            (self.max_image_pixels > 0, "max_image_pixels must be positive"),
            (self.max_stream_mb > 0, "max_stream_mb must be positive"),
            (bool(self.lang), "lang must not be empty"),
            (0 <= self.deskew_min_degrees <= self.deskew_max_degrees <= 20, "deskew degrees must be 0 <= min <= max <= 20"),
            (self.sideways_profile_ratio >= 0, "sideways_profile_ratio must not be negative"),
            (0 <= self.ink_colour_tolerance <= 1, "ink_colour_tolerance must be within [0, 1]"),
            (0 <= self.ink_colour_min_share < 1, "ink_colour_min_share must be within [0, 1)"),
            (0 < self.seal_core_share < 1, "seal_core_share must be within (0, 1)"),
            (0 <= self.seal_reach_px <= 10, "seal_reach_px must be within [0, 10]"),
        ]
        for ok, message in checks:
            if not ok:
                raise UsageError(f"invalid setting: {message}")
        if not Path(self.models_dir).is_dir():
            raise UsageError(f"models directory not found: {self.models_dir}")

    def read_key(self, engine_version: str) -> str:
        """What decides how pages are read (text layer verdict, rendering, OCR): the page cache key."""
        from extract.reading.quality import layer_rules  # the text layer's dictionary and thresholds (models/); late: it imports rules
        values = (self.dpi, self.embedded_dpi, self.lang, self.psm, self.min_text_letters, self.max_garbage_ratio, self.min_letter_ratio,
                  self.reorient_below, self.reorient_tall_share, self.reorient_min_dictionary, self.picture_text_min_conf,
                  self.picture_text_min_run, self.deskew_min_degrees, self.deskew_max_degrees, self.sideways_profile_ratio,
                  self.ink_colour_tolerance, self.ink_colour_min_share, self.max_image_pixels,
                  self.max_stream_mb, self.rule_glyphs, engine_version,
                  code_digest(READING_CODE), layer_rules(self.models_dir).key())
        return hashlib.sha256(json.dumps(values).encode()).hexdigest()[:16]

    def fingerprint(self) -> str:
        """A short hash of the aqb version and code, the settings and every rule asset: the rules version."""
        digest = hashlib.sha256(__version__.encode())  # a new release may extract differently, and so may
        digest.update(code_digest(READING_CODE + EXTRACTION_CODE).encode())  # changed code between releases
        values = {k: v for k, v in asdict(self).items() if k != "models_dir"}
        digest.update(json.dumps(values, sort_keys=True).encode())
        for path in sorted(Path(self.models_dir).rglob("*")):
            if path.is_file():
                digest.update(path.name.encode())
                digest.update(path.read_bytes())
        return digest.hexdigest()[:16]
