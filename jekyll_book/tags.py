"""Tag pages from the posts' front matter, in sphinx-tags' layout.

sphinx-tags 0.4 finds tags by scanning raw files for a ``{tags}`` block and
deletes and rewrites every tag page on each build.  Jekyll posts carry their
tags in front matter instead, so this module feeds the tag pages from the
prescan of the post records and writes them itself (only when changed);
sphinx-tags stays loaded for its options, its ``{tags}`` directive on
ordinary pages and its page/label conventions (``tagsindex``,
``sphx_tag_<slug>``, ``tagoverview``), with ``tags_create_tags`` off so it
never deletes our pages.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config

from . import header
from .generate import OVERVIEW_PAGES, PAGE_BUILDERS, Entry, link_list, md_escape, page

#: generated file names a tag may never take
RESERVED = frozenset({"tagsindex", "index", "genindex", "search"})
MAX_SLUG = 60
_NON_WORD = re.compile(r"[\W_]+")


def fold(name: str) -> str:
    """Tags that differ only in case, Unicode form or spacing are one tag."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def _digest(key: str) -> str:
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]


def base_slug(name: str) -> tuple[str, bool]:
    """A URL- and filename-safe slug, and whether it kept the whole name."""
    folded = unicodedata.normalize("NFC", fold(name))
    slug = _NON_WORD.sub("-", folded).strip("-")
    lossless = slug == folded.replace(" ", "-")
    if len(slug) > MAX_SLUG:
        slug, lossless = slug[:MAX_SLUG].rstrip("-"), False
    return slug, lossless


def assign_slugs(keys: Iterable[tuple[str, str]]) -> dict[str, str]:
    """fold key → unique slug, for (fold key, display name) pairs.

    Names whose slug keeps the whole name (``python``) are served first, so a
    lossy one (``C++`` → ``c``) never takes a plain name's URL; a lossy,
    empty, reserved or clashing slug gets a hash of the tag appended, which
    depends only on the tag, so URLs do not move when other tags come and go.
    """
    candidates = sorted(
        ((*base_slug(name), key) for key, name in keys), key=lambda c: (not c[1], c[2])
    )
    used: set[str] = set(RESERVED)
    slugs: dict[str, str] = {}
    for slug, lossless, key in candidates:
        if not lossless or not slug or slug in used:
            slug = f"{slug}-{_digest(key)}" if slug else f"tag-{_digest(key)}"
        while slug in used:  # only on a hash clash
            slug = f"{slug}-{_digest(slug)}"
        used.add(slug)
        slugs[key] = slug
    return slugs


@dataclass
class Label:
    """One tag or category and the posts that carry it, newest first."""

    name: str
    slug: str
    entries: list[Entry] = field(default_factory=list)


def collect(entries: list[Entry], kind: str) -> dict[str, Label]:
    """fold key → :class:`Label`; the first spelling seen (oldest post) wins."""
    names: dict[str, str] = {}
    members: dict[str, list[Entry]] = {}
    for entry in entries:
        values = entry.meta.tags if kind == "tag" else entry.meta.categories
        for value in dict.fromkeys(fold(v) for v in values if v.strip()):
            members.setdefault(value, []).append(entry)
        for value in values:
            if value.strip():
                names.setdefault(fold(value), " ".join(value.split()))
    slugs = assign_slugs(names.items())
    return {
        key: Label(
            names[key], slugs[key], sorted(members[key], key=lambda e: e.sort_key, reverse=True)
        )
        for key in names
    }


def registry(env: Any, kind: str) -> dict[str, Label]:
    """Tags or categories of this build (from the ``builder-inited`` prescan)."""
    cache = env.__dict__.setdefault("jekyll_labels", {})
    if kind not in cache:
        cache[kind] = collect(getattr(env, "jekyll_entries", None) or [], kind)
    return cache[kind]


