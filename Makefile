# Two commands for a newcomer: `make run` and `make test`. Only Python 3.11 is needed.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi

.PHONY: run test install install-dev translations migrate demo lint format clean i18n-update

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

translations: $(VENV)/.installed
	for dir in $$(find portal -type d -name translations); do \
	  $(BIN)/pybabel compile -d $$dir 2>/dev/null || exit 1; done

migrate: $(VENV)/.installed
	$(BIN)/flask db upgrade

demo: migrate
	$(BIN)/flask seed demo

run: translations demo
	$(BIN)/python -m portal.devserver

test: install-dev translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/test_architecture.py
	$(BIN)/ruff format --check .
	$(BIN)/mypy portal recommender seeds

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) instance/*.sqlite3* .pytest_cache

# Each feature owns a catalogue: portal/<feature>/translations, built from the files in
# its babel.cfg; the foundation's is portal/translations (babel.cfg at the top).
i18n-update: install-dev
	$(BIN)/python -m portal.i18n_tool update
