# «Наставник» — the two commands are `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE := mentoring_site.settings

.PHONY: run test bench lint fmt lock vendor system-deps clean var

# The virtualenv, from the lock file: exact versions of everything (requirements-dev.txt includes the
# runtime pins of requirements.txt). Re-installed whenever a lock file changes.
$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

var:
	mkdir -p var/staticfiles var/media

## run: set everything up (venv, install, migrations, demo), start the task worker and serve on http://127.0.0.1:8000/
run: $(STAMP) var
	DJANGO_DEBUG=on $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=on $(BIN)/python manage.py createcachetable
	DJANGO_DEBUG=on $(BIN)/python manage.py load_demo
	@echo "Фоновые задачи (рассылки, листки с QR-кодами, напоминания) выполняет db_worker рядом с сервером."
	DJANGO_DEBUG=on $(BIN)/python manage.py db_worker --no-reload --interval 2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=on $(BIN)/python manage.py runserver 127.0.0.1:8000

## system-deps: Chromium and poppler-utils for the browser and PDF tests (installs them as root)
system-deps:
	@./scripts/system-deps.sh

## test: the whole suite (lint, unit, integration, browser) on $$DATABASE_URL or SQLite
test: $(STAMP) var system-deps lint
	DJANGO_TESTING=on $(BIN)/python -m pytest; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest не нашёл ни одного теста"; exit 1; fi; exit $$rc

## bench: benchmarks, each printing its figure beside its target
bench: $(STAMP) var
	DJANGO_TESTING=on $(BIN)/python -m pytest -m bench -q -s benchmarks

## lint: ruff, ruff format --check, djLint, mypy, import-linter (the layers), makemigrations --check
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint --quiet
	DJANGO_TESTING=on $(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	DJANGO_TESTING=on $(BIN)/python manage.py makemigrations --check --dry-run

## lock: recompile the lock files from requirements.in / requirements-dev.in (after changing a direct dependency)
lock: $(STAMP)
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --output-file requirements.txt requirements.in
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --output-file requirements-dev.txt requirements-dev.in

fmt: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djlint templates --reformat --quiet || true

## vendor: refresh static/vendor from the npm registry (only when upgrading Bootstrap)
vendor:
	cd frontend && npm ci --no-audit --no-fund
	mkdir -p static/vendor/bootstrap static/vendor/bootstrap-icons/fonts
	cp frontend/node_modules/bootstrap/dist/css/bootstrap.min.css frontend/node_modules/bootstrap/dist/css/bootstrap.min.css.map static/vendor/bootstrap/
	cp frontend/node_modules/bootstrap/dist/js/bootstrap.bundle.min.js frontend/node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map static/vendor/bootstrap/
	cp frontend/node_modules/bootstrap-icons/font/bootstrap-icons.min.css static/vendor/bootstrap-icons/
	cp frontend/node_modules/bootstrap-icons/font/fonts/* static/vendor/bootstrap-icons/fonts/

clean:
	rm -rf $(VENV) var/staticfiles
