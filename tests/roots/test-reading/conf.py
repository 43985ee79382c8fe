import os
import sys

sys.path.insert(0, os.path.abspath("../../.."))
project = "읽기 테스트 블로그"
language = "ko"
extensions = ["jekyll_book"]
include_patterns = ["index.md", "docs/**"]
myst_enable_extensions = ["deflist", "tasklist", "strikethrough"]
smartquotes = False
html_theme = "sphinx_book_theme"
# a list of its own per build: the themes append to it, and the tests build
# several times in one process (a shared default would grow between builds)
# The site's templates (a sidebar of two levels, as the real site has)
import jekyll_book  # noqa: E402

templates_path = [os.path.join(os.path.dirname(os.path.dirname(jekyll_book.__file__)), "_templates")]
