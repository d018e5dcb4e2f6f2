# Each target bootstraps .venv from pyproject.toml, so a fresh clone needs nothing else.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: serve build test browser validate lint bench clean

# The browser tests drive Debian's Chromium. `make test` installs it where it can (as root, with apt-get);
# otherwise it stops with one line saying what to install, before any test runs.
CHROMIUM ?= $(or $(shell command -v chromium 2>/dev/null),/usr/bin/chromium)
APT_GET ?= apt-get
USER_ID ?= $(shell id -u)
INSTALL_HINT := make test: the browser tests need Chromium at /usr/bin/chromium: install it (sudo apt-get install chromium) and run make test again

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# --dirty: after the first build, a save rebuilds only the pages it changes (the commons plugin decides which).
serve: $(STAMP)  ## build and serve the demo commons on http://127.0.0.1:8000
	$(BIN)/mkdocs serve --dirty

build: $(STAMP)  ## strict build of the demo commons into site/
	$(BIN)/mkdocs build --strict

validate: $(STAMP)
	$(BIN)/commons validate content

lint: $(STAMP)
	$(BIN)/ruff check plugins tests benchmarks
	$(BIN)/ruff format --check plugins tests benchmarks

test: browser $(STAMP)  ## the whole suite (installs Chromium for the browser tests where it can)
	$(BIN)/ruff check plugins tests benchmarks
	$(BIN)/pytest -q -n auto --dist loadfile

# Make's own $(error) keeps a failure to one line (a failing shell command would add make's "Error 1").
have_chromium = $(shell test -x "$(CHROMIUM)" && echo yes)
browser:
	$(if $(have_chromium),,$(if $(filter 0,$(USER_ID)),$(info make test: installing Chromium for the browser tests ($(APT_GET) install -y chromium))$(shell DEBIAN_FRONTEND=noninteractive $(APT_GET) update -qq >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive $(APT_GET) install -y -qq chromium >/dev/null 2>&1)))
	$(if $(have_chromium),,$(error $(INSTALL_HINT)))
	@:

bench: $(STAMP)  ## validation and build benchmarks (several minutes)
	$(BIN)/python benchmarks/bench_validate.py
	$(BIN)/python benchmarks/bench_build.py

clean:
	rm -rf site .pytest_cache
