# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
VENDOR := static/vendor
I18N := facilitator/translations
POT := facilitator/messages.pot
ARGS ?=

.PHONY: run run-cluster stop-cluster test setup assets translations extract-messages update-messages check-translations \
	new-language bench clean

run: setup
	$(BIN)/python run.py $(ARGS)

# Then the layers that touch the database (store, committer, API, socket handlers, end to end) again,
# against a throwaway PostgreSQL (scripts/cluster.sh; skipped, and said so, without PostgreSQL). Left out
# there: the tests of SQLite's own pieces (its faults, the file a purge scrubs, the command line's
# data-dir file) and the pages (the browser).
PG_TESTS := tests/test_store.py tests/test_leases.py tests/test_committer.py tests/test_api.py tests/test_live.py \
	tests/test_e2e_votes.py tests/test_e2e_restart.py tests/test_e2e_floor.py
test: setup
	$(BIN)/python -m pytest -q tests $(ARGS)
	PY=$(BIN)/python scripts/cluster.sh postgres-test $(BIN)/python -m pytest -q $(PG_TESTS) $(ARGS)

setup: $(STAMP) assets translations

$(STAMP): requirements.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

# Front-end packages come pinned from the npm registry (package-lock.json) and are served locally.
# Fonts: only the variable (wght) faces of the subsets static/css/fonts.css names.
FONTS := noto-sans/files/noto-sans-latin noto-sans/files/noto-sans-latin-ext noto-sans/files/noto-sans-cyrillic \
	noto-sans/files/noto-sans-cyrillic-ext noto-sans-arabic/files/noto-sans-arabic-arabic \
	noto-sans-ethiopic/files/noto-sans-ethiopic-ethiopic
assets: $(VENDOR)/socket.io.min.js $(VENDOR)/axe.min.js $(VENDOR)/fonts/.copied

$(VENDOR)/socket.io.min.js $(VENDOR)/axe.min.js $(VENDOR)/fonts/.copied: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	mkdir -p $(VENDOR)/fonts
	cp node_modules/socket.io-client/dist/socket.io.min.js $(VENDOR)/
	cp node_modules/axe-core/axe.min.js $(VENDOR)/
	for f in $(FONTS); do cp node_modules/@fontsource-variable/$$f-wght-normal.woff2 $(VENDOR)/fonts/; done
	touch $(VENDOR)/fonts/.copied

# Translations (docs/translations.md). Compiled catalogues (.mo) are built here on every set-up, so
# `make run` and `make test` always serve the current .po files; they are git-ignored, never committed.
# A catalogue that is malformed or would break a page (a lost {placeholder}, a lone %) stops the
# build; missing translations do not (they show in English until `make check-translations` passes).
translations: $(STAMP)
	$(BIN)/python scripts/translations.py validate
	$(BIN)/pybabel -q compile -d $(I18N)

# Collect every _('...') of the templates and of facilitator/ into the template catalogue.
extract-messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ -k N_plural:1,2 --add-comments=Translators: --sort-by-file \
		--project="Forum Facilitator" --copyright-holder="Forum Facilitator" -o $(POT) .

# Bring every language's catalogue up to date with the templates, then fill the new, empty entries
# from the drafts in scripts/translation_drafts/ (never overwriting a translation already in a .po).
update-messages: extract-messages
	$(BIN)/pybabel update -i $(POT) -d $(I18N) --no-fuzzy-matching
	$(BIN)/python scripts/translations.py fill

# Fails unless every catalogue is complete: no empty or fuzzy entry, placeholders kept.
check-translations: translations
	$(BIN)/python scripts/translations.py check
	$(BIN)/pybabel compile --statistics -d $(I18N)

# A new language: make new-language L=xx (Babel's locale name; see docs/translations.md).
new-language: extract-messages
	$(BIN)/pybabel init -i $(POT) -d $(I18N) -l $(L)

# A city's forums on one server: PostgreSQL, Redis, nginx and N workers (docs/deployment.md).
# make run-cluster [WORKERS=2]; make stop-cluster. CLUSTER_DIR and CLUSTER_PORT as scripts/cluster.sh says.
WORKERS ?= 2
run-cluster: setup
	PY=$(BIN)/python scripts/cluster.sh start --workers $(WORKERS)

stop-cluster:
	PY=$(BIN)/python scripts/cluster.sh stop

# The app against the bare Flask-SocketIO floor, alternated in one run (docs/benchmarks.md).
# A quick run: make bench ARGS="--phones 300 --runs 1"
bench: setup
	$(BIN)/python bench/compare.py $(ARGS)

clean:
	rm -rf $(VENV) node_modules $(VENDOR)
