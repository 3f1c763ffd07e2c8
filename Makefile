# bookbinder: `make` sets up .venv and builds every manuscript in $(SEEDS) into $(OUT).
# One bookbinder run builds the whole folder: its build log ($(OUT)/bookbinder-log.jsonl) skips every
# book whose manuscript, sidecar, catalogue, cover, options and bookbinder version are unchanged and
# whose outputs are intact, so `make` is incremental without make's own graph, and any file name
# (spaces, quotes, `:`, `$`, `#`, backticks) works: names never pass through make or the shell.
# `make per-book` keeps one make target per book for those who want make's graph (plain names only).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SEEDS  ?= seeds
OUT    ?= build
COVERS ?= covers
STAMP  := $(VENV)/.installed
BB     := $(BIN)/bookbinder
BBFLAGS ?=
# Books build in parallel inside bookbinder, one worker per CPU; `make JOBS=1` for a serial build.
JOBS   ?= $(shell nproc 2>/dev/null || echo 2)

# A value as one single-quoted shell word ('it'\''s'): make hands recipes to /bin/sh, and a folder
# name must never be read as shell code.
shell_quote = '$(subst ','\'',$(1))'
# $(value ...): a `$` in a folder name given on the command line is text, not a make reference.
Q_SEEDS := $(call shell_quote,$(value SEEDS))
Q_OUT   := $(call shell_quote,$(value OUT))

# Every suffix an installed reader takes (`bookbinder suffixes`); .txt and .md before the venv exists.
SUFFIXES := $(or $(shell $(BB) suffixes 2>/dev/null),.txt .md)
SOURCES := $(sort $(wildcard $(addprefix $(SEEDS)/*,$(SUFFIXES))))

.PHONY: all per-book venv test test-all check bench preview golden clean distclean lint typography score
.SECONDEXPANSION:

all: $(STAMP)
	$(BB) build --quiet --jobs $(JOBS) -o $(Q_OUT) $(BBFLAGS) -- $(Q_SEEDS)

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# compat: the editable install as one path in a .pth, as a regular install has; the default
	# import hook costs every command 10 ms of start-up (pathlib, re). Plain -e where it is gone.
	$(BIN)/python -m pip install --quiet -e '.[dev]' --config-settings editable_mode=compat 2>/dev/null \
		|| $(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m bookbinder.fonts.prepare >/dev/null  # static and TrueType cuts, cached in the venv (~1-3 min once)
	touch $@

# Per-book targets (make's own graph; names with spaces or `:` cannot be make targets, use `make`).
# One rule makes both formats of a book (a grouped pattern rule), so the manuscript is read once.
# Inside $$(wildcard ...) the stem is $$*: make substitutes only the first % of a prerequisite.
# Books are .PRECIOUS: bookbinder writes each through a temporary name, so an interrupted make must
# never delete a finished book (make deletes an interrupted target otherwise).
ifneq ($(filter per-book,$(MAKECMDGOALS)),)
STEMS   := $(basename $(notdir $(SOURCES)))
EPUBS   := $(patsubst %,$(OUT)/%.epub,$(STEMS))
PDFS    := $(patsubst %,$(OUT)/%.pdf,$(STEMS))
.PRECIOUS: $(OUT)/%.epub $(OUT)/%.pdf

per-book: $(EPUBS) $(PDFS)

$(OUT)/%.epub $(OUT)/%.pdf: $$(firstword $$(wildcard $$(addprefix $(SEEDS)/$$*,$(SUFFIXES)))) \
		$$(wildcard $(SEEDS)/$$*.toml $(SEEDS)/$$*.yaml $(SEEDS)/$$*.yml $(SEEDS)/bookbinder.toml \
		$(COVERS)/$$*.jpg $(COVERS)/$$*.jpeg $(COVERS)/$$*.png $(COVERS)/$$*.webp \
		$(SEEDS)/covers/$$*.jpg $(SEEDS)/covers/$$*.jpeg $(SEEDS)/covers/$$*.png $(SEEDS)/covers/$$*.webp) $(STAMP)
	$(BB) build --quiet --jobs 1 -o $(Q_OUT) $(BBFLAGS) -- $(call shell_quote,$<)
endif

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
	$(BIN)/python -m scripts.epubcheck_all $(Q_OUT)/*.epub

# The full benchmark takes ~17 min on 2 cores (calibre on War and Peace and the 1,000-book batch); BENCHFLAGS=--quick: ~5 min.
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
	rm -rf -- $(Q_OUT) preview

distclean: clean
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis

# Structure accuracy on the development corpus (chapters, parts, titles, front matter, words kept).
score: $(STAMP)
	$(BIN)/python -m scripts.score $(SCOREFLAGS)
