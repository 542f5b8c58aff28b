# Two commands for a newcomer: `make demo` and `make test`.
# Both install what is missing: Debian packages with apt-get (as root),
# Python packages into a local virtual environment (.venv).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO   ?= demo

# Debian packages: ffmpeg (probe, encode), espeak-ng (the demo's voices),
# fonts-dejavu-core (French accents on generated covers); for tests, chromium
# and nodejs/npm (the Podcast Index's feed parser, podcast-partytime).
SYSTEM_PACKAGES := ffmpeg espeak-ng fonts-dejavu-core
NODE_DIR        := tests/feeds/node
APT := DEBIAN_FRONTEND=noninteractive apt-get install -y -qq

LOCALE  := pipeline/locale
CATALOG := $(LOCALE)/fr/LC_MESSAGES/clea

.PHONY: demo test lint messages system system-test node-test venv clean

demo: system venv $(CATALOG).mo
	$(BIN)/python -m pipeline.demo $(DEMO)

test: system system-test node-test venv $(CATALOG).mo
	$(BIN)/ruff check archive media feeds pipeline tests bench
	$(BIN)/pytest

lint: venv
	$(BIN)/ruff check archive media feeds pipeline tests bench

# The French catalogue, compiled for gettext; the .po is the source kept in git.
$(CATALOG).mo: $(CATALOG).po $(STAMP)
	$(BIN)/pybabel compile -D clea -d $(LOCALE) -l fr

# After changing messages in the code: extract them (click's own too, so its
# "No such option" speaks French), then merge them into the .po to translate.
messages: venv
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k ngettext:1,2 --sort-output --no-location \
	  --project clea -o $(LOCALE)/clea.pot archive media feeds pipeline \
	  $$($(BIN)/python -c 'import click, os; print(os.path.dirname(click.__file__))')
	$(BIN)/pybabel update -D clea -i $(LOCALE)/clea.pot -d $(LOCALE) -l fr --no-fuzzy-matching --ignore-obsolete

system:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null \
	  | grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing with apt-get:" $$missing; \
	  apt-get update -qq && $(APT) $$missing >/dev/null; \
	fi

system-test:
	@missing=$$(command -v chromium >/dev/null 2>&1 || echo chromium; \
	  command -v node >/dev/null 2>&1 || echo nodejs; command -v npm >/dev/null 2>&1 || echo npm); \
	if [ -n "$$missing" ]; then \
	  echo "Installing with apt-get (for the browser and feed tests):" $$missing; \
	  apt-get update -qq && $(APT) $$missing >/dev/null; \
	fi

# The feed tests' Node parsers, exactly as locked, into a folder git ignores.
node-test: $(NODE_DIR)/node_modules/.package-lock.json

$(NODE_DIR)/node_modules/.package-lock.json: $(NODE_DIR)/package-lock.json
	cd $(NODE_DIR) && npm ci --no-audit --no-fund --loglevel=error

venv: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  apt-get update -qq && $(APT) python3-venv >/dev/null && \
	  $(PYTHON) -m venv $(VENV); }
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,bench]'
	@touch $(STAMP)

clean:
	rm -rf $(VENV) $(DEMO) .pytest_cache .ruff_cache *.egg-info $(CATALOG).mo $(NODE_DIR)/node_modules
