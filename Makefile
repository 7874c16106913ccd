# Quick start: `make evaluate` and `make test`. Both set themselves up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.installed-bench

.PHONY: test evaluate bench bench-spark clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,spark]'
	touch $(STAMP)

test: $(STAMP)
	$(BIN)/python -m pytest

# The main job on the bundled playbook and its sample history (examples/metrics).
evaluate: $(STAMP)
	$(BIN)/adoptplan evaluate playbooks/ --metrics examples/metrics

$(BENCH_STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,spark,bench]'
	touch $(BENCH_STAMP)

# Speed: parse and check a 10,000-line playbook; evaluate generated typical and large cases;
# build snapshots from 10 million events.
bench: $(BENCH_STAMP)
	$(BIN)/python benchmarks/bench_parse.py
	$(BIN)/python benchmarks/bench_evaluate.py
	$(BIN)/python benchmarks/bench_metrics.py

# Information: metrics build on Spark (local mode) against DuckDB, 1 million events, 2 rounds.
bench-spark: $(BENCH_STAMP)
	$(BIN)/python benchmarks/bench_spark.py --events 1000000 --rounds 2

clean:
	rm -rf $(VENV) build dist .pytest_cache
