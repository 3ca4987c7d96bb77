# newskg: every command the README shows is a target here, install steps included.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
DATA ?= ../shared/data/ner
# A CPU-only torch wheel in /opt/wheels is taken instead of PyPI's multi-GB CUDA build.
TORCH_WHEEL := $(firstword $(wildcard /opt/wheels/torch-*cpu*.whl) $(wildcard /opt/wheels/torch-*.whl))
TORCH_SPEC := $(if $(TORCH_WHEEL),$(TORCH_WHEEL),torch==2.5.1)
export NEO4J_URI ?= bolt://127.0.0.1:7687
export NEO4J_USER ?= neo4j
export NEO4J_PASSWORD ?= newskg-test

.PHONY: install demo test unit lint bench train-ner ner-variants neo4j-start neo4j-stop neo4j-import chromium clean help

help:
	@echo "make demo | test | unit | lint | bench | train-ner | ner-variants | neo4j-start | neo4j-stop | neo4j-import | clean"

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q "$(TORCH_SPEC)"
	$(PIP) install -q -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(VENV)/bin/newskg build newskg/data/demo $(wildcard ../shared/samples/*.txt) -o out/demo --visits

lint: install
	$(VENV)/bin/ruff check newskg tests bench
	$(VENV)/bin/ruff format --check newskg tests bench
	$(VENV)/bin/mypy

unit: install
	$(VENV)/bin/pytest -m "not neo4j and not browser"

# Starts a real Neo4j for the suite and stops it afterwards, also when tests fail.
test: install chromium
	$(MAKE) lint
	./neo4j/server.sh start
	status=0; $(VENV)/bin/pytest || status=$$?; ./neo4j/server.sh stop; exit $$status

# Debian's Chromium, its driver and a CJK font for the Neo4j Browser test.
BROWSER_PKGS := chromium chromium-driver fonts-wqy-zenhei
chromium:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi wenquanyi; then \
	  echo "installing $(BROWSER_PKGS) for the Neo4j Browser test"; \
	  sudo=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$sudo apt-get update -qq && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(BROWSER_PKGS) >/dev/null; \
	fi

bench: install
	./neo4j/server.sh start
	status=0; $(PY) -m bench || status=$$?; ./neo4j/server.sh stop; exit $$status

train-ner: install
	$(VENV)/bin/newskg train-ner --data $(DATA) --out runs/ner_zh $(TRAIN_ARGS)

# Dev F1 per type of each model variant on a short budget (VARIANT_EPOCHS, default 5).
ner-variants: install
	DATA=$(DATA) $(PY) -m bench.ner_variants

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
