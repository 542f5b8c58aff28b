# Two commands for a newcomer: `make demo` and `make test`.
# Both install what is missing: Debian packages with apt-get (as root),
# Python packages into a local virtual environment (.venv).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO   ?= demo

# Debian packages: ffmpeg (probe, encode), espeak-ng (the demo's voices),
# fonts-dejavu-core (French accents on generated covers); chromium for tests.
SYSTEM_PACKAGES := ffmpeg espeak-ng fonts-dejavu-core
TEST_PACKAGES   := chromium
APT := DEBIAN_FRONTEND=noninteractive apt-get install -y -qq

.PHONY: demo test lint system system-test venv clean

demo: system venv
	$(BIN)/python -m pipeline.demo $(DEMO)

test: system system-test venv
	$(BIN)/ruff check archive media feeds pipeline tests bench
	$(BIN)/pytest

lint: venv
	$(BIN)/ruff check archive media feeds pipeline tests bench

system:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null \
	  | grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing with apt-get:" $$missing; \
	  apt-get update -qq && $(APT) $$missing >/dev/null; \
	fi

system-test:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing chromium with apt-get (for the browser tests)..."; \
	  apt-get update -qq && $(APT) $(TEST_PACKAGES) >/dev/null; }

venv: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  apt-get update -qq && $(APT) python3-venv >/dev/null && \
	  $(PYTHON) -m venv $(VENV); }
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,bench]'
	@touch $(STAMP)

clean:
	rm -rf $(VENV) $(DEMO) .pytest_cache .ruff_cache *.egg-info
