# 七大攻坚调度平台 — the commands a newcomer and CI run.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8000

.PHONY: install run test bench lint format

# Re-install when the pins change; the stamp keeps `make run`/`make test` fast otherwise.
install: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt scripts/install.sh
	bash scripts/install.sh
	touch $(STAMP)

run: install
	PORT=$(PORT) bash scripts/run.sh

test: install
	bash scripts/test.sh

bench: install
	bash scripts/bench.sh

lint: install
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix . && $(VENV)/bin/ruff format .
