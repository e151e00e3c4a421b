# Quick start: `make demo` and `make test` work on a fresh machine with Python >= 3.11 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install demo test lint chat serve bench clean lock

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

demo: install
	$(BIN)/samskaping demo

test: install
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -n auto

lint: install
	$(BIN)/ruff check .

chat: install
	$(BIN)/samskaping chat

serve: install
	$(BIN)/samskaping serve

bench: install
	for name in dispatch_throughput digest_speed pairing_speed jargon_speed jargon_accuracy fanout_rate inbound_latency; do \
	  echo "== bench.$$name"; $(BIN)/python -m bench.$$name || exit 1; done

lock:  # requirements.lock: the exact runtime versions the Docker image installs
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv && .lock-venv/bin/pip install --quiet '.[postgres]'
	{ echo "# The exact runtime versions the Docker image installs (pip freeze of \`pip install .[postgres]\`)."; \
	  echo "# Refresh with \`make lock\` after changing pyproject.toml, then commit it."; \
	  .lock-venv/bin/pip freeze --exclude samskaping; } > requirements.lock && rm -rf .lock-venv

clean:
	rm -rf $(VENV) *.egg-info .ruff_cache

report-screenshot: install
	$(BIN)/python -m bot.cli.screenshot report.png
