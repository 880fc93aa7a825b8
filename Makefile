# Atbalsts — the two commands of the quick start are `make demo` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(shell command -v $(PYTHON))
UV := $(shell command -v uv 2>/dev/null || echo .bootstrap/bin/uv)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py

.PHONY: help demo test env system-deps lint security typecheck migrations-check test-sqlite test-postgres messages bench resilience

help:
	@echo "make demo   — start Atbalsts with demo data on http://127.0.0.1:8000"
	@echo "make test   — lint, type-check and run the whole test suite on SQLite and PostgreSQL"

.bootstrap/bin/uv:
	$(PYTHON) -m venv .bootstrap
	.bootstrap/bin/pip install --quiet --disable-pip-version-check uv

$(VENV)/.synced: uv.lock pyproject.toml | $(if $(shell command -v uv 2>/dev/null),,.bootstrap/bin/uv)
	$(UV) sync --locked --quiet
	@touch $@

env: $(VENV)/.synced

demo: env
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) runserver --noreload 127.0.0.1:8000

# Debian packages the tests need: chromium for the browser tests, gettext for messages.
system-deps:
	@bash scripts/install_system_deps.sh

lint: env
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# bandit over the product's code: no finding of medium severity or above may stand unreviewed
# (a reviewed one carries a "# nosec <id> -- reason" on its line); pip-audit over uv.lock, with
# the accepted exceptions and their expiry in security/audit-exceptions.toml.
security: env
	$(VENV)/bin/bandit -q -r atbalsts -c pyproject.toml --severity-level medium
	UV=$(UV) $(PY) scripts/audit_dependencies.py

typecheck: env
	ATBALSTS_MODE=test ATBALSTS_VAR_DIR=var/test $(VENV)/bin/mypy atbalsts tests

migrations-check: env
	ATBALSTS_MODE=test ATBALSTS_VAR_DIR=var/test $(MANAGE) makemigrations --check --dry-run

test-sqlite: env
	ATBALSTS_MODE=test ATBALSTS_VAR_DIR=var/test DATABASE_URL=sqlite:///var/test/atbalsts.sqlite3 \
		bash scripts/pytest_checked.sh --cov --cov-report=term:skip-covered $(PYTEST_ARGS)
	$(VENV)/bin/coverage report --include='atbalsts/rules/*,atbalsts/access/*,atbalsts/disclosure/kanonymity.py,atbalsts/disclosure/ldiversity.py' --fail-under=100

test-postgres: env
	ATBALSTS_MODE=test ATBALSTS_VAR_DIR=var/test DATABASE_URL="$$(bash scripts/ensure_postgres.sh)" \
		bash scripts/pytest_checked.sh $(PYTEST_ARGS)

test: env system-deps lint security typecheck migrations-check test-sqlite test-postgres

messages: env
	@bash scripts/make_messages.sh

# Load, faults and concurrent saves against gunicorn on 127.0.0.1 (about 15 minutes; restarts
# the local PostgreSQL cluster once). Not part of `make test`. RESILIENCE_ARGS=--quick shortens it.
resilience: env
	$(PY) -m resilience.run $(RESILIENCE_ARGS)

# National-scale measurements as ratios within one run (bench/README.md); not part of `make test`.
# BENCH_ARGS="--scale 0.1" for a tenth of the data.
bench: env
	@bash scripts/install_bench_deps.sh
	$(PY) bench/run.py $(BENCH_ARGS)
