# bookbinder: `make` sets up .venv and builds every manuscript in $(SEEDS) into $(OUT).
# Incremental: a book is rebuilt only when its manuscript, sidecar metadata, folder catalogue or
# cover changed (or bookbinder itself was reinstalled). `make -j` is safe: one process per book,
# each writing its own files through a temporary name.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SEEDS  ?= seeds
OUT    ?= build
COVERS ?= covers
STAMP  := $(VENV)/.installed
BB     := $(BIN)/bookbinder
BBFLAGS ?=
# Books build in parallel by default, one process per book; `make JOBS=1` for a serial build.
JOBS   ?= $(shell nproc 2>/dev/null || echo 2)
MAKEFLAGS += --jobs=$(JOBS) --output-sync=line

# Every suffix an installed reader takes (`bookbinder suffixes`); .txt and .md before the venv exists.
SUFFIXES := $(or $(shell $(BB) suffixes 2>/dev/null),.txt .md)
SOURCES := $(sort $(wildcard $(addprefix $(SEEDS)/*,$(SUFFIXES))))
STEMS   := $(basename $(notdir $(SOURCES)))
EPUBS   := $(patsubst %,$(OUT)/%.epub,$(STEMS))
PDFS    := $(patsubst %,$(OUT)/%.pdf,$(STEMS))

.PHONY: all venv test test-all check bench preview golden clean distclean lint typography score
.DELETE_ON_ERROR:
.SECONDEXPANSION:

all: $(EPUBS) $(PDFS)

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m bookbinder.fonts.prepare >/dev/null  # static and TrueType cuts, cached in the venv (~1-3 min once)
	touch $@

# One rule makes both formats of a book (a grouped pattern rule), so the cover and the
# manuscript are read once per book.
# Inside $$(wildcard ...) the stem is $$*: make substitutes only the first % of a prerequisite.
$(OUT)/%.epub $(OUT)/%.pdf: $$(firstword $$(wildcard $$(addprefix $(SEEDS)/$$*,$(SUFFIXES)))) \
		$$(wildcard $(SEEDS)/$$*.toml $(SEEDS)/$$*.yaml $(SEEDS)/$$*.yml $(SEEDS)/bookbinder.toml \
		$(COVERS)/$$*.jpg $(COVERS)/$$*.jpeg $(COVERS)/$$*.png $(COVERS)/$$*.webp \
		$(SEEDS)/covers/$$*.jpg $(SEEDS)/covers/$$*.jpeg $(SEEDS)/covers/$$*.png $(SEEDS)/covers/$$*.webp) $(STAMP)
	$(BB) build --quiet --jobs 1 -o $(OUT) $(BBFLAGS) $<

# The fast tier (unit + integration, no slow marks): the developer loop, under 2 minutes on 2 cores.
test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadgroup -m "not slow" tests/unit tests/integration

# Everything: the corpus, epubcheck over the novels, property tests at full strength, real engines.
test-all: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadgroup tests

# Accept new output for every golden kind (EPUB members, reader fixture trees); review with git diff.
golden: $(STAMP)
	BOOKBINDER_UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q -p no:cacheprovider \
		tests/integration/test_epub_golden.py tests/unit/test_passes.py

lint: $(STAMP)
	$(BIN)/ruff check bookbinder tests
	$(BIN)/mypy

check: all
	$(BIN)/python -m scripts.epubcheck_all $(EPUBS)

# The full benchmark takes 30-45 min on 2 cores (calibre on War and Peace); BENCHFLAGS=--quick: ~10 min.
bench: $(STAMP)
	$(BIN)/python -m scripts.bench $(BENCHFLAGS)

# Line breaking and hyphenation figures of a novel's print PDF, read back from the PDF (~1 min).
typography: $(STAMP)
	$(BIN)/python -m scripts.typography

# One contact sheet per book and style in preview/ (title, copyright, contents, About, opening,
# a spread, a scene break): look at them after a design change.
preview: $(STAMP)
	$(BIN)/python -m scripts.preview --out preview $(SOURCES)
	$(BIN)/python -m scripts.preview_covers

clean:
	rm -rf $(OUT) preview

distclean: clean
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis

# Structure accuracy on the development corpus (chapters, parts, titles, front matter, words kept).
score: $(STAMP)
	$(BIN)/python -m scripts.score $(SCOREFLAGS)
