# Two commands for a fresh machine with Python 3.11 and make: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
# `make run` is for a developer's machine: debug mode, a development key kept in instance/.
DEV_ENV := FLASK_DEBUG=$${FLASK_DEBUG-1}
FLASK := $(BIN)/flask --app wsgi

.PHONY: run test install install-test migrate seed lint format clean fleet fleet-stop

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The stamp files re-run pip only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

migrate: install
	$(DEV_ENV) $(FLASK) db upgrade

seed: migrate
	$(DEV_ENV) $(FLASK) seed

run: seed
	$(DEV_ENV) $(FLASK) run --host 127.0.0.1 --port $(PORT)

test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The fleet rehearsal (deploy/fleet.py): nginx, two portal servers, PostgreSQL, Redis, two
# Celery workers and beat on loopback, in .fleet/. Needs Debian's nginx, postgresql and
# redis-server. Stopping needs only the standard library.
fleet: install-test
	$(BIN)/python deploy/fleet.py start

fleet-stop:
	$(PYTHON) deploy/fleet.py stop

clean:
	rm -rf $(VENV) instance/*.sqlite3 .pytest_cache test-artifacts
