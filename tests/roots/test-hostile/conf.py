"""Hostile posts: the test writes them (real bytes, symlinks) next to the good ones."""

import os
import sys
from pathlib import Path

import jekyll_book

sys.path.insert(0, os.path.abspath("../../.."))
project = "보안 테스트"
language = "ko"
extensions = ["jekyll_book"]
include_patterns = ["index.md", "docs/**"]
myst_enable_extensions = ["deflist", "tasklist", "strikethrough"]
myst_heading_anchors = 6
smartquotes = False
suppress_warnings = ["myst.strikethrough"]
html_theme = "sphinx_book_theme"
# the site's own template overrides (escaped print-only title)
templates_path = [str(Path(jekyll_book.__file__).resolve().parents[1] / "_templates")]
jekyll_posts_dir = "docs/posts"
jekyll_timezone = "Asia/Seoul"
