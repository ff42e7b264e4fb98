# 宣城市民政局 site. `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Test processes: one per core (pytest-xdist); PYTEST_WORKERS=0 runs the suite in one process.
PYTEST_WORKERS ?= auto

.DEFAULT_GOAL := help
.PHONY: help run test lint format bench migrate demo lock clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

# The virtualenv is installed from the lock files (exact versions, every file checked against its
# hash), so `make run`, `make test` and CI all run what a deploy gets. `make lock` re-resolves them.
$(VENV)/.installed: requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "需要 Python 3.11 或更高版本")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.lock
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

# pip-tools lives in its own virtualenv: it is needed only to write the lock files.
LOCK_VENV := .venv-lock
PIP_COMPILE := $(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links $(LOCK_ARGS)

$(LOCK_VENV)/bin/pip-compile:
	test -x $(LOCK_VENV)/bin/python || $(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet pip-tools

lock: $(LOCK_VENV)/bin/pip-compile ## Re-resolve pyproject.toml into requirements*.lock (LOCK_ARGS=--upgrade: newest)
	$(PIP_COMPILE) --output-file requirements.lock pyproject.toml
	$(PIP_COMPILE) --extra dev --constraint requirements.lock --output-file requirements-dev.lock pyproject.toml

migrate: $(VENV)/.installed ## Apply database migrations
	$(PY) manage.py migrate --noinput

demo: migrate ## Load the demo site (idempotent) and make sure the admin account exists
	$(PY) manage.py load_demo
	$(PY) manage.py ensure_admin
	$(PY) manage.py ensure_demo_accounts

run: demo ## Set everything up and serve http://127.0.0.1:$(PORT)/ (with the publishing scheduler)
	@echo "网站：http://127.0.0.1:$(PORT)/    管理后台：http://127.0.0.1:$(PORT)/admin/"
	@$(PY) manage.py run_site --port $(PORT)

test: $(VENV)/.installed-dev ## Install test tools and run the whole suite
	DJANGO_SETTINGS_MODULE=website.settings.test $(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev ## ruff (lint + format check), djhtml on templates, mypy on qa
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check $$(find templates -name '*.html')
	$(VENV)/bin/mypy

format: $(VENV)/.installed-dev ## Apply ruff format and djhtml
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml $$(find templates -name '*.html')

bench: $(VENV)/.installed-dev ## Run the benchmarks in bench/ and write bench/RESULTS.md
	$(PY) bench/run_all.py

clean: ## Remove the virtualenv, the SQLite database and collected static files
	rm -rf $(VENV) staticfiles db.sqlite3
