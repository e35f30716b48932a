PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test test-compiled lint accuracy throughput benchmarks clean

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

# The optional mypyc build (setup.py, ZHIBIAO_COMPILE=1) of a copy of src, under the extraction tests;
# src itself stays pure Python. Throughput of the build: PYTHONPATH=build/compiled/src make throughput
test-compiled: $(BIN)/zhibiao
	rm -rf build/compiled && mkdir -p build/compiled && cp -r src setup.py pyproject.toml README.md build/compiled/
	cd build/compiled && ZHIBIAO_COMPILE=1 $(abspath $(BIN))/python setup.py -q build_ext --inplace
	PYTHONPATH=build/compiled/src $(BIN)/pytest tests/extract

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
