# The two commands of the README: `make run` and `make test`. Everything else is their parts.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
LOCALES := -l zh_Hans -l zh_Hant
MESSAGE_IGNORES := --ignore=.venv --ignore=staticfiles --ignore=tests

.PHONY: run test install install-test system-deps lint checks messages check-messages pytest \
        benchmark bench-roster bench backup restore load-writes load-fault clean

$(VENV)/installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/installed-test: $(VENV)/installed requirements-test.txt
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@

install: $(VENV)/installed
install-test: $(VENV)/installed-test

## Serve the demo at http://127.0.0.1:8000/ on SQLite (seeded the first time).
run: export DJANGO_DEBUG = 1
run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo --if-empty
	@echo "Open http://127.0.0.1:8000/ and sign in with one of the accounts above."
	@echo "Development mail (sign-in links, reminders) is printed on this console, not sent:"
	@echo "DJANGO_DEBUG=1 uses Django's console e-mail backend. Make today's reminders with"
	@echo "  DJANGO_DEBUG=1 $(MANAGE) send_reminders   (the demo accounts have @example.org addresses)"
	$(MANAGE) runserver 127.0.0.1:8000

## Lint, Django's checks, migrations, catalogues and the whole pytest suite (browser tests too).
## With DATABASE_URL set, the suite runs on that database (PostgreSQL in CI).
test: install-test system-deps lint checks check-messages pytest

system-deps:
	@sh .ci/system-deps

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Django's commands run here with DEBUG off, the production code path, and production refuses the
# development key published in settings.py: they get a throw-away key (pytest: tests/settings.py).
checks check-messages benchmark bench-roster messages: export DJANGO_SECRET_KEY ?= unionsite-make-checks-not-for-production-7d2e9b41c6a8f035

checks: install-test
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run

check-messages: install-test
	$(MANAGE) check_catalogues

pytest: install-test
	$(BIN)/pytest

## Time the main pages and count their SQL queries in a 5,000-group city (a throw-away database:
## SQLite, or `unionsite_bench` beside DATABASE_URL's PostgreSQL database).
benchmark: install-test
	$(BIN)/python -m tests.benchmarks.bench_pages

## Time a factory's roster of 5,000 members through upload, preview and import (same databases).
bench-roster: install-test
	$(BIN)/python -m tests.benchmarks.bench_roster

## Load every main page, admin changelist and export through gunicorn (production settings) with
## wrk, 8 connections, signed in as each role, on the city in PostgreSQL (`unionsite_city` on the
## server of DATABASE_URL, built the first time); the table goes to bench/ and is compared with
## the previous run. Options: make bench BENCH_ARGS="--seconds 4 --only standings" (see --help).
bench: install
	@command -v wrk >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing wrk from Debian"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else \
	    echo "make bench needs wrk: sudo apt-get install -y wrk"; exit 1; \
	  fi; }
	$(BIN)/python -m tests.benchmarks.bench_http $(BENCH_ARGS)

## Back the database up into backups/ (pg_dump on PostgreSQL, the SQLite backup API on SQLite),
## and restore one: `make restore FILE=backups/unionsite-….dump` (it replaces the database).
backup: install
	$(MANAGE) backup

restore: install
	@test -n "$(FILE)" || (echo "Name the backup: make restore FILE=backups/…" && exit 1)
	$(MANAGE) restore "$(FILE)" --yes

## Write load against gunicorn and PostgreSQL (a throw-away database `unionsite_load` on the server
## of DATABASE_URL, default 127.0.0.1:5432): 16 clients for 60 s recording attendance, progress,
## visits and dues with double submits mixed in; load-fault restarts PostgreSQL part-way through.
load-writes: install
	$(BIN)/python scripts/load_writes.py --seconds 60 --clients 16

load-fault: install
	$(BIN)/python scripts/load_writes.py --seconds 60 --clients 16 --restart-db

## Extract new strings into the catalogues and compile them (needs GNU gettext).
messages: install
	$(MANAGE) makemessages $(LOCALES) --no-obsolete $(MESSAGE_IGNORES)
	$(MANAGE) compilemessages $(LOCALES) --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles tests/screenshots
