# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
VENDOR := static/vendor
LANGS := sv en ar fa so ti uk tr fr es de prs
ARGS ?=

.PHONY: run test setup assets translations extract-messages update-messages bench clean

run: setup
	$(BIN)/python run.py $(ARGS)

test: setup
	$(BIN)/python -m pytest -q tests $(ARGS)

setup: $(STAMP) assets translations

$(STAMP): requirements.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

# Front-end packages come pinned from the npm registry (package-lock.json) and are served locally.
assets: $(VENDOR)/socket.io.min.js $(VENDOR)/axe.min.js

$(VENDOR)/socket.io.min.js $(VENDOR)/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	mkdir -p $(VENDOR)
	cp node_modules/socket.io-client/dist/socket.io.min.js $(VENDOR)/
	cp node_modules/axe-core/axe.min.js $(VENDOR)/

# Compiled catalogues are built here, never committed.
translations: $(STAMP)
	@if [ -d facilitator/translations ]; then $(BIN)/pybabel compile -q -f -d facilitator/translations || true; fi

extract-messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ -o facilitator/messages.pot .

update-messages: extract-messages
	$(BIN)/pybabel update -i facilitator/messages.pot -d facilitator/translations --no-fuzzy-matching

bench: setup
	$(BIN)/python bench/votes.py

clean:
	rm -rf $(VENV) node_modules $(VENDOR)
