# Two commands do everything on a fresh machine (Python 3.11 + make):
#   make html   -> creates .venv, installs requirements.txt, builds _build/html
#   make test   -> same bootstrap, then the whole test suite
PYTHON     ?= python3
VENV       := .venv
BIN        := $(VENV)/bin
STAMP      := $(VENV)/.installed-$(shell cksum < requirements.txt | cut -d' ' -f1)
BUILDDIR   := _build
# strict by default: warnings fail the build, but all of them are reported
SPHINXOPTS ?= -W --keep-going
JOBS       ?= auto
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help html test clean livehtml venv chromium

help: ## show this help
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 16

$(STAMP): requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@rm -f $(VENV)/.installed-*
	@touch $@

venv: $(STAMP) ## create .venv and install the pinned dependencies (only when they changed)

html: $(STAMP) ## build the site into _build/html
	$(BIN)/sphinx-build -M html . $(BUILDDIR) $(SPHINXOPTS) -j $(JOBS)

livehtml: $(STAMP) ## serve the site and rebuild changed pages on save
	$(BIN)/sphinx-autobuild . $(BUILDDIR)/html $(SPHINXOPTS) \
	  --ignore "$(BUILDDIR)/*" --ignore ".venv/*" --ignore "tests/*" --ignore "benchmarks/*" \
	  --ignore "*.pyc" --ignore ".git/*"

chromium: ## install headless Chromium for the browser tests when missing
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$(command -v sudo >/dev/null 2>&1 && [ "$$(id -u)" != 0 ] && echo sudo); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

test: $(STAMP) chromium ## run the whole test suite
	$(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

clean: ## remove the build output (keeps .venv)
	rm -rf $(BUILDDIR) .pytest_cache
