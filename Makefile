# motcua — developer commands. A fresh Linux machine needs only Python >= 3.11, git and make.
SHELL := /bin/bash
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000
export DJANGO_SETTINGS_MODULE := motcua.settings
# Development machines and CI run with DEBUG on; production sets DEBUG=0 and SECRET_KEY (see .env.example).
export DEBUG ?= 1

.PHONY: run test check lint format bench lock messages demo clean help

help:
	@echo "make run    - install, migrate, load the demo province and serve on http://$(HOST)"
	@echo "make test   - checks, lint and the whole test suite (DATABASE_URL=postgres://... for PostgreSQL)"
	@echo "make bench  - benchmarks in bench/ (figures as ratios against a baseline of the same run)"

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python >= 3.11 is needed (Debian: apt-get install python3 python3-venv)"; exit 1; }
	$(PYTHON) -m venv $(VENV) || { echo "Could not create the venv (Debian: apt-get install python3-venv)"; exit 1; }
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@

# WeasyPrint renders the official forms with Pango; gettext compiles the translations.
.system-check:
	@$(BIN)/python -c "import ctypes.util, sys; sys.exit(0 if ctypes.util.find_library('pango-1.0') else 1)" \
		|| { echo "Pango is missing: install the Debian package libpango-1.0-0 (apt-get install libpango-1.0-0 libpangoft2-1.0-0)"; exit 1; }
	@command -v msgfmt >/dev/null || { echo "msgfmt is missing: install the Debian package gettext"; exit 1; }

messages: $(VENV)/.installed .system-check
	@mkdir -p var/static
	@cd motcua && ../$(BIN)/python ../manage.py compilemessages --verbosity 0

run: messages
	@mkdir -p var
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo --if-empty
	@$(BIN)/python manage.py demo_logins
	$(BIN)/python manage.py runserver $(HOST)

check: messages
	$(BIN)/python manage.py check --fail-level WARNING
	$(BIN)/python manage.py makemigrations --check --dry-run

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: check lint
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: messages
	DEBUG=0 SECRET_KEY=bench $(BIN)/python -m bench $(BENCH_ARGS)

# Regenerate the pinned requirement files from requirements*.in.
lock: $(BIN)/python
	rm -rf /tmp/motcua-lock && $(PYTHON) -m venv /tmp/motcua-lock
	/tmp/motcua-lock/bin/pip install --quiet -r requirements.in
	/tmp/motcua-lock/bin/pip freeze --all --exclude pip --exclude setuptools > requirements.txt
	/tmp/motcua-lock/bin/pip install --quiet -r requirements-dev.in
	(echo "-r requirements.txt"; /tmp/motcua-lock/bin/pip freeze --exclude pip --exclude setuptools | grep -vxF -f requirements.txt) > requirements-dev.txt

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .mypy_cache
