"""Tags and categories of the site: one spelling, one slug, one page each.

The labels come from the ``builder-inited`` prescan of every post's front
matter (:func:`jekyll_book.pages.generate.site_entries`), so every page that
shows a label -- a post header, a card, the search filters -- links to the
same tag or category page the generator wrote.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from jekyll_book.pages.generate import Entry

#: where the category pages are written (tag pages: sphinx-tags' ``tags_output_dir``)
CATEGORIES_DIR = "docs/categories"

#: generated file names a tag may never take
RESERVED = frozenset({"tagsindex", "index", "genindex", "search"})
MAX_SLUG = 60
_NON_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=8192)
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


def label(env: Any, kind: str, name: str) -> nodes.Node:
    """A tag or category: a link to its page (plain text when it has none)."""
    found = registry(env, kind).get(fold(name))
    text = nodes.inline(name, name)
    if found is None:  # e.g. a tag only found on an unlisted draft
        return nodes.inline(name, name, classes=[f"post-{kind}"])
    xref = addnodes.pending_xref(
        "",
        refdomain="std",
        reftype="doc",
        reftarget=f"/{label_dir(env.config, kind)}/{found.slug}",
        refexplicit=True,
        refwarn=True,
        classes=[f"post-{kind}", LABEL_LINK],
    )
    xref += text
    return xref


#: class of a tag/category label that links to its page (a pending_xref)
LABEL_LINK = "post-label-link"


def resolve_labels(app: Sphinx, node: nodes.Element, fromdocname: str) -> None:
    """Label links made after Sphinx resolved references (post cards, made
    when a page is written) become links; only ``node`` is walked."""
    uris: dict[str, str] = {}  # a tag page's cards repeat its tags: one lookup each
    for xref in list(node.findall(addnodes.pending_xref)):
        if LABEL_LINK not in xref["classes"]:
            continue
        target = xref["reftarget"]
        uri = uris.get(target)
        if uri is None:
            uri = uris[target] = app.builder.get_relative_uri(fromdocname, target.lstrip("/"))
        ref = nodes.reference("", "", refuri=uri, internal=True, classes=xref["classes"])
        ref += xref.children
        xref.replace_self(ref)


def label_dir(config: Any, kind: str) -> str:
    """The folder of the ``tag`` or ``category`` pages."""
    return config.tags_output_dir.strip("/") if kind == "tag" else CATEGORIES_DIR
