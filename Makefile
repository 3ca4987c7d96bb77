# newskg: every command the README shows is a target here, install steps included.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
DATA ?= ../shared/data/ner
# Where torch comes from (scripts/torch_index.py decides, and prints one line saying which):
#   a CPU-only torch wheel in /opt/wheels, else PyTorch's CPU-only index if it answers within 5 s,
#   else the default index (PyPI's multi-GB CUDA build). Torch alone comes from the CPU index (no deps
#   from it); its dependencies and everything else come from the default index.
# TORCH_INDEX=URL: torch from that index, unchecked; TORCH_INDEX=default: the default index, unchecked.
TORCH_VERSION := 2.5.1
TORCH_WHEEL := $(firstword $(wildcard /opt/wheels/torch-*cpu*.whl) $(wildcard /opt/wheels/torch-*.whl))
TORCH_INDEX ?=
# The test suite and the benchmarks get a Neo4j of their own: its own home, a
# throwaway data folder removed afterwards, and a password that is no user's.
TEST_PASSWORD := newskg-test
TEST_BOLT_PORT ?= 7687
TEST_HTTP_PORT ?= 7474
define with_test_neo4j
	data=$$(mktemp -d "$${TMPDIR:-/tmp}/newskg-test-neo4j.XXXXXX"); \
	export NEO4J_DATA="$$data" NEO4J_HOME="$(CURDIR)/.neo4j/test" NEO4J_PASSWORD="$(TEST_PASSWORD)" \
	  NEO4J_BOLT_PORT=$(TEST_BOLT_PORT) NEO4J_HTTP_PORT=$(TEST_HTTP_PORT) \
	  NEO4J_URI=bolt://127.0.0.1:$(TEST_BOLT_PORT) NEO4J_USER=neo4j; \
	status=0; ./neo4j/server.sh start && { $(1) || status=$$?; } || status=$$?; \
	./neo4j/server.sh stop; rm -rf "$$data"; exit $$status
endef

.PHONY: install demo eval eval-news eval-links test unit lint bench train-ner ner-variants neo4j-start neo4j-stop neo4j-import chromium clean help

help:
	@echo "make demo | eval | eval-news | eval-links | test | unit | lint | bench | train-ner | ner-variants | neo4j-start | neo4j-stop | neo4j-import | clean"

