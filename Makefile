# leadhub — `make help` lists the targets.
SHELL := bash
.DEFAULT_GOAL := help
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
CHROMIUM := /usr/bin/chromium

.PHONY: help setup up test test-fast lint fmt bench clean chromium

help: ## List the targets.
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-10s\033[0m %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	@command -v uv >/dev/null || $(PYTHON) -m pip install --quiet uv
	uv venv --quiet --allow-existing -p $(PYTHON) $(VENV)
	@# --compile-bytecode: uv writes no .pyc by default, and with PYTHONDONTWRITEBYTECODE set every
	@# process (each test's collector, router, dagster...) compiled its libraries again: ~5 s a start
	uv pip install --quiet --compile-bytecode -p $(VENV) -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP) ## Create .venv with the pinned dependencies (uv, constraints.txt).

chromium: ## Install Debian's chromium for the browser tests (needs root) if it is missing.
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium missing: sudo apt-get install chromium" >&2; exit 1; fi; }

up: setup ## Seed a demo and run every process (collector, router, Dagster, dashboard, fake CRM, demo site).
	$(BIN)/leadhub up

test: setup chromium lint ## Lint, then every test: unit, integration, end-to-end (real processes, Chromium).
	$(BIN)/pytest

test-fast: setup ## Unit and integration tests only.
	$(BIN)/pytest -m 'not e2e'

lint: setup ## ruff, mypy (strict) and the import-linter layer contracts (pyproject.toml).
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

fmt: setup ## Format and auto-fix.
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: setup ## Run the benchmarks in bench/ (results go to bench/RESULTS.md by hand).
	@for b in bench/*/run.py; do echo "== $$b"; $(BIN)/python $$b; done

clean: ## Remove the demo data dir (.leadhub) and caches.
	rm -rf .leadhub .pytest_cache .mypy_cache .ruff_cache
