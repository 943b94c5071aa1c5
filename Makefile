# Two commands run the course: `make lab` (set up and open JupyterLab) and `make test`
# (set up and run every test). Both create .venv and install what is missing; when
# nothing changed, set-up takes a fraction of a second.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NB     ?= notebooks/00_start_here.ipynb
PORT   ?= 8888
JOBS   ?= 2
ROOT_FLAG := $(shell [ "$$(id -u)" = "0" ] && echo --allow-root)

.PHONY: help setup lab test test-fast solutions check-solutions present clean

help:
	@echo "make lab              set up and open the course in JupyterLab"
	@echo "make test             set up and run the whole test suite"
	@echo "make solutions        regenerate solutions/ (executes every notebook in solution mode)"
	@echo "make present NB=...   present a notebook as an app with Voila (code hidden)"

setup: $(STAMP)

$(STAMP): pyproject.toml Makefile
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed (set PYTHON=...)")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# compat: the repository goes on sys.path as a path entry, so a folder named `workbook`
	# in a kernel's working directory can never shadow the package (an import-hook install can).
	$(BIN)/python -m pip install --quiet -e '.[test]' --config-settings editable_mode=compat
	@touch $(STAMP)

lab: $(STAMP)
	cd notebooks && $(abspath $(BIN))/jupyter lab $(patsubst notebooks/%,%,$(NB)) --ServerApp.ip=127.0.0.1 --ServerApp.port=$(PORT) $(ROOT_FLAG)

test: $(STAMP)
	$(BIN)/python -m pytest tests solutions --nbval --nbval-current-env \
		--nbval-sanitize-with $(CURDIR)/tests/nbval_sanitize.cfg -p no:cacheprovider

test-fast: $(STAMP)
	$(BIN)/python -m pytest tests -m "not browser and not notebooks" -q

solutions: $(STAMP)
	$(BIN)/workbook build --jobs $(JOBS)

check-solutions: $(STAMP)
	$(BIN)/workbook build --check --jobs $(JOBS)

present: $(STAMP)
	cd $(dir $(NB)) && $(abspath $(BIN))/voila $(notdir $(NB)) --strip_sources=True \
		--Voila.ip=127.0.0.1 --port=$(PORT)

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache test-artifacts
