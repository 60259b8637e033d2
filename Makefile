# Präventionsnavigator — the one entry point. `make run` and `make test` set up
# everything they need on a fresh machine (see README.md).

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PRAEVNAV := $(VENV)/bin/praevnav
STATIC_VENDOR := src/praevnav/static/vendor
HOST ?= 127.0.0.1
PORT ?= 8000
# Development commands run without a production secret key.
DEVENV := PRAEVNAV_ALLOW_INSECURE_KEY=true
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/praevnav
export PRAEVNAV_DATA_DIR ?= $(abspath ../shared/data)

.PHONY: run test test-both test-sqlite test-postgres lint format messages check-messages check-migrations bench \
        assets install browser demo lock clean help

help:
	@echo "make run    – set up everything and start the demo on http://$(HOST):$(PORT)"
	@echo "make test   – set up everything and run the whole test suite"
	@echo "make lint   – ruff (lint + format check) and mypy"
	@echo "make bench  – run the benchmarks, results in docs/benchmarks.md"
	@echo "make messages – update and compile the message catalogues"

# --- installation ---------------------------------------------------------------

$(VENV)/.installed: pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

install: $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Front-end dependencies are npm packages; the build copies what the pages load
# into static/vendor (never committed).
$(STATIC_VENDOR)/.installed: node_modules/.installed
	rm -rf $(STATIC_VENDOR) && mkdir -p $(STATIC_VENDOR)/kern $(STATIC_VENDOR)/leaflet
	cp node_modules/@kern-ux/native/dist/kern.min.css $(STATIC_VENDOR)/kern/
	cp -r node_modules/@kern-ux/native/dist/fonts $(STATIC_VENDOR)/kern/fonts
	cp node_modules/htmx.org/dist/htmx.min.js $(STATIC_VENDOR)/
	cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css $(STATIC_VENDOR)/leaflet/
	cp -r node_modules/leaflet/dist/images $(STATIC_VENDOR)/leaflet/images
	cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js \
	   node_modules/leaflet.markercluster/dist/MarkerCluster.css \
	   node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css $(STATIC_VENDOR)/leaflet/
	@touch $@

assets: $(STATIC_VENDOR)/.installed

# Compiled catalogues (.mo) are build output.
messages-compile: install
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext)
	cd src/praevnav && $(DEVENV) ../../$(PRAEVNAV) compilemessages --verbosity 0

browser:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

# --- run ------------------------------------------------------------------------

demo: install assets messages-compile
	@PRAEVNAV_DEBUG=true $(PRAEVNAV) check-data-dir
	@PRAEVNAV_DEBUG=true $(PRAEVNAV) migrate --verbosity 0
	@PRAEVNAV_DEBUG=true $(PRAEVNAV) load-demo --if-empty

run: demo
	@PRAEVNAV_DEBUG=true $(PRAEVNAV) demo-accounts
	@echo "Präventionsnavigator: http://$(HOST):$(PORT)/"
	PRAEVNAV_DEBUG=true $(PRAEVNAV) runserver $(HOST):$(PORT)

# --- quality --------------------------------------------------------------------

# Under CI=true (or with PRAEVNAV_TEST_POSTGRES set) the suite runs on SQLite and on
# PostgreSQL; the two runs share nothing (in-memory SQLite test database, own test
# database on the server, own media folder, per-process caches) and run side by side,
# one per core. The SQLite run prints as it goes, the PostgreSQL run when it is done;
# the target fails if either fails.
test: install assets messages-compile browser check-messages check-migrations
	@if [ "$$CI" = "true" ] || [ -n "$$PRAEVNAV_TEST_POSTGRES" ]; then \
	  $(MAKE) --no-print-directory test-both; \
	else \
	  $(MAKE) --no-print-directory test-sqlite; \
	fi

test-both:
	@mkdir -p var
	@$(MAKE) --no-print-directory test-postgres > var/test-postgres.log 2>&1 & pg=$$!; \
	  $(MAKE) --no-print-directory test-sqlite; sqlite=$$?; \
	  echo "== waiting for the PostgreSQL run =="; wait $$pg; postgres=$$?; \
	  cat var/test-postgres.log; \
	  echo "== SQLite: $$([ $$sqlite = 0 ] && echo passed || echo FAILED)," \
	       "PostgreSQL: $$([ $$postgres = 0 ] && echo passed || echo FAILED) =="; \
	  [ $$sqlite = 0 ] && [ $$postgres = 0 ]

test-sqlite:
	@echo "== tests on SQLite =="
	PRAEVNAV_DEBUG=false PRAEVNAV_ALLOW_INSECURE_KEY=true PRAEVNAV_MEDIA_ROOT=$(abspath var)/test-media-sqlite \
	  PRAEVNAV_DATABASE_URL=sqlite:///$(abspath var)/test.sqlite3 $(PY) -m pytest $(PYTEST_ARGS)

test-postgres:
	@echo "== tests on PostgreSQL =="
	PRAEVNAV_DEBUG=false PRAEVNAV_ALLOW_INSECURE_KEY=true PRAEVNAV_DATABASE_URL=$(PG_TEST_URL) \
	  $(PY) -m praevnav wait-for-database --timeout 20 --create
	PRAEVNAV_DEBUG=false PRAEVNAV_ALLOW_INSECURE_KEY=true PRAEVNAV_MEDIA_ROOT=$(abspath var)/test-media-postgres \
	  PRAEVNAV_DATABASE_URL=$(PG_TEST_URL) $(PY) -m pytest $(PYTEST_ARGS)

check-migrations: install
	$(DEVENV) $(PRAEVNAV) makemigrations --check --dry-run

check-messages: install
	$(PY) -m praevnav.core.i18ncheck src/praevnav/locale/de/LC_MESSAGES/django.po

lint: install
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(DEVENV) $(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff format src tests bench
	$(VENV)/bin/ruff check --fix src tests bench

messages: install
	cd src/praevnav && $(DEVENV) ../../$(PRAEVNAV) makemessages -l de -l en --no-obsolete --add-location file
	cd src/praevnav && $(DEVENV) ../../$(PRAEVNAV) makemessages -d djangojs -l de -l en --no-obsolete --add-location file
	$(MAKE) messages-compile

bench: install
	PRAEVNAV_DEBUG=false PRAEVNAV_ALLOW_INSECURE_KEY=true $(PY) bench/run_all.py

lock:
	$(PY) -m pip freeze --exclude-editable | grep -v '^praevnav' > requirements.lock

clean:
	rm -rf $(VENV) node_modules $(STATIC_VENDOR) var
