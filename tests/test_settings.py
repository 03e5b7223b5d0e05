"""Settings: validation, and the digests of the code that key the page cache and the rules version."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import extract.settings as settings_module
from extract.errors import UsageError
from extract.ingest.pipeline import RunOptions
from extract.settings import EXTRACTION_CODE, READING_CODE, ExtractionSettings, Settings, code_files


@pytest.fixture
def package_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the extract package that the digests read instead of the real one."""
    copy = tmp_path / "extract"
    shutil.copytree(settings_module.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(settings_module, "PACKAGE_DIR", copy)
    return copy


def test_the_digests_cover_whole_subpackages() -> None:
    reading = {p.relative_to(settings_module.PACKAGE_DIR).as_posix() for p in code_files(READING_CODE)}
    assert {"reading/load.py", "reading/ocr.py", "reading/layout.py", "pages.py"} <= reading
    assert "model.py" not in reading
    extraction = {p.relative_to(settings_module.PACKAGE_DIR).as_posix() for p in code_files(EXTRACTION_CODE)}
    assert {"extraction/segment.py", "extraction/projects.py", "dataset/export.py", "model.py", "rules.py"} <= extraction


def test_a_new_reading_module_changes_the_page_cache_key(package_copy: Path) -> None:
    before = Settings().read_key("5.3.0")
    (package_copy / "reading" / "deskew.py").write_text("ANGLE = 0\n")
    assert Settings().read_key("5.3.0") != before


def test_a_new_extraction_module_changes_the_rules_version_but_not_the_page_cache_key(package_copy: Path) -> None:
    key, version = Settings().read_key("5.3.0"), Settings().fingerprint()
    (package_copy / "extraction" / "validate.py").write_text("CHECKS = ()\n")
    assert Settings().fingerprint() != version
    assert Settings().read_key("5.3.0") == key


def test_a_new_review_reason_changes_the_rules_version_but_not_the_page_cache_key(package_copy: Path) -> None:
    key, version = Settings().read_key("5.3.0"), Settings().fingerprint()
    model = package_copy / "model.py"
    enum = "class ReviewReason(str, Enum):\n"
    assert enum in model.read_text()
    model.write_text(model.read_text().replace(enum, enum + '    NEW_DOUBT = "new_doubt"\n'))
    assert Settings().fingerprint() != version
    assert Settings().read_key("5.3.0") == key


def test_a_changed_page_record_changes_the_page_cache_key(package_copy: Path) -> None:
    key = Settings().read_key("5.3.0")
    pages = package_copy / "pages.py"
    record = "class Word:\n"
    assert record in pages.read_text()
    pages.write_text(pages.read_text().replace(record, record + "    font: str = \"\"\n"))
    assert Settings().read_key("5.3.0") != key


def test_a_changed_reading_module_changes_the_page_cache_key(package_copy: Path) -> None:
    key = Settings().read_key("5.3.0")
    ocr = package_copy / "reading" / "ocr.py"
    ocr.write_text(ocr.read_text() + "\n# changed\n")
    assert Settings().read_key("5.3.0") != key


def test_a_changed_reading_module_changes_the_rules_version_too(package_copy: Path) -> None:
    version = Settings().fingerprint()
    layout = package_copy / "reading" / "layout.py"
    layout.write_text(layout.read_text() + "\n# changed\n")
    assert Settings().fingerprint() != version


def test_an_ingest_module_changes_neither(package_copy: Path) -> None:
    key, version = Settings().read_key("5.3.0"), Settings().fingerprint()
    (package_copy / "ingest" / "extra.py").write_text("X = 1\n")
    assert (Settings().read_key("5.3.0"), Settings().fingerprint()) == (key, version)


@pytest.mark.parametrize("change, message", [
    ({"dpi": 50}, "dpi must be between 72 and 600"),
    ({"psm": 2}, "psm must be one of"),
    ({"low_confidence": 101}, "low_confidence must be within"),
    ({"sideways_profile_ratio": -0.5}, "sideways_profile_ratio must not be negative"),
    ({"models_dir": Path("/nonexistent/models")}, "models directory not found"),
])
def test_invalid_settings_are_refused(change: dict, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        Settings(**change)


def test_the_extraction_scores_are_part_of_the_rules_version_not_of_the_page_cache_key() -> None:
    changed = Settings(extraction=ExtractionSettings(district_fuzzy_cutoff=92))
    assert changed.fingerprint() != Settings().fingerprint()
    assert changed.read_key("5.3.0") == Settings().read_key("5.3.0")


def test_the_table_rule_glyphs_are_part_of_the_page_cache_key() -> None:
    assert Settings(rule_glyphs="|").read_key("5.3.0") != Settings().read_key("5.3.0")
    assert Settings(sideways_profile_ratio=0).read_key("5.3.0") != Settings().read_key("5.3.0")


@pytest.mark.parametrize("change", [{"ministry_fuzzy_cutoff": 101}, {"provenance_min_ratio": -1}, {"amount_context_chars": -5}])
def test_invalid_extraction_settings_are_refused(change: dict) -> None:
    with pytest.raises(UsageError, match="invalid setting"):
        ExtractionSettings(**change)


def test_command_line_defaults_are_the_settings_defaults() -> None:
    from extract.cli import inspect, run

    options = {option.name: option for option in run.params}
    assert options["dpi"].default == Settings().dpi and options["psm"].default == str(Settings().psm)
    assert options["max_pages"].default == RunOptions().max_pages and options["doc_timeout"].default == RunOptions().doc_timeout_s
    assert next(o for o in inspect.params if o.name == "dpi").default == Settings().dpi