# Each step that a fresh machine can lack stops with one line saying what to do. A .venv made
# without pip (Debian without python3-venv) is made again.
PIP_FAILED = { echo "make: pip install failed (see above): no network? Behind a proxy set HTTPS_PROXY; a mirror: PIP_INDEX_URL" >&2; exit 1; }

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "make: $(PYTHON) not found: install Python 3.11 or later, or name it: make PYTHON=python3.11" >&2; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "make: newskg needs Python 3.11 or later, $(PYTHON) is $$($(PYTHON) -V 2>&1); name another: make PYTHON=python3.11" >&2; exit 1; }
	@$(PY) -m pip --version >/dev/null 2>&1 || { rm -rf $(VENV); $(PYTHON) -m venv $(VENV) >/dev/null 2>&1; } || \
	  { rm -rf $(VENV); echo "make: '$(PYTHON) -m venv' failed: install the venv module (Debian/Ubuntu: apt-get install python3-venv)" >&2; exit 1; }
	$(PIP) install -q --upgrade pip || $(PIP_FAILED)
	@torch=$$(TORCH_INDEX="$(TORCH_INDEX)" $(PYTHON) scripts/torch_index.py $(TORCH_VERSION) $(TORCH_WHEEL)) || exit 1; \
	  echo "$(PIP) install -q" $$torch; $(PIP) install -q $$torch || $(PIP_FAILED)
	$(PIP) install -q -e ".[dev]" || $(PIP_FAILED)
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(VENV)/bin/newskg build newskg/data/demo $(wildcard ../shared/samples/*.txt) -o out/demo --visits
	$(VENV)/bin/newskg view out/demo -o out/demo/graph.html

# Scores of the bundled model and rules on the project's gold set (README: Dates, titles and evaluation).
eval: install
	$(VENV)/bin/newskg eval newskg/data/eval/gold

# The real-news development set (../shared/data/news-dev, never copied here): extract, then score with
# the reference matching. Where the folder is absent it says so and succeeds.
NEWS_DEV ?= ../shared/data/news-dev
eval-news: install
	@if [ ! -f "$(NEWS_DEV)/news-dev.jsonl" ]; then echo "eval-news: no $(NEWS_DEV)/news-dev.jsonl here; nothing to score"; exit 0; fi; \
	mkdir -p out && $(VENV)/bin/newskg extract "$(NEWS_DEV)/news-dev.jsonl" --out out/news-dev.jsonl && \
	$(VENV)/bin/newskg eval "$(NEWS_DEV)" --pred out/news-dev.jsonl $(EVAL_ARGS)

# Place links and officials' jurisdictions against the linking gold (eval/linking, README: Places), per
# group of news-dev; group e is held out. Where the gold or news-dev is absent it says so and succeeds.
LINK_GOLD ?= eval/linking
eval-links: install
	@if [ ! -f "$(NEWS_DEV)/news-dev.jsonl" ] || [ ! -f "$(LINK_GOLD)/news-dev.places.jsonl" ]; then \
	  echo "eval-links: needs $(NEWS_DEV)/news-dev.jsonl and $(LINK_GOLD)/news-dev.places.jsonl; nothing to score"; exit 0; fi; \
	$(VENV)/bin/newskg eval-links "$(LINK_GOLD)" --articles "$(NEWS_DEV)/news-dev.jsonl" $(EVAL_ARGS)

lint: install
	$(VENV)/bin/ruff check newskg tests bench scripts
	$(VENV)/bin/ruff format --check newskg tests bench scripts
	$(VENV)/bin/mypy

unit: install
	$(VENV)/bin/pytest -m "not neo4j and not browser"

# Starts a real Neo4j for the suite and stops it afterwards, also when tests fail.
test: install chromium
	$(MAKE) lint
	$(call with_test_neo4j,$(VENV)/bin/pytest)

# Debian's Chromium, its driver and a CJK font for the Neo4j Browser test.
BROWSER_PKGS := chromium chromium-driver fonts-wqy-zenhei
chromium:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi wenquanyi; then \
	  echo "installing $(BROWSER_PKGS) for the Neo4j Browser test"; \
	  command -v apt-get >/dev/null || { echo "make: no apt-get here: install Chromium, chromedriver and a CJK font (WenQuanYi) yourself" >&2; exit 1; }; \
	  sudo=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  { $$sudo apt-get update -qq && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(BROWSER_PKGS) >/dev/null; } || \
	    { echo "make: apt-get could not install $(BROWSER_PKGS) (see above: no network, or neither root nor sudo?)" >&2; exit 1; }; \
	fi

bench: install
	$(call with_test_neo4j,$(PY) -m bench)

train-ner: install
	$(VENV)/bin/newskg train-ner --data $(DATA) --out runs/ner_zh $(TRAIN_ARGS)

# Dev F1 per type of each model variant on a short budget (VARIANT_EPOCHS, default 5).
ner-variants: install
	DATA=$(DATA) $(PY) -m bench.ner_variants

# The user's database: kept in NEO4J_DATA (default ~/.local/share/newskg/neo4j) across restarts.
neo4j-start:
	./neo4j/server.sh start

neo4j-stop:
	./neo4j/server.sh stop

# Bulk first load (neo4j-admin database import) of a built graph: GRAPH=out/demo
GRAPH ?= out/demo
neo4j-import: install
	./neo4j/server.sh import $(GRAPH)

clean:
	rm -rf out runs .pytest_cache .mypy_cache .ruff_cache
