import os
import sys

sys.path.insert(0, os.path.abspath("../../.."))
project = "테스트 블로그"
language = "ko"
extensions = ["jekyll_book"]
include_patterns = ["index.md", "docs/**"]
myst_enable_extensions = ["deflist", "tasklist", "strikethrough"]
myst_heading_anchors = 6
# Titles stay as typed (Jekyll themes print them escaped, not smartified);
# quotes in post bodies are curled by the extension the way kramdown does.
smartquotes = False
suppress_warnings = ["myst.strikethrough"]
html_theme = "sphinx_book_theme"
