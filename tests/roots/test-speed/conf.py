# A small site that runs through every speed record: code blocks (search,
# highlighting), nested sections (description, walks), a sidebar (theme).
project = "속도 테스트"
language = "ko"
extensions = ["jekyll_book"]
include_patterns = ["index.md", "docs/**"]
myst_heading_anchors = 6
smartquotes = False
html_theme = "sphinx_book_theme"
