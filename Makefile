# 群众工作通 — the two commands: `make run` (demo server) and `make test` (whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test test-fast lint migrate bench bench-county bench-public bench-duty clean

# The tick (deadlines, escalations) runs every minute beside the server, as cron would run it.
run: $(VENV)/.installed
	$(BIN)/flask --app wsgi migrate
	$(BIN)/flask --app wsgi demo --if-empty
	( while sleep 60; do $(BIN)/flask --app wsgi tick >/dev/null || true; done ) & \
	trap 'kill $$!' EXIT INT TERM; \
	$(BIN)/flask --app wsgi run --host $(HOST) --port $(PORT)

test: $(VENV)/.installed-test lint
	scripts/ensure-chromium
	$(BIN)/python -m pytest -n 2 --cov --cov-report=term

lint: $(VENV)/.installed-test
	$(BIN)/ruff check qzapp migrations tests bench scripts

# Everything but the browser tests.
test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest -m "not browser"

# The sync benchmark against gunicorn (figures in the README).
bench: $(VENV)/.installed-bench
	$(BIN)/python bench/sync_bench.py

# The county benchmark (README, County-sized data): generation, pulls, the register list,
# import and export at 300,000 households. ARGS="--diaries 300000" for a quicker run,
# ARGS="--dir /tmp/county --reuse --only pull" to measure one phase on a county kept before.
bench-county: $(VENV)/.installed-bench
	$(BIN)/python bench/county_bench.py $(ARGS)

# The public board: render time and size with 500 published cases, then 200 readers at once
# against gunicorn (README, The public side); wrk is used when installed (apt-get install wrk).
bench-public: $(VENV)/.installed-bench
	$(BIN)/python bench/public_bench.py $(ARGS)

# Community duty's staff lists at a community's size (README, Community duty).
bench-duty: $(VENV)/.installed-bench
	$(BIN)/python bench/duty_bench.py $(ARGS)

migrate: $(VENV)/.installed
	$(BIN)/flask --app wsgi migrate

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: setup.cfg pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install -q -e '.[prod]'
	touch $@

$(VENV)/.installed-bench: setup.cfg pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install -q -e '.[bench,prod]'
	touch $(VENV)/.installed $@

$(VENV)/.installed-test: setup.cfg pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install -q -e '.[test,prod]'
	touch $(VENV)/.installed $@

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
