# SPCP developer tasks. Debian 12; run as root or with sudo rights for system packages.
#
#   make setup   system packages, .venv, Python deps, migrate, translations, demo data
#   make run     setup (which prints the demo logins), then the development server on
#                http://127.0.0.1:8000
#   make test    migrations check, ruff, pytest against a throwaway PostgreSQL 15, then the
#                tests marked both_databases again on SQLite
#                (extra pytest arguments: make test PYTEST_ARGS='-k office -x')
#   make lint    ruff
#   make messages  regenerate the .po files after changing translatable strings

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=
SQLITE_TEST_DB := /tmp/spcp-test-$(shell id -u).sqlite3
SYSDEPS_ARGS ?=
LANGS := vi fa zh_Hant ko hi

.PHONY: help sysdeps deps compilemessages setup run test lint messages

help:
	@sed -n '2,11p' Makefile | sed 's/^# \{0,1\}//'

# Fast no-op when everything is already installed. `make test` adds --test (PostgreSQL,
# Chromium); the target-specific variable below is inherited by test's prerequisites.
sysdeps:
	scripts/system-deps.sh $(SYSDEPS_ARGS)

$(PY): | sysdeps
	$(PYTHON) -m venv $(VENV)

# Reinstall only when pyproject.toml changed (or the venv is new).
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

deps: sysdeps $(STAMP)

compilemessages: deps
	$(PY) manage.py compilemessages --ignore=$(VENV)

setup: deps compilemessages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo

run: setup
	$(PY) manage.py runserver 127.0.0.1:8000

test: SYSDEPS_ARGS := --test
test: deps compilemessages
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m ruff check .
	scripts/with-postgres.sh $(PY) -m pytest $(PYTEST_ARGS)
	@# Second pass on SQLite (the zero-setup local database) for what differs between the two:
	@# concurrent writes and the fuzz sweep. A file database, so that threads share it.
	rm -f $(SQLITE_TEST_DB)
	env -u DATABASE_URL SQLITE_TEST_NAME=$(SQLITE_TEST_DB) $(PY) -m pytest -m both_databases $(PYTEST_ARGS)
	rm -f $(SQLITE_TEST_DB)

lint: deps
	$(PY) -m ruff check .

messages: deps
	$(PY) manage.py makemessages $(addprefix -l ,$(LANGS)) --no-location --ignore=$(VENV)
