"""``{post-list}``: post cards rendered from the records, and the landing page's pages.

The directive leaves a placeholder; the list is filled in at
``doctree-resolved`` when every post has been read.  Each list is described
by a *spec* (which posts, which page); a page holding a list is written again
whenever what its spec shows changes, so an incremental build shows the same
lists as a clean one (a new post moves one post from each landing page to
the next).

The landing page is paginated as Jekyll's ``paginate`` did: the root page
shows page 1, ``docs/page/<n>.md`` (generated, written only when missing or
different) show the rest, each ``jekyll_paginate`` posts long, pinned posts
first.  Tag, category and archive pages show the same cards for their posts.
"""

from __future__ import annotations

import json
import math
import posixpath
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from jekyll_book.config import settings
from jekyll_book.features.extras import reading_label
from jekyll_book.features.header import format_date
from jekyll_book.features.labels import fold, label, registry, resolve_labels
from jekyll_book.features.posts import Post, Session, get_domain
from jekyll_book.pages.generate import Entry, md_escape, page
from jekyll_book.speed.perf import nothing_read

#: folder of the landing page's pages 2, 3, … (Jekyll: /page2/)
PAGES_DIR = "docs/page"
NEWER_PAGE, OLDER_PAGE = "← 새 글", "지난 글 →"
PINNED = "고정"
#: page numbers shown each side of the current one (the pager stays short)
PAGER_WINDOW = 2


class post_list(nodes.General, nodes.Element):  # noqa: N801 - docutils naming
    """Placeholder replaced by the list of posts."""


def _spec(options: dict[str, Any]) -> str:
    """The list's selection as a canonical JSON text (stored per page).

    A list without options is the landing page's first page: pinned posts
    first, ``jekyll_paginate`` posts long (every post when it is 0).
    """
    spec: dict[str, Any] = {}
    for key in ("tag", "category"):
        if options.get(key):
            spec[key] = options[key]
    for key in ("year", "month", "limit"):
        if options.get(key):
            spec[key] = int(options[key])
    if "page" in options or not spec:
        spec["page"] = int(options.get("page") or 1)
    return json.dumps(spec, sort_keys=True)


class PostListDirective(SphinxDirective):
    """Post cards, newest first.

    Without options: the landing page's first page (all posts when
    ``jekyll_paginate = 0``).  ``:page: N`` another page of it; ``:tag:`` /
    ``:category:`` a label's slug; ``:year:`` / ``:month:`` the archive;
    ``:limit: N`` the N newest; ``:no-excerpts:`` compact cards.
    """

    option_spec = {
        "limit": directives.nonnegative_int,
        "no-excerpts": directives.flag,
        "page": directives.positive_int,
        "tag": directives.unchanged_required,
        "category": directives.unchanged_required,
        "year": directives.positive_int,
        "month": directives.positive_int,
    }

    def run(self) -> list[nodes.Node]:
        spec = _spec(self.options)
        get_domain(self.env).note_listing(self.env.docname, "posts:" + spec)
        node = post_list()
        node["spec"] = spec
        node["excerpts"] = "no-excerpts" not in self.options
        self.set_source_info(node)
        return [node]


# -- choosing the posts -------------------------------------------------------


class PostIndex:
    """This build's posts, newest first, grouped the ways lists choose them.

    Made once per build phase (not once per list page): a blog of 1,000
    posts has hundreds of tag, category and month lists.
    """

    def __init__(self, env: Any, posts: list[Post]) -> None:

        self.posts = posts
        #: the landing page's order (its every page is one slice of it)
        self.pinned = pinned_first(posts)
        self.labels: dict[str, dict[str, list[Post]]] = {"tag": {}, "category": {}}
        self.months: dict[tuple[int, int], list[Post]] = {}
        slugs = {
            kind: {key: lab.slug for key, lab in registry(env, kind).items()}
            for kind in self.labels
        }
        for post in posts:
            self.months.setdefault((post.date.year, post.date.month), []).append(post)
            for kind, values in (("tag", post.meta.tags), ("category", post.meta.categories)):
                found = dict.fromkeys(slugs[kind].get(fold(v)) for v in values)
                for slug in found:
                    if slug is not None:
                        self.labels[kind].setdefault(slug, []).append(post)


def post_index(app: Sphinx) -> PostIndex:
    """The index for writing pages, kept on the builder while the posts stay the same."""
    posts = get_domain(app.env).posts
    key = (id(posts), len(posts), settings(app.config).show_drafts)
    cached = getattr(app.builder, "jekyll_post_index", None)
    if cached is None or cached[0] != key:
        cached = (key, PostIndex(app.env, _newest(app.env)))
        app.builder.jekyll_post_index = cached  # type: ignore[attr-defined]
    return cached[1]


