"""The post records: one per post, kept in a Sphinx Domain.

The domain is the only cross-document state.  ``clear_doc`` and
``merge_domaindata`` make it correct under ``-j auto`` and incremental builds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from sphinx.domains import Domain

from jekyll_book.jekyll.frontmatter import PostMeta


@dataclass(frozen=True)
class Session:
    """A talk: one top-level section of a post."""

    title: str
    anchor: str
    number: str = ""
    speaker: str = ""
    company: str = ""
    line: int = 0


@dataclass(frozen=True)
class Post:
    """Everything the listing pages need to know about a post."""

    docname: str
    meta: PostMeta
    excerpt: str = ""
    sessions: tuple[Session, ...] = field(default_factory=tuple)
    minutes: int = 0  # reading time, 0 when not shown

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def date(self) -> dt.datetime:
        return self.meta.date

    @property
    def sort_key(self) -> tuple[dt.datetime, str]:
        return (self.meta.date, self.docname)


class PostsDomain(Domain):
    """Holds :class:`Post` records and the pages that list them."""

    name = "jekyll"
    label = "Jekyll posts"
    # bump when the stored data's shape changes so old pickles are discarded
    data_version = 1
    initial_data: dict[str, Any] = {"posts": {}, "listings": {}}

    @property
    def posts(self) -> dict[str, Post]:
        return self.data.setdefault("posts", {})

    @property
    def listings(self) -> dict[str, set[str]]:
        """docname → kinds of generated lists it shows (re-rendered on change)."""
        return self.data.setdefault("listings", {})

    def add_post(self, post: Post) -> None:
        self.posts[post.docname] = post

    def update_post(self, docname: str, **changes: Any) -> None:
        if docname in self.posts:
            self.posts[docname] = replace(self.posts[docname], **changes)

    def note_listing(self, docname: str, kind: str) -> None:
        self.listings.setdefault(docname, set()).add(kind)

    def clear_doc(self, docname: str) -> None:
        self.posts.pop(docname, None)
        self.listings.pop(docname, None)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        wanted = set(docnames)
        for docname, post in otherdata.get("posts", {}).items():
            if docname in wanted:
                self.posts[docname] = post
        for docname, kinds in otherdata.get("listings", {}).items():
            if docname in wanted:
                self.listings[docname] = set(kinds)

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list:
        return []

    def newest_first(self, *, include_drafts: bool = False) -> list[Post]:
        posts: Iterator[Post] = iter(self.posts.values())
        if not include_drafts:
            posts = (p for p in posts if p.meta.published)
        return sorted(posts, key=lambda p: p.sort_key, reverse=True)


def get_domain(env: Any) -> PostsDomain:
    return env.get_domain("jekyll")


def setup_posts(app: Any) -> None:
    app.add_domain(PostsDomain)
