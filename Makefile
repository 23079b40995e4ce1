# Tremplin: the two commands of the README are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
MANAGE := $(BIN)/python backend/manage.py
FRONTEND_SOURCES := $(shell find frontend/src -type f 2>/dev/null) \
	$(wildcard frontend/index.html frontend/vite.config.* frontend/tsconfig*.json frontend/package.json)

.PHONY: install frontend schema run test quality fmt bench screenshots fuzz

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstalls only when the dependency pins change.
$(VENV)/.installed: pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock ".[dev]"
	touch $@

install: $(VENV)/.installed

# The OpenAPI schema the web app's typed client is generated from; rewritten only when it changes.
schema: install
	$(MANAGE) spectacular --format openapi-json --file frontend/openapi.json.new
	@if cmp -s frontend/openapi.json.new frontend/openapi.json; then rm frontend/openapi.json.new; \
	else mv frontend/openapi.json.new frontend/openapi.json; fi

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund

frontend/dist/index.html: frontend/node_modules/.package-lock.json frontend/openapi.json $(FRONTEND_SOURCES)
	cd frontend && npm run build

frontend: schema
	$(MAKE) frontend/dist/index.html

run: install frontend
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: install frontend
	cd frontend && npm test
	$(BIN)/pytest

# The long fuzzing run (tests/fuzz): schemathesis on every operation as every demo role, with
# FUZZ_MAX_EXAMPLES examples an operation and the coverage phase, a random seed printed with the failures
# (FUZZ_SEED=<seed> replays it), failing examples kept in var/fuzz-hypothesis/. `make test` runs
# the bounded version (fixed seed, 5 examples).
FUZZ_MAX_EXAMPLES ?= 200
fuzz: install
	FUZZ_MAX_EXAMPLES=$(FUZZ_MAX_EXAMPLES) $(BIN)/pytest tests/fuzz -p no:logging -rfE

# Refreshes the screenshots committed in frontend/screenshots (the browser tests that take them).
screenshots: install frontend
	E2E_SCREENSHOTS=frontend/screenshots $(BIN)/pytest tests/e2e

quality: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) spectacular --validate --fail-on-warn --file /dev/null

fmt: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Benchmarks print figures and write them to bench/results/*.json; they need PostgreSQL
# (BENCH_ADMIN_URL, default postgres@127.0.0.1). The summary reuses the list's 1,000,000 parcours.
# The load test runs locust against gunicorn (production settings) on the demo plus 100,000 parcours.
bench: install
	$(BIN)/python bench/parcours_list.py --sizes 10000 1000000
	$(BIN)/python bench/outcomes_summary.py --reuse --parcours 1000000
	$(BIN)/python bench/import_parcours.py --rows 10000 --max-seconds 60
	$(BIN)/python bench/load.py --parcours 100000 --users 50 --seconds 60
