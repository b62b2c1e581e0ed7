# Two commands: `make run` sets everything up and starts the app; `make test` sets up and runs
# the whole test suite. Both are safe to repeat: a second run reuses what is there.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8501

.PHONY: run test setup setup-dev chromium lint bench clean

run: setup
	$(PY) -m portfolio db upgrade
	$(PY) -m portfolio demo --if-empty
	$(PY) -m streamlit run app.py --server.headless true --server.address $(HOST) --server.port $(PORT) \
		--browser.gatherUsageStats false

test: setup-dev chromium
	$(PY) -m pytest

setup: $(VENV)/.requirements.stamp

setup-dev: $(VENV)/.requirements-dev.stamp

$(VENV)/.requirements.stamp: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.requirements-dev.stamp: requirements-dev.txt $(VENV)/.requirements.stamp
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Browser tests drive Debian's Chromium (Playwright cannot download its own browser here).
chromium:
	@test -x /usr/bin/chromium || { \
		echo "Installing Debian's chromium for the browser tests..."; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

lint: setup-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

bench: setup
	$(PY) bench/list.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
