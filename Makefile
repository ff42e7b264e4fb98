# 宣城市民政局 site. `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Test processes: one per core (pytest-xdist); PYTEST_WORKERS=0 runs the suite in one process.
PYTEST_WORKERS ?= auto

.DEFAULT_GOAL := help
.PHONY: help run test lint format bench migrate demo clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "需要 Python 3.11 或更高版本")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

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

lint: $(VENV)/.installed-dev ## ruff (lint + format check) and djhtml on templates
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check $$(find templates -name '*.html')

format: $(VENV)/.installed-dev ## Apply ruff format and djhtml
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml $$(find templates -name '*.html')

bench: $(VENV)/.installed-dev ## Run the benchmarks in bench/ and write bench/RESULTS.md
	$(PY) bench/run_all.py

clean: ## Remove the virtualenv, the SQLite database and collected static files
	rm -rf $(VENV) staticfiles db.sqlite3
