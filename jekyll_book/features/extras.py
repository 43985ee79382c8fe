"""Reading time under each post's title and "관련 글" at the end of each post.

Reading time is per post (``doctree-read``).  Related posts depend on the
other posts, so they are filled in at ``doctree-resolved``; when a post's
tags change, the posts whose list changes are rewritten (``env-get-updated``)
without re-reading anything.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from jekyll_book.config import settings
from jekyll_book.features.posts import Post, get_domain
from jekyll_book.speed.perf import nothing_read

#: Korean is read at about 500 syllables a minute, English at about 230 words
CJK_PER_MINUTE = 500
WORDS_PER_MINUTE = 230
_CJK = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3]")
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")


def reading_minutes(text: str) -> int:
    """Minutes to read ``text``: CJK characters and other words counted apart."""
    rest, cjk = _CJK.subn(" ", text)
    words = len(_WORD.findall(rest))
    return max(1, math.ceil(cjk / CJK_PER_MINUTE + words / WORDS_PER_MINUTE))


def reading_label(minutes: int) -> str:
    return f"약 {minutes}분"


def _post_header(doctree: nodes.document) -> nodes.Element | None:
    for node in doctree.findall(nodes.container):
        if "post-header" in node["classes"]:
            return node
    return None


def add_reading_time(app: Sphinx, doctree: nodes.document) -> None:
    if not settings(app.config).reading_time:
        return
    if app.env.docname not in get_domain(app.env).posts:
        return
    header = _post_header(doctree)
    if header is None:
        return
    in_header = {id(n) for n in header.findall(nodes.TextElement)}
    body = [n for n in doctree.findall(nodes.TextElement) if id(n) not in in_header]
    text = " ".join(n.astext() for n in body if not isinstance(n, nodes.title))
    minutes = reading_minutes(text)
    get_domain(app.env).update_post(app.env.docname, minutes=minutes)
    label = reading_label(minutes)
    meta = next(iter(header.findall(nodes.paragraph)), header)
    # right after the date, before the category badge and tag chips
    first = meta[0] if len(meta) else None
    at = 1 if isinstance(first, nodes.Element) and "post-date" in first["classes"] else len(meta)
    meta.insert(at, nodes.inline(label, label, classes=["post-reading-time"]))
    meta.insert(at, nodes.Text(" · "))


def related(post: Post, posts: Iterable[Post], limit: int) -> list[Post]:
    """Posts sharing the most tags with ``post``, newest first among equals."""
    tags = {t.casefold() for t in post.meta.tags}

    def key(other: Post) -> tuple[int, Any, str]:
        shared = len(tags & {t.casefold() for t in other.meta.tags})
        return (-shared, -other.date.timestamp(), other.docname)

    others = [p for p in posts if p.docname != post.docname and p.meta.published]
    return sorted(others, key=key)[:limit]


def related_all(posts: Iterable[Post], limit: int) -> dict[str, tuple[str, ...]]:
    """:func:`related` for every post at once, as docnames.

    Candidates come from a tag → posts index, so the work grows with the
    posts that share a tag instead of with N² (2,000 posts would otherwise
    sort 2,000 lists of 2,000 on every build, even a no-op one).
    """
    posts = list(posts)
    if limit <= 0:
        return {p.docname: () for p in posts}
    published = [p for p in posts if p.meta.published]
    order = {p.docname: (-p.date.timestamp(), p.docname) for p in published}
    newest = sorted(order, key=order.__getitem__)
    by_tag: dict[str, list[str]] = {}
    for p in published:
        for tag in {t.casefold() for t in p.meta.tags}:
            by_tag.setdefault(tag, []).append(p.docname)
    table = {}
    for post in posts:
        shared: Counter[str] = Counter()
        for tag in {t.casefold() for t in post.meta.tags}:
            shared.update(by_tag.get(tag, ()))
        shared.pop(post.docname, None)
        best = sorted(shared, key=lambda d: (-shared[d], *order[d]))[:limit]
        for docname in newest:  # then the newest posts sharing no tag
            if len(best) >= limit:
                break
            if docname != post.docname and docname not in shared:
                best.append(docname)
        table[post.docname] = tuple(best)
    return table


def related_table(env: Any) -> dict[str, tuple[str, ...]]:
    """docname → docnames of its related posts, for every post."""
    opts = settings(env.config)
    if opts.related_posts <= 0:
        return {}
    return related_all(get_domain(env).posts.values(), opts.related_posts)


def rewrite_changed(app: Sphinx, env: Any) -> list[str]:
    """Posts whose related list changed are written again (not re-read)."""
    domain = get_domain(env)
    if nothing_read(app) and "related" in domain.data:
        return []  # the same posts as last time: the same table
    table = related_table(env)
    previous = domain.data.get("related", {})
    domain.data["related"] = table
    titles = {d: p.title for d, p in domain.posts.items()}
    previous_titles = domain.data.get("related_titles", {})
    domain.data["related_titles"] = titles
    changed_titles = {d for d in titles if previous_titles.get(d) != titles[d]}
    return [
        d
        for d, docs in table.items()
        if previous.get(d) != docs or changed_titles.intersection(docs)
    ]


def add_related(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    domain = get_domain(app.env)
    if fromdocname not in domain.posts:
        return
    limit = settings(app.config).related_posts
    if limit <= 0:
        return
    # the table made at env-get-updated; computing it per page is N² per build
    table = domain.data.get("related")
    if table is None or fromdocname not in table:
        table = related_table(app.env)
    docs = table.get(fromdocname, ())
    if not docs:
        return
    box = nodes.container(classes=["related-posts"])
    box += nodes.rubric("관련 글", "관련 글")
    items = nodes.bullet_list()
    for docname in docs:
        post = domain.posts[docname]
        uri = app.builder.get_relative_uri(fromdocname, docname)
        para = nodes.paragraph()
        para += nodes.reference("", post.title, refuri=uri, internal=True)
        items += nodes.list_item("", para)
    box += items
    section = next(iter(doctree.findall(nodes.section)), None)
    (section if section is not None else doctree).append(box)


def setup_extras(app: Sphinx) -> None:
    # after the header (400) and the drafts marker (450)
    app.connect("doctree-read", add_reading_time, priority=460)
    app.connect("env-get-updated", rewrite_changed)
    app.connect("doctree-resolved", add_related)
