"""What a post page shows under its title, and its excerpt for listings.

Runs at ``doctree-read``: the date, categories, tags and header image come
from the post's own front matter, so nothing here depends on other posts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from jekyll_book.config import settings
from jekyll_book.features.labels import label
from jekyll_book.features.posts import Post, get_domain

logger = logging.getLogger(__name__)


def format_date(config: Any, post: Post) -> str:
    d = post.date
    return settings(config).date_format.format(year=d.year, month=d.month, day=d.day)


def meta_line(env: Any, post: Post) -> nodes.paragraph:
    """Date, categories and tags of a post as one paragraph."""
    para = nodes.paragraph(classes=["post-meta"])
    iso = post.date.isoformat()
    date = nodes.inline("", format_date(env.config, post), classes=["post-date"])
    date["ids"] = []
    date["datetime"] = iso
    para += date
    for kind, values in (("category", post.meta.categories), ("tag", post.meta.tags)):
        if not values:
            continue
        group = nodes.inline(classes=[f"post-{kind}-list"])
        for value in values:
            group += label(env, kind, value)
            group += nodes.Text(" ")
        para += nodes.Text(" ")
        para += group
    return para


def _header_image(env: Any, post: Post) -> nodes.Node | None:
    image = post.meta.image
    if not image:
        return None
    if image.startswith(("http://", "https://")):
        uri = image
    else:
        # Jekyll paths are relative to the site root, which is the srcdir here
        if not (Path(env.srcdir) / image.lstrip("/")).is_file():
            logger.warning(
                "header image %r not found (put it under the site root, e.g. assets/)",
                image,
                location=(env.docname, 1),
                type="jekyll_book",
                subtype="image",
            )
            return None
        uri = "/" + image.lstrip("/")
    figure = nodes.figure(classes=["post-image"])
    figure += nodes.image(uri=uri, alt=post.title, candidates={"*": uri})
    return figure


def _excerpt(doctree: nodes.document, separator: str, limit: int) -> str:
    """Jekyll's excerpt: text before the separator, else the first paragraph."""
    # paragraphs are kept as nodes: without a separator only the first one's
    # text is needed, and astext() of every paragraph was most of the cost
    paragraphs: list[nodes.Node] = []
    found_separator = False
    for node in doctree.findall(nodes.Element):  # a type: docutils' fast walk
        if not isinstance(node, (nodes.paragraph, nodes.raw)):
            continue
        if isinstance(node, nodes.raw):
            if separator and separator in node.astext():
                found_separator = True
                break
            continue
        if "post-meta" in node["classes"]:
            continue
        paragraphs.append(node)
    if not found_separator:
        paragraphs = paragraphs[:1]
    parts = [node.astext().strip() for node in paragraphs]
    text = " ".join(" ".join(parts).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def add_post_header(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    post = get_domain(env).posts.get(env.docname)
    if post is None:
        return
    opts = settings(app.config)
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None or not isinstance(section[0], nodes.title):
        return
    header = nodes.container(classes=["post-header"])
    header += meta_line(env, post)
    image = _header_image(env, post)
    if image is not None:
        header += image
    section.insert(1, header)
    excerpt = post.meta.description or _excerpt(
        doctree, opts.excerpt_separator, opts.list_excerpt_chars
    )
    get_domain(env).update_post(env.docname, excerpt=excerpt)


def setup_header(app: Sphinx) -> None:
    # before Sphinx collects images (priority 500), so the header image is copied
    app.connect("doctree-read", add_post_header, priority=400)
