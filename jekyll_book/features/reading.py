"""What the Jekyll themes gave readers: copy buttons, comments, ``toc: false``.

Comments load a third party's script, so nothing is added unless
``jekyll_comments`` names a provider (``make import`` fills it from the old
``_config.yml``), and a post's ``comments: false`` leaves its page without
one.  The thread keeps the old post's discussion: it is looked up by the
post's *old* Jekyll path (giscus / utterances ``pathname`` mapping), not by
the new page's.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any
from urllib.parse import quote

from docutils import nodes
from sphinx.application import Sphinx

from jekyll_book.config import settings
from jekyll_book.features.posts import Post, get_domain
from jekyll_book.jekyll.permalinks import jekyll_url

#: file-wide metadata that makes pydata-sphinx-theme drop the page's table of contents
NO_TOC = "html_theme.sidebar_secondary.remove"


def hide_toc(app: Sphinx, doctree: nodes.document) -> None:
    """``toc: false`` in a post: no "on this page" sidebar (Chirpy, minimal-mistakes)."""
    post = get_domain(app.env).posts.get(app.env.docname)
    if post is not None and not post.meta.toc:
        app.env.metadata[app.env.docname][NO_TOC] = "true"


def thread_term(post: Post, opts: Any) -> str:
    """The post's old path as giscus/utterances named its thread (``pathname``)."""

    baseurl = str(opts.site.get("baseurl") or "").strip("/")
    path = jekyll_url(post.meta, opts.permalink, opts.timezone).lstrip("/")
    path = f"{baseurl}/{path}" if baseurl else path
    path = re.sub(r"\.\w+$", "", path)  # as the clients strip ".html"
    return quote(path, safe="/-_.~") or "index"


def _attrs(values: dict[str, str]) -> str:
    return " ".join(f'{name}="{html.escape(value, quote=True)}"' for name, value in values.items())


def comments_html(conf: dict[str, Any], term: str) -> str:
    """The comment thread's HTML for one post; pure, so tested without a build."""
    provider = conf.get("provider")
    if provider == "giscus":
        attrs = {
            "src": "https://giscus.app/client.js",
            "data-repo": conf["repo"],
            "data-repo-id": conf["repo_id"],
            "data-category": conf["category"],
            "data-category-id": conf["category_id"],
            "data-mapping": "specific",
            "data-term": term,
            "data-strict": str(conf.get("strict", "0")),
            "data-reactions-enabled": str(conf.get("reactions_enabled", "1")),
            "data-emit-metadata": "0",
            "data-input-position": str(conf.get("input_position", "bottom")),
            "data-theme": str(conf.get("theme", "preferred_color_scheme")),
            "data-lang": str(conf.get("lang", "ko")),
            "data-loading": "lazy",
            "crossorigin": "anonymous",
        }
        script = f"<script {_attrs(attrs)} async></script>"
    elif provider == "utterances":
        attrs = {
            "src": "https://utteranc.es/client.js",
            "repo": conf["repo"],
            "issue-term": term,
            "theme": str(conf.get("theme", "preferred-color-scheme")),
            "crossorigin": "anonymous",
        }
        if conf.get("label"):
            attrs["label"] = str(conf["label"])
        script = f"<script {_attrs(attrs)} async></script>"
    elif provider == "disqus":
        shortname = re.sub(r"[^A-Za-z0-9-]", "", conf["shortname"])
        identifier = json.dumps("/" + term).replace("<", "\\u003c")
        script = (
            '<div id="disqus_thread"></div><script>'
            f"var disqus_config=function(){{this.page.identifier={identifier};}};"
            "(function(){var d=document,s=d.createElement('script');"
            f"s.src='https://{shortname}.disqus.com/embed.js';"
            "s.setAttribute('data-timestamp',+new Date());"
            "(d.head||d.body).appendChild(s);})();</script>"
        )
    else:
        return ""
    return (
        f'<section class="post-comments post-comments-{provider}" aria-label="댓글">'
        f"<h2>댓글</h2>{script}</section>"
    )


def add_comments(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    opts = settings(app.config)
    if not opts.comments or "body" not in context:
        return
    post = get_domain(app.env).posts.get(pagename)
    if post is None or not post.meta.comments:
        return
    context["body"] += comments_html(opts.comments, thread_term(post, opts))


def setup_reading(app: Sphinx) -> None:
    app.setup_extension("sphinx_copybutton")
    app.connect("doctree-read", hide_toc)
    app.connect("html-page-context", add_comments)
