"""Sphinx configuration: the site is built from the Jekyll posts in docs/posts/.

The jekyll_book extension brings what Jekyll fidelity needs (MyST, the Markdown
suffixes, share cards, the sitemap, a blog's jekyll_site.json): see README.
"""

import os
import sys

sys.path.insert(0, os.path.abspath("."))

project = "개발 컨퍼런스 노트"
author = "블로그 작성자"
copyright = "2018-2024, 블로그 작성자"
language = "ko"

extensions = ["jekyll_book"]
# only the landing page and docs/ are pages (not README, tests, benchmarks)
include_patterns = ["index.md", "docs/**"]
exclude_patterns = ["_build", ".venv", "_readthedocs", "**/.ipynb_checkpoints"]

jekyll_posts_dir = "docs/posts"
jekyll_timezone = "Asia/Seoul"
# search: spellings that mean the same thing (one word per side)
jekyll_search_glossary = [
    "카프카 = Kafka",
    "쿠버네티스 = Kubernetes = k8s",
    "몽고DB = MongoDB",
    "엘라스틱서치 = Elasticsearch",
]

html_theme = "sphinx_book_theme"
html_static_path = ["_static"]
templates_path = ["_templates"]
html_css_files = ["site.css"]
html_theme_options = {
    "show_toc_level": 2,
    "home_page_in_toc": True,
    "use_download_button": False,
    "search_bar_text": "검색어를 입력하세요…",
}
