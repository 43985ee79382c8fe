import os
import sys

sys.path.insert(0, os.path.abspath("../../.."))
project = "태그 테스트"
language = "ko"
extensions = ["jekyll_book"]
include_patterns = ["index.md", "docs/**"]
source_suffix = {".md": "markdown", ".markdown": "markdown"}
myst_enable_extensions = ["deflist", "tasklist", "strikethrough"]
myst_heading_anchors = 6
smartquotes = False
suppress_warnings = ["myst.strikethrough"]
# the site's sidebar template (bounded navigation), wherever this root is copied
import jekyll_book  # noqa: E402

templates_path = [os.path.join(os.path.dirname(jekyll_book.__path__[0]), "_templates")]
html_theme = "sphinx_book_theme"
html_theme_options = {"home_page_in_toc": True}
