# Recourse. `make run` to try it, `make test` to check it. See README.md.
.DEFAULT_GOAL := help
PORT ?= 8000
HOST ?= 127.0.0.1
WEB_CONCURRENCY ?= 2
VENV := .venv
PY := $(VENV)/bin/python
# The first Python 3.12+ on PATH, 3.12 first: the lock files were made with it (a .python-version file makes pyenv's python3 one).
PYTHON ?= $(shell for p in python3.12 python3.13 python3.14 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { echo $$p; break; }; done)

# The Spanish catalog, compiled for gettext. Needs msgfmt (Debian's gettext package).
CATALOG := liability/locale/es/LC_MESSAGES/django
.PHONY: help run serve test test-fast bench messages

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

# Installs exactly what requirements-test.lock names, checked against its hashes (README: Locked installs).
$(VENV)/.installed: pyproject.toml requirements-test.lock
	@test -n "$(PYTHON)" || { echo "Recourse needs Python 3.12 or newer. Install it (for example 'apt-get install python3.12' or 'pyenv install 3.12'), or run 'make PYTHON=/path/to/python3.12'."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements-test.lock
	@touch $@

$(CATALOG).mo: $(CATALOG).po
	@command -v msgfmt >/dev/null 2>&1 || { echo "Compiling the Spanish catalog needs msgfmt: install gettext (apt-get install gettext, brew install gettext)."; exit 1; }
	$(PY) manage.py compilemessages -l es --ignore=.venv

messages: $(VENV)/.installed ## Extract the interface's strings into $(CATALOG).po (translate the new ones), then compile
	$(PY) manage.py makemessages -l es --ignore=.venv --ignore=tests --ignore=staticfiles --ignore=build --no-obsolete
	$(PY) manage.py compilemessages -l es --ignore=.venv
	@msgfmt --check --statistics -o /dev/null $(CATALOG).po

setup: $(VENV)/.installed $(CATALOG).mo
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_content

run: setup ## Set up (first time) and serve http://127.0.0.1:8000 with SQLite (PORT=... to change)
	DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

serve: $(VENV)/.installed $(CATALOG).mo ## Production-like: DEBUG off, whitenoise, gunicorn (threaded workers, private logs)
	DEBUG=false $(PY) manage.py collectstatic --noinput --verbosity 0
	DEBUG=false $(PY) manage.py migrate --noinput
	DEBUG=false $(PY) manage.py load_content
	DEBUG=false $(PY) manage.py purge_shares
	DEBUG=false HOST=$(HOST) PORT=$(PORT) WEB_CONCURRENCY=$(WEB_CONCURRENCY) \
		$(VENV)/bin/gunicorn -c python:liability.gunicorn_conf liability.wsgi

test: $(VENV)/.installed $(CATALOG).mo ## Run the whole suite (set DATABASE_URL to run it on PostgreSQL)
	$(PY) -m pytest

test-fast: $(VENV)/.installed $(CATALOG).mo ## The suite without the browser and app-server tests (under a minute)
	$(PY) -m pytest -m "not browser and not server"

bench: $(VENV)/.installed $(CATALOG).mo ## Serve with gunicorn and measure pages under load against a bare-form ceiling (see README)
	DEBUG=false $(PY) manage.py collectstatic --noinput --verbosity 0
	DEBUG=false $(PY) manage.py bench $(BENCH_ARGS)
