import os
import sys

sys.path.insert(0, os.path.abspath("../../.."))
project = "이전 테스트 블로그"
author = "테스터"
language = "ko"
extensions = ["jekyll_book", "sphinxext.opengraph"]
include_patterns = ["index.md", "docs/**"]
myst_enable_extensions = ["deflist", "tasklist", "strikethrough"]
myst_heading_anchors = 6
smartquotes = False
suppress_warnings = ["myst.strikethrough"]
html_theme = "sphinx_book_theme"
ogp_social_cards = {"enable": False}
jekyll_site = {"title": "이전 테스트 블로그", "description": "옮겨 온 블로그"}
