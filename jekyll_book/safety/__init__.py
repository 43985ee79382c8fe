"""Posts are written by contributors: nothing in one may attack readers or the build.

The rules are pure and shared by the build and ``python -m jekyll_book check``:

* :mod:`.html` -- a post's raw HTML, kept as meant and made safe (embeds,
  gists, styles, SVG), or removed and reported when it has no safe form;
* :mod:`.directives` -- directives that read files or emit raw output;
* :mod:`.frontmatter` -- front matter a reader would miss (title, labels, image).

:mod:`.build` wires them into Sphinx (and guards paths, encodings, depth);
import it only from the extension's ``setup()``.
"""

from __future__ import annotations

from jekyll_book.safety.directives import forbidden_directive
from jekyll_book.safety.frontmatter import frontmatter_problems
from jekyll_book.safety.html import (
    DEFAULT_POLICY,
    Policy,
    Removal,
    safe_url,
    sanitize_html,
    sanitize_html_report,
    url_scheme,
)

__all__ = [
    "DEFAULT_POLICY", "Policy", "Removal", "forbidden_directive", "frontmatter_problems",
    "safe_url",
    "sanitize_html", "sanitize_html_report", "url_scheme",
]  # fmt: skip
