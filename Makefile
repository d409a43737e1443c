# `make run` and `make test` work from a bare machine with Python 3.11 and pip: uv is bootstrapped
# with pip, the virtualenv is made from uv.lock, bytecode compiled.
PYTHON ?= python3
UV := $(PYTHON) -m uv
VENV := .venv
STAMP := $(VENV)/.cityos-synced
export UV_COMPILE_BYTECODE := 1

.PHONY: run test lint format bench-memory clean

$(STAMP): pyproject.toml uv.lock
	@$(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	$(UV) sync --frozen --compile-bytecode
	@touch $@

NODE_STAMP := node_modules/.package-lock.json

# The node packages the tests drive (axe-core), from package-lock.json; skipped where npm is absent.
$(NODE_STAMP): package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent; fi

run: $(STAMP)
	$(VENV)/bin/cityos run

test: $(STAMP) $(NODE_STAMP)
	$(VENV)/bin/python -m tests

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench-memory: $(STAMP)
	$(VENV)/bin/python bench/memory.py

clean:
	rm -rf $(VENV) var node_modules
