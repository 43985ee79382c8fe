# Two commands do everything on a fresh machine (Python 3.11 + make):
#   make html   -> creates .venv, installs requirements.txt, builds _build/html
#   make test   -> same bootstrap, then the whole test suite
PYTHON     ?= python3
VENV       := .venv
BIN        := $(VENV)/bin
STAMP      := $(VENV)/.installed-$(shell cksum < requirements.txt | cut -d' ' -f1)
BUILDDIR   := _build
# lenient by default: a post's problems are reported (path:line) and counted
# in the closing summary line, the site is still built and make exits 0.
# `make html STRICT=1` (and `make check`) fail on any warning or error.
STRICT     ?= 0
ifeq ($(STRICT),1)
SPHINXOPTS ?= -W --keep-going
else
SPHINXOPTS ?= --keep-going
endif
JOBS       ?= auto
PYTEST_ARGS ?=
# `make html DRAFTS=1 FUTURE=1`: also build drafts / future-dated posts, marked 초안 / 예약 글
DRAFTOPTS  := $(if $(filter 1,$(DRAFTS)),-D jekyll_show_drafts=1) $(if $(filter 1,$(FUTURE)),-D jekyll_show_future=1)

.DEFAULT_GOAL := help
.PHONY: search-eval search-bench bench bench-quick bench-compare fidelity help html test clean livehtml venv \
        chromium check import speed-fingerprints upstream-check screenshots

help: ## show this help
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 16

$(STAMP): requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@rm -f $(VENV)/.installed-*
	@touch $@

venv: $(STAMP) ## create .venv and install the pinned dependencies (only when they changed)

check: $(STAMP) ## list every problem of every post (the build's own rules) and fail on any
	$(BIN)/sphinx-build -b dummy . $(BUILDDIR)/check -d $(BUILDDIR)/check/.doctrees \
	  -W --keep-going $(DRAFTOPTS) -j $(JOBS)

html: $(STAMP) ## build the site into _build/html (STRICT=1: fail on any problem)
	$(BIN)/sphinx-build -M html . $(BUILDDIR) $(SPHINXOPTS) $(DRAFTOPTS) -j $(JOBS)

import: $(STAMP) ## bring in a Jekyll blog repository: make import SRC=path [FORCE=1]
	@test -n "$(SRC)" || { echo "usage: make import SRC=path/to/jekyll-blog [FORCE=1]"; exit 2; }
	$(BIN)/python -m jekyll_book import "$(SRC)" $(if $(filter 1,$(FORCE)),--force)

livehtml: $(STAMP) ## serve the site and rebuild changed pages on save
	$(BIN)/sphinx-autobuild . $(BUILDDIR)/html $(SPHINXOPTS) $(DRAFTOPTS) \
	  --ignore "$(BUILDDIR)/*" --ignore ".venv/*" --ignore "tests/*" --ignore "benchmarks/*" \
	  --ignore "*.pyc" --ignore ".git/*"

chromium: ## install headless Chromium (and Korean fonts for screenshots) when missing
	@{ command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; } || { \
	  SUDO=$$(command -v sudo >/dev/null 2>&1 && [ "$$(id -u)" != 0 ] && echo sudo); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }

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

BASE ?= 9ed8280
bench-compare: $(STAMP) ## build speed of this checkout against commit BASE, side by side (POSTS=1000 ROUNDS=3)
	$(BIN)/python benchmarks/compare.py --base $(BASE) --posts $(or $(POSTS),1000) --rounds $(or $(ROUNDS),3) --repeat $(or $(REPEAT),3)

bench-quick: $(STAMP) ## the same at 100 and 500 posts, one run each
	$(BIN)/python benchmarks/bench.py --quick --install-jekyll $(BENCH_ARGS)

speed-fingerprints: $(STAMP) ## record what the speed layer replaces (after reviewing a bump)
	$(BIN)/python -m jekyll_book.speed --write

# The newest releases the pyproject.toml ranges allow, in a venv of their own
# (needs the package registry, so not part of `make test`): the site is built
# strictly and the speed layer's equality tests run; records whose upstream
# code changed are listed, skipped in the build (info line) and in the tests.
UPSTREAM   := .venv-upstream
upstream-check: ## newest allowed releases: site build + speed equality tests (needs PyPI)
	rm -rf $(UPSTREAM) && $(PYTHON) -m venv $(UPSTREAM)
	$(PYTHON) -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; \
	  print('\n'.join(p['dependencies'] + p['optional-dependencies']['test']))" > $(UPSTREAM)/ranges.txt
	$(UPSTREAM)/bin/python -m pip install --quiet --disable-pip-version-check --upgrade -r $(UPSTREAM)/ranges.txt
	$(UPSTREAM)/bin/python -m pip list --format=freeze | grep -iE '^(sphinx|docutils|myst|markdown-it|pydata|beautifulsoup4)'
	$(UPSTREAM)/bin/python -m jekyll_book.speed || echo "(the records above are skipped with these releases)"
	$(UPSTREAM)/bin/sphinx-build -M html . $(BUILDDIR)/upstream -W --keep-going -E -j $(JOBS)
	$(UPSTREAM)/bin/python -m pytest -q -p no:cacheprovider tests/test_speed_patches.py tests/test_speed_registry.py

clean: ## remove the build output (keeps .venv)
	rm -rf $(BUILDDIR) .pytest_cache

SCREENSHOTS ?= $(BUILDDIR)/screenshots

screenshots: $(STAMP) chromium ## PNGs of the landing page, a post, a tag page and search (desktop, mobile)
	@test -f $(BUILDDIR)/html/index.html || $(MAKE) html
	$(BIN)/python tools/screenshots.py --html $(BUILDDIR)/html --out $(SCREENSHOTS) $(if $(README),--readme screenshots)
