"""Category pages, the archive by year and month, and older/newer post links.

The site's navigation tree is index → archive → one page per year → posts,
so each post is in exactly one toctree and the sidebar (limited to two
levels by ``_templates/sbt-sidebar-nav.html``) shows sections and years,
never every post: a page's size does not grow with the number of posts.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Sequence
from itertools import groupby
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from jekyll_book.features.labels import CATEGORIES_DIR, fold, registry
from jekyll_book.features.posts import get_domain
from jekyll_book.pages.generate import (
    Entry,
    link_list,
    md_escape,
    page,
)
from jekyll_book.pages.tags import post_list_block

ARCHIVE_DIR = "docs/archive"
OLDER, NEWER = "이전 글", "다음 글"


def _toctree(docs: Iterable[str]) -> list[str]:
    return ["```{toctree}", ":hidden:", ":titlesonly:", "", *docs, "```", ""]


def category_pages(app: Sphinx, entries: list[Entry]) -> tuple[Path, dict[str, str]]:
    categories = registry(app.env, "category")
    listing = sorted(categories.values(), key=lambda c: (fold(c.name), c.slug))
    pages: dict[str, str] = {}
    for cat in listing:
        pages[f"{cat.slug}.md"] = page(
            [
                f"# 카테고리: {md_escape(cat.name)}",
                "",
                f"글 {len(cat.entries)}개",
                "",
                *post_list_block(category=cat.slug),
            ]
        )
    pages["index.md"] = page(
        [
            "# 카테고리",
            "",
            *_toctree(c.slug for c in listing),
            *link_list(
                [(f"{CATEGORIES_DIR}/{c.slug}", c.name), f" ({len(c.entries)})"] for c in listing
            ),
        ]
    )
    return Path(app.srcdir) / CATEGORIES_DIR, pages


def _month_label(year: int, month: int) -> str:
    return f"archive-{year:04d}-{month:02d}"


def archive_pages(app: Sphinx, entries: list[Entry]) -> tuple[Path, dict[str, str]]:
    newest = sorted(entries, key=lambda e: e.sort_key, reverse=True)
    pages: dict[str, str] = {}
    summary: list[str] = []
    years = []
    for year, in_year in groupby(newest, key=lambda e: e.date.year):
        posts = list(in_year)
        years.append(year)
        toc = [posixpath.relpath(e.docname, ARCHIVE_DIR) for e in posts]
        body = [f"# {year}년", "", *_toctree(toc)]
        months = []
        for month, in_month in groupby(posts, key=lambda e: e.date.month):
            month_posts = list(in_month)
            months.append(f"{{ref}}`{month}월 ({len(month_posts)}) <{_month_label(year, month)}>`")
            body += [f"({_month_label(year, month)})=", f"## {year}년 {month}월", ""]
            body += post_list_block(year=year, month=month, no_excerpts=True)
        pages[f"{year:04d}.md"] = page(body)
        summary += [f"## {{doc}}`{year}년 ({len(posts)}) <{year:04d}>`", "", " · ".join(months), ""]
    index = ["# 아카이브", "", *_toctree(f"{y:04d}" for y in years)]
    pages["index.md"] = page(index + (summary or ["아직 글이 없습니다."]))
    return Path(app.srcdir) / ARCHIVE_DIR, pages


def neighbours(order: Sequence[tuple[str, str]]) -> dict[str, tuple[Any, Any]]:
    """docname → (older, newer) as (docname, title) pairs, for oldest-first ``order``."""
    result = {}
    for i, (docname, _) in enumerate(order):
        older = order[i - 1] if i > 0 else None
        newer = order[i + 1] if i + 1 < len(order) else None
        result[docname] = (older, newer)
    return result


def _current_order(env: Any) -> list[tuple[str, str]]:
    return [(e.docname, e.meta.title) for e in getattr(env, "jekyll_entries", None) or []]


def _neighbours_table(app: Sphinx) -> dict[str, tuple[Any, Any]]:
    """:func:`neighbours` of this build's posts, made once (not once per post)."""
    entries = getattr(app.env, "jekyll_entries", None)
    cached = getattr(app.builder, "jekyll_neighbours", None)
    if cached is None or cached[0] is not entries:
        cached = (entries, neighbours(_current_order(app.env)))
        app.builder.jekyll_neighbours = cached  # type: ignore[attr-defined]
    return cached[1]


def add_post_nav(app: Sphinx, doctree: nodes.document) -> None:
    """Older/newer links at the end of a post; unlisted drafts become orphans."""
    env = app.env
    post = get_domain(env).posts.get(env.docname)
    if post is None:
        return
    nav = _neighbours_table(app).get(env.docname)
    if nav is None:
        # a draft that is not published is in no toctree, on purpose
        env.metadata[env.docname]["orphan"] = True
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    box = nodes.container(classes=["post-chrono-nav"])
    for caption, target, cls in ((OLDER, nav[0], "older"), (NEWER, nav[1], "newer")):
        if target is None:
            continue
        para = nodes.paragraph(classes=[f"post-{cls}"])
        para += nodes.strong(caption, caption)
        para += nodes.Text(": ")
        xref = addnodes.pending_xref(
            "", refdomain="std", reftype="doc", reftarget="/" + target[0], refexplicit=True
        )
        xref += nodes.inline(target[1], target[1])
        para += xref
        box += para
    if len(box):
        section += box


def outdated_neighbours(
    app: Sphinx, env: Any, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Posts whose older/newer post (or its title) changed must be re-read."""
    drafts = app.config.jekyll_show_drafts
    listed = get_domain(env).newest_first(include_drafts=drafts)
    before = neighbours([(p.docname, p.title) for p in reversed(listed)])
    after = neighbours(_current_order(env))
    return [d for d, nav in after.items() if before.get(d) != nav and d not in added | removed]


def nav_signature(env: Any, depth: int = 2) -> tuple[tuple[str, str], ...]:
    """The entries the sidebar shows: the root toctree to ``depth`` levels."""
    shown: list[tuple[str, str]] = []
    level = [env.config.root_doc]
    for _ in range(depth):
        level = [d for doc in level for d in env.toctree_includes.get(doc, ())]
        shown += [(d, env.titles[d].astext() if d in env.titles else "") for d in level]
    return tuple(shown)


def rewrite_all_when_nav_changes(app: Sphinx, env: Any) -> list[str]:
    """Every page shows the sidebar: when its entries change (a new archive
    year, a retitled section), rewrite every page, not only the re-read ones,
    so an incremental build equals a clean one.  Nothing is re-read."""
    domain = get_domain(env)
    signature = nav_signature(env)
    previous = domain.data.get("nav_signature")
    domain.data["nav_signature"] = signature
    if previous is None or previous == signature:
        return []
    return sorted(env.all_docs)


def setup_archives(app: Sphinx) -> None:
    app.connect("doctree-read", add_post_nav, priority=650)
    app.connect("env-get-outdated", outdated_neighbours)
    app.connect("env-get-updated", rewrite_all_when_nav_changes)
