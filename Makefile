# Quick start: `make evaluate` and `make test`. Both set themselves up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.installed-bench
# The wheels adoptplan's install needs (its dependencies, its build backend, setuptools for
# pre-commit's hook environments), downloaded once so tests/integration/test_install.py
# installs the built wheel with no network.
WHEELHOUSE := $(VENV)/wheelhouse

.PHONY: test evaluate bench bench-spark dist vsix clean vendor-vega

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,dist,lsp,spark]'
	$(BIN)/python tests/integration/wheelhouse.py $(WHEELHOUSE)
	touch $(STAMP)

test: $(STAMP)
	$(BIN)/python -m pytest

# The main job on the bundled playbook and its sample history (examples/metrics).
evaluate: $(STAMP)
	$(BIN)/adoptplan evaluate playbooks/ --metrics examples/metrics

$(BENCH_STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,lsp,spark,bench]'
	touch $(BENCH_STAMP)

# Speed (benchmarks/harness.py: interleaved rounds, min and median, load average): start-up
# against `python -c pass`; parse and check a 10,000-line playbook; evaluate generated typical
# and large cases; JSON rendering against orjson; metrics loading against DuckDB, polars and
# pandas; snapshots built from 10 million events (the targets' case: about 8 minutes) against
# pandas and polars; the language server's diagnostics after a change. Exits 0: every target
# is printed PASS or MISS.
bench: $(BENCH_STAMP)
	$(BIN)/python benchmarks/bench_startup.py
	$(BIN)/python benchmarks/bench_parse.py
	$(BIN)/python benchmarks/bench_evaluate.py
	$(BIN)/python benchmarks/bench_json.py
	$(BIN)/python benchmarks/bench_load.py
	$(BIN)/python benchmarks/bench_metrics.py --events 10000000
	$(BIN)/python benchmarks/bench_lsp.py
	$(BIN)/python benchmarks/bench_fmt.py

# The VS Code extension (editors/vscode) as a .vsix, packaged by @vscode/vsce; npm installs its
# locked dependencies once (again only when package-lock.json changes).
VSCODE := editors/vscode
VSIX ?= $(VSCODE)/adoptplan.vsix

$(VSCODE)/node_modules/.package-lock.json: $(VSCODE)/package-lock.json
	cd $(VSCODE) && npm ci --no-audit --no-fund
	touch $@

vsix: $(VSCODE)/node_modules/.package-lock.json
	cd $(VSCODE) && npx vsce package --allow-missing-repository --skip-license \
		--out $(abspath $(VSIX))

# A wheel and an sdist in dist/, to install where pip cannot reach PyPI (see README: Install).
dist: $(STAMP)
	$(BIN)/python -m build --outdir dist .

# Information: metrics build on Spark (local mode) against DuckDB, 1 million events, 2 rounds.
bench-spark: $(BENCH_STAMP)
	$(BIN)/python benchmarks/bench_spark.py --events 1000000 --rounds 2

clean:
	rm -rf $(VENV) build dist .pytest_cache

# The chart scripts the HTML report inlines (src/adoptplan/report/vendor): the released builds
# from the npm registry, checked against the committed checksums.
VEGA := vega@6.4.0 vega-lite@6.5.0 vega-embed@7.3.0
VENDOR := src/adoptplan/report/vendor
vendor-vega:
	rm -rf build/vega && mkdir -p build/vega
	cd build/vega && npm pack --silent $(VEGA) >/dev/null && for f in *.tgz; do tar xzf $$f; \
	    cp package/build/$${f%-[0-9]*}.min.js . ; rm -rf package; done
	cp build/vega/vega.min.js build/vega/vega-lite.min.js build/vega/vega-embed.min.js $(VENDOR)/
	cd $(VENDOR) && sha256sum -c SHA256SUMS
