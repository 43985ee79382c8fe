# Two commands do everything on a fresh machine (Python 3.11 + make):
#   make html   -> creates .venv, installs requirements.txt, builds _build/html
#   make test   -> same bootstrap, then the whole test suite
PYTHON     ?= python3
VENV       := .venv
BIN        := $(VENV)/bin
STAMP      := $(VENV)/.installed-$(shell cksum < requirements.txt | cut -d' ' -f1)
BUILDDIR   := _build
# strict by default: warnings fail the build, but all of them are reported.
# `make html STRICT=0` is the lenient local preview: warnings are printed, a
# bad post is still shown as well as it can be, the build exits 0.
STRICT     ?= 1
ifeq ($(STRICT),0)
SPHINXOPTS ?= --keep-going
CHECKOPTS  ?= || true
else
SPHINXOPTS ?= -W --keep-going
endif
JOBS       ?= auto
PYTEST_ARGS ?=
# `make html DRAFTS=1 FUTURE=1`: also build drafts / future-dated posts, marked 초안 / 예약 글
DRAFTOPTS  := $(if $(filter 1,$(DRAFTS)),-D jekyll_show_drafts=1) $(if $(filter 1,$(FUTURE)),-D jekyll_show_future=1)

.DEFAULT_GOAL := help
.PHONY: search-eval search-bench bench bench-quick fidelity help html test clean livehtml venv chromium check import

help: ## show this help
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 16

$(STAMP): requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@rm -f $(VENV)/.installed-*
	@touch $@

venv: $(STAMP) ## create .venv and install the pinned dependencies (only when they changed)

check: $(STAMP) ## validate the posts (every problem at once, path:line:col)
	$(BIN)/python -m jekyll_book check $(CHECKOPTS)

html: $(STAMP) check ## build the site into _build/html (STRICT=0: lenient preview)
	$(BIN)/sphinx-build -M html . $(BUILDDIR) $(SPHINXOPTS) $(DRAFTOPTS) -j $(JOBS)

import: $(STAMP) ## bring in a Jekyll blog repository: make import SRC=path [FORCE=1]
	@test -n "$(SRC)" || { echo "usage: make import SRC=path/to/jekyll-blog [FORCE=1]"; exit 2; }
	$(BIN)/python -m jekyll_book import "$(SRC)" $(if $(filter 1,$(FORCE)),--force)

livehtml: $(STAMP) ## serve the site and rebuild changed pages on save
	$(BIN)/sphinx-autobuild . $(BUILDDIR)/html $(SPHINXOPTS) $(DRAFTOPTS) \
	  --ignore "$(BUILDDIR)/*" --ignore ".venv/*" --ignore "tests/*" --ignore "benchmarks/*" \
	  --ignore "*.pyc" --ignore ".git/*"

chromium: ## install headless Chromium for the browser tests when missing
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$(command -v sudo >/dev/null 2>&1 && [ "$$(id -u)" != 0 ] && echo sudo); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

test: $(STAMP) check chromium ## run the whole test suite
	$(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

search-eval: $(STAMP) ## Korean search: stock Sphinx vs ours on the judged queries (SCALE=1000 adds a large site)
	$(BIN)/python benchmarks/search_eval.py $(if $(SCALE),--scale $(SCALE))

search-bench: $(STAMP) chromium ## search index at 1,000 and 5,000 posts: bytes before the first result, size, query time -> benchmarks/SEARCH_RESULTS.md
	$(BIN)/python benchmarks/search_bench.py $(SEARCH_BENCH_ARGS)

fidelity: $(STAMP) ## compare rendered posts with Jekyll/kramdown (POSTS=folder, default ../shared/corpus)
	$(BIN)/python benchmarks/fidelity.py $(or $(POSTS),../shared/corpus)

bench: $(STAMP) ## build speed vs Jekyll at 100-2,000 posts -> benchmarks/RESULTS.md (BENCH_ARGS=...)
	$(BIN)/python benchmarks/bench.py --install-jekyll $(BENCH_ARGS)

bench-quick: $(STAMP) ## the same at 100 and 500 posts, one run each
	$(BIN)/python benchmarks/bench.py --quick --install-jekyll $(BENCH_ARGS)

clean: ## remove the build output (keeps .venv)
	rm -rf $(BUILDDIR) .pytest_cache
