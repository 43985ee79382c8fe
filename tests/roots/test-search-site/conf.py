import os
import sys

sys.path.insert(0, os.path.abspath("../../.."))
project = "검색 사이트"
language = "ko"
extensions = ["jekyll_book"]
include_patterns = ["index.md", "docs/**"]
myst_heading_anchors = 6
smartquotes = False
html_theme = "sphinx_book_theme"
jekyll_posts_dir = "docs/posts"
jekyll_timezone = "Asia/Seoul"
jekyll_search_glossary = ["카프카 = Kafka", "쿠버네티스 = Kubernetes = k8s"]
