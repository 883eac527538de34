# Two commands do everything on a fresh machine:
#   make site   create .venv, install, build site/ from listings/
#   make test   run the whole test suite (browser tests included when Chromium is there)
# Daily loop:
#   make update fetch new Daily Papers days into listings/hf, then build (needs the network)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site test serve check lint format clean update

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/python -m generator build

# FETCH_ARGS: extra options for fetch, e.g. FETCH_ARGS="--since 2026-01-01" for a backfill.
# A day that fails to fetch still lets the build run; the exit status then says so.
update: $(STAMP)
	@status=0; $(BIN)/python -m generator fetch $(FETCH_ARGS) || status=$$?; \
	$(BIN)/python -m generator build && exit $$status

test: $(STAMP)
	$(BIN)/python -m pytest -q

serve: $(STAMP)
	$(BIN)/python -m generator serve

check: $(STAMP)
	$(BIN)/python -m generator check

lint: $(STAMP)
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/ruff format --check generator tests benchmarks

format: $(STAMP)
	$(BIN)/ruff format generator tests benchmarks
	$(BIN)/ruff check --fix generator tests benchmarks

clean:
	rm -rf site .site.* docs/papers docs/topics docs/tags docs/areas docs/feeds \
	  docs/stats docs/date docs/week docs/month docs/top docs/authors docs/index.md docs/about.md docs/report.md docs/papers.json test-output .cache
