import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
project = "lossless"
language = "ko"
extensions = ["jekyll_book"]
include_patterns = ["index.md", "docs/**"]
source_suffix = {".md": "markdown", ".markdown": "markdown"}
myst_enable_extensions = ["deflist", "tasklist", "strikethrough"]
myst_heading_anchors = 6
suppress_warnings = ["myst.strikethrough"]
html_theme = "basic"
