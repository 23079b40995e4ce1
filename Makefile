# Tremplin: the two commands of the README are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
MANAGE := $(BIN)/python backend/manage.py

.PHONY: install run test quality fmt bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstalls only when the dependency pins change.
$(VENV)/.installed: pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock ".[dev]"
	touch $@

install: $(VENV)/.installed

run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/pytest

quality: install
	$(BIN)/ruff check .
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) spectacular --validate --fail-on-warn --file /dev/null

fmt: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Benchmarks print figures; they need PostgreSQL (BENCH_ADMIN_URL, default postgres@127.0.0.1).
bench: install
	$(BIN)/python bench/parcours_list.py --sizes 10000 1000000
