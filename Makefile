PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint accuracy throughput benchmarks clean

$(BIN)/zhibiao: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/zhibiao

demo: $(BIN)/zhibiao
	$(BIN)/zhibiao demo

test: $(BIN)/zhibiao
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest

accuracy: $(BIN)/zhibiao
	$(BIN)/python benchmarks/accuracy.py

throughput: $(BIN)/zhibiao
	$(BIN)/python benchmarks/throughput.py

benchmarks: accuracy throughput
	$(BIN)/python benchmarks/formats.py
	$(BIN)/python benchmarks/store.py
	$(BIN)/python benchmarks/startup.py

clean:
	rm -rf $(VENV) demo.db .pytest_cache .mypy_cache .ruff_cache
