# Two commands for a newcomer: `make demo` and `make test`.
# Both install what is missing: Debian packages with apt-get (as root),
# Python packages into a local virtual environment (.venv).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO   ?= demo

SYSTEM_TOOLS := ffmpeg ffprobe espeak-ng
TEST_TOOLS   := chromium

.PHONY: demo test lint system system-test venv clean

demo: system venv
	$(BIN)/python -m pipeline.demo $(DEMO)

test: system system-test venv
	$(BIN)/ruff check archive media feeds pipeline tests bench
	$(BIN)/pytest

lint: venv
	$(BIN)/ruff check archive media feeds pipeline tests bench

system:
	@missing=""; for t in $(SYSTEM_TOOLS); do command -v $$t >/dev/null 2>&1 || missing=1; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing ffmpeg and espeak-ng with apt-get..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ffmpeg espeak-ng >/dev/null; \
	fi

system-test:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing chromium with apt-get (for the browser tests)..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

venv: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null && \
	  $(PYTHON) -m venv $(VENV); }
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,bench]'
	@touch $(STAMP)

clean:
	rm -rf $(VENV) $(DEMO) .pytest_cache .ruff_cache *.egg-info
