"""Share cards for posts: Open Graph data handed to sphinxext-opengraph.

sphinxext-opengraph writes the ``og:`` tags of every page; for a post this
module supplies what only the post knows (type ``article``, its excerpt,
its header image as an absolute URL) through the page's metadata fields,
which that extension reads, and adds the ``twitter:card`` it does not write.
Runs before it (priority 400 < 500) and never mutates the stored metadata.
"""

from __future__ import annotations

import posixpath
from html import escape
from typing import Any
from urllib.parse import quote

from sphinx.application import Sphinx

from jekyll_book.features.posts import get_domain
from jekyll_book.outputs.feeds import site_url


def image_url(app: Sphinx, image: str, pathto: Any) -> str:
    """Where the post's header image is served from (Sphinx copies it to _images/)."""
    if image.startswith(("http://", "https://")):
        return image
    name = app.builder.images.get(image.lstrip("/"))
    if name is None:
        return ""
    rel = posixpath.join(app.builder.imagedir, name)
    base = site_url(app)
    return base + quote(rel) if base else pathto(rel, 1)


def post_fields(app: Sphinx, pagename: str, context: dict[str, Any]) -> dict[str, str]:
    """The ``og:`` fields of a post page (empty for other pages)."""
    post = get_domain(app.env).posts.get(pagename)
    if post is None:
        return {}
    fields = {"og:type": "article"}
    if post.excerpt:
        fields["og:description"] = post.excerpt
    if post.meta.image:
        url = image_url(app, post.meta.image, context["pathto"])
        if url:
            fields["og:image"] = url
            fields["og:image:alt"] = post.title
    return fields


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    fields = post_fields(app, pagename, context)
    if fields:
        context["meta"] = {**(context.get("meta") or {}), **fields}
    card = "summary_large_image" if "og:image" in fields else "summary"
    tag = f'<meta name="twitter:card" content="{escape(card)}">\n'
    context["metatags"] = context.get("metatags", "") + tag


def setup_social(app: Sphinx) -> None:
    app.connect("html-page-context", page_context, priority=400)
