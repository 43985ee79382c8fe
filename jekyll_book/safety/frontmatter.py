"""Front-matter rules shared by the build and ``python -m jekyll_book check``.

What a reader would miss beyond what :func:`~jekyll_book.jekyll.frontmatter.resolve_meta`
says: a title or labels that are not text, HTML in the title, an image that
cannot be shown.  Pure: no Sphinx.
"""

from __future__ import annotations

import re
from pathlib import Path

from jekyll_book.jekyll import frontmatter
from jekyll_book.jekyll.frontmatter import Problem
from jekyll_book.safety.html import url_scheme

#: real HTML tags only: ``C++ vector<int>`` is a normal title
_HTML_TAG = re.compile(
    r"</?(?:a|b|i|u|s|em|strong|span|div|p|br|img|script|style|iframe|svg|font|small|"
    r"sup|sub|code|kbd|mark|object|embed|form|input|meta|link|details|summary)\b[^>]*>",
    re.IGNORECASE,
)


def frontmatter_problems(fm: frontmatter.FrontMatter) -> list[Problem]:
    """What the build also reports about a post's front matter (beyond what
    :func:`frontmatter.resolve_meta` says): a title or labels that are not
    text, HTML in the title, an image that cannot be shown.

    Keys are never reported: Jekyll themes invent their own, Jekyll ignores
    what it does not know, and so does the build (including keys such as
    ``myst:`` or ``html_meta:`` that would change a Sphinx page: ignored).
    Every one is a warning (a :class:`Problem` is not fatal unless it says so).
    """
    problems: list[Problem] = []
    data, src = fm.data, fm.yaml_source

    def at(key: str) -> int:
        return frontmatter.key_line(src, key)

    title = data.get("title")
    if isinstance(title, (dict, list)):
        problems.append(
            Problem(at("title"), 1, "title is not text (a ':' or '- ' made it a mapping/list)",
                     "quote the title: title: \"...\"")
        )
    elif isinstance(title, str) and _HTML_TAG.search(title):
        problems.append(Problem(at("title"), 1, "title contains HTML; it is shown as typed",
                                 "titles are plain text: remove the tags"))
    for key in ("tags", "tag", "categories", "category"):
        value = data.get(key)
        if isinstance(value, dict) or (
            isinstance(value, list) and any(isinstance(v, dict) for v in value)
        ):
            problems.append(Problem(at(key), 1, f"'{key}' must be a list of words",
                                     f"write {key}: [a, b] or one '- a' line per value"))
    image = data.get("image")
    if isinstance(image, str) and image.strip():
        scheme = url_scheme(image)
        if scheme not in (None, "http", "https"):
            problems.append(Problem(at("image"), 1, f"image with {scheme}: URL refused",
                                     "use an https:// URL or a path in the repository"))
        elif scheme is None and ".." in Path(image).parts:
            problems.append(Problem(at("image"), 1, "image path leaves the site ('..')",
                                     "use a path from the site root, e.g. /assets/x.png"))
    return problems
