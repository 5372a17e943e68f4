# Two commands matter: `make run` and `make test` (see README).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test test-thorough test-future install lint messages check-deploy clean

# Re-installs only when pyproject.toml changes.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

run: export DEBUG ?= 1
# PORT picks the port; SITE_URL (links in mails, the Sites framework's domain) follows it.
run: export PORT ?= 8000
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py seed_demo
	# Vectors of the demo data in the background: queued for the worker bin/run-dev starts, so the
	# server does not wait for the model (search is full text until they land, seconds later).
	$(BIN)/python manage.py embed --queue
	bin/run-dev

# pytest-xdist: one worker per core (two on the reference machine). TEST_WORKERS=0 runs the suite in
# one process (for pdb, or -x that stops at once). Each worker gets its own test database.
# worksteal: each worker starts on one half of the tests (whole modules stay together, so a
# module's shared rows are built once), and one that runs out takes tests from the other's queue.
TEST_WORKERS ?= auto
TEST_DIST ?= worksteal
# Hypothesis' fast profile by default (tests/hypothesis_profiles.py); test-thorough runs the whole
# suite with the thorough one (about three times the examples): nightly, or before a release.
test: export HYPOTHESIS_PROFILE ?= fast
test: install
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist $(TEST_DIST) $(PYTEST_ARGS)

test-thorough: install
	HYPOTHESIS_PROFILE=thorough $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist $(TEST_DIST) $(PYTEST_ARGS)

# The modules whose subject is time (reminders, sprints, stand-ups, value follow-ups, digests, sessions,
# scan rounds, view counts, page-cache dates), run with the clock moved 400 days ahead: a test that
# takes a fixed date for "the future" fails here on the day it is written (tests/conftest.py).
CLOCK_OFFSET_DAYS ?= 400
# ... at twenty past midnight in Amsterdam, when the machine's UTC date is still the day before.
CLOCK_LOCAL_TIME ?= 00:20
DATE_SENSITIVE_TESTS := tests/reminders tests/communities tests/valuecreation tests/scans \
	tests/notifications tests/core/test_hardening.py tests/core/test_pagecache.py \
	tests/core/test_person_pagecache.py tests/instruments/test_viewcounts.py \
	tests/instruments/test_supply_side.py tests/moderation tests/test_seed_demo.py
# The real Celery workers of test_celery_redis.py are separate processes on the real clock: left out.
test-future: install
	LC_CLOCK_OFFSET_DAYS=$(CLOCK_OFFSET_DAYS) LC_CLOCK_LOCAL_TIME=$(CLOCK_LOCAL_TIME) $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist $(TEST_DIST) $(PYTEST_ARGS) \
		$(DATE_SENSITIVE_TESTS) --ignore=tests/reminders/test_celery_redis.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports

messages: install
	$(BIN)/python manage.py makemessages -l nl --ignore=.venv --ignore=var --ignore=staticfiles --ignore=tests --ignore=bench --no-obsolete
	$(BIN)/python manage.py compilemessages -l nl --ignore=.venv

# Checks the environment you deploy with: fails without SECRET_KEY (core.E001).
# Try it with e.g. SECRET_KEY=$$(openssl rand -base64 48) make check-deploy
check-deploy: install
	DEBUG=0 HTTPS=1 ALLOWED_HOSTS=$${ALLOWED_HOSTS:-lc.example.org} \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) var staticfiles test-artifacts
