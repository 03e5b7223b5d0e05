# One command to set everything up and run aqb on the samples, one to run the tests.
#   make run    # installs Tesseract (German) and the Python package, then: aqb run samples/ --out output/
#   make test   # installs the same, then runs the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: setup system test-system run test test-fast lint record-ocr install-check bench bench-deps clean

setup: system $(VENV)/.installed

system:
	@if ! command -v tesseract >/dev/null || ! tesseract --list-langs 2>/dev/null | grep -qx deu || ! command -v pdftotext >/dev/null; then \
		echo "Installing Tesseract (German) and poppler-utils with apt-get"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq tesseract-ocr tesseract-ocr-deu poppler-utils; \
	fi
	@$(PYTHON) -m venv --help >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq python3-venv; }

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

# samples/ holds two PDFs that are not agreements on purpose: they are listed in output/errors.csv
# (stage classify), which is a result, not a failure (exit code 0).
run: setup
	$(BIN)/aqb run samples/ --out output/

# The report test renders pages in headless Chromium.
test-system:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; }

test: lint setup test-system
	$(BIN)/pytest

# Lint (ruff: errors, bugbear, pyupgrade, import order) and types (mypy on extract/).
lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy

# The fast tier: no Tesseract. Tests that need it are marked e2e and left out; every other OCR call is
# answered from the recordings in tests/resources/ocr_replay (see extract/reading/engine.py). Tests marked
# slow (sweeps over every sample, whole-process fault runs) are left out too; `make test` runs everything.
# The tests are spread over every core (pytest-xdist).
OCR_REPLAY = $(CURDIR)/tests/resources/ocr_replay
test-fast: setup
	AQB_OCR_ENGINE=replay:$(OCR_REPLAY) $(BIN)/pytest -m "not e2e and not slow" -q -n auto

# Record the OCR answers the fast tier replays (after a change to how pages are rendered or OCRed, or
# to the libraries that render them: recorded_with.json names their versions, and a miss names a change).
record-ocr: setup
	rm -rf $(OCR_REPLAY)
	AQB_OCR_ENGINE=record:$(OCR_REPLAY) $(BIN)/pytest -m "not e2e and not slow" -q -n auto

# The wheel installed with its dependencies into a fresh venv in another folder runs (about a minute
# with a warm pip cache).
install-check: system
	PYTHON=$(PYTHON) .ci/install-check

# The benchmark compares aqb with OCRmyPDF (the `bench` extra: OCRmyPDF 17 from PyPI, psutil). OCRmyPDF 17
# needs no system package beyond Tesseract (German) and pdftotext, which `system` installs: it rasterizes
# with pypdfium2, bundles its fonts and qpdf (pikepdf wheel), and falls back from Ghostscript for PDF/A.
bench-deps: setup $(VENV)/.bench-installed

$(VENV)/.bench-installed: pyproject.toml
	$(BIN)/pip install -q -e '.[bench]'
	touch $@

# Throughput against raw Tesseract and OCRmyPDF, memory, accuracy (several minutes); the psm/dpi study:
# $(BIN)/python benchmarks/throughput.py --study
bench: bench-deps
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) output/*.csv output/*.parquet
