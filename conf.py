"""Sphinx configuration: the site is built from the Jekyll posts in docs/posts/."""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.abspath("."))

# -- Site ---------------------------------------------------------------------
project = "개발 컨퍼런스 노트"
author = "블로그 작성자"
copyright = "2018-2024, 블로그 작성자"
language = "ko"

# -- Sources ------------------------------------------------------------------
# Only the landing page and docs/ are pages; README, tests, benchmarks and
# build folders never become pages.
include_patterns = ["index.md", "docs/**"]
exclude_patterns = ["_build", ".venv", "_readthedocs", "**/.ipynb_checkpoints"]
source_suffix = {".md": "markdown", ".markdown": "markdown"}
root_doc = "index"

extensions = [
    "myst_parser",
    "jekyll_book",
]

# -- MyST ----------------------------------------------------------------------
# Only extensions that do not misread Jekyll sources (no attrs_*, substitution,
# linkify, fieldlist or dollarmath: see README "Markdown compatibility").
# Each one kept is syntax Jekyll's kramdown (GFM input) has with the same
# meaning: deflist = kramdown definition lists (term / ": def"), tasklist =
# kramdown-parser-gfm task lists (a disabled checkbox, as MyST makes it),
# strikethrough = GFM "~~x~~" → <del>.  Left out on purpose: attrs_inline /
# attrs_block ({…} after a span is kramdown's IAL, read by jekyll_book.kramdown),
# substitution ({{ }} is Liquid), dollarmath (a single "$" is never math in
# kramdown: prices), amsmath, colon_fence (":::" is text in kramdown),
# linkify (kramdown does not link bare URLs), fieldlist, smartquotes and
# replacements (kramdown's own typography is in jekyll_book.typography).
# MyST's always-on "% comment", "+++" and "(target)=" lines are switched off
# for posts by jekyll_book.kramdown_compat.
myst_enable_extensions = ["deflist", "tasklist", "strikethrough"]
myst_heading_anchors = 6
# Titles stay as typed (Jekyll themes print them escaped, not smartified);
# quotes in post bodies are curled by the extension the way kramdown does.
smartquotes = False
suppress_warnings = ["myst.strikethrough"]

# -- Jekyll posts --------------------------------------------------------------
jekyll_posts_dir = "docs/posts"
jekyll_timezone = "Asia/Seoul"
jekyll_site = {
    "title": project,
    "url": "",
    "baseurl": "",
}
# Korean search: spellings that mean the same thing (synonyms at query time,
# words the analyser must keep whole at index time). One word per side.
jekyll_search_glossary = [
    "카프카 = Kafka",
    "쿠버네티스 = Kubernetes = k8s",
    "몽고DB = MongoDB",
    "엘라스틱서치 = Elasticsearch",
]

# -- HTML ------------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = project
html_static_path = ["_static"]
templates_path = ["_templates"]
html_css_files = ["site.css"]
html_last_updated_fmt = None
# No page links the raw Markdown (the theme's "show source" is not used):
# copying every post to _sources/ only made the build slower and bigger.
html_copy_source = False
html_theme_options = {
    "show_toc_level": 2,
    "home_page_in_toc": True,
    "use_download_button": False,
    "search_bar_text": "검색어를 입력하세요…",
}
# Read the Docs sets the canonical URL of the version being built.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "")

# -- Share cards and sitemap (absolute URLs need html_baseurl) -------------------
extensions.append("sphinxext.opengraph")
ogp_site_url = html_baseurl  # "" on local builds: relative URLs, no warning
ogp_social_cards = {"enable": False}  # needs matplotlib; posts bring their own image
# sphinx-sitemap warns and writes nothing without a base URL, so local builds skip it
if html_baseurl:
    extensions.append("sphinx_sitemap")
sitemap_url_scheme = "{link}"  # the canonical URL already holds /<lang>/<version>/
sitemap_excludes = ["search.html", "genindex.html"]

# -- A blog brought in with `make import SRC=...` ----------------------------------
# jekyll_site.json holds the settings of its _config.yml (title, permalink style…).
from jekyll_book.importer import conf_overrides  # noqa: E402

globals().update(conf_overrides(os.path.abspath("jekyll_site.json"), globals()))
