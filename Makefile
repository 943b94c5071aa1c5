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
HUB_PORT ?= 8000
# configurable-http-proxy for the course hub, from npm (deploy/hub/package-lock.json)
PROXY  := deploy/hub/node_modules/.installed
ROOT_FLAG := $(shell [ "$$(id -u)" = "0" ] && echo --allow-root)

.PHONY: help setup lab test test-fast solutions check-solutions present hub clean

help:
	@echo "make lab              set up and open the course in JupyterLab"
	@echo "make test             set up and run the whole test suite"
	@echo "make solutions        regenerate solutions/ (executes every notebook in solution mode)"
	@echo "make present NB=...   present a notebook as an app with Voila (code hidden)"
	@echo "make hub              a JupyterHub for a cohort on this machine, on http://127.0.0.1:$(HUB_PORT)"

setup: $(STAMP) $(PROXY)

$(STAMP): pyproject.toml Makefile
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed (set PYTHON=...)")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# compat: the repository goes on sys.path as a path entry, so a folder named `workbook`
	# in a kernel's working directory can never shadow the package (an import-hook install can).
	$(BIN)/python -m pip install --quiet -e '.[test]' --config-settings editable_mode=compat
	@touch $(STAMP)

$(PROXY): deploy/hub/package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the hub's proxy (apt-get install npm)"; exit 1; }
	cd deploy/hub && npm ci --no-audit --no-fund --loglevel=error
	@touch $(PROXY)

lab: $(STAMP)
	cd notebooks && $(abspath $(BIN))/jupyter lab $(patsubst notebooks/%,%,$(NB)) --ServerApp.ip=127.0.0.1 --ServerApp.port=$(PORT) $(ROOT_FLAG)

test: $(STAMP) $(PROXY)
	$(BIN)/python -m pytest tests solutions --nbval --nbval-current-env \
		--nbval-sanitize-with $(CURDIR)/tests/nbval_sanitize.cfg -p no:cacheprovider

test-fast: $(STAMP)
	$(BIN)/python -m pytest tests -m "not browser and not notebooks and not hub" -q

solutions: $(STAMP)
	$(BIN)/workbook build --jobs $(JOBS)

check-solutions: $(STAMP)
	$(BIN)/workbook build --check --jobs $(JOBS)

# Voila with the course's template (share/jupyter/voila/templates/workbook): the page makes no
# request outside the local server (no CDN), so presenting works offline.
present: $(STAMP)
	cd $(dir $(NB)) && JUPYTER_PATH=$(CURDIR)/share/jupyter$${JUPYTER_PATH:+:$$JUPYTER_PATH} \
		$(abspath $(BIN))/voila $(notdir $(NB)) --strip_sources=True --template=workbook \
		--Voila.ip=127.0.0.1 --port=$(PORT)

hub: $(STAMP) $(PROXY)
	@mkdir -p .hub
	@echo "JupyterHub on http://127.0.0.1:$(HUB_PORT): log in with any name and the cohort password in .hub/cohort-password"
	@echo "(the user 'facilitator' logs in with .hub/facilitator-password and is the hub's admin)"
	cd .hub && WORKBOOK_HUB_STATE=$(CURDIR)/.hub WORKBOOK_HUB_PORT=$(HUB_PORT) \
		$(abspath $(BIN))/python -m jupyterhub -f $(CURDIR)/deploy/hub/jupyterhub_config.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache test-artifacts deploy/hub/node_modules