def pinned_first(posts: Sequence[Post]) -> list[Post]:
    """``pin: true`` posts (newest first) before the others, as Chirpy shows them."""
    return [p for p in posts if p.meta.pin] + [p for p in posts if not p.meta.pin]


def select(
    index: PostIndex, spec: dict[str, Any], per_page: int
) -> tuple[list[Post], int, int]:
    """(posts shown, page number, number of pages) of a list spec, newest first."""
    chosen: Sequence[Post] = index.posts
    for kind in ("tag", "category"):
        if kind in spec:
            chosen = pinned_first(index.labels[kind].get(spec[kind], []))
    if chosen is index.posts and "year" in spec and "month" in spec:
        chosen = index.months.get((spec["year"], spec["month"]), [])
    else:
        if "year" in spec:
            chosen = [p for p in chosen if p.date.year == spec["year"]]
        if "month" in spec:
            chosen = [p for p in chosen if p.date.month == spec["month"]]
    if "page" in spec:
        chosen = index.pinned if chosen is index.posts else pinned_first(chosen)
        if per_page <= 0:
            return list(chosen), 1, 1
        pages = max(1, math.ceil(len(chosen) / per_page))
        number = spec["page"]
        return list(chosen[(number - 1) * per_page : number * per_page]), number, pages
    if spec.get("limit"):
        chosen = chosen[: spec["limit"]]
    return list(chosen), 0, 0


def page_docname(env: Any, number: int) -> str:
    """The landing page's page ``number`` (1: the root page)."""
    return env.config.root_doc if number == 1 else f"{PAGES_DIR}/{number}"


# -- rendering ----------------------------------------------------------------


def _thumbnail(app: Sphinx, post: Post) -> nodes.Node | None:
    """The post's ``image:`` as a card thumbnail (the file Sphinx copied for the post)."""
    image = post.meta.image
    if not image:
        return None
    if image.startswith(("http://", "https://")):
        uri = image
    else:
        uri = posixpath.normpath(image.lstrip("/"))
        if uri not in app.env.images:  # not found: the post's header warned already
            return None
    box = nodes.container(classes=["post-card-thumb"])
    box += nodes.image(uri=uri, alt="", candidates={"*": uri}, loading="lazy")
    return box


def _badges(env: Any, post: Post) -> nodes.inline:
    box = nodes.inline(classes=["post-card-categories"])
    for name in post.meta.categories:
        box += label(env, "category", name)
        box += nodes.Text(" ")
    return box


def _chips(env: Any, post: Post) -> nodes.paragraph:
    para = nodes.paragraph(classes=["post-card-tags"])
    for name in post.meta.tags:
        para += label(env, "tag", name)
        para += nodes.Text(" ")
    return para


def post_summary(
    app: Sphinx, fromdocname: str, post: Post, *, excerpt: bool = True
) -> nodes.container:
    """One post card: thumbnail, title, date · reading time · category, excerpt, tags."""
    env = app.env
    classes = ["post-summary", "post-card"] + (["post-card-pinned"] if post.meta.pin else [])
    item = nodes.container(classes=classes)
    thumb = _thumbnail(app, post) if excerpt else None
    if thumb is not None:
        item += thumb
        item["classes"].append("post-card-has-thumb")
    body = nodes.container(classes=["post-card-body"])
    title = nodes.paragraph(classes=["post-summary-title"])
    if post.meta.pin:
        title += nodes.inline(PINNED, PINNED, classes=["post-pin"])
        title += nodes.Text(" ")
    uri = app.builder.get_relative_uri(fromdocname, post.docname)
    title += nodes.reference("", post.title, refuri=uri, internal=True)
    body += title
    meta = nodes.paragraph(classes=["post-meta", "post-card-meta"])
    date = nodes.inline("", format_date(env.config, post), classes=["post-date"])
    date["datetime"] = post.date.isoformat()
    meta += date
    if post.minutes:

        text = reading_label(post.minutes)
        meta += nodes.Text(" · ")
        meta += nodes.inline(text, text, classes=["post-reading-time"])
    if post.meta.categories:
        meta += nodes.Text(" ")
        meta += _badges(env, post)
    body += meta
    if excerpt and post.excerpt:
        body += nodes.paragraph("", post.excerpt, classes=["post-excerpt"])
    if post.meta.tags:
        body += _chips(env, post)
    item += body
    return item


