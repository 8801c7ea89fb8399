# Rogatory: `make run` to try it, `make test` to prove it. Needs only Python 3.11+ and make.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
BIN := $(VENV)/bin
ROGATORY := $(BIN)/rogatory

.PHONY: run test install messages lint serve-prod clean demo-exchange

$(BIN)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11+ is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@# PyICU (collation) builds only against libicu-dev; without it lists sort degraded.
	if pkg-config --exists icu-i18n 2>/dev/null; then \
	  $(BIN)/python -m pip install --quiet -e '.[dev,icu]'; \
	else \
	  echo "libicu-dev/pkg-config not found: installing without PyICU (names sorted without collation)"; \
	  $(BIN)/python -m pip install --quiet -e '.[dev]'; \
	fi
	@touch $@

install: $(BIN)/.installed messages

messages: $(BIN)/.installed
	@$(BIN)/python -m rogatory.core.i18n

run: install
	$(ROGATORY) migrate --noinput
	$(ROGATORY) load-reference
	$(ROGATORY) demo
	@echo "Rogatory is at http://127.0.0.1:$(PORT)/  (Ctrl-C stops it)"
	@# The exchange worker (deliveries between nodes) runs beside the web server and stops with it.
	$(ROGATORY) exchange worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  DEBUG=$${DEBUG:-1} $(ROGATORY) runserver 127.0.0.1:$(PORT)

# Two nodes on ports PORT and PORT+1, each with its own data directory and database, the
# demo data, a worker, and one local trust list (docs/exchange.md, "Trying it").
demo-exchange: install
	$(BIN)/python -m rogatory.exchange.network var/demo-exchange

# One test process per core (pytest-xdist); `.venv/bin/pytest tests/x` runs a part in one.
test: install
	$(BIN)/pytest --numprocesses=auto --dist=loadgroup

lint: install
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) var
