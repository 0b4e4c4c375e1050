# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501
CANDIDATES ?= ../shared/data-candidates
RAW ?= ../shared/raw-official
REPLICAS ?=

.PHONY: run test lint setup setup-dev snapshot bench fuzz clean cluster cluster-stop

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed
setup-dev: $(VENV)/.installed-dev

## Start the dashboard on the bundled data at http://127.0.0.1:$(PORT)
run: setup
	$(PY) -m ui.serve --server.address 127.0.0.1 --server.port $(PORT)

## Install the test dependencies, check lint, format and layers, and run every test (browser tests need
## /usr/bin/chromium)
test: lint
	$(PY) -m pytest

## Property-based tests of the officers' input, long profile: 10,000 generated files a property (tests/fuzz)
fuzz: setup-dev
	HYPOTHESIS_PROFILE=long $(PY) -m pytest -q -p no:cacheprovider tests/fuzz --hypothesis-show-statistics

## ruff (lint and format) and the layer contracts in pyproject.toml
lint: setup-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports

## Rebuild data/ from the curated public files and the official release files (needs both folders)
snapshot: setup
	$(PY) -m loaders build --candidates $(CANDIDATES) --raw $(RAW)

## App replicas behind nginx on one PostgreSQL, all on loopback: REPLICAS=N of them (default one a core, nproc, at
## least 2); installs Debian's nginx and PostgreSQL if missing, which needs root; prints the load balancer's and
## each replica's address and the database URL
cluster: setup
	PYTHON=$(PY) scripts/cluster.sh start $(if $(REPLICAS),--replicas $(REPLICAS))

## Stop exactly what `make cluster` started
cluster-stop:
	PYTHON=$(PY) scripts/cluster.sh stop

## Measure page rerun time and memory on the full snapshot
bench: setup-dev
	$(PY) -m bench

clean:
	rm -rf $(VENV) .pytest_cache
