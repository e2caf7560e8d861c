# Pathways — one command each for setup, run, test, lint and check. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Local development and tests run with DEBUG on; production sets its own environment.
export DEBUG ?= true

.PHONY: help setup demo run test test-browser check lint format types bench messages clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-13s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

setup: $(VENV)/.installed ## Create .venv, install, migrate SQLite, load public and demo data
	@mkdir -p var
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_public_data --if-changed
	$(BIN)/python manage.py load_demo_data

demo: setup ## Everything `setup` does, then serve on http://127.0.0.1:8000 with a background-task worker
	@echo "Pathways is at http://$(HOST):$(PORT)/  (admin: see README)"
	@$(BIN)/python manage.py db_worker & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/python manage.py runserver $(HOST):$(PORT)

run: $(VENV)/.installed ## Serve on http://127.0.0.1:8000 (after setup)
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

chromium: ## Install Debian's Chromium for the browser tests when it is missing
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for browser tests..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

test: $(VENV)/.installed chromium ## Run the whole suite (installs what the tests need)
	$(BIN)/python -m pytest -q

lint: $(VENV)/.installed ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

types: $(VENV)/.installed ## mypy (strict, django-stubs)
	$(BIN)/mypy pathways config

check: lint types ## Lint, types, migrations check, deploy check, tests
	$(BIN)/python manage.py makemigrations --check --dry-run
	DEBUG=false SECRET_KEY=check-only-$$(head -c 32 /dev/urandom | base64 | tr -dc A-Za-z0-9) \
	  ALLOWED_HOSTS=pathways.example.org $(BIN)/python manage.py check --deploy --fail-level WARNING
	@$(MAKE) --no-print-directory test

bench: setup ## Benchmarks in bench/, printing one table
	$(BIN)/python bench/run.py
	$(BIN)/python bench/bench_matching.py
	$(BIN)/python bench/bench_interests.py
	$(BIN)/python bench/bench_roster.py
	$(BIN)/python bench/bench_students.py
	$(BIN)/python bench/bench_reports.py

messages: $(VENV)/.installed ## Extract and compile translations (needs gettext)
	$(BIN)/python manage.py makemessages -l es --ignore=.venv --ignore=var --ignore=tests
	$(BIN)/python manage.py makemessages -d djangojs -l es --ignore=.venv --ignore=var --ignore=static/vendor
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean: ## Remove the virtualenv and local database
	rm -rf $(VENV) var
