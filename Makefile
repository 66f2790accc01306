# The two commands a newcomer needs: `make run` and `make test`. Everything they need is set up here.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: run test setup sysdeps bench fuzz lint clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[postgres,dev]'
	touch $@

run: setup
	$(BIN)/yearline init
	$(BIN)/yearline demo
	$(BIN)/yearline serve --host $(HOST) --port $(PORT)

# System packages the suite drives for real: Chromium, LibreOffice, PostgreSQL (if the machine has
# no initdb), CJK fonts. Installed only when missing.
sysdeps:
	bash .ci/system-deps.sh

test: setup sysdeps
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider

bench: setup
	$(BIN)/python benchmarks/run_all.py

# Coverage-guided fuzzing of ingest + parse (issue 15); atheris is an optional extra.
fuzz: setup
	$(BIN)/python -m pip install -q -e '.[fuzz]'
	$(BIN)/python -m benchmarks.fuzz_atheris

lint: setup
	$(BIN)/ruff check comparison archive webapp tests benchmarks
	$(BIN)/mypy comparison archive

clean:
	rm -rf $(VENV) instance .pytest_cache
