"""``{post-list}``: the newest-first list of posts, rendered from the records.

The directive leaves a placeholder; the list is filled in at
``doctree-resolved`` when every post has been read.  Pages holding a list are
written again whenever what a list shows changes, so an incremental build
shows the same list as a clean one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from .config import settings
from .perf import nothing_read
from .header import meta_line
from .posts import Post, get_domain


class post_list(nodes.General, nodes.Element):  # noqa: N801 - docutils naming
    """Placeholder replaced by the list of posts."""


class PostListDirective(SphinxDirective):
    """List posts newest first: ``:limit:`` N, ``:excerpts:`` yes/no."""

    option_spec = {
        "limit": directives.nonnegative_int,
        "no-excerpts": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        get_domain(self.env).note_listing(self.env.docname, "posts")
        node = post_list()
        node["limit"] = self.options.get("limit", 0)
        node["excerpts"] = "no-excerpts" not in self.options
        self.set_source_info(node)
        return [node]


def post_summary(
    app: Sphinx, fromdocname: str, post: Post, *, excerpt: bool = True
) -> nodes.container:
    """One post in a list: title link, date/tags line, excerpt."""
    item = nodes.container(classes=["post-summary"])
    title = nodes.paragraph(classes=["post-summary-title"])
    uri = app.builder.get_relative_uri(fromdocname, post.docname)
    title += nodes.reference("", post.title, refuri=uri, internal=True)
    item += title
    item += meta_line(app.env, post)
    if excerpt and post.excerpt:
        item += nodes.paragraph("", post.excerpt, classes=["post-excerpt"])
    return item


def render_posts(
    app: Sphinx, fromdocname: str, posts: Iterable[Post], *, excerpts: bool = True
) -> nodes.container:
    box = nodes.container(classes=["post-list"])
    for post in posts:
        box += post_summary(app, fromdocname, post, excerpt=excerpts)
    return box


def fill_post_lists(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    placeholders = list(doctree.findall(post_list))
    if not placeholders:
        return
    opts = settings(app.config)
    posts = get_domain(app.env).newest_first(include_drafts=opts.show_drafts)
    for node in placeholders:
        shown = posts[: node["limit"]] if node["limit"] else posts
        node.replace_self(render_posts(app, fromdocname, shown, excerpts=node["excerpts"]))


def listing_signatures(env: Any) -> dict[str, tuple]:
    """What each kind of list shows, post by post, newest first."""
    posts = get_domain(env).newest_first(include_drafts=settings(env.config).show_drafts)
    return {
        "posts": tuple((p.docname, p.meta, p.excerpt) for p in posts),
        # a session's line number is not shown: editing above it changes nothing
        "sessions": tuple(
            (p.docname, p.meta, tuple(replace(s, line=0) for s in p.sessions)) for p in posts
        ),
    }


def rewrite_changed_listings(app: Sphinx, env: Any) -> list[str]:
    """Pages whose lists changed are written again (not re-read).

    A list is filled in when its page is written, from the post records, so
    only a change in what it shows (a post added, removed, retitled, retagged,
    its excerpt or sessions edited) rewrites the pages holding one; editing
    the rest of a post's body rewrites no list page.
    """
    domain = get_domain(env)
    if nothing_read(app) and "listing_signatures" in domain.data:
        return []  # the same posts as last time: the same lists
    signatures = listing_signatures(env)
    previous = domain.data.get("listing_signatures", {})
    domain.data["listing_signatures"] = signatures
    changed = {kind for kind, sig in signatures.items() if previous.get(kind) != sig}
    return sorted(d for d, kinds in domain.listings.items() if kinds & changed)


def setup_listing(app: Sphinx) -> None:
    app.add_node(post_list)
    app.add_directive("post-list", PostListDirective)
    app.connect("doctree-resolved", fill_post_lists)
    app.connect("env-get-updated", rewrite_changed_listings)
