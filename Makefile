# Each target bootstraps .venv from pyproject.toml, so a fresh clone needs nothing else.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: serve build test validate lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

serve: $(STAMP)  ## build and serve the demo commons on http://127.0.0.1:8000
	$(BIN)/mkdocs serve

build: $(STAMP)  ## strict build of the demo commons into site/
	$(BIN)/mkdocs build --strict

validate: $(STAMP)
	$(BIN)/commons validate content

lint: $(STAMP)
	$(BIN)/ruff check plugins tests benchmarks
	$(BIN)/ruff format --check plugins tests benchmarks

test: $(STAMP)  ## the whole suite
	$(BIN)/ruff check plugins tests benchmarks
	$(BIN)/pytest -q

bench: $(STAMP)  ## validation and build benchmarks (several minutes)
	$(BIN)/python benchmarks/bench_validate.py
	$(BIN)/python benchmarks/bench_build.py

clean:
	rm -rf site .pytest_cache
