# Sinergi — `make run` serves the demo on SQLite, `make test` runs the whole suite.
# Each target sets up what it needs (virtualenv, Python and npm packages) by itself.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SINERGI := $(BIN)/sinergi
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup run test test-postgres bench lint format messages screenshot clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV)/.installed node_modules/.installed

run: setup
	mkdir -p var
	$(SINERGI) migrate --noinput
	$(SINERGI) load_demo
	# The background worker (invitation mail, follow-up reminders) runs beside the server and
	# stops with it.
	$(SINERGI) db_worker --no-reload --interval 5 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(SINERGI) runserver --noreload $(HOST):$(PORT)

test: setup
	$(BIN)/pytest

bench: setup
	$(BIN)/python bench/run_all.py

lint: setup
	$(BIN)/ruff check .

format: setup
	$(BIN)/ruff format src tests bench

# Recompile the translation catalogues (needs GNU gettext's msgfmt, Debian package gettext).
messages: setup
	cd src/sinergi && ../../$(SINERGI) makemessages -l id --no-obsolete && ../../$(SINERGI) compilemessages

# Re-take docs/screenshot-dashboard.png from the demo (needs /usr/bin/chromium).
screenshot: setup
	$(BIN)/python docs/make_screenshot.py

clean:
	rm -rf $(VENV) node_modules staticfiles
