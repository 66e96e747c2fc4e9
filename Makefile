# Two commands for a newcomer (see README): `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
DEV_ENV := DEBUG=1

.PHONY: install vendor browser-deps run test lint format messages bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed vendor

# plotly.js's basic bundle, pinned and checksum-checked (dashboards/vendor.py); needs npm once.
vendor: $(VENV)/.installed
	$(PY) -m dashboards.vendor

# axe-core for the browser tests' accessibility checks, pinned and checksum-checked
# (tests/browser/axe_deps.py) into .browser-deps/; needs npm once.
browser-deps: $(VENV)/.installed
	$(PY) -m tests.browser.axe_deps

run: install
	$(DEV_ENV) $(PY) manage.py migrate --no-input
	$(DEV_ENV) $(PY) manage.py compile_translations
	$(DEV_ENV) $(PY) manage.py load_guideline
	$(DEV_ENV) $(PY) manage.py create_demo_users
	$(DEV_ENV) $(PY) manage.py load_demo --if-empty
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:8000

# One pytest-xdist worker per core, each with its own test database; TEST_WORKERS=0 runs the
# suite in a single process (e.g. to read a failure's output in order).
TEST_WORKERS ?= auto

test: install browser-deps
	$(DEV_ENV) $(PY) manage.py compile_translations
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Speed figures of the spreadsheet import (its own throw-away database).
bench: install
	$(PY) bench/import_bench.py

# Refresh locale/zh_Hans/LC_MESSAGES/django.po from the source (needs GNU gettext).
messages: install
	$(DEV_ENV) $(PY) manage.py makemessages -l zh_Hans -l en --ignore '.venv/*' --no-obsolete

clean:
	rm -rf $(VENV) vendor .browser-deps staticfiles db.sqlite3
