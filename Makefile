# Quick start: `make evaluate` and `make test`. Both set themselves up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.installed-bench

.PHONY: test evaluate bench vsix clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,lsp]'
	touch $(STAMP)

test: $(STAMP)
	$(BIN)/python -m pytest

# The main job on the bundled playbook and its sample history (examples/metrics).
evaluate: $(STAMP)
	$(BIN)/adoptplan evaluate playbooks/ --metrics examples/metrics

$(BENCH_STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,lsp,bench]'
	touch $(BENCH_STAMP)

# Speed: parse and check a 10,000-line playbook; evaluate generated typical and large cases;
# build snapshots from 10 million events; the language server's diagnostics after a change.
bench: $(BENCH_STAMP)
	$(BIN)/python benchmarks/bench_parse.py
	$(BIN)/python benchmarks/bench_evaluate.py
	$(BIN)/python benchmarks/bench_metrics.py
	$(BIN)/python benchmarks/bench_lsp.py

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

clean:
	rm -rf $(VENV) build dist .pytest_cache