def _pager(app: Sphinx, fromdocname: str, number: int, pages: int) -> nodes.container:
    """Newer · 1 … 4 5 [6] 7 8 … 20 · older: a fixed number of links on every page."""
    env = app.env
    box = nodes.container(classes=["post-pager"])
    para = nodes.paragraph()
    box += para

    def link(target: int, text: str, cls: str) -> nodes.Node:
        uri = app.builder.get_relative_uri(fromdocname, page_docname(env, target))
        return nodes.reference("", text, refuri=uri, internal=True, classes=[cls])

    if number > 1:
        para += link(number - 1, NEWER_PAGE, "post-pager-newer")
    near = range(max(1, number - PAGER_WINDOW), min(pages, number + PAGER_WINDOW) + 1)
    shown = sorted({1, pages, *near})
    previous = 0
    for target in shown:
        if target - previous > 1:
            para += nodes.inline("…", "…", classes=["post-pager-gap"])
        if target == number:
            para += nodes.strong(str(target), str(target), classes=["post-pager-current"])
        else:
            para += link(target, str(target), "post-pager-number")
        previous = target
    if number < pages:
        para += link(number + 1, OLDER_PAGE, "post-pager-older")
    return box


def render_posts(
    app: Sphinx, fromdocname: str, posts: Iterable[Post], *, excerpts: bool = True
) -> nodes.container:
    # "no-search": a list repeats its posts' titles and excerpts; the search
    # finds the posts themselves (and analysing the copies was build time)
    box = nodes.container(classes=["post-list", "no-search"])
    for post in posts:
        box += post_summary(app, fromdocname, post, excerpt=excerpts)
    return box


def _newest(env: Any) -> list[Post]:
    return get_domain(env).newest_first(include_drafts=settings(env.config).show_drafts)


def fill_post_lists(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    kinds = get_domain(app.env).listings.get(fromdocname, ())
    if not any(kind.startswith("posts:") for kind in kinds):
        return  # no {post-list} on this page: no walk of its tree
    placeholders = list(doctree.findall(post_list))
    if not placeholders:
        return
    index = post_index(app)
    per_page = settings(app.config).paginate
    for node in placeholders:
        shown, number, pages = select(index, json.loads(node["spec"]), per_page)
        box = render_posts(app, fromdocname, shown, excerpts=node["excerpts"])
        if pages > 1:
            box += _pager(app, fromdocname, number, pages)
        resolve_labels(app, box, fromdocname)
        node.replace_self(box)


# -- incremental builds ---------------------------------------------------------


def _shown(post: Post) -> tuple:
    return (post.docname, post.meta, post.excerpt, post.minutes)


def _shown_session(session: Session) -> tuple:
    # every field but the line: editing above a session changes nothing shown
    # (a tuple, not dataclasses.replace: this runs for every session of the blog)
    return (session.title, session.anchor, session.number, session.speaker, session.company)


def listing_signatures(env: Any) -> dict[str, tuple]:
    """What each kind of list shows, post by post."""
    posts = _newest(env)
    per_page = settings(env.config).paginate
    kinds = {kind for kinds in get_domain(env).listings.values() for kind in kinds}
    signatures: dict[str, tuple] = {
        "sessions": tuple(
            (p.docname, p.meta, tuple(map(_shown_session, p.sessions))) for p in posts
        ),
    }
    index = PostIndex(env, posts)
    for kind in kinds:
        if kind.startswith("posts:"):
            shown, number, pages = select(index, json.loads(kind[6:]), per_page)
            signatures[kind] = (tuple(map(_shown, shown)), number, pages)
    return signatures


def rewrite_changed_listings(app: Sphinx, env: Any) -> list[str]:
    """Pages whose lists changed are written again (not re-read).

    A list is filled in when its page is written, from the post records, so
    only a change in what it shows (a post added, removed, retitled, retagged,
    its excerpt or sessions edited, posts moving between pages) rewrites the
    pages holding one; editing the rest of a post's body rewrites no list page.
    """
    domain = get_domain(env)
    if nothing_read(app) and "listing_signatures" in domain.data:
        return []  # the same posts as last time: the same lists
    signatures = listing_signatures(env)
    previous = domain.data.get("listing_signatures", {})
    domain.data["listing_signatures"] = signatures
    changed = {kind for kind, sig in signatures.items() if previous.get(kind) != sig}
    return sorted(d for d, kinds in domain.listings.items() if kinds & changed)


# -- the landing page's pages 2, 3, … -------------------------------------------


def landing_pages(app: Sphinx, entries: list[Entry]) -> tuple[Path, dict[str, str]]:
    """``docs/page/<n>.md`` for every page after the first; only their number is in them."""
    per_page = settings(app.config).paginate
    count = math.ceil(len(entries) / per_page) if per_page > 0 else 1
    title = md_escape(app.config.project or "")
    pages = {
        f"{number}.md": page(
            [
                f"# {title} ({number}쪽)" if title else f"# 글 목록 ({number}쪽)",
                "",
                "```{post-list}",
                f":page: {number}",
                "```",
            ],
            orphan=True,
        )
        for number in range(2, count + 1)
    }
    return Path(app.srcdir) / PAGES_DIR, pages


def setup_listing(app: Sphinx) -> None:
    app.add_node(post_list)
    app.add_directive("post-list", PostListDirective)
    app.connect("doctree-resolved", fill_post_lists)
    app.connect("env-get-updated", rewrite_changed_listings)