def tag_pages(app: Sphinx, entries: list[Entry]) -> tuple[Path, dict[str, str]]:
    config = app.config
    outdir = config.tags_output_dir.strip("/")
    tags = registry(app.env, "tag")
    pages: dict[str, str] = {}
    for label in tags.values():
        lines = [
            f"(sphx_tag_{label.slug})=",
            f"# {md_escape(config.tags_page_title)}: {md_escape(label.name)}",
            "",
            f"{md_escape(config.tags_page_header)} ({len(label.entries)})",
            "",
            *post_list_block(tag=label.slug),
        ]
        # orphan: tag pages are reached from the tag index and the post
        # headers, never from a toctree (a post stays in exactly one toctree)
        pages[f"{label.slug}.md"] = page(lines, orphan=True)
    listing = sorted(tags.values(), key=lambda t: (fold(t.name), t.slug))
    pages["tagsindex.md"] = page(
        [
            "(tagoverview)=",
            f"# {md_escape(config.tags_overview_title)}",
            "",
            f"{md_escape(config.tags_index_head)} ({len(listing)})",
            "",
            *link_list(
                [(f"{outdir}/{t.slug}", t.name), f" ({len(t.entries)})"] for t in listing
            ),
        ]
    )
    return Path(app.srcdir) / outdir, pages


def post_list_block(**options: Any) -> list[str]:
    """A ``{post-list}`` of cards (filled in from the post records when written)."""
    lines = ["```{post-list}"]
    for key, value in options.items():
        lines.append(f":{key.replace('_', '-')}:" + ("" if value is True else f" {value}"))
    return [*lines, "```", ""]


def tags_index_doc(app: Sphinx) -> str:
    return f"{app.config.tags_output_dir.strip('/')}/tagsindex"


def label_link(env: Any, kind: str, name: str, docdir: str) -> nodes.Node:
    """A tag/category in a post header: a link to its page when there is one."""
    label = registry(env, kind).get(fold(name))
    text = nodes.inline(name, name)
    if label is None:  # e.g. a tag only found on an unlisted draft
        return nodes.inline(name, name, classes=[f"post-{kind}"])
    xref = addnodes.pending_xref(
        "",
        refdomain="std",
        reftype="doc",
        reftarget=f"/{docdir}/{label.slug}",
        refexplicit=True,
        refwarn=True,
        classes=[f"post-{kind}", header.LABEL_LINK],
    )
    xref += text
    return xref


def _tag_label(env: Any, kind: str, name: str) -> nodes.Node:
    return label_link(env, kind, name, env.config.tags_output_dir.strip("/"))


def record_tags(app: Sphinx, doctree: nodes.document) -> None:
    """Expose a post's tags the way sphinx-tags' directive does."""
    from .posts import get_domain

    post = get_domain(app.env).posts.get(app.env.docname)
    if post is not None and post.meta.tags:
        app.env.metadata[app.env.docname]["tags"] = list(post.meta.tags)


#: sphinx-tags 0.4's own defaults, replaced by ours unless conf.py changed them
_SPHINX_TAGS_DEFAULTS = {
    "tags_output_dir": "_tags",
    "tags_extension": ["rst"],
    "tags_overview_title": "Tags overview",
    "tags_page_title": "My tags",
    "tags_page_header": "With this tag",
    "tags_index_head": "Tags",
    "tags_intro_text": "Tags:",
}
#: sphinx-tags options for this site: pages under docs/, Korean labels
TAGS_DEFAULTS = {
    "tags_output_dir": "docs/tags",
    "tags_extension": ["md"],
    "tags_overview_title": "태그",
    "tags_page_title": "태그",
    "tags_page_header": "이 태그가 달린 글",
    "tags_index_head": "전체 태그",
    "tags_intro_text": "태그:",
}


def _tags_defaults(app: Sphinx, config: Config) -> None:
    for key, value in TAGS_DEFAULTS.items():
        if config[key] == _SPHINX_TAGS_DEFAULTS[key]:
            config[key] = value
    # our pages are written from the front matter; sphinx-tags' writer would
    # delete them and rescan raw files on every build
    config.tags_create_tags = False


def setup_tags(app: Sphinx) -> None:
    app.setup_extension("sphinx_tags")
    app.connect("config-inited", _tags_defaults, priority=450)
    if tag_pages not in PAGE_BUILDERS:
        PAGE_BUILDERS.append(tag_pages)
        OVERVIEW_PAGES.append(tags_index_doc)
    header.LABEL_FACTORIES["tag"] = _tag_label
    app.connect("doctree-read", record_tags)
